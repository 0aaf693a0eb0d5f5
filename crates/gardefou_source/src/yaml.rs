//! YAML 1.2 into the spanned [`Node`] tree: `saphyr-parser` events, our own builder.
//!
//! Scalars resolve with the YAML 1.2 core schema (as Spectral's parser does: `on: yes` stays a
//! string, `0755` is the integer 755). Aliases are expanded against a node budget; duplicate keys
//! are reported; depth is limited.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use crate::issue::{report_duplicates, ParseIssue, ParseIssueKind};
use crate::limits::Limits;
use crate::node::{Member, Node, Number, Value};
use crate::span::Span;

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        members: Vec<Member>,
        key: Option<(String, Span)>,
    },
}

/// Converts saphyr's character indices to byte offsets with a moving cursor (events arrive
/// almost in order, so each conversion is a short walk).
struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl CharToByte<'_> {
    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        while self.chars < char_index && self.bytes < self.text.len() {
            let c = self.text[self.bytes..].chars().next().unwrap_or('\0');
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        while self.chars > char_index {
            let c = self.text[..self.bytes].chars().next_back().unwrap_or('\0');
            self.bytes -= c.len_utf8();
            self.chars -= 1;
        }
        self.bytes
    }
}

struct Builder<'a> {
    limits: &'a Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    alias_nodes: usize,
    root: Option<Node>,
    issues: Vec<ParseIssue>,
}

pub(crate) fn parse_yaml(text: &str, limits: &Limits) -> (Option<Node>, Vec<ParseIssue>) {
    let mut conv = CharToByte {
        text,
        ascii: text.is_ascii(),
        chars: 0,
        bytes: 0,
    };
    let mut b = Builder {
        limits,
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        alias_nodes: 0,
        root: None,
        issues: Vec::new(),
    };
    let mut documents = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(x) => x,
            Err(e) => return b.fail(syntax_error(&e, &mut conv)),
        };
        let start = conv.byte(span.start.index());
        let end = conv.byte(span.end.index());
        let span = Span::new(start, end);
        let res = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    b.issues.push(ParseIssue {
                        kind: ParseIssueKind::Warning,
                        message:
                            "the stream has more than one YAML document; only the first is read"
                                .into(),
                        span,
                    });
                    break;
                }
                Ok(())
            }
            Event::Scalar(v, style, anchor, tag) => {
                b.scalar(&v, style, anchor, tag.as_deref(), span)
            }
            Event::SequenceStart(anchor, _) => b.open(
                Frame::Seq {
                    start: span.start as usize,
                    anchor,
                    items: Vec::new(),
                },
                span,
            ),
            Event::MappingStart(anchor, _) => b.open(
                Frame::Map {
                    start: span.start as usize,
                    anchor,
                    members: Vec::new(),
                    key: None,
                },
                span,
            ),
            Event::SequenceEnd | Event::MappingEnd => b.close(span),
            Event::Alias(id) => b.alias(id, span),
            _ => Ok(()),
        };
        if let Err(issue) = res {
            return b.fail(issue);
        }
    }
    (b.root, b.issues)
}

fn syntax_error(e: &ScanError, conv: &mut CharToByte<'_>) -> ParseIssue {
    let at = conv.byte(e.marker().index());
    ParseIssue {
        kind: ParseIssueKind::Syntax,
        message: e.info().to_string(),
        span: Span::new(at, at),
    }
}

