//! Spectral's core functions: truthy, falsy, defined, undefined, pattern, casing, enumeration,
//! length, alphabetical, xor, or, schema, typedEnum, unreferencedReusableObject.

use gardefou_source::{Node, PathSeg, Value};
use serde_json::Value as Json;

use super::casing::Casing;
use super::schema::SchemaFn;
use super::{print_value, FnContext, FnResult, Function, Input};
use crate::ecma_regex::{BudgetExceeded, EcmaRegex};
use crate::jsonpath::Val;

pub const NAMES: &[&str] = &[
    "truthy",
    "falsy",
    "defined",
    "undefined",
    "pattern",
    "casing",
    "enumeration",
    "length",
    "alphabetical",
    "xor",
    "or",
    "schema",
    "typedEnum",
    "unreferencedReusableObject",
];

pub fn build(name: &str, o: &Json) -> Result<Option<Box<dyn Function>>, String> {
    let no_options = |o: &Json| -> Result<(), String> {
        match o {
            Json::Null => Ok(()),
            Json::Object(m) if m.is_empty() => Ok(()),
            _ => Err(format!("`{name}` takes no options")),
        }
    };
    Ok(Some(match name {
        "truthy" => {
            no_options(o)?;
            Box::new(Truthy)
        }
        "falsy" => {
            no_options(o)?;
            Box::new(Falsy)
        }
        "defined" => {
            no_options(o)?;
            Box::new(Defined)
        }
        "undefined" => {
            no_options(o)?;
            Box::new(Undefined)
        }
        "pattern" => Box::new(Pattern::new(o)?),
        "casing" => Box::new(Casing::new(o)?),
        "enumeration" => Box::new(Enumeration::new(o)?),
        "length" => Box::new(Length::new(o)?),
        "alphabetical" => Box::new(Alphabetical::new(o)?),
        "xor" => Box::new(Xor::new(o, true)?),
        "or" => Box::new(Xor::new(o, false)?),
        "schema" => Box::new(SchemaFn::new(o)?),
        "typedEnum" => {
            no_options(o)?;
            Box::new(TypedEnum)
        }
        "unreferencedReusableObject" => Box::new(Unreferenced::new(o)?),
        _ => return Ok(None),
    }))
}

struct Truthy;
impl Function for Truthy {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        if i.val().truthy() {
            vec![]
        } else {
            vec![FnResult::new(format!(
                "{}must be truthy",
                i.print_property()
            ))]
        }
    }
}

struct Falsy;
impl Function for Falsy {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        if i.val().truthy() {
            vec![FnResult::new(format!(
                "{}must be falsy",
                i.print_property()
            ))]
        } else {
            vec![]
        }
    }
}

struct Defined;
impl Function for Defined {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        if matches!(i.val(), Val::Undefined) {
            vec![FnResult::new(format!(
                "{}must be defined",
                i.print_property()
            ))]
        } else {
            vec![]
        }
    }
}

struct Undefined;
impl Function for Undefined {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        if matches!(i.val(), Val::Undefined) {
            vec![]
        } else {
            vec![FnResult::new(format!(
                "{}must be undefined",
                i.print_property()
            ))]
        }
    }
}

/// A JavaScript regular expression from a ruleset: `/body/flags` or a plain pattern.
pub struct JsRegex {
    pub source: String,
    regex: EcmaRegex,
    /// When the pattern is a plain string (no metacharacters, no flags): that string, searched
    /// for directly.
    literal: Option<String>,
}

/// The text a regex source matches when it is a plain string (`eval\(` → `eval(`).
fn plain_literal(body: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                e @ ('(' | ')' | '[' | ']' | '{' | '}' | '.' | '*' | '+' | '?' | '^' | '$'
                | '|' | '\\' | '/' | '-') => out.push(e),
                _ => return None,
            },
            '(' | ')' | '[' | ']' | '{' | '}' | '.' | '*' | '+' | '?' | '^' | '$' | '|' => {
                return None
            }
            c => out.push(c),
        }
    }
    (!out.is_empty()).then_some(out)
}

