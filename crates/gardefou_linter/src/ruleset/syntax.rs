//! The syntax phase: typed values read from the spanned nodes of a ruleset ([`FromNode`]), each
//! with its position, and errors that name the position and what was expected there.
//!
//! Only the shape of one value is checked here; whether a name resolves (a rule, a ruleset, a
//! function) is for the later phases.

use gardefou_source::{Node, Span, Value};

use crate::declarative::Format;
use crate::finding::Severity;

use super::setting::RuleSetting;

/// A value that does not have the expected shape: where it is and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SyntaxError {
    /// The offending node.
    pub(super) span: Span,
    /// What was expected there (and what was found, where that helps).
    pub(super) message: String,
}

impl SyntaxError {
    pub(super) fn new(span: Span, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            span,
            message: message.into(),
        }
    }

    /// The same position with the message a context gives (`` `formats` must be a list ``).
    pub(super) fn saying(self, message: impl Into<String>) -> SyntaxError {
        SyntaxError::new(self.span, message)
    }
}

/// A value read from a ruleset, with where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Spanned<T> {
    pub(super) value: T,
    pub(super) span: Span,
}

/// A typed value of a ruleset, read from one node.
pub(super) trait FromNode<'n>: Sized {
    /// Reads the node, or says where it is wrong and what was expected.
    fn from_node(node: &'n Node) -> Result<Self, SyntaxError>;
}

/// Reads `node` as a `T`, keeping its position.
pub(super) fn read<'n, T: FromNode<'n>>(node: &'n Node) -> Result<Spanned<T>, SyntaxError> {
    Ok(Spanned {
        value: T::from_node(node)?,
        span: node.span,
    })
}

impl<'n> FromNode<'n> for &'n str {
    fn from_node(node: &'n Node) -> Result<Self, SyntaxError> {
        node.as_str()
            .ok_or_else(|| SyntaxError::new(node.span, "expected a string"))
    }
}

/// One string or a list of them (`given`, an alias's paths).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Strings(pub(super) Vec<String>);

impl FromNode<'_> for Strings {
    fn from_node(node: &Node) -> Result<Self, SyntaxError> {
        match &node.value {
            Value::String(s) => Ok(Strings(vec![s.clone()])),
            Value::Array(items) => items
                .iter()
                .map(|i| <&str>::from_node(i).map(str::to_string))
                .collect::<Result<_, _>>()
                .map(Strings),
            _ => Err(SyntaxError::new(
                node.span,
                "expected a string or a list of strings",
            )),
        }
    }
}

/// Spectral's formats of documents that are not OpenAPI: a rule limited to them never runs here.
const OTHER_FORMATS: &[&str] = &[
    "aas2",
    "aas3",
    "asyncApi2",
    "asyncapi2",
    "aas2_0",
    "aas2_1",
    "aas2_2",
    "aas2_3",
    "aas2_4",
    "aas2_5",
    "aas2_6",
    "aas3_0",
    "aas3_1",
    "jsonSchema",
    "jsonSchemaLoose",
    "jsonSchemaDraft4",
    "jsonSchemaDraft6",
    "jsonSchemaDraft7",
    "jsonSchemaDraft2019_09",
    "jsonSchemaDraft2020_12",
    "arazzo1_0",
];

/// A `formats` list: the OpenAPI formats it names (Spectral's other formats are accepted and
/// left out, so a rule limited to them runs on no OpenAPI document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Formats(pub(super) Vec<Format>);

impl FromNode<'_> for Formats {
    fn from_node(node: &Node) -> Result<Self, SyntaxError> {
        let items = node
            .as_array()
            .ok_or_else(|| SyntaxError::new(node.span, "`formats` must be a list"))?;
        let mut out = Vec::new();
        for f in items {
            let s = f.as_str().unwrap_or("");
            match Format::parse(s) {
                Some(format) => out.push(format),
                None if OTHER_FORMATS.contains(&s) => {}
                None => {
                    return Err(SyntaxError::new(
                        f.span,
                        format!("unknown format `{s}` (known: oas2, oas3, oas3_0, oas3_1, oas3_2, and Spectral's AsyncAPI, JSON Schema and Arazzo formats)"),
                    ))
                }
            }
        }
        Ok(Formats(out))
    }
}

/// A severity name or `off` (`parserOptions.duplicateKeys`): a string only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct SettingName(pub(super) RuleSetting);

impl SettingName {
    fn parse(s: &str) -> Option<RuleSetting> {
        match s {
            "off" => Some(RuleSetting::Off),
            other => Severity::parse(other).map(RuleSetting::On),
        }
    }
}

impl FromNode<'_> for SettingName {
    fn from_node(node: &Node) -> Result<Self, SyntaxError> {
        node.as_str()
            .and_then(SettingName::parse)
            .map(SettingName)
            .ok_or_else(|| SyntaxError::new(node.span, "expected error, warn, info, hint or off"))
    }
}

/// A rule's setting as a ruleset writes it: a severity (a name or 0–3), `off` (or -1),
/// `true` (the rule's own severity) or `false`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SettingValue {
    /// `true`: on, at the rule's default severity.
    Default,
    /// A severity, or off.
    Set(RuleSetting),
}

impl SettingValue {
    /// The setting, `true` meaning `default`.
    pub(super) fn or(self, default: Severity) -> RuleSetting {
        match self {
            SettingValue::Default => RuleSetting::On(default),
            SettingValue::Set(s) => s,
        }
    }
}

