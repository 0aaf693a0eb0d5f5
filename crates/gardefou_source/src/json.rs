//! A strict RFC 8259 JSON parser into the spanned [`Node`] tree.

use crate::issue::{ParseIssue, ParseIssueKind};
use crate::limits::Limits;
use crate::node::{Member, Node, Number, Value};
use crate::span::Span;

pub(crate) struct JsonParser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
    nodes: usize,
    limits: &'a Limits,
    pub(crate) issues: Vec<ParseIssue>,
    /// The members of the objects being parsed, innermost last: each object's are moved into
    /// a vector of their exact number when it closes (no growth, no spare capacity).
    members: Vec<Member>,
    /// The same for arrays' items.
    items: Vec<Node>,
}

type PResult<T> = Result<T, ParseIssue>;

impl<'a> JsonParser<'a> {
    pub(crate) fn new(text: &'a str, limits: &'a Limits) -> Self {
        JsonParser {
            bytes: text.as_bytes(),
            text,
            pos: 0,
            depth: 0,
            nodes: 0,
            limits,
            issues: Vec::new(),
            members: Vec::new(),
            items: Vec::new(),
        }
    }

    pub(crate) fn parse_document(&mut self) -> PResult<Node> {
        self.skip_ws();
        if self.pos >= self.bytes.len() {
            return Err(self.error_here("expected a JSON value, found end of input"));
        }
        let node = self.value()?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return Err(self.error_here(&format!(
                "unexpected {} after the JSON value",
                self.describe_here()
            )));
        }
        Ok(node)
    }

    /// A syntax error at the character that starts at (or contains) byte `at`, spanning it
    /// whole: a span that ends inside a character has no column.
    fn error_at(&self, at: usize, message: &str) -> ParseIssue {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let end = self.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        ParseIssue {
            kind: ParseIssueKind::Syntax,
            message: message.to_string(),
            span: Span::new(at, end),
        }
    }

    fn error_here(&self, message: &str) -> ParseIssue {
        self.error_at(self.pos, message)
    }

    fn describe_here(&self) -> String {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => "end of input".to_string(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn count_node(&mut self) -> PResult<()> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(ParseIssue {
                kind: ParseIssueKind::Limit,
                message: format!("more than {} nodes (limit)", self.limits.max_nodes),
                span: Span::empty(self.pos),
            });
        }
        Ok(())
    }

    fn value(&mut self) -> PResult<Node> {
        self.count_node()?;
        let start = self.pos;
        match self.bytes.get(self.pos) {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node::new(Value::String(s), Span::new(start, self.pos)))
            }
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error_here(&format!(
                "expected a JSON value, found {}",
                self.describe_here()
            ))),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> PResult<Node> {
        let start = self.pos;
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(Node::new(value, Span::new(start, self.pos)))
        } else {
            Err(self.error_here(&format!(
                "expected a JSON value, found {}",
                self.describe_here()
            )))
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(ParseIssue {
                kind: ParseIssueKind::Limit,
                message: format!(
                    "nesting deeper than {} levels (limit)",
                    self.limits.max_depth
                ),
                span: Span::new(self.pos, self.pos + 1),
            });
        }
        Ok(())
    }

    fn object(&mut self) -> PResult<Node> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        let base = self.members.len();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Node::new(
                Value::Object(Vec::new()),
                Span::new(start, self.pos),
            ));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                let msg = if self.bytes.get(self.pos) == Some(&b'}') {
                    "trailing comma before `}` is not allowed in JSON".to_string()
                } else {
                    format!("expected a string key, found {}", self.describe_here())
                };
                return Err(self.error_here(&msg));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = Span::new(key_start, self.pos);
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error_here(&format!(
                    "expected `:` after an object key, found {}",
                    self.describe_here()
                )));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value()?;
            self.members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    return Err(self.error_here(&format!(
                        "expected `,` or `}}` in an object, found {}",
                        self.describe_here()
                    )))
                }
            }
        }
        self.depth -= 1;
        let members: Vec<Member> = self.members.drain(base..).collect();
        crate::issue::report_duplicates(&members, &mut self.issues);
        Ok(Node::new(
            Value::Object(members),
            Span::new(start, self.pos),
        ))
    }

    fn array(&mut self) -> PResult<Node> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        let base = self.items.len();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Node::new(
                Value::Array(Vec::new()),
                Span::new(start, self.pos),
            ));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) == Some(&b']') {
                return Err(self.error_here("trailing comma before `]` is not allowed in JSON"));
            }
            let item = self.value()?;
            self.items.push(item);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    return Err(self.error_here(&format!(
                        "expected `,` or `]` in an array, found {}",
                        self.describe_here()
                    )))
                }
            }
        }
        self.depth -= 1;
        let items: Vec<Node> = self.items.drain(base..).collect();
        Ok(Node::new(Value::Array(items), Span::new(start, self.pos)))
    }

    fn number(&mut self) -> PResult<Node> {
        let start = self.pos;
        let b = self.bytes;
        let mut i = self.pos;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while matches!(b.get(i), Some(b'0'..=b'9')) {
                    i += 1;
                }
            }
            _ => {
                self.pos = i;
                return Err(self.error_here("invalid number: expected a digit"));
            }
        }
        let mut float = false;
        if b.get(i) == Some(&b'.') {
            float = true;
            i += 1;
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                self.pos = i;
                return Err(self.error_here("invalid number: expected a digit after `.`"));
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            float = true;
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                self.pos = i;
                return Err(self.error_here("invalid number: expected a digit in the exponent"));
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        let text = &self.text[start..i];
        self.pos = i;
        let number = if !float {
            match text.parse::<i64>() {
                Ok(v) => Number::Int(v),
                Err(_) => Number::Float(text.parse::<f64>().unwrap_or(f64::INFINITY)),
            }
        } else {
            Number::Float(text.parse::<f64>().unwrap_or(f64::INFINITY))
        };
        Ok(Node::new(Value::Number(number), Span::new(start, i)))
    }

    fn string(&mut self) -> PResult<String> {
        let open = self.pos;
        self.pos += 1;
        let b = self.bytes;
        let mut run = self.pos;
        // Fast path: no escapes.
        while let Some(&c) = b.get(run) {
            if c == b'"' {
                let s = self.text[self.pos..run].to_string();
                self.pos = run + 1;
                return Ok(s);
            }
            if c == b'\\' || c < 0x20 {
                break;
            }
            run += 1;
        }
        let mut out = String::with_capacity(run - self.pos + 16);
        out.push_str(&self.text[self.pos..run]);
        self.pos = run;
        loop {
            let Some(&c) = b.get(self.pos) else {
                return Err(self.error_at(open, "unterminated string"));
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    let esc = b.get(self.pos + 1).copied();
                    self.pos += 2;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let ch = if (0xD800..0xDC00).contains(&hi) {
                                if b.get(self.pos) == Some(&b'\\')
                                    && b.get(self.pos + 1) == Some(&b'u')
                                {
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        char::from_u32(
                                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                                        )
                                    } else {
                                        None
                                    }
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            // Lone surrogates become U+FFFD, as JavaScript engines print them.
                            out.push(ch.unwrap_or('\u{FFFD}'));
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.error_here("invalid escape sequence in string"));
                        }
                    }
                }
                c if c < 0x20 => {
                    return Err(self.error_here(&format!(
                        "control character U+{c:04X} must be escaped in a JSON string"
                    )))
                }
                _ => {
                    let start = self.pos;
                    while let Some(&c) = b.get(self.pos) {
                        if c == b'"' || c == b'\\' || c < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    out.push_str(&self.text[start..self.pos]);
                }
            }
        }
    }

    fn hex4(&mut self) -> PResult<u32> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or("");
        match u32::from_str_radix(digits, 16) {
            Ok(v) if digits.len() == 4 && digits.bytes().all(|c| c.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(v)
            }
            _ => Err(self.error_here("invalid \\u escape: expected four hex digits")),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{parse, Limits, Syntax};

    fn json(text: &str) -> crate::Parsed {
        parse(text, Syntax::Json, &Limits::default())
    }

    #[test]
    fn parses_and_matches_serde_json() {
        let text = r#"{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "x\u00e9\ud83d\ude80\n"}, "big": 123456789012345678901}"#;
        let parsed = json(text);
        assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
        let ours = parsed.root.unwrap().to_json();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours["a"], theirs["a"]);
        assert_eq!(ours["b"], theirs["b"]);
    }

    #[test]
    fn key_spans_point_at_key_text() {
        let text = "{\n  \"paths\": {\"/a\": {}}\n}";
        let root = json(text).root.unwrap();
        let m = root.member("paths").unwrap();
        assert_eq!(&text[m.key_span.range()], "\"paths\"");
        assert_eq!(&text[m.value.span.range()], "{\"/a\": {}}");
    }

    /// Found by the `json` fuzz target: the span of an unexpected non-ASCII character ended
    /// inside it (one byte long), so it had no end column.
    #[test]
    fn an_unexpected_character_is_spanned_whole() {
        for (text, bad) in [
            ("{\"a\": 1, é}", "é"),
            ("\u{ffff}", "\u{ffff}"),
            ("[1 🚀]", "🚀"),
        ] {
            let parsed = json(text);
            let issue = parsed.issues.iter().find(|i| i.kind.is_fatal()).unwrap();
            assert_eq!(&text[issue.span.range()], bad, "{text}: {issue:?}");
        }
    }

    #[test]
    fn errors_have_positions() {
        let parsed = json(r#"{"a": 1,}"#);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.issues[0].span.start, 8);
        assert!(parsed.issues[0].message.contains("trailing comma"));
        let nul = json("{\"a\": \"x\u{0}\"}");
        assert!(nul.issues[0].message.contains("U+0000"));
    }

    #[test]
    fn deep_nesting_is_a_limit_not_a_crash() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let parsed = json(&text);
        assert!(parsed.root.is_none());
        assert!(parsed.issues[0].message.contains("nesting"));
    }

    #[test]
    fn duplicate_keys_are_reported_not_fatal() {
        let parsed = json(r#"{"a": 1, "a": 2}"#);
        assert_eq!(parsed.root.unwrap().get("a").unwrap().as_f64(), Some(2.0));
        assert_eq!(parsed.issues.len(), 1);
        assert!(parsed.issues[0].message.contains("duplicate key"));
    }
}
