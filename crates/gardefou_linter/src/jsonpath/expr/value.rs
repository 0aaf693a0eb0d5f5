//! JavaScript values as filters see them, with JavaScript's conversions (`Number(s)`,
//! `String(n)`), equalities and comparisons.

use std::borrow::Cow;
use std::sync::Arc;

use gardefou_source::{Node, Number, Value};

use super::Op;
use crate::ecma_regex::EcmaRegex;

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

    pub(super) fn type_of(&self) -> &'static str {
        match self {
            Val::Undefined => "undefined",
            Val::Null | Val::Node(_) | Val::List(_) | Val::Regex(_) => "object",
            Val::Ctor(_) => "function",
            Val::Bool(_) => "boolean",
            Val::Num(_) => "number",
            Val::Str(_) => "string",
        }
    }

    pub(super) fn to_number(&self) -> f64 {
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

pub(super) fn strict_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Undefined, Val::Undefined) | (Val::Null, Val::Null) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Node(x), Val::Node(y)) => std::ptr::eq(*x, *y),
        _ => false,
    }
}

pub(super) fn loose_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
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

pub(super) fn compare(op: Op, a: &Val<'_>, b: &Val<'_>) -> bool {
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

pub(super) fn prim<'a>(v: &Val<'a>) -> Val<'a> {
    if v.is_primitive() {
        v.clone()
    } else {
        Val::Str(Cow::Owned(v.to_js_string()))
    }
}
