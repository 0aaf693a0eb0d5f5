//! The JavaScript subset of JSONPath-Plus filter expressions, with JavaScript semantics:
//! truthiness, loose and strict equality, relational comparison with number coercion,
//! `typeof`, `void 0`, member access, `.length`, `.constructor.name`, and the string/array
//! methods rulesets use (`match`, `includes`, `startsWith`, `endsWith`, `indexOf`, `test`).
//! `@` is the current value; `@property`, `@parent`, `@parentProperty`, `@path` and `@root`
//! are the JSONPath-Plus specials; `a ~= "re"` is nimma's regex test.

use std::borrow::Cow;
use std::sync::Arc;

use gardefou_source::{Node, Value};

use crate::ecma_regex::EcmaRegex;

mod parse;
mod value;

pub use parse::parse_expr;
use value::{compare, loose_eq, prim, strict_eq};
pub use value::{js_number, string_to_number, Val};

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

    /// Member names of which `@` must have at least one for the expression to be truthy (it
    /// reads them as in `@.enum`, `@.example !== void 0`, `@.a.b`), or `None` when there is no
    /// such set. A node without any of them is skipped without evaluating the filter. Not
    /// given for an expression that runs a regular expression: its budget can make the filter
    /// undecided before the member is read, and an undecided node is reported.
    pub fn required_keys(&self) -> Option<Vec<String>> {
        if self.runs_regex() {
            return None;
        }
        self.required()
    }

    fn required(&self) -> Option<Vec<String>> {
        fn object_key(e: &Expr) -> Option<String> {
            match e {
                Expr::Member(obj, key) => match (&**obj, &**key) {
                    (Expr::Current, Expr::Str(k)) => {
                        (!matches!(k.as_str(), "length" | "constructor")
                            && k.parse::<f64>().is_err())
                        .then(|| k.clone())
                    }
                    (inner @ Expr::Member(..), _) => object_key(inner),
                    _ => None,
                },
                _ => None,
            }
        }
        fn defined_literal(e: &Expr) -> bool {
            matches!(e, Expr::Null | Expr::Bool(_) | Expr::Num(_) | Expr::Str(_))
        }
        let one = |k: Option<String>| k.map(|k| vec![k]);
        match self {
            Expr::And(a, b) => match (a.required(), b.required()) {
                (Some(x), Some(y)) => Some(if y.len() < x.len() { y } else { x }),
                (x, y) => x.or(y),
            },
            Expr::Or(a, b) => {
                let mut x = a.required()?;
                x.extend(b.required()?);
                Some(x)
            }
            Expr::Member(..) => one(object_key(self)),
            Expr::Bin(Op::StrictEq, a, b) => {
                if defined_literal(b) {
                    one(object_key(a))
                } else if defined_literal(a) {
                    one(object_key(b))
                } else {
                    None
                }
            }
            Expr::Bin(Op::Eq, a, b) => {
                if defined_literal(b) && !matches!(**b, Expr::Null) {
                    one(object_key(a))
                } else if defined_literal(a) && !matches!(**a, Expr::Null) {
                    one(object_key(b))
                } else {
                    None
                }
            }
            Expr::Bin(Op::StrictNe, a, b) => {
                if matches!(**b, Expr::Undefined) {
                    one(object_key(a))
                } else if matches!(**a, Expr::Undefined) {
                    one(object_key(b))
                } else {
                    None
                }
            }
            Expr::Bin(Op::Ne, a, b) => {
                if matches!(**b, Expr::Undefined | Expr::Null) {
                    one(object_key(a))
                } else if matches!(**a, Expr::Undefined | Expr::Null) {
                    one(object_key(b))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Whether evaluating may run a regular expression (a literal, `~=`, or a method call).
    fn runs_regex(&self) -> bool {
        match self {
            Expr::Regex(_) | Expr::Call(..) | Expr::Bin(Op::RegexTest, ..) => true,
            Expr::Member(a, b) | Expr::Bin(_, a, b) | Expr::And(a, b) | Expr::Or(a, b) => {
                a.runs_regex() || b.runs_regex()
            }
            Expr::Not(a) | Expr::Neg(a) | Expr::TypeOf(a) => a.runs_regex(),
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

    fn keys(expr: &str) -> Option<Vec<String>> {
        parse_expr(expr).unwrap().required_keys()
    }

    #[test]
    fn required_keys_are_those_a_truthy_filter_reads() {
        assert_eq!(keys("@.enum"), Some(vec!["enum".to_string()]));
        assert_eq!(
            keys("@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array'"),
            Some(vec!["enum".to_string()])
        );
        assert_eq!(
            keys("@ && @.schema && (@.example !== void 0 || @.examples)"),
            Some(vec!["schema".to_string()])
        );
        assert_eq!(
            keys("@.example !== void 0 || @.default !== void 0"),
            Some(vec!["example".to_string(), "default".to_string()])
        );
        // No set: a side without one, loose equality with null, `!`, special members, regexes.
        assert_eq!(keys("@.example !== void 0 || @.x == null"), None);
        assert_eq!(keys("!@.deprecated"), None);
        assert_eq!(keys("@.length > 2"), None);
        assert_eq!(keys("@.constructor.name === 'Object'"), None);
        assert_eq!(keys("@.name.match(/^a/) && @.enum"), None);
        assert_eq!(keys("@.type ~= '^str' && @.enum"), None);
    }

    #[test]
    fn a_filter_is_never_truthy_on_an_object_without_its_required_keys() {
        let exprs = [
            "@.enum",
            "@ && @.type == 'string'",
            "@.example !== void 0",
            "@.example != null",
            "@.a.b === 1",
            "@.in === 'query' || @.in === 'path'",
            "@property !== 'x' && @.enum && @.enum.constructor.name === 'Array'",
            "(@.a || @.b) && @.c",
            "@.x === false",
            "@.x == 0",
        ];
        let objects = [
            "{}",
            r#"{"other": 1}"#,
            r#"{"enum": [1], "type": "string", "in": "query", "a": {"b": 1}, "b": 1, "c": 1}"#,
            r#"{"example": null, "x": false}"#,
            r#"{"x": 0, "a": 0}"#,
            r#"{"c": true, "b": true}"#,
        ];
        let mut checked = 0;
        for e in exprs {
            let needed = keys(e).unwrap_or_else(|| panic!("{e} has required keys"));
            for o in objects {
                let root = parse(o, Syntax::Json, &Limits::default()).root.unwrap();
                let has = root
                    .as_object()
                    .unwrap()
                    .iter()
                    .any(|m| needed.contains(&m.key));
                if !has {
                    assert!(!run(e, o), "{e} holds on {o} without any of {needed:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 20);
    }
}