impl Builder<'_> {
    fn fail(mut self, issue: ParseIssue) -> (Option<Node>, Vec<ParseIssue>) {
        self.issues.push(issue);
        (None, self.issues)
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), ParseIssue> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(ParseIssue {
                kind: ParseIssueKind::Limit,
                message: format!("more than {} nodes (limit)", self.limits.max_nodes),
                span,
            });
        }
        Ok(())
    }

    fn waiting_for_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn scalar(
        &mut self,
        v: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(), ParseIssue> {
        self.count(1, span)?;
        if self.waiting_for_key() && anchor == 0 {
            if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                *key = Some((v.to_string(), span));
            }
            return Ok(());
        }
        let value = resolve_scalar(v, style, tag);
        self.push(Node::new(value, span), anchor)
    }

    fn open(&mut self, frame: Frame, span: Span) -> Result<(), ParseIssue> {
        self.count(1, span)?;
        if self.stack.len() >= self.limits.max_depth {
            return Err(ParseIssue {
                kind: ParseIssueKind::Limit,
                message: format!(
                    "nesting deeper than {} levels (limit)",
                    self.limits.max_depth
                ),
                span,
            });
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self, span: Span) -> Result<(), ParseIssue> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (node, anchor) = match frame {
            Frame::Seq {
                start,
                anchor,
                items,
            } => (
                Node::new(Value::Array(items), Span::new(start, span.end as usize)),
                anchor,
            ),
            Frame::Map {
                start,
                anchor,
                members,
                ..
            } => {
                report_duplicates(&members, &mut self.issues);
                (
                    Node::new(Value::Object(members), Span::new(start, span.end as usize)),
                    anchor,
                )
            }
        };
        self.push(node, anchor)
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), ParseIssue> {
        let Some((node, size)) = self.anchors.get(&id) else {
            return Err(ParseIssue {
                kind: ParseIssueKind::Syntax,
                message: "alias to an unknown anchor".into(),
                span,
            });
        };
        let size = *size;
        self.alias_nodes += size;
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(ParseIssue {
                kind: ParseIssueKind::Limit,
                message: format!(
                    "YAML aliases expand to more than {} nodes (limit; an alias bomb?)",
                    self.limits.max_alias_nodes
                ),
                span,
            });
        }
        let mut copy = node.clone();
        // The copy stands where the alias is written.
        copy.span = span;
        self.count(size, span)?;
        if self.waiting_for_key() {
            let key = match &copy.value {
                Value::String(s) => s.clone(),
                _ => copy.to_json().to_string(),
            };
            if let Some(Frame::Map { key: k, .. }) = self.stack.last_mut() {
                *k = Some((key, span));
            }
            return Ok(());
        }
        self.push(copy, 0)
    }

    fn push(&mut self, node: Node, anchor: usize) -> Result<(), ParseIssue> {
        if anchor != 0 {
            let size = node.count();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { members, key, .. }) => match key.take() {
                Some((key, key_span)) => members.push(Member {
                    key,
                    key_span,
                    value: node,
                }),
                None => {
                    // A complex (non-scalar) key: keep it as its JSON text.
                    let text = match &node.value {
                        Value::String(s) => s.clone(),
                        Value::Null => "null".to_string(),
                        _ => node.to_json().to_string(),
                    };
                    *key = Some((text, node.span));
                }
            },
        }
        Ok(())
    }
}

/// YAML 1.2 core schema resolution of a scalar.
fn resolve_scalar(v: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.is_yaml_core_schema() {
            match tag.suffix.as_str() {
                "str" | "binary" | "timestamp" => return Value::String(v.to_string()),
                "null" => return Value::Null,
                "bool" | "int" | "float" => {
                    if let Some(value) = resolve_plain(v) {
                        return value;
                    }
                    return Value::String(v.to_string());
                }
                _ => {}
            }
        } else if tag.handle == "!" && tag.suffix.is_empty() {
            // The non-specific tag `!` forces a string.
            return Value::String(v.to_string());
        }
    }
    if style != ScalarStyle::Plain {
        return Value::String(v.to_string());
    }
    resolve_plain(v).unwrap_or_else(|| Value::String(v.to_string()))
}

