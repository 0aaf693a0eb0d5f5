//! The JavaScript subset of JSONPath-Plus filter expressions, with JavaScript semantics:
//! truthiness, loose and strict equality, relational comparison with number coercion,
//! `typeof`, `void 0`, member access, `.length`, `.constructor.name`, and the string/array
//! methods rulesets use (`match`, `includes`, `startsWith`, `endsWith`, `indexOf`, `test`).
//! `@` is the current value; `@property`, `@parent`, `@parentProperty`, `@path` and `@root`
//! are the JSONPath-Plus specials; `a ~= "re"` is nimma's regex test.

use std::borrow::Cow;
use std::sync::Arc;

use gardefou_source::{Node, Number, Value};

use crate::ecma_regex::EcmaRegex;

/// A filter expression (`?(…)`), in the JavaScript subset Spectral's rulesets use.
#[derive(Debug, Clone)]
pub enum Expr {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number literal.
    Num(f64),
    /// A string literal.
    Str(String),
    /// A regular expression literal (`/…/flags`).
    Regex(Arc<EcmaRegex>),
    /// `@`: the current node.
    Current,
    /// `@property`: its key or index.
    Property,
    /// `@parentProperty`: its parent's key or index.
    ParentProperty,
    /// `@parent`: its parent node.
    Parent,
    /// `@path`: its path, as JSONPath-Plus writes it.
    Path,
    /// `@root`: the document root.
    Root,
    /// `a.b` or `a[b]`.
    Member(Box<Expr>, Box<Expr>),
    /// `a.method(args…)`.
    Call(Box<Expr>, String, Vec<Expr>),
    /// `!a`.
    Not(Box<Expr>),
    /// `-a`.
    Neg(Box<Expr>),
    /// `typeof a`.
    TypeOf(Box<Expr>),
    /// A comparison or arithmetic operator.
    Bin(Op, Box<Expr>, Box<Expr>),
    /// `a && b`.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`.
    Or(Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Eq,
    StrictEq,
    Ne,
    StrictNe,
    Lt,
    Le,
    Gt,
    Ge,
    RegexTest,
    Add,
    Sub,
}

impl Expr {
    /// Whether the expression can only be truthy when `@` is an object: it requires (in every
    /// branch) a member of `@` to be truthy or to equal a defined value. Non-objects have no
    /// such members (`length` and `constructor` excepted).
    pub fn needs_object(&self) -> bool {
        fn object_member(e: &Expr) -> bool {
            match e {
                Expr::Member(obj, key) => match (&**obj, &**key) {
                    (Expr::Current, Expr::Str(k)) => {
                        !matches!(k.as_str(), "length" | "constructor") && k.parse::<f64>().is_err()
                    }
                    (inner @ Expr::Member(..), _) => object_member(inner),
                    _ => false,
                },
                _ => false,
            }
        }
        fn defined_literal(e: &Expr) -> bool {
            matches!(e, Expr::Null | Expr::Bool(_) | Expr::Num(_) | Expr::Str(_))
        }
        match self {
            Expr::And(a, b) => a.needs_object() || b.needs_object(),
            Expr::Or(a, b) => a.needs_object() && b.needs_object(),
            Expr::Member(..) => object_member(self),
            Expr::Bin(Op::StrictEq, a, b) => {
                (object_member(a) && defined_literal(b)) || (object_member(b) && defined_literal(a))
            }
            Expr::Bin(Op::Eq, a, b) => {
                (object_member(a) && defined_literal(b) && !matches!(**b, Expr::Null))
                    || (object_member(b) && defined_literal(a) && !matches!(**a, Expr::Null))
            }
            Expr::Bin(Op::StrictNe, a, b) => {
                (object_member(a) && matches!(**b, Expr::Undefined))
                    || (object_member(b) && matches!(**a, Expr::Undefined))
            }
            Expr::Bin(Op::Ne, a, b) => {
                (object_member(a) && matches!(**b, Expr::Undefined | Expr::Null))
                    || (object_member(b) && matches!(**a, Expr::Undefined | Expr::Null))
            }
            _ => false,
        }
    }

