//! Writing a tree as YAML or JSON text that reads back to the same tree, in gardefou and in
//! YAML 1.1 readers alike (the Java gateways' SnakeYAML reads `on`, `no` and `0777` as a
//! boolean and a number): a string is written plain only when no reader can take it for
//! anything else, else quoted; multi-line text as a literal block when it can be one.

use std::fmt::Write as _;

use gardefou_source::{Node, Number, PathSeg, Value};

/// A value that JSON cannot hold (a YAML `.nan` or `.inf`).
#[derive(Debug, thiserror::Error)]
#[error("the document holds a number JSON cannot write ({0}); write it as YAML")]
pub struct NotJson(pub String);

/// `#` and the JSON pointer of a path, percent-encoded where a URI fragment needs it: the
/// `$ref` to that place.
pub fn pointer_ref(path: &[PathSeg]) -> String {
    let pointer = crate::pointer(path);
    let mut out = String::with_capacity(pointer.len() + 1);
    out.push('#');
    for c in pointer.chars() {
        let keep = c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c);
        if keep {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The tree as JSON, indented by two spaces, with a final newline.
pub fn to_json(node: &Node) -> Result<String, NotJson> {
    let mut out = String::new();
    json(node, 0, &mut out)?;
    out.push('\n');
    Ok(out)
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn json(node: &Node, level: usize, out: &mut String) -> Result<(), NotJson> {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(Number::Int(i)) => {
            let _ = write!(out, "{i}");
        }
        Value::Number(Number::Float(f)) => match serde_json::Number::from_f64(*f) {
            Some(n) => {
                let _ = write!(out, "{n}");
            }
            None => return Err(NotJson(f.to_string())),
        },
        Value::String(s) => json_string(s, out),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, level + 2);
                json(item, level + 2, out)?;
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(out, level);
            out.push(']');
        }
        Value::Object(members) if members.is_empty() => out.push_str("{}"),
        Value::Object(members) => {
            out.push_str("{\n");
            for (i, m) in members.iter().enumerate() {
                indent(out, level + 2);
                json_string(&m.key, out);
                out.push_str(": ");
                json(&m.value, level + 2, out)?;
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            indent(out, level);
            out.push('}');
        }
    }
    Ok(())
}

fn json_string(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

/// The tree as block YAML, indented by two spaces, with a final newline.
pub fn to_yaml(node: &Node) -> String {
    let mut out = String::new();
    match &node.value {
        Value::Object(m) if !m.is_empty() => yaml_members(m, 0, &mut out),
        Value::Array(a) if !a.is_empty() => yaml_items(a, 0, &mut out),
        _ => {
            // Indented, so that a literal block's lines cannot read as `---` or `...`.
            yaml_scalar(node, 2, &mut out);
            out.push('\n');
        }
    }
    out
}

fn is_block(node: &Node) -> bool {
    match &node.value {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => false,
    }
}

fn yaml_members(members: &[gardefou_source::Member], level: usize, out: &mut String) {
    for (i, m) in members.iter().enumerate() {
        // The first member of an item (`- key: …`) follows the dash on its line.
        if i > 0 || !out.ends_with("- ") {
            indent(out, level);
        }
        yaml_key(&m.key, out);
        out.push(':');
        yaml_value(&m.value, level + 2, out);
    }
}

fn yaml_items(items: &[Node], level: usize, out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            indent(out, level);
        }
        out.push('-');
        match &item.value {
            Value::Object(m) if !m.is_empty() => {
                out.push(' ');
                yaml_members(m, level + 2, out);
            }
            _ => yaml_value(item, level + 2, out),
        }
    }
}

/// A value after `key:` or `-`: on the next lines for a non-empty collection, else on this one.
fn yaml_value(node: &Node, level: usize, out: &mut String) {
    if is_block(node) {
        out.push('\n');
        match &node.value {
            Value::Object(m) => yaml_members(m, level, out),
            Value::Array(a) => yaml_items(a, level, out),
            _ => unreachable!("a block is a collection"),
        }
    } else {
        out.push(' ');
        yaml_scalar(node, level, out);
        out.push('\n');
    }
}

fn yaml_scalar(node: &Node, level: usize, out: &mut String) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(Number::Int(i)) => {
            let _ = write!(out, "{i}");
        }
        Value::Number(Number::Float(f)) => out.push_str(&yaml_float(*f)),
        Value::String(s) => yaml_string(s, level, out),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A float both YAML 1.2 and YAML 1.1 read as one: with a `.` and a signed exponent.
fn yaml_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let text = serde_json::Number::from_f64(f).map_or_else(|| f.to_string(), |n| n.to_string());
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m.to_string(), Some(e.to_string())),
        None => (text, None),
    };
    let mantissa = match mantissa.contains('.') {
        true => mantissa,
        false => format!("{mantissa}.0"),
    };
    match exponent {
        None => mantissa,
        Some(e) if e.starts_with(['-', '+']) => format!("{mantissa}e{e}"),
        Some(e) => format!("{mantissa}e+{e}"),
    }
}

fn yaml_key(key: &str, out: &mut String) {
    if plain_ok(key) {
        out.push_str(key);
    } else {
        double_quoted(key, out);
    }
}

fn yaml_string(s: &str, level: usize, out: &mut String) {
    if plain_ok(s) {
        out.push_str(s);
    } else if literal_ok(s) {
        literal(s, level, out);
    } else {
        double_quoted(s, out);
    }
}

/// Characters that must be escaped in double quotes, and that rule out plain and literal
/// styles: controls, and what YAML 1.1 or 1.2 reads as a line break or a byte-order mark.
fn special(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Whether a string may be written plain: it starts with a letter, `/`, `_` or `$`, holds
/// nothing that ends or comments a plain scalar, and is no YAML 1.1 or 1.2 boolean or null.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_alphabetic() || matches!(first, '/' | '_' | '$')) {
        return false;
    }
    if s.ends_with([' ', ':']) || s.contains(": ") || s.contains(" #") {
        return false;
    }
    if s.chars().any(|c| special(c) || c == '\t') {
        return false;
    }
    const WORDS: [&str; 10] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan",
    ];
    !WORDS.contains(&s.to_ascii_lowercase().as_str())
}

/// Whether a multi-line string may be a literal block (`|`): printable, no carriage return,
/// and a first line that starts with a visible character (its indentation is then the
/// block's; spaces at the end of lines are content, kept as they are).
fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s
            .chars()
            .any(|c| (special(c) && c != '\n' && c != '\t') || c == '\r')
}

fn literal(s: &str, level: usize, out: &mut String) {
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    out.push_str(match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    });
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            indent(out, level);
            out.push_str(line);
        }
    }
    // `|+` keeps the empty lines that end the text.
    for _ in 1..trailing {
        out.push('\n');
    }
}

fn double_quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if special(c) => {
                let n = c as u32;
                let _ = match n {
                    0..=0xff => write!(out, "\\x{n:02x}"),
                    _ => write!(out, "\\u{n:04x}"),
                };
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