fn resolve_plain(v: &str) -> Option<Value> {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Value::Number(Number::Float(f64::INFINITY)))
        }
        "-.inf" | "-.Inf" | "-.INF" => {
            return Some(Value::Number(Number::Float(f64::NEG_INFINITY)))
        }
        ".nan" | ".NaN" | ".NAN" => return Some(Value::Number(Number::Float(f64::NAN))),
        _ => {}
    }
    let first = v.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(hex) = v.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Some(int_or_float(i64::from_str_radix(hex, 16).ok(), v));
        }
        return None;
    }
    if let Some(oct) = v.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c)) {
            return Some(int_or_float(i64::from_str_radix(oct, 8).ok(), v));
        }
        return None;
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
        return Some(int_or_float(v.parse::<i64>().ok(), v));
    }
    if is_core_float(digits) {
        return v
            .parse::<f64>()
            .ok()
            .map(|f| Value::Number(Number::Float(f)));
    }
    None
}

fn int_or_float(i: Option<i64>, text: &str) -> Value {
    match i {
        Some(i) => Value::Number(Number::Int(i)),
        None => Value::Number(Number::Float(
            text.trim_start_matches('+')
                .parse::<f64>()
                .unwrap_or(f64::INFINITY),
        )),
    }
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (sign already removed).
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
        if int_digits == 0 && frac_digits == 0 {
            return false;
        }
    } else if int_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use crate::{parse, Limits, Number, ParseIssueKind, Syntax, Value};

    fn yaml(text: &str) -> crate::Parsed {
        parse(text, Syntax::Yaml, &Limits::default())
    }

    #[test]
    fn core_schema_scalars() {
        let root = yaml("a: yes\nb: 0755\nc: 0x1F\nd: 1.5e3\ne: ~\nf: '12'\ng: true\nh: .inf\ni: 1_000\nj: 2024-01-01\n")
            .root
            .unwrap();
        assert_eq!(root.get_str("a"), Some("yes"));
        assert_eq!(
            root.get("b").unwrap().value,
            Value::Number(Number::Int(755))
        );
        assert_eq!(root.get("c").unwrap().value, Value::Number(Number::Int(31)));
        assert_eq!(root.get("d").unwrap().as_f64(), Some(1500.0));
        assert_eq!(root.get("e").unwrap().value, Value::Null);
        assert_eq!(root.get_str("f"), Some("12"));
        assert_eq!(root.get("g").unwrap().as_bool(), Some(true));
        assert_eq!(root.get("h").unwrap().as_f64(), Some(f64::INFINITY));
        assert_eq!(root.get_str("i"), Some("1_000"));
        assert_eq!(root.get_str("j"), Some("2024-01-01"));
    }

    #[test]
    fn numeric_keys_stay_strings_and_spans_are_bytes() {
        let text = "é: 1\nresponses:\n  200: {description: ok}\n";
        let root = yaml(text).root.unwrap();
        let responses = root.get("responses").unwrap();
        let m = responses.member("200").unwrap();
        assert_eq!(&text[m.key_span.range()], "200");
        assert_eq!(&text[m.value.span.range()], "{description: ok}");
    }

    #[test]
    fn anchors_expand_and_bombs_stop() {
        let root = yaml("a: &x {k: v}\nb: *x\n").root.unwrap();
        assert_eq!(root.get("b").unwrap().get_str("k"), Some("v"));
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='j' {
            bomb += &format!("{c}: &{c} [{}]\n", vec![format!("*{prev}"); 9].join(", "));
            prev = c;
        }
        let parsed = yaml(&bomb);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.issues.last().unwrap().kind, ParseIssueKind::Limit);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let text = "openapi: 3.0.0\ninfo:\n\ttitle: t\n";
        let parsed = yaml(text);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.issues[0].kind, ParseIssueKind::Syntax);
    }

    #[test]
    fn duplicate_keys_keep_the_last() {
        let parsed = yaml("paths:\n  /a: 1\n  /a: 2\n");
        assert_eq!(parsed.issues.len(), 1);
        let root = parsed.root.unwrap();
        assert_eq!(
            root.get("paths").unwrap().get("/a").unwrap().as_f64(),
            Some(2.0)
        );
    }
}