    /// Whether evaluating needs `@path` (computed only then).
    pub fn uses_path(&self) -> bool {
        match self {
            Expr::Path => true,
            Expr::Member(a, b) | Expr::Bin(_, a, b) | Expr::And(a, b) | Expr::Or(a, b) => {
                a.uses_path() || b.uses_path()
            }
            Expr::Call(a, _, args) => a.uses_path() || args.iter().any(Expr::uses_path),
            Expr::Not(a) | Expr::Neg(a) | Expr::TypeOf(a) => a.uses_path(),
            _ => false,
        }
    }
}

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

// ---------------------------------------------------------------- values

/// A JavaScript value seen by a filter.
#[derive(Debug, Clone)]
pub enum Val<'a> {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// An object or array of the document.
    Node(&'a Node),
    /// A value made by the expression (`match` results).
    List(Vec<Val<'a>>),
    /// A regular expression.
    Regex(Arc<EcmaRegex>),
    /// `x.constructor`, known by its name (`x.constructor.name`).
    Ctor(&'static str),
}

/// JavaScript's `Number(s)` of a string: trimmed, empty is 0, decimal, `0x`/`0o`/`0b`
/// integers and `Infinity`; anything else `NaN`.
pub fn string_to_number(s: &str) -> f64 {
    let t = s.trim();
    if t.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = t.strip_prefix(prefix) {
            return u64::from_str_radix(digits, radix).map_or(f64::NAN, |v| v as f64);
        }
    }
    match t.trim_start_matches(['+', '-']) {
        "Infinity" => t.parse::<f64>().unwrap_or(f64::NAN),
        // Rust also reads `inf`, `infinity` and `NaN`; JavaScript does not.
        u if u
            .bytes()
            .any(|c| c.is_ascii_alphabetic() && c != b'e' && c != b'E') =>
        {
            f64::NAN
        }
        _ => t.parse::<f64>().unwrap_or(f64::NAN),
    }
}

impl<'a> Val<'a> {
    /// The value of a document node (objects and arrays by reference).
    pub fn of(node: &'a Node) -> Val<'a> {
        match &node.value {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(Number::Int(i)) => Val::Num(*i as f64),
            Value::Number(Number::Float(f)) => Val::Num(*f),
            Value::String(s) => Val::Str(Cow::Borrowed(s)),
            _ => Val::Node(node),
        }
    }

    /// JavaScript truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Val::Undefined | Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0 && !n.is_nan(),
            Val::Str(s) => !s.is_empty(),
            Val::Node(_) | Val::List(_) | Val::Regex(_) | Val::Ctor(_) => true,
        }
    }

    fn type_of(&self) -> &'static str {
        match self {
            Val::Undefined => "undefined",
            Val::Null | Val::Node(_) | Val::List(_) | Val::Regex(_) => "object",
            Val::Ctor(_) => "function",
            Val::Bool(_) => "boolean",
            Val::Num(_) => "number",
            Val::Str(_) => "string",
        }
    }

    fn to_number(&self) -> f64 {
        match self {
            Val::Undefined => f64::NAN,
            Val::Null => 0.0,
            Val::Bool(b) => f64::from(u8::from(*b)),
            Val::Num(n) => *n,
            Val::Str(s) => string_to_number(s),
            Val::Node(n) => match &n.value {
                Value::Array(items) if items.is_empty() => 0.0,
                Value::Array(items) if items.len() == 1 => Val::of(&items[0]).to_number(),
                _ => f64::NAN,
            },
            _ => f64::NAN,
        }
    }

    /// JavaScript `String(x)` for primitives (objects as `[object Object]`, arrays joined).
    pub fn to_js_string(&self) -> String {
        match self {
            Val::Undefined => "undefined".into(),
            Val::Null => "null".into(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => js_number(*n),
            Val::Str(s) => s.to_string(),
            Val::Node(n) => match &n.value {
                Value::Array(items) => items
                    .iter()
                    .map(|i| match Val::of(i) {
                        Val::Null | Val::Undefined => String::new(),
                        v => v.to_js_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                _ => "[object Object]".into(),
            },
            Val::List(items) => items
                .iter()
                .map(Val::to_js_string)
                .collect::<Vec<_>>()
                .join(","),
            Val::Regex(_) => "/regex/".into(),
            Val::Ctor(name) => format!("function {name}() {{ [native code] }}"),
        }
    }

    fn is_primitive(&self) -> bool {
        !matches!(
            self,
            Val::Node(_) | Val::List(_) | Val::Regex(_) | Val::Ctor(_)
        )
    }
}

/// A number as JavaScript's `String(n)` writes it.
pub fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn strict_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Undefined, Val::Undefined) | (Val::Null, Val::Null) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Node(x), Val::Node(y)) => std::ptr::eq(*x, *y),
        _ => false,
    }
}

