//! The tokenizer and the parser of filter expressions, and nimma's type shorthands
//! (`@string()`, …) as the expressions they stand for.

use std::sync::Arc;

use super::{Expr, Op};
use crate::ecma_regex::EcmaRegex;

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Regex(String, String),
    Ident(String),
    At(String),
    Punct(&'static str),
}

const PUNCT: [&str; 22] = [
    "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "~=", "(", ")", "[", "]", ".", ",", "!", "<",
    ">", "+", "-", "?", ":",
];

fn tokenize(src: &str) -> Result<Vec<(usize, Tok)>, (usize, String)> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut out: Vec<(usize, Tok)> = Vec::new();
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let operand_expected = match out.last() {
            None => true,
            Some((_, Tok::Punct(p))) => !matches!(*p, ")" | "]"),
            _ => false,
        };
        if c == b'/' && operand_expected {
            i += 1;
            let mut class = false;
            let body_start = i;
            while i < b.len() {
                match b[i] {
                    b'\\' => i += 1,
                    b'[' => class = true,
                    b']' => class = false,
                    b'/' if !class => break,
                    _ => {}
                }
                i += 1;
            }
            if i >= b.len() {
                return Err((start, "unterminated regular expression".into()));
            }
            let body = src[body_start..i].to_string();
            i += 1;
            let fstart = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push((start, Tok::Regex(body, src[fstart..i].to_string())));
            continue;
        }
        if c == b'\'' || c == b'"' {
            i += 1;
            let mut s = String::new();
            while i < b.len() && b[i] != c {
                if b[i] == b'\\' && i + 1 < b.len() {
                    i += 1;
                    let e = src[i..].chars().next().unwrap_or(' ');
                    s.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => other,
                    });
                    i += e.len_utf8();
                    continue;
                }
                let ch = src[i..].chars().next().unwrap_or(' ');
                s.push(ch);
                i += ch.len_utf8();
            }
            if i >= b.len() {
                return Err((start, "unterminated string".into()));
            }
            i += 1;
            out.push((start, Tok::Str(s)));
            continue;
        }
        if c.is_ascii_digit()
            || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) && operand_expected)
        {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
            }
            let t = &src[start..i];
            let n = t
                .parse::<f64>()
                .map_err(|_| (start, format!("bad number `{t}`")))?;
            out.push((start, Tok::Num(n)));
            continue;
        }
        if c == b'@' || c == b'$' || c == b'_' || c.is_ascii_alphabetic() {
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$') {
                i += 1;
            }
            let t = src[start..i].to_string();
            if c == b'@' {
                out.push((start, Tok::At(t)));
            } else {
                out.push((start, Tok::Ident(t)));
            }
            continue;
        }
        match PUNCT.iter().find(|p| src[i..].starts_with(**p)) {
            Some(p) => {
                i += p.len();
                out.push((start, Tok::Punct(p)));
            }
            None => {
                return Err((
                    start,
                    format!("unexpected `{}`", src[i..].chars().next().unwrap_or(' ')),
                ))
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- parser

struct Parser {
    toks: Vec<(usize, Tok)>,
    i: usize,
    len: usize,
}

type PResult<T> = Result<T, (usize, String)>;

pub fn parse_expr(src: &str) -> PResult<Expr> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks,
        i: 0,
        len: src.len(),
    };
    let e = p.or()?;
    if p.i < p.toks.len() {
        return Err((
            p.toks[p.i].0,
            "unexpected token after the expression".into(),
        ));
    }
    Ok(e)
}

impl Parser {
    fn at(&self) -> usize {
        self.toks.get(self.i).map(|t| t.0).unwrap_or(self.len)
    }

    fn eat(&mut self, p: &str) -> bool {
        if matches!(self.toks.get(self.i), Some((_, Tok::Punct(q))) if *q == p) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, p: &str) -> PResult<()> {
        if self.eat(p) {
            Ok(())
        } else {
            Err((self.at(), format!("expected `{p}`")))
        }
    }