impl JsRegex {
    /// As Spectral reads a pattern: `/body/flags` (a non-empty body, lower-case flags) is a
    /// regex literal; anything else is the source of a regex without flags.
    pub fn new(text: &str) -> Result<JsRegex, String> {
        let literal = text
            .strip_prefix('/')
            .and_then(|t| t.rfind('/').map(|i| (&t[..i], &t[i + 1..])))
            .filter(|(body, flags)| {
                !body.is_empty() && flags.bytes().all(|b| b.is_ascii_lowercase())
            });
        let (body, flags) = literal.unwrap_or((text, ""));
        let flags: String = flags.chars().filter(|c| "imsu".contains(*c)).collect();
        let regex = EcmaRegex::new(body, &flags)
            .map_err(|e| format!("invalid regular expression `{text}`: {e}"))?;
        let literal = if flags.is_empty() {
            plain_literal(body)
        } else {
            None
        };
        Ok(JsRegex {
            source: text.to_string(),
            regex,
            literal,
        })
    }

    /// `regex.test(s)`; an error when the match exceeded its budget (docs/reliability.md).
    pub fn test(&self, s: &str) -> Result<bool, BudgetExceeded> {
        if let Some(l) = &self.literal {
            return Ok(s.contains(l.as_str()));
        }
        self.regex.is_match(s)
    }
}

struct Pattern {
    matches: Option<JsRegex>,
    not_match: Option<JsRegex>,
}

impl Pattern {
    fn new(o: &Json) -> Result<Pattern, String> {
        let get = |k: &str| -> Result<Option<JsRegex>, String> {
            match o.get(k) {
                None => Ok(None),
                Some(Json::String(s)) => JsRegex::new(s).map(Some),
                Some(_) => Err(format!("`pattern` option `{k}` must be a string")),
            }
        };
        let p = Pattern {
            matches: get("match")?,
            not_match: get("notMatch")?,
        };
        if p.matches.is_none() && p.not_match.is_none() {
            return Err("`pattern` needs `match` or `notMatch`".into());
        }
        Ok(p)
    }
}

impl Function for Pattern {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let Some(s) = i.as_str() else { return vec![] };
        let mut out = vec![];
        let stopped = |re: &JsRegex, e: BudgetExceeded| {
            FnResult::new(format!(
                "{} could not be checked against the pattern {}: {e}",
                i.print_value(),
                print_string(&re.source)
            ))
        };
        if let Some(re) = &self.matches {
            match re.test(s) {
                Ok(true) => {}
                Ok(false) => out.push(FnResult::new(format!(
                    "{} must match the pattern {}",
                    i.print_value(),
                    print_string(&re.source)
                ))),
                Err(e) => out.push(stopped(re, e)),
            }
        }
        if let Some(re) = &self.not_match {
            match re.test(s) {
                Ok(false) => {}
                Ok(true) => out.push(FnResult::new(format!(
                    "{} must not match the pattern {}",
                    i.print_value(),
                    print_string(&re.source)
                ))),
                Err(e) => out.push(stopped(re, e)),
            }
        }
        out
    }
}

struct Enumeration {
    values: Vec<Json>,
}

impl Enumeration {
    fn new(o: &Json) -> Result<Enumeration, String> {
        match o.get("values") {
            Some(Json::Array(v)) => Ok(Enumeration { values: v.clone() }),
            _ => Err("`enumeration` needs `values`, an array".into()),
        }
    }
}

impl Function for Enumeration {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let v = match (&i.key, i.value) {
            (Some(k), _) => Json::String(k.to_string()),
            (None, Some(n)) if !matches!(n.value, Value::Object(_) | Value::Array(_)) => {
                n.to_json()
            }
            _ => return vec![],
        };
        if self.values.contains(&v) {
            return vec![];
        }
        let allowed: Vec<String> = self.values.iter().map(|v| v.to_string()).collect();
        vec![FnResult::new(format!(
            "{} must be equal to one of the allowed values: {}",
            i.print_value(),
            allowed.join(", ")
        ))]
    }
}

struct Length {
    min: Option<f64>,
    max: Option<f64>,
}

impl Length {
    fn new(o: &Json) -> Result<Length, String> {
        let min = o.get("min").and_then(Json::as_f64);
        let max = o.get("max").and_then(Json::as_f64);
        if min.is_none() && max.is_none() {
            return Err("`length` needs `min` or `max`".into());
        }
        Ok(Length { min, max })
    }
}