fn loose_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Undefined | Val::Null, Val::Undefined | Val::Null) => true,
        (Val::Undefined | Val::Null, _) | (_, Val::Undefined | Val::Null) => false,
        (Val::Num(_), Val::Str(_))
        | (Val::Str(_), Val::Num(_))
        | (Val::Bool(_), _)
        | (_, Val::Bool(_))
            if a.is_primitive() && b.is_primitive() =>
        {
            a.to_number() == b.to_number()
        }
        (x, y) if x.is_primitive() && y.is_primitive() => strict_eq(x, y),
        (x, y) if !x.is_primitive() && !y.is_primitive() => strict_eq(x, y),
        (x, y) => {
            // Object against primitive: compare the object's string form.
            let (o, p) = if x.is_primitive() { (y, x) } else { (x, y) };
            loose_eq(&Val::Str(Cow::Owned(o.to_js_string())), p)
        }
    }
}

fn compare(op: Op, a: &Val<'_>, b: &Val<'_>) -> bool {
    // Two strings compare as strings (UTF-16 order is code point order for the BMP, enough
    // here); anything else as numbers, where NaN compares false with everything.
    let order = match (a, b) {
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        _ => prim(a).to_number().partial_cmp(&prim(b).to_number()),
    };
    let Some(order) = order else { return false };
    match op {
        Op::Lt => order.is_lt(),
        Op::Le => order.is_le(),
        Op::Gt => order.is_gt(),
        _ => order.is_ge(),
    }
}

fn prim<'a>(v: &Val<'a>) -> Val<'a> {
    if v.is_primitive() {
        v.clone()
    } else {
        Val::Str(Cow::Owned(v.to_js_string()))
    }
}

// ---------------------------------------------------------------- evaluation

/// What a filter sees besides `@`.
pub struct Scope<'a> {
    pub current: Val<'a>,
    pub property: Val<'a>,
    pub parent: Option<&'a Node>,
    pub parent_property: Val<'a>,
    pub path: Option<String>,
    pub root: &'a Node,
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

/// Why a filter expression did not give a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thrown {
    /// A JavaScript `TypeError` (reading a property of `null`/`undefined`): the filter is false
    /// for that node.
    Error,
    /// A regular expression used up its backtracking budget
    /// ([`crate::ecma_regex::BACKTRACK_LIMIT`]): the filter is undecided for that node, which
    /// the rule reports.
    Budget,
}

