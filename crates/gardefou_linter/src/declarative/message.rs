//! Message templates in Spectral's format: `{{error}}`, `{{path}}`, `{{property}}`,
//! `{{value}}`, `#{{expression}}`, bounded in length.

use gardefou_source::{Node, PathSeg};

use super::locate::Located;
use crate::functions::print_value;
use crate::jsonpath::Val;

/// What a message template may name (Spectral's `vars`): computed from where the finding is
/// reported, not from the path the rule walked.
pub(super) struct Vars<'a> {
    pub(super) error: &'a str,
    description: Option<&'a str>,
    path: String,
    property: String,
    /// The reported node, as written (`undefined` past the end of the document's nodes).
    value: Option<&'a Node>,
}

impl Vars<'_> {
    pub(super) fn of<'a>(
        loc: &Located<'a>,
        error: &'a str,
        description: Option<&'a str>,
    ) -> Vars<'a> {
        // The missing property path from one segment before the reported path's end.
        let property = if !loc.missing.is_empty() {
            let full: Vec<&PathSeg> = loc.path.iter().chain(&loc.missing).collect();
            let from = if loc.path.is_empty() {
                full.len() - 1
            } else {
                loc.path.len() - 1
            };
            dot_path(&full[from..])
        } else {
            loc.path.last().map(|s| s.to_string()).unwrap_or_default()
        };
        Vars {
            error,
            description,
            path: escaped_pointer(&loc.path),
            property,
            value: Some(loc.node),
        }
    }

    fn value(&self) -> Val<'_> {
        self.value.map_or(Val::Undefined, Val::of)
    }

    /// `{{name}}`: `String(vars[name])`, nothing for a name that is not a var.
    fn get(&self, name: &str) -> Option<String> {
        Some(match name {
            "error" => self.error.to_string(),
            "description" => self.description.unwrap_or("null").to_string(),
            "path" => self.path.clone(),
            "property" => self.property.clone(),
            "value" => self.value().to_js_string(),
            _ => return None,
        })
    }

    /// `#{{print("name")}}`.
    fn print(&self, what: &str) -> String {
        match what {
            "property" if !self.property.is_empty() => format!("\"{}\" property ", self.property),
            "property" => "The document ".into(),
            "value" => print_value(&self.value()),
            other => match other {
                "description" if self.description.is_none() => String::new(),
                _ => self.get(other).unwrap_or_default(),
            },
        }
    }

    /// One `#{{…}}` expression: `print("x")`, a var, a quoted string, joined by `+`.
    fn eval(&self, expr: &str) -> String {
        let mut out = String::new();
        for part in expr.split('+').map(str::trim) {
            let quoted = |t: &str| {
                t.strip_prefix(['"', '\''])
                    .and_then(|t| t.strip_suffix(['"', '\'']))
                    .map(str::to_string)
            };
            if let Some(arg) = part
                .strip_prefix("print(")
                .and_then(|t| t.strip_suffix(')'))
                .and_then(|t| quoted(t.trim()))
            {
                out.push_str(&self.print(&arg));
            } else if let Some(q) = quoted(part) {
                out.push_str(&q);
            } else if let Some(v) = self.get(part) {
                out.push_str(&v);
            } else {
                // Spectral logs the evaluation error and prints nothing.
                return String::new();
            }
        }
        out
    }
}

/// Longest message a template renders to, in bytes; the rest is cut (at a character boundary)
/// and `…` written in its place, so a `{{value}}` of a large array, or many of them, stays small.
pub const MAX_MESSAGE_BYTES: usize = 4096;

/// Cuts `message` to [`MAX_MESSAGE_BYTES`] (and a trailing `…`).
fn bounded(mut message: String) -> String {
    if message.len() > MAX_MESSAGE_BYTES {
        let mut end = MAX_MESSAGE_BYTES;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push('…');
    }
    message
}

/// Spectral's message templating: `{{name}}` and `#{{expression}}`, bounded by
/// [`MAX_MESSAGE_BYTES`].
pub(super) fn render(template: &str, vars: &Vars<'_>) -> String {
    if !template.contains("{{") {
        return bounded(template.to_string());
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        if out.len() > MAX_MESSAGE_BYTES {
            return bounded(out);
        }
        let after = &rest[open + 2..];
        // `([^}\n]+)}}`: the name ends at the first `}`, which must start `}}`.
        let end = after.find(['}', '\n']);
        match end {
            Some(e) if e > 0 && after[e..].starts_with("}}") => {
                let hash = rest[..open].ends_with('#');
                out.push_str(&rest[..if hash { open - 1 } else { open }]);
                let inner = &after[..e];
                if hash {
                    out.push_str(&vars.eval(inner.trim()));
                } else if let Some(v) = vars.get(inner) {
                    out.push_str(&v);
                }
                rest = &after[e + 2..];
            }
            _ => {
                out.push_str(&rest[..open + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    bounded(out)
}

/// `printPath(path, PrintStyle.EscapedPointer)`: `#/a/b~1c/%7Bid%7D`.
fn escaped_pointer(path: &[PathSeg]) -> String {
    if path.is_empty() {
        return "#".into();
    }
    let mut out = String::from("#");
    for seg in path {
        out.push('/');
        let text = seg.to_string();
        for c in text.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) => out.push(c),
                // Left as they are by @stoplight/json's character class.
                '\u{2013}' => out.push(c),
                c if (c as u32) > 0xFFFF => out.push(c),
                c => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("%{b:02X}"));
                    }
                }
            }
        }
    }
    out
}

/// `printPath(path, PrintStyle.Dot)`: `servers[0].x-internal`, `responses[429]`.
fn dot_path(path: &[&PathSeg]) -> String {
    let mut out = String::new();
    for (i, seg) in path.iter().enumerate() {
        match seg {
            PathSeg::Index(n) => out.push_str(&format!("[{n}]")),
            PathSeg::Key(k) if k.is_empty() => out.push_str("['']"),
            PathSeg::Key(k) if k.chars().any(char::is_whitespace) => {
                out.push_str(&format!("['{k}']"))
            }
            PathSeg::Key(k) if !crate::jsonpath::string_to_number(k).is_nan() => {
                out.push_str(&format!("[{k}]"))
            }
            PathSeg::Key(k) => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(k);
            }
        }
    }
    out.replace("~1", "/").replace("~0", "~")
}
