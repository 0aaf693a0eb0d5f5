//! Text edits that keep a file's style: members inserted into an object or items appended to
//! a sequence as the file writes them (YAML block or flow, JSON on one line or several), at
//! the file's indentation.

use gardefou_source::{Member, Node, Span, Syntax, Value};

/// An edit of one file: replace the bytes `start..end` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// The first byte replaced.
    pub start: usize,
    /// The byte after the last one replaced (`start` for an insertion).
    pub end: usize,
    /// The new text.
    pub text: String,
}

/// A value to write.
pub enum NewValue<'a> {
    /// A string.
    Scalar(&'a str),
    /// A list of strings.
    List(&'a [&'a str]),
}

/// A string as the file would write it: JSON always quoted; YAML plain when that reads back
/// as the same string, else double-quoted (JSON's quoting is valid YAML).
pub fn scalar(syntax: Syntax, s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !s.starts_with(['-', '.'])
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        )
        && s.parse::<f64>().is_err();
    match syntax {
        Syntax::Yaml if plain => s.to_string(),
        _ => serde_json::to_string(s).unwrap_or_default(),
    }
}

/// Whether the collection at `node` is written in flow style (`{…}`, `[…]`, and all of JSON).
pub fn is_flow(text: &str, node: &Node) -> bool {
    let rest = text.get(node.span.start as usize..).unwrap_or("");
    matches!(rest.trim_start().as_bytes().first(), Some(b'{' | b'['))
}

/// The byte offset of the start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The column (in bytes, ASCII indentation) of `offset` on its line.
fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// The leading whitespace of the line holding `offset`.
fn indentation(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let line = &text[start..];
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..n]
}

/// The file's indentation step: the smallest indentation of a line that has one (2 by
/// default).
pub fn indent_step(text: &str) -> usize {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .filter(|&n| n > 0)
        .min()
        .unwrap_or(2)
}