pub fn eval<'a>(e: &'a Expr, s: &Scope<'a>) -> Result<Val<'a>, Thrown> {
    Ok(match e {
        Expr::Undefined => Val::Undefined,
        Expr::Null => Val::Null,
        Expr::Bool(b) => Val::Bool(*b),
        Expr::Num(n) => Val::Num(*n),
        Expr::Str(st) => Val::Str(Cow::Borrowed(st)),
        Expr::Regex(r) => Val::Regex(r.clone()),
        Expr::Current => s.current.clone(),
        Expr::Property => s.property.clone(),
        Expr::ParentProperty => s.parent_property.clone(),
        Expr::Parent => s.parent.map(Val::of).unwrap_or(Val::Undefined),
        Expr::Path => Val::Str(Cow::Owned(s.path.clone().unwrap_or_default())),
        Expr::Root => Val::of(s.root),
        Expr::Member(obj, key) => {
            let o = eval(obj, s)?;
            let k = eval(key, s)?;
            member(&o, &k)?
        }
        Expr::Call(obj, method, args) => {
            let o = eval(obj, s)?;
            let args: Vec<Val<'a>> = args.iter().map(|a| eval(a, s)).collect::<Result<_, _>>()?;
            call(&o, method, &args)?
        }
        Expr::Not(a) => Val::Bool(!eval(a, s)?.truthy()),
        Expr::Neg(a) => Val::Num(-prim(&eval(a, s)?).to_number()),
        Expr::TypeOf(a) => Val::Str(Cow::Borrowed(eval(a, s)?.type_of())),
        Expr::And(a, b) => {
            let l = eval(a, s)?;
            if !l.truthy() {
                l
            } else {
                eval(b, s)?
            }
        }
        Expr::Or(a, b) => {
            let l = eval(a, s)?;
            if l.truthy() {
                l
            } else {
                eval(b, s)?
            }
        }
        Expr::Bin(op, a, b) => {
            let l = eval(a, s)?;
            let r = eval(b, s)?;
            match op {
                Op::StrictEq => Val::Bool(strict_eq(&l, &r)),
                Op::StrictNe => Val::Bool(!strict_eq(&l, &r)),
                Op::Eq => Val::Bool(loose_eq(&l, &r)),
                Op::Ne => Val::Bool(!loose_eq(&l, &r)),
                Op::Lt | Op::Le | Op::Gt | Op::Ge => Val::Bool(compare(*op, &l, &r)),
                Op::RegexTest => {
                    let text = prim(&l).to_js_string();
                    let re = match &r {
                        Val::Regex(re) => Some(re.clone()),
                        other => EcmaRegex::cached(&prim(other).to_js_string(), "").ok(),
                    };
                    match re {
                        // A match that exceeds its budget is undecided: reported by the rule.
                        Some(re) => Val::Bool(re.is_match(&text).map_err(|_| Thrown::Budget)?),
                        None => Val::Bool(false),
                    }
                }
                Op::Add => match (prim(&l), prim(&r)) {
                    (x @ Val::Str(_), y) | (x, y @ Val::Str(_)) => {
                        Val::Str(Cow::Owned(x.to_js_string() + &y.to_js_string()))
                    }
                    (x, y) => Val::Num(x.to_number() + y.to_number()),
                },
                Op::Sub => Val::Num(prim(&l).to_number() - prim(&r).to_number()),
            }
        }
    })
}

fn member<'a>(o: &Val<'a>, k: &Val<'a>) -> Result<Val<'a>, Thrown> {
    // Most keys are string literals: no allocation for them.
    let owned;
    let key: &str = match k {
        Val::Str(s) => s,
        other => {
            owned = prim(other).to_js_string();
            &owned
        }
    };
    Ok(match o {
        Val::Undefined | Val::Null => return Err(Thrown::Error),
        Val::Node(n) => match &n.value {
            Value::Object(_) => match key {
                "constructor" => Val::Ctor("Object"),
                _ => n.get(key).map(Val::of).unwrap_or(Val::Undefined),
            },
            Value::Array(items) => match key {
                "length" => Val::Num(items.len() as f64),
                "constructor" => Val::Ctor("Array"),
                _ => key
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(Val::of)
                    .unwrap_or(Val::Undefined),
            },
            _ => Val::Undefined,
        },
        Val::List(items) => match key {
            "length" => Val::Num(items.len() as f64),
            "constructor" => Val::Ctor("Array"),
            _ => key
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or(Val::Undefined),
        },
        Val::Str(s) => match key {
            "length" => Val::Num(s.encode_utf16().count() as f64),
            "constructor" => Val::Ctor("String"),
            _ => key
                .parse::<usize>()
                .ok()
                .and_then(|i| s.chars().nth(i))
                .map(|c| Val::Str(Cow::Owned(c.to_string())))
                .unwrap_or(Val::Undefined),
        },
        Val::Num(_) if key == "constructor" => Val::Ctor("Number"),
        Val::Bool(_) if key == "constructor" => Val::Ctor("Boolean"),
        // `x.constructor.name`: the constructor is represented by its name already.
        Val::Ctor(name) if key == "name" => Val::Str(Cow::Borrowed(name)),
        _ => Val::Undefined,
    })
}