impl Function for Length {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let len = match (&i.key, i.value.map(|n| &n.value)) {
            (Some(k), _) => k.encode_utf16().count() as f64,
            (None, Some(Value::String(s))) => s.encode_utf16().count() as f64,
            (None, Some(Value::Array(a))) => a.len() as f64,
            (None, Some(Value::Object(m))) => m.len() as f64,
            (None, Some(Value::Number(n))) => n.as_f64(),
            _ => return vec![],
        };
        let mut out = vec![];
        if let Some(min) = self.min {
            if len < min {
                out.push(FnResult::new(format!(
                    "{}must be longer than {}",
                    i.print_property(),
                    crate::jsonpath::js_number(min)
                )));
            }
        }
        if let Some(max) = self.max {
            if len > max {
                out.push(FnResult::new(format!(
                    "{}must be shorter than {}",
                    i.print_property(),
                    crate::jsonpath::js_number(max)
                )));
            }
        }
        out
    }
}

struct Alphabetical {
    keyed_by: Option<String>,
}

impl Alphabetical {
    fn new(o: &Json) -> Result<Alphabetical, String> {
        Ok(Alphabetical {
            keyed_by: o.get("keyedBy").and_then(Json::as_str).map(str::to_string),
        })
    }
}

/// Spectral's comparison of two items: numerically when the first is a number or not numeric
/// at all and the second numeric (`NaN` then compares as sorted), else strings by
/// `localeCompare`, else equal.
fn spectral_compare(a: &Json, b: &Json) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let number = |v: &Json| -> f64 {
        match v {
            Json::Number(n) => n.as_f64().unwrap_or(f64::NAN),
            Json::String(s) => crate::jsonpath::string_to_number(s),
            _ => f64::NAN,
        }
    };
    if (a.is_number() || number(a).is_nan()) && (b.is_number() || !number(b).is_nan()) {
        return number(a).partial_cmp(&number(b)).unwrap_or(Ordering::Equal);
    }
    match (a, b) {
        (Json::String(x), Json::String(y)) => crate::locale_cmp(x, y),
        _ => Ordering::Equal,
    }
}

impl Function for Alphabetical {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let Some(node) = i.value.filter(|_| i.key.is_none()) else {
            return vec![];
        };
        let mut items: Vec<Json> = match &node.value {
            Value::Object(m) => m.iter().map(|m| Json::String(m.key.clone())).collect(),
            Value::Array(a) => a.iter().map(Node::to_json).collect(),
            _ => return vec![],
        };
        if items.len() < 2 {
            return vec![];
        }
        if let Some(k) = &self.keyed_by {
            let mut keyed = Vec::with_capacity(items.len());
            for item in &items {
                match item {
                    Json::Object(o) => keyed.push(o.get(k).cloned().unwrap_or(Json::Null)),
                    // An array has no such property either (`undefined`).
                    Json::Array(_) => keyed.push(Json::Null),
                    _ => {
                        return vec![FnResult::new(format!(
                            "{}must be an object",
                            i.print_property()
                        ))]
                    }
                }
            }
            items = keyed;
        }
        if !items.iter().all(|v| v.is_string() || v.is_number()) {
            return vec![FnResult::new(format!(
                "{}must be one of the allowed types: number, string",
                i.print_property()
            ))];
        }
        let Some(w) = (0..items.len() - 1)
            .find(|&w| spectral_compare(&items[w], &items[w + 1]) == std::cmp::Ordering::Greater)
        else {
            return vec![];
        };
        // Keyed items: the whole array is at fault; otherwise the first item out of place.
        if self.keyed_by.is_some() {
            return vec![FnResult::new(
                "properties must follow the alphabetical order",
            )];
        }
        // `printValue`: strings as JSON, numbers as they are.
        let show = |v: &Json| v.to_string();
        let mut path = i.path_owned();
        path.push(match (&node.value, &items[w]) {
            (Value::Object(_), Json::String(k)) => PathSeg::Key(k.clone()),
            _ => PathSeg::Index(w),
        });
        vec![FnResult::at(
            format!(
                "{} must be placed after {}",
                show(&items[w]),
                show(&items[w + 1])
            ),
            path,
        )]
    }
}

/// `xor` (exactly one of the properties) and `or` (at least one).
struct Xor {
    properties: Vec<String>,
    exactly_one: bool,
}

impl Xor {
    fn new(o: &Json, exactly_one: bool) -> Result<Xor, String> {
        let name = if exactly_one { "xor" } else { "or" };
        match o.get("properties") {
            Some(Json::Array(p)) if p.len() >= 2 && p.iter().all(Json::is_string) => Ok(Xor {
                properties: p
                    .iter()
                    .filter_map(Json::as_str)
                    .map(str::to_string)
                    .collect(),
                exactly_one,
            }),
            _ => Err(format!(
                "`{name}` needs `properties`, an array of at least two names"
            )),
        }
    }
}