/// The line break the file uses.
fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn render_flow(syntax: Syntax, key: &str, value: &NewValue) -> String {
    let v = match value {
        NewValue::Scalar(s) => scalar(syntax, s),
        NewValue::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| scalar(syntax, i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!("{}: {v}", scalar(syntax, key))
}

/// Inserts `key: value` as the first member of the object `obj` (which must not have `key`).
pub fn insert_member(
    text: &str,
    syntax: Syntax,
    obj: &Node,
    key: &str,
    value: &NewValue,
) -> Option<TextEdit> {
    let members = obj.as_object()?;
    let nl = newline(text);
    if is_flow(text, obj) || syntax == Syntax::Json {
        let entry = render_flow(syntax, key, value);
        let open = obj.span.start as usize + text[obj.span.start as usize..].find('{')?;
        let Some(first) = members.first() else {
            return Some(TextEdit {
                start: open + 1,
                end: open + 1,
                text: entry,
            });
        };
        let at = first.key_span.start as usize;
        let separator = if text[open..at].contains(['\n', '\r']) {
            format!(",{nl}{}", indentation(text, at))
        } else {
            ", ".to_string()
        };
        return Some(TextEdit {
            start: at,
            end: at,
            text: format!("{entry}{separator}"),
        });
    }
    let first = members.first()?;
    let at = first.key_span.start as usize;
    let col = " ".repeat(column(text, at));
    let written = match value {
        NewValue::Scalar(s) => format!("{}: {}", scalar(syntax, key), scalar(syntax, s)),
        NewValue::List(items) => {
            let item_col = " ".repeat(column(text, at) + indent_step(text));
            let mut s = format!("{}:", scalar(syntax, key));
            for i in *items {
                s.push_str(&format!("{nl}{item_col}- {}", scalar(syntax, i)));
            }
            s
        }
    };
    Some(TextEdit {
        start: at,
        end: at,
        text: format!("{written}{nl}{col}"),
    })
}

/// Appends `item` to the sequence `seq`.
pub fn append_item(text: &str, syntax: Syntax, seq: &Node, item: &str) -> Option<TextEdit> {
    let items = seq.as_array()?;
    let written = scalar(syntax, item);
    if is_flow(text, seq) || syntax == Syntax::Json {
        return Some(match items.last() {
            Some(last) => TextEdit {
                start: last.span.end as usize,
                end: last.span.end as usize,
                text: format!(", {written}"),
            },
            None => {
                let open = seq.span.start as usize + text[seq.span.start as usize..].find('[')?;
                TextEdit {
                    start: open + 1,
                    end: open + 1,
                    text: written,
                }
            }
        });
    }
    let last = items.last()?;
    let end = last.span.end as usize;
    let dash = text[..last.span.start as usize].rfind('-')?;
    let indent = " ".repeat(column(text, dash));
    Some(TextEdit {
        start: end,
        end,
        text: format!("{}{indent}- {written}", newline(text)),
    })
}

/// Adds `key: value` as the last member of the object `obj` (a non-empty map).
pub fn append_member(
    text: &str,
    syntax: Syntax,
    obj: &Node,
    key: &str,
    value: &str,
) -> Option<TextEdit> {
    let last = obj.as_object()?.last()?;
    let end = last.value.span.end as usize;
    let entry = render_flow(syntax, key, &NewValue::Scalar(value));
    if is_flow(text, obj) || syntax == Syntax::Json {
        return Some(TextEdit {
            start: end,
            end,
            text: format!(", {entry}"),
        });
    }
    // A block value may end at the next line's start: insert before that line break.
    let end = text[..end].trim_end_matches(['\n', '\r']).len();
    let col = " ".repeat(column(text, last.key_span.start as usize));
    Some(TextEdit {
        start: end,
        end,
        text: format!("{}{col}{entry}", newline(text)),
    })
}

/// Replaces the value `node` with a list of `items`, written as the file writes lists inline.
pub fn replace_with_list(syntax: Syntax, node: &Node, items: &[&str]) -> TextEdit {
    TextEdit {
        start: node.span.start as usize,
        end: node.span.end as usize,
        text: format!(
            "[{}]",
            items
                .iter()
                .map(|i| scalar(syntax, i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The chain of objects from the root to the innermost one holding `offset` (at its key, or
/// inside its value), each with the key it is reached by (none for the root and array items).
/// A key holding the offset wins over a value ending there.
pub fn objects_at(root: &Node, offset: u32) -> Vec<(Option<&Member>, &Node)> {
    let mut chain: Vec<(Option<&Member>, &Node)> = Vec::new();
    let mut node = root;
    let mut via: Option<&Member> = None;
    loop {
        if node.is_object() {
            chain.push((via, node));
        }
        let next = match &node.value {
            Value::Object(members) => members
                .iter()
                .find(|m| m.key_span.start <= offset && offset <= m.key_span.end)
                .or_else(|| {
                    // From the key to the end of the value: a finding about a value is
                    // reported at the end of its key's line (`get:`), before the value starts.
                    members
                        .iter()
                        .find(|m| m.key_span.start <= offset && offset < m.value.span.end)
                })
                .map(|m| (Some(m), &m.value)),
            Value::Array(items) => items
                .iter()
                .find(|n| n.span.start <= offset && offset < n.span.end)
                .map(|n| (None, n)),
            _ => None,
        };
        match next {
            Some((m, n)) => {
                via = m;
                node = n;
            }
            None => return chain,
        }
    }
}

/// The text of `span`.
pub fn text_of(text: &str, span: Span) -> &str {
    text.get(span.start as usize..span.end as usize)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, syntax: Syntax) -> Node {
        gardefou_source::parse(text, syntax, &gardefou_source::Limits::default())
            .root
            .unwrap()
    }

    fn apply(text: &str, e: &TextEdit) -> String {
        format!("{}{}{}", &text[..e.start], e.text, &text[e.end..])
    }

    #[test]
    fn members_are_inserted_in_the_files_style() {
        let yaml = "a:\n    b: 1\n    c: 2\n";
        let root = parse(yaml, Syntax::Yaml);
        let a = root.get("a").unwrap();
        let e = insert_member(yaml, Syntax::Yaml, a, "x", &NewValue::List(&["r-1"])).unwrap();
        assert_eq!(
            apply(yaml, &e),
            "a:\n    x:\n        - r-1\n    b: 1\n    c: 2\n"
        );
        let json = "{\n  \"a\": {\n    \"b\": 1\n  }\n}\n";
        let root = parse(json, Syntax::Json);
        let a = root.get("a").unwrap();
        let e = insert_member(json, Syntax::Json, a, "x", &NewValue::List(&["r"])).unwrap();
        assert_eq!(
            apply(json, &e),
            "{\n  \"a\": {\n    \"x\": [\"r\"],\n    \"b\": 1\n  }\n}\n"
        );
        let flow = "a: {b: 1}\nc: {}\n";
        let root = parse(flow, Syntax::Yaml);
        let e = insert_member(
            flow,
            Syntax::Yaml,
            root.get("a").unwrap(),
            "x",
            &NewValue::Scalar("y"),
        )
        .unwrap();
        assert_eq!(apply(flow, &e), "a: {x: y, b: 1}\nc: {}\n");
        let e = insert_member(
            flow,
            Syntax::Yaml,
            root.get("c").unwrap(),
            "x",
            &NewValue::Scalar("true"),
        )
        .unwrap();
        assert_eq!(apply(flow, &e), "a: {b: 1}\nc: {x: \"true\"}\n");
        // In a sequence item.
        let seq = "l:\n  - name: a\n    in: b\n";
        let root = parse(seq, Syntax::Yaml);
        let item = root.get("l").unwrap().index(0).unwrap();
        let e = insert_member(seq, Syntax::Yaml, item, "x", &NewValue::List(&["r"])).unwrap();
        let out = apply(seq, &e);
        assert_eq!(out, "l:\n  - x:\n      - r\n    name: a\n    in: b\n");
        assert!(parse(&out, Syntax::Yaml)
            .get("l")
            .unwrap()
            .index(0)
            .unwrap()
            .get("in")
            .is_some());
    }

    #[test]
    fn items_and_entries_are_appended() {
        let yaml = "x:\n  - a\n  - b\ny: [c]\nz:\n  a: why\n";
        let root = parse(yaml, Syntax::Yaml);
        let e = append_item(yaml, Syntax::Yaml, root.get("x").unwrap(), "n").unwrap();
        assert_eq!(
            apply(yaml, &e),
            "x:\n  - a\n  - b\n  - n\ny: [c]\nz:\n  a: why\n"
        );
        let e = append_item(yaml, Syntax::Yaml, root.get("y").unwrap(), "n").unwrap();
        assert_eq!(
            apply(yaml, &e),
            "x:\n  - a\n  - b\ny: [c, n]\nz:\n  a: why\n"
        );
        let e = append_member(yaml, Syntax::Yaml, root.get("z").unwrap(), "n", "r").unwrap();
        assert_eq!(
            apply(yaml, &e),
            "x:\n  - a\n  - b\ny: [c]\nz:\n  a: why\n  n: r\n"
        );
    }

    #[test]
    fn the_innermost_object_at_an_offset() {
        let yaml = "info:\n  title: t\npaths:\n  /a/:\n    get: {}\n";
        let root = parse(yaml, Syntax::Yaml);
        let at = |s: &str| yaml.find(s).unwrap() as u32;
        let keys = |o: u32| -> Vec<String> {
            objects_at(&root, o)
                .iter()
                .map(|(m, _)| m.map_or("-".into(), |m| m.key.clone()))
                .collect()
        };
        assert_eq!(keys(at("paths")), ["-", "paths"]);
        assert_eq!(keys(at("/a/")), ["-", "paths", "/a/"]);
        assert_eq!(keys(at("t\n")), ["-", "info"]);
    }
}
