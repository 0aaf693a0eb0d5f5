use crate::issue::{ParseIssue, ParseIssueKind};
use crate::json::JsonParser;
use crate::limits::Limits;
use crate::node::Node;
use crate::span::Span;

/// Which syntax to read a text as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (RFC 8259).
    Json,
    /// YAML 1.2.
    Yaml,
}

impl Syntax {
    /// JSON for `.json` files; otherwise JSON when the text starts with `{` or `[` and
    /// YAML in every other case.
    pub fn guess(path: &str, text: &str) -> Syntax {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".json") {
            return Syntax::Json;
        }
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            return Syntax::Yaml;
        }
        match text.trim_start().as_bytes().first() {
            Some(b'{' | b'[') => Syntax::Json,
            _ => Syntax::Yaml,
        }
    }
}

/// The result of reading a text: the tree (absent when reading failed or the text is empty)
/// and every issue met.
#[derive(Debug)]
pub struct Parsed {
    /// The tree, absent when reading failed or the text is empty.
    pub root: Option<Node>,
    /// Every issue met, in text order.
    pub issues: Vec<ParseIssue>,
}

/// Parses a text (already decoded, byte-order mark removed) into the spanned tree.
pub fn parse(text: &str, syntax: Syntax, limits: &Limits) -> Parsed {
    if text.len() > limits.max_file_size {
        return Parsed {
            root: None,
            issues: vec![ParseIssue {
                kind: ParseIssueKind::Limit,
                message: format!(
                    "file is {} bytes, larger than the {} byte limit",
                    text.len(),
                    limits.max_file_size
                ),
                span: Span::empty(0),
            }],
        };
    }
    match syntax {
        Syntax::Json => {
            let mut p = JsonParser::new(text, limits);
            match p.parse_document() {
                Ok(root) => Parsed {
                    root: Some(root),
                    issues: p.issues,
                },
                Err(e) => {
                    let mut issues = p.issues;
                    issues.push(e);
                    Parsed { root: None, issues }
                }
            }
        }
        Syntax::Yaml => {
            let (root, issues) = crate::yaml::parse_yaml(text, limits);
            Parsed { root, issues }
        }
    }
}

/// Bytes that are not UTF-8 text: why, and the readable text before the first bad byte, so
/// the issue's span (an offset in that text) has a line and column.
#[derive(Debug)]
pub struct Undecodable {
    /// Why the bytes are not text.
    pub issue: ParseIssue,
    /// The text before the first byte that is not UTF-8.
    pub text: String,
}

fn undecodable(message: String, at: usize, text: String) -> Undecodable {
    Undecodable {
        issue: ParseIssue {
            kind: ParseIssueKind::Encoding,
            message,
            span: Span::empty(at),
        },
        text,
    }
}

/// Decodes file bytes as UTF-8 text, removing a byte-order mark. Non-UTF-8 input (UTF-16,
/// UTF-32, Latin-1, binary) is an [`ParseIssueKind::Encoding`] issue at the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, Undecodable> {
    // UTF-32 first: its little-endian mark starts like UTF-16's.
    if bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00])
    {
        let message = "the file is UTF-32 encoded; OpenAPI documents must be UTF-8".into();
        return Err(undecodable(message, 0, String::new()));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let message = "the file is UTF-16 encoded; OpenAPI documents must be UTF-8".into();
        return Err(undecodable(message, 0, String::new()));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.replace_range(..3, "");
            }
            if let Some(at) = s.find('\0') {
                if !s.trim_start().starts_with(['{', '[']) {
                    s.truncate(at);
                    let message =
                        "the file contains a NUL byte: binary data, not a text document".into();
                    return Err(undecodable(message, at, s));
                }
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            let byte = bytes[at];
            bytes.truncate(at);
            let mut text = String::from_utf8(bytes).unwrap_or_default();
            // A mark before the bad byte is not text either; positions count from after it.
            let mut at = at;
            if text.starts_with('\u{feff}') {
                text.replace_range(..3, "");
                at -= 3;
            }
            let message = format!(
                "the file is not valid UTF-8 (byte 0x{byte:02X}); OpenAPI documents must be UTF-8"
            );
            Err(undecodable(message, at, text))
        }
    }
}