impl Function for Xor {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let Some(node) = i.value.filter(|n| n.is_object()) else {
            return vec![];
        };
        let n = self
            .properties
            .iter()
            .filter(|p| node.get(p).is_some())
            .count();
        let quoted: Vec<String> = self.properties.iter().map(|p| format!("\"{p}\"")).collect();
        let listed = match quoted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => quoted.join(""),
        };
        if self.exactly_one && n != 1 {
            return vec![FnResult::new(format!(
                "{listed} must not be both defined or both undefined"
            ))];
        }
        if !self.exactly_one && n == 0 {
            return vec![FnResult::new(format!(
                "At least one of {listed} must be defined"
            ))];
        }
        vec![]
    }
}

/// `typedEnum`: every `enum` value has the schema's `type` (OpenAPI 3.0 `nullable` allows null).
struct TypedEnum;

fn json_type_matches(t: &str, v: &Node) -> bool {
    match (t, &v.value) {
        ("null", Value::Null) => true,
        ("boolean", Value::Bool(_)) => true,
        ("string", Value::String(_)) => true,
        ("array", Value::Array(_)) => true,
        ("object", Value::Object(_)) => true,
        ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => n.as_f64().fract() == 0.0,
        _ => false,
    }
}

impl Function for TypedEnum {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(node) = i.value else { return vec![] };
        let (Some(values), Some(ty)) =
            (node.get("enum").and_then(Node::as_array), node.get("type"))
        else {
            return vec![];
        };
        let mut types: Vec<&str> = match &ty.value {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Node::as_str).collect(),
            _ => return vec![],
        };
        if types.is_empty() {
            return vec![];
        }
        let nullable = node.get("nullable").and_then(Node::as_bool) == Some(true)
            && cx.version == Some(gardefou_model::SpecVersion::OpenApi30);
        if nullable {
            types.push("null");
        }
        let mut out = vec![];
        for (idx, v) in values.iter().enumerate() {
            if types.iter().any(|t| json_type_matches(t, v)) {
                continue;
            }
            let mut path = i.path_owned();
            path.push(PathSeg::Key("enum".into()));
            path.push(PathSeg::Index(idx));
            let shown = print_value(&Val::of(v));
            let expected = match ty.as_str() {
                Some(t) => format!("\"{t}\""),
                None => types
                    .iter()
                    .map(|t| format!("\"{t}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            out.push(FnResult::at(
                format!("Enum value {shown} must be {expected}."),
                path,
            ));
        }
        out
    }
}

/// `unreferencedReusableObject`: members of a reusable-objects map that no `$ref` points at.
struct Unreferenced {
    location: String,
}

impl Unreferenced {
    fn new(o: &Json) -> Result<Unreferenced, String> {
        match o.get("reusableObjectsLocation").and_then(Json::as_str) {
            Some(l) if l.starts_with('#') => Ok(Unreferenced { location: l.to_string() }),
            _ => Err("`unreferencedReusableObject` needs `reusableObjectsLocation`, a local pointer such as `#/definitions`".into()),
        }
    }
}

impl Function for Unreferenced {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(members) = i.value.and_then(Node::as_object) else {
            return vec![];
        };
        let used = super::oas::referenced_pointers(cx);
        let mut out = vec![];
        for m in members {
            let pointer = format!(
                "{}/{}",
                &self.location[1..],
                gardefou_source::escape_pointer_token(&m.key)
            );
            if !used.contains(&pointer) {
                let mut path = i.path_owned();
                path.push(PathSeg::Key(m.key.clone()));
                out.push(FnResult::at(
                    "Potentially unused component has been detected.",
                    path,
                ));
            }
        }
        out
    }
}

/// A string as Spectral's `printValue` shows it in messages: JSON-quoted (`"\\.$"`).
fn print_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod regex_tests {
    use super::JsRegex;

    #[test]
    fn literal_patterns_match_like_regexes() {
        for (pattern, text, expected) in [
            ("eval\\(", "x eval(y)", true),
            ("eval\\(", "evaluate", false),
            ("<script", "a <script>", true),
            ("//", "/a//b", true),
            ("//", "/a/b", false),
            ("/^a/i", "Abc", true),
            ("^/v[0-9]", "/v1/x", true),
        ] {
            assert_eq!(
                JsRegex::new(pattern).unwrap().test(text).unwrap(),
                expected,
                "{pattern} on {text}"
            );
        }
    }
}