impl FromNode<'_> for SettingValue {
    fn from_node(node: &Node) -> Result<Self, SyntaxError> {
        match &node.value {
            Value::Bool(true) => Ok(SettingValue::Default),
            Value::Bool(false) => Ok(SettingValue::Set(RuleSetting::Off)),
            Value::String(s) => SettingName::parse(s).map(SettingValue::Set).ok_or_else(|| {
                SyntaxError::new(
                    node.span,
                    format!("`{s}` is not a severity (error, warn, info, hint, off)"),
                )
            }),
            Value::Number(n) if (0.0..=3.0).contains(&n.as_f64()) && n.as_f64().fract() == 0.0 => {
                let level = (n.as_f64() as u8).to_string();
                Ok(SettingValue::Set(RuleSetting::On(
                    Severity::parse(&level).expect("0-3"),
                )))
            }
            Value::Number(n) if n.as_f64() == -1.0 => Ok(SettingValue::Set(RuleSetting::Off)),
            _ => Err(SyntaxError::new(
                node.span,
                "expected a severity (error, warn, info, hint, off, 0-3), true or false",
            )),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use gardefou_source::{parse, Limits, Syntax};

    use super::*;
    use crate::ruleset::error::Src;

    /// The tree of a YAML text.
    pub(in crate::ruleset) fn yaml(text: &str) -> Node {
        parse(text, Syntax::Yaml, &Limits::default())
            .root
            .expect("a YAML tree")
    }

    /// `line:column: message` of a syntax error in `text`.
    pub(in crate::ruleset) fn place(text: &str, e: SyntaxError) -> String {
        Src::new("t.yaml", text, false).syntax(e).line()
    }

    fn read_at<'n, T: FromNode<'n>>(root: &'n Node, key: &str) -> Result<T, SyntaxError> {
        read::<T>(root.get(key).expect("key")).map(|s| s.value)
    }

    #[test]
    fn a_value_keeps_its_position() {
        let text = "a: x\nb:   hello\n";
        let root = yaml(text);
        let s = read::<&str>(root.get("b").unwrap()).unwrap();
        assert_eq!(s.value, "hello");
        assert_eq!(&text[s.span.range()], "hello");
    }

    #[test]
    fn strings_are_one_or_a_list() {
        let text = "one: $.a\nmany: [$.a, $.b]\nbad: 3\nitem:\n  - $.a\n  - {x: 1}\n";
        let root = yaml(text);
        assert_eq!(read_at::<Strings>(&root, "one").unwrap().0, ["$.a"]);
        assert_eq!(read_at::<Strings>(&root, "many").unwrap().0, ["$.a", "$.b"]);
        let e = read_at::<Strings>(&root, "bad").unwrap_err();
        assert_eq!(
            place(text, e),
            "t.yaml:3:6: expected a string or a list of strings"
        );
        let e = read_at::<Strings>(&root, "item").unwrap_err();
        assert_eq!(place(text, e), "t.yaml:6:5: expected a string");
    }

    #[test]
    fn formats_leave_out_other_kinds_of_documents_and_reject_unknown_names() {
        let text = "ok: [oas2, oas3.1, asyncapi2]\nbad: [oas3, oas4]\nnot: oas3\n";
        let root = yaml(text);
        assert_eq!(
            read_at::<Formats>(&root, "ok").unwrap().0,
            [Format::Oas2, Format::Oas3_1]
        );
        let e = read_at::<Formats>(&root, "bad").unwrap_err();
        assert!(
            place(text, e).starts_with("t.yaml:2:13: unknown format `oas4` (known: oas2,"),
            "{}",
            place(text, read_at::<Formats>(&root, "bad").unwrap_err())
        );
        let e = read_at::<Formats>(&root, "not").unwrap_err();
        assert_eq!(place(text, e), "t.yaml:3:6: `formats` must be a list");
    }

    #[test]
    fn settings_are_names_levels_or_booleans() {
        let text = "a: error\nb: 2\nc: -1\nd: true\ne: false\nf: warning\ng: loud\nh: 4\n";
        let root = yaml(text);
        let setting = |k| read_at::<SettingValue>(&root, k).map(|v| v.or(Severity::Hint));
        assert_eq!(setting("a"), Ok(RuleSetting::On(Severity::Error)));
        assert_eq!(setting("b"), Ok(RuleSetting::On(Severity::Info)));
        assert_eq!(setting("c"), Ok(RuleSetting::Off));
        assert_eq!(setting("d"), Ok(RuleSetting::On(Severity::Hint)));
        assert_eq!(setting("e"), Ok(RuleSetting::Off));
        assert_eq!(setting("f"), Ok(RuleSetting::On(Severity::Warn)));
        assert_eq!(
            place(text, setting("g").unwrap_err()),
            "t.yaml:7:4: `loud` is not a severity (error, warn, info, hint, off)"
        );
        assert_eq!(
            place(text, setting("h").unwrap_err()),
            "t.yaml:8:4: expected a severity (error, warn, info, hint, off, 0-3), true or false"
        );
    }

    #[test]
    fn a_setting_name_is_a_string_only() {
        let text = "a: hint\nb: 1\n";
        let root = yaml(text);
        assert_eq!(
            read_at::<SettingName>(&root, "a").unwrap().0,
            RuleSetting::On(Severity::Hint)
        );
        let e = read_at::<SettingName>(&root, "b").unwrap_err();
        assert_eq!(e.span, root.get("b").unwrap().span);
        assert_eq!(
            e.saying("`duplicateKeys` must be …").message,
            "`duplicateKeys` must be …"
        );
    }
}