fn call<'a>(o: &Val<'a>, method: &str, args: &[Val<'a>]) -> Result<Val<'a>, Thrown> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Val::Undefined);
    Ok(match (o, method) {
        (Val::Undefined | Val::Null, _) => return Err(Thrown::Error),
        (Val::Str(s), "match") => {
            let re = match arg(0) {
                Val::Regex(r) => r,
                other => match EcmaRegex::cached(&prim(&other).to_js_string(), "") {
                    Ok(r) => r,
                    Err(_) => return Err(Thrown::Error),
                },
            };
            match re.find(s).map_err(|_| Thrown::Budget)? {
                Some(m) => Val::List(vec![Val::Str(Cow::Owned(s[m].to_string()))]),
                None => Val::Null,
            }
        }
        (Val::Regex(re), "test") => Val::Bool(
            re.is_match(&prim(&arg(0)).to_js_string())
                .map_err(|_| Thrown::Budget)?,
        ),
        (Val::Str(s), "includes") => Val::Bool(s.contains(prim(&arg(0)).to_js_string().as_str())),
        (Val::Str(s), "startsWith") => {
            Val::Bool(s.starts_with(prim(&arg(0)).to_js_string().as_str()))
        }
        (Val::Str(s), "endsWith") => Val::Bool(s.ends_with(prim(&arg(0)).to_js_string().as_str())),
        (Val::Str(s), "indexOf") => Val::Num(
            s.find(prim(&arg(0)).to_js_string().as_str())
                .map(|i| s[..i].encode_utf16().count() as f64)
                .unwrap_or(-1.0),
        ),
        (Val::Str(s), "toLowerCase") => Val::Str(Cow::Owned(s.to_lowercase())),
        (Val::Str(s), "toUpperCase") => Val::Str(Cow::Owned(s.to_uppercase())),
        (Val::Str(s), "trim") => Val::Str(Cow::Owned(s.trim().to_string())),
        (Val::Node(n), "includes" | "indexOf") if matches!(n.value, Value::Array(_)) => {
            let items = n.as_array().unwrap_or(&[]);
            let needle = arg(0);
            let pos = items.iter().position(|i| strict_eq(&Val::of(i), &needle));
            if method == "includes" {
                Val::Bool(pos.is_some())
            } else {
                Val::Num(pos.map(|p| p as f64).unwrap_or(-1.0))
            }
        }
        (Val::Node(n), "hasOwnProperty") => {
            Val::Bool(n.get(&prim(&arg(0)).to_js_string()).is_some())
        }
        (v, "toString") => Val::Str(Cow::Owned(v.to_js_string())),
        _ => return Err(Thrown::Error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gardefou_source::{parse, Limits, Syntax};

    fn run(expr: &str, json: &str) -> bool {
        let root = parse(json, Syntax::Json, &Limits::default()).root.unwrap();
        let e = parse_expr(expr).unwrap();
        let s = Scope {
            current: Val::of(&root),
            property: Val::Str(Cow::Borrowed("200")),
            parent: None,
            parent_property: Val::Undefined,
            path: None,
            root: &root,
        };
        eval(&e, &s).map(|v| v.truthy()).unwrap_or(false)
    }

    #[test]
    fn javascript_semantics() {
        assert!(run("@ && @.type == 'string'", r#"{"type": "string"}"#));
        assert!(!run(
            "@.additionalProperties",
            r#"{"additionalProperties": false}"#
        ));
        assert!(run("@.example !== void 0", r#"{"example": null}"#));
        assert!(!run("@.example !== void 0", r#"{}"#));
        assert!(run(
            "@.type.constructor.name === 'Array' && @.type.includes('null')",
            r#"{"type": ["string", "null"]}"#
        ));
        assert!(run("@property >= 200 && @property < 300", "{}"));
        assert!(run("@property.match(/^2/)", "{}"));
        assert!(run("@property ~= '^2\\\\d\\\\d$'", "{}"));
        assert!(run("typeof @.a === 'undefined'", "{}"));
        assert!(run("@['x-name'] == 1", r#"{"x-name": "1"}"#));
        assert!(run("!(@.a || @.b)", "{}"));
        assert!(!run("@.a.length === 2", r#"{"a": "é🚀"}"#));
        assert!(run("@.a.length === 3", r#"{"a": "é🚀"}"#));
        // Reading a property of null throws: the filter is false.
        assert!(!run("@.a.b", r#"{"a": null}"#));
    }

    #[test]
    fn object_only_filters_are_recognised() {
        let needs = |e: &str| parse_expr(e).unwrap().needs_object();
        assert!(needs("@ && @.enum && @.type"));
        assert!(needs("@property !== 'properties' && @ && (@ && @.example !== void 0 || @.default !== void 0)"));
        assert!(needs("@.type=='string'"));
        assert!(!needs("@property === '$ref'"));
        assert!(!needs("@ === 'id' || @.match(/_id$/)"));
        assert!(!needs("@.length > 2"));
        assert!(!needs("@.x == null"));
    }
}