    fn or(&mut self) -> PResult<Expr> {
        let mut l = self.and()?;
        while self.eat("||") {
            let r = self.and()?;
            l = Expr::Or(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn and(&mut self) -> PResult<Expr> {
        let mut l = self.equality()?;
        while self.eat("&&") {
            let r = self.equality()?;
            l = Expr::And(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    /// One left-associative level of binary operators: `next (op next)*`, the first listed
    /// operator that matches winning (so `===` is listed before `==`).
    fn binary(
        &mut self,
        ops: &[(&str, Op)],
        next: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let mut l = next(self)?;
        loop {
            let Some(op) = ops
                .iter()
                .find(|(text, _)| self.eat(text))
                .map(|(_, op)| *op)
            else {
                return Ok(l);
            };
            let r = next(self)?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
    }

    fn equality(&mut self) -> PResult<Expr> {
        self.binary(
            &[
                ("===", Op::StrictEq),
                ("!==", Op::StrictNe),
                ("==", Op::Eq),
                ("!=", Op::Ne),
                ("~=", Op::RegexTest),
            ],
            Self::relational,
        )
    }

    fn relational(&mut self) -> PResult<Expr> {
        self.binary(
            &[("<=", Op::Le), (">=", Op::Ge), ("<", Op::Lt), (">", Op::Gt)],
            Self::additive,
        )
    }

    fn additive(&mut self) -> PResult<Expr> {
        self.binary(&[("+", Op::Add), ("-", Op::Sub)], Self::unary)
    }

    fn unary(&mut self) -> PResult<Expr> {
        if self.eat("!") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat("-") {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        if matches!(self.toks.get(self.i), Some((_, Tok::Ident(w))) if w == "typeof") {
            self.i += 1;
            return Ok(Expr::TypeOf(Box::new(self.unary()?)));
        }
        if matches!(self.toks.get(self.i), Some((_, Tok::Ident(w))) if w == "void") {
            self.i += 1;
            self.unary()?;
            return Ok(Expr::Undefined);
        }
        self.postfix()
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".") {
                let (at, name) = match self.toks.get(self.i) {
                    Some((at, Tok::Ident(n))) => (*at, n.clone()),
                    Some((at, Tok::At(n))) => (*at, n.clone()),
                    _ => return Err((self.at(), "expected a member name after `.`".into())),
                };
                let _ = at;
                self.i += 1;
                if self.eat("(") {
                    let args = self.args()?;
                    e = Expr::Call(Box::new(e), name, args);
                } else {
                    e = Expr::Member(Box::new(e), Box::new(Expr::Str(name)));
                }
            } else if self.eat("[") {
                let key = self.or()?;
                self.expect("]")?;
                e = Expr::Member(Box::new(e), Box::new(key));
            } else {
                return Ok(e);
            }
        }
    }

    fn args(&mut self) -> PResult<Vec<Expr>> {
        let mut args = Vec::new();
        if self.eat(")") {
            return Ok(args);
        }
        loop {
            args.push(self.or()?);
            if self.eat(")") {
                return Ok(args);
            }
            self.expect(",")?;
        }
    }

    fn primary(&mut self) -> PResult<Expr> {
        let Some((at, tok)) = self.toks.get(self.i).cloned() else {
            return Err((self.len, "expected a value".into()));
        };
        self.i += 1;
        Ok(match tok {
            Tok::Num(n) => Expr::Num(n),
            Tok::Str(s) => Expr::Str(s),
            Tok::Regex(body, flags) => {
                let re = EcmaRegex::new(&body, &flags)
                    .map_err(|e| (at, format!("bad regular expression /{body}/: {e}")))?;
                Expr::Regex(Arc::new(re))
            }
            Tok::At(name) => match name.as_str() {
                "@" => Expr::Current,
                "@property" => Expr::Property,
                "@parentProperty" => Expr::ParentProperty,
                "@parent" => Expr::Parent,
                "@path" => Expr::Path,
                "@root" => Expr::Root,
                "@string" | "@number" | "@boolean" | "@null" | "@object" | "@array" | "@scalar" => {
                    // nimma's type shorthands, written `@string()` or `@string`.
                    if self.toks.get(self.i).map(|t| &t.1) == Some(&Tok::Punct("("))
                        && self.toks.get(self.i + 1).map(|t| &t.1) == Some(&Tok::Punct(")"))
                    {
                        self.i += 2;
                    }
                    type_shorthand(&name)
                }
                other => return Err((at, format!("unknown JSONPath special `{other}`"))),
            },
            Tok::Ident(w) => match w.as_str() {
                "true" => Expr::Bool(true),
                "false" => Expr::Bool(false),
                "null" => Expr::Null,
                "undefined" => Expr::Undefined,
                "$" => Expr::Root,
                other => return Err((at, format!("unknown name `{other}`"))),
            },
            Tok::Punct("(") => {
                let e = self.or()?;
                self.expect(")")?;
                e
            }
            Tok::Punct(p) => return Err((at, format!("unexpected `{p}`"))),
        })
    }
}

/// nimma's `@string()` and the like, as the expressions they stand for.
fn type_shorthand(name: &str) -> Expr {
    let current = || Box::new(Expr::Current);
    let type_is = |t: &str| {
        Expr::Bin(
            Op::StrictEq,
            Box::new(Expr::TypeOf(current())),
            Box::new(Expr::Str(t.to_string())),
        )
    };
    let not_null = || Expr::Bin(Op::StrictNe, current(), Box::new(Expr::Null));
    match name {
        "@null" => Expr::Bin(Op::StrictEq, current(), Box::new(Expr::Null)),
        "@object" => Expr::And(Box::new(not_null()), Box::new(type_is("object"))),
        "@array" => Expr::And(
            Box::new(Expr::And(Box::new(not_null()), Box::new(type_is("object")))),
            Box::new(Expr::Bin(
                Op::StrictEq,
                Box::new(Expr::Member(
                    Box::new(Expr::Member(
                        current(),
                        Box::new(Expr::Str("constructor".into())),
                    )),
                    Box::new(Expr::Str("name".into())),
                )),
                Box::new(Expr::Str("Array".into())),
            )),
        ),
        "@scalar" => Expr::Or(
            Box::new(Expr::Bin(Op::StrictEq, current(), Box::new(Expr::Null))),
            Box::new(Expr::Bin(
                Op::StrictNe,
                Box::new(Expr::TypeOf(current())),
                Box::new(Expr::Str("object".into())),
            )),
        ),
        other => type_is(other.trim_start_matches('@')),
    }
}
