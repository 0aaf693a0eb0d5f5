//! Parsing JSONPath-Plus expressions.

use super::expr::{parse_expr, Expr};

/// A parsed path: `$` followed by segments.
#[derive(Debug, Clone)]
pub struct JsonPath {
    /// The path as written.
    pub source: String,
    /// Its segments after `$`.
    pub segments: Vec<Segment>,
    /// The source text of each segment (paths that share a prefix share its evaluation).
    pub segment_keys: Vec<String>,
}

/// One step of a path.
#[derive(Debug, Clone)]
pub enum Segment {
    /// `.sel` or `[sel]`: applies to the current nodes.
    Child(Vec<Selector>),
    /// `..sel`: applies to the current nodes and all their descendants.
    Descendant(Vec<Selector>),
    /// `^`: the parent of each current node.
    Parent,
    /// `~`: the property name (key or index) of each current node.
    PropertyName,
}

/// What a child or descendant segment selects.
#[derive(Debug, Clone)]
pub enum Selector {
    /// A member name; on arrays, a name that is a number selects that index.
    Name(String),
    /// `*`: every member or item.
    Wildcard,
    /// An integer index (negative from the end); on objects, the member with that name.
    Index(i64),
    /// `[start:end:step]`.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// A filter, with what is known of it before running it.
    Filter(Box<Expr>, FilterHints),
}

/// Facts about a filter expression, worked out once at parse time.
#[derive(Debug, Clone)]
pub struct FilterHints {
    /// The filter can only hold for objects (it reads a member of `@` that other values lack),
    /// so other values are skipped without running it.
    pub needs_object: bool,
    /// The filter reads `@path` (built only then).
    pub uses_path: bool,
    /// The filter can only hold for objects with at least one of these members
    /// ([`Expr::required_keys`]): others are skipped without running it.
    pub keys: Option<Box<[String]>>,
}

/// A path that does not parse, and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid JSONPath `{path}` at character {at}: {message}")]
pub struct PathError {
    /// The path.
    pub path: String,
    /// The character position of the problem.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

struct P<'s> {
    src: &'s str,
    b: &'s [u8],
    i: usize,
}

/// Characters that end a dotted member name.
fn ends_name(c: u8) -> bool {
    matches!(
        c,
        b'.' | b'[' | b'^' | b'~' | b'(' | b')' | b' ' | b']' | b','
    )
}

/// Parses a JSONPath-Plus path as Spectral's rulesets write it (`$.paths[*][get,put]`, filters, `^`, `~`).
pub fn parse_path(src: &str) -> Result<JsonPath, PathError> {
    let mut p = P {
        src,
        b: src.as_bytes(),
        i: 0,
    };
    let (segments, segment_keys) = p.path()?;
    Ok(JsonPath {
        source: src.to_string(),
        segments,
        segment_keys,
    })
}

impl<'s> P<'s> {
    fn err<T>(&self, message: impl Into<String>) -> Result<T, PathError> {
        Err(PathError {
            path: self.src.to_string(),
            at: self.i,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn path(&mut self) -> Result<(Vec<Segment>, Vec<String>), PathError> {
        let mut segs = Vec::new();
        let mut keys = Vec::new();
        let t = self.src.trim();
        if !t.starts_with('$') {
            return self.err("a path must start with `$`");
        }
        self.i = self.src.find('$').unwrap_or(0) + 1;
        while self.i < self.b.len() {
            let (start, before) = (self.i, segs.len());
            match self.b[self.i] {
                b'.' if self.b.get(self.i + 1) == Some(&b'.') => {
                    self.i += 2;
                    let sel = match self.peek() {
                        Some(b'[') => self.bracket()?,
                        Some(b'*') => {
                            self.i += 1;
                            vec![Selector::Wildcard]
                        }
                        Some(b'?') if self.after_ws(self.i + 1) == Some(b'(') => {
                            vec![self.filter()?]
                        }
                        _ => vec![self.name()?],
                    };
                    segs.push(Segment::Descendant(sel));
                }
                b'.' => {
                    self.i += 1;
                    match self.peek() {
                        None => {} // `$.` is the root
                        Some(b'*') => {
                            self.i += 1;
                            segs.push(Segment::Child(vec![Selector::Wildcard]));
                        }
                        Some(b'[') => {
                            let sel = self.bracket()?;
                            segs.push(Segment::Child(sel));
                        }
                        Some(b'?') if self.after_ws(self.i + 1) == Some(b'(') => {
                            let f = self.filter()?;
                            segs.push(Segment::Child(vec![f]));
                        }
                        _ => {
                            let n = self.name()?;
                            segs.push(Segment::Child(vec![n]));
                        }
                    }
                }
                b'[' => {
                    let sel = self.bracket()?;
                    segs.push(Segment::Child(sel));
                }
                b'^' => {
                    self.i += 1;
                    segs.push(Segment::Parent);
                }
                b'~' => {
                    self.i += 1;
                    segs.push(Segment::PropertyName);
                }
                b' ' | b'\t' | b'\n' => self.i += 1,
                _ => {
                    return self.err(format!(
                        "unexpected `{}`",
                        self.src[self.i..].chars().next().unwrap_or(' ')
                    ))
                }
            }
            if segs.len() > before {
                keys.push(self.src[start..self.i].trim().to_string());
            }
        }
        Ok((segs, keys))
    }

    /// The first byte at or after `i` that is not a space.
    fn after_ws(&self, mut i: usize) -> Option<u8> {
        while self.b.get(i).is_some_and(|c| *c == b' ') {
            i += 1;
        }
        self.b.get(i).copied()
    }

    fn name(&mut self) -> Result<Selector, PathError> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if ends_name(c) {
                break;
            }
            self.i += 1;
        }
        if self.i == start {
            return self.err("expected a member name");
        }
        Ok(Selector::Name(self.src[start..self.i].to_string()))
    }

    /// A filter `?(expr)`, at its `?` (inside brackets, or bare after `.`/`..` as
    /// jsonpath-plus also reads it: `$..?(@property === 'x')`).
    fn filter(&mut self) -> Result<Selector, PathError> {
        self.i += 1; // ?
        self.ws();
        if self.peek() != Some(b'(') {
            return self.err("expected `(` after `?`");
        }
        let close = self.matching_paren(self.i)?;
        let body = &self.src[self.i + 1..close];
        let expr = parse_expr(body).map_err(|(at, message)| PathError {
            path: self.src.to_string(),
            at: self.i + 1 + at,
            message,
        })?;
        self.i = close + 1;
        let hints = FilterHints {
            needs_object: expr.needs_object(),
            uses_path: expr.uses_path(),
            keys: expr.required_keys().map(Vec::into_boxed_slice),
        };
        Ok(Selector::Filter(Box::new(expr), hints))
    }

    fn bracket(&mut self) -> Result<Vec<Selector>, PathError> {
        self.i += 1; // [
        self.ws();
        if self.peek() == Some(b'?') {
            let filter = self.filter()?;
            self.ws();
            if self.peek() != Some(b']') {
                return self.err("expected `]` after a filter");
            }
            self.i += 1;
            return Ok(vec![filter]);
        }
        let mut items = Vec::new();
        loop {
            self.ws();
            let item = match self.peek() {
                Some(b'*') => {
                    self.i += 1;
                    Selector::Wildcard
                }
                Some(q @ (b'\'' | b'"')) => Selector::Name(self.quoted(q)?),
                Some(c) if c == b'-' || c.is_ascii_digit() || c == b':' => self.index_or_slice()?,
                Some(_) => {
                    let start = self.i;
                    while let Some(c) = self.peek() {
                        if c == b',' || c == b']' {
                            break;
                        }
                        self.i += 1;
                    }
                    let name = self.src[start..self.i].trim();
                    if name.is_empty() {
                        return self.err("empty member name");
                    }
                    Selector::Name(name.to_string())
                }
                None => return self.err("unterminated `[`"),
            };
            items.push(item);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    break;
                }
                _ => return self.err("expected `,` or `]`"),
            }
        }
        Ok(items)
    }

    fn index_or_slice(&mut self) -> Result<Selector, PathError> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c == b',' || c == b']' {
                break;
            }
            self.i += 1;
        }
        let text = self.src[start..self.i].trim();
        let num = |s: &str| -> Result<Option<i64>, PathError> {
            let s = s.trim();
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse::<i64>().map(Some).map_err(|_| PathError {
                    path: self.src.to_string(),
                    at: start,
                    message: format!("`{s}` is not an integer"),
                })
            }
        };
        if text.contains(':') {
            let parts: Vec<&str> = text.split(':').collect();
            if parts.len() > 3 {
                return self.err("a slice has at most three parts");
            }
            return Ok(Selector::Slice(
                num(parts[0])?,
                num(parts.get(1).copied().unwrap_or(""))?,
                num(parts.get(2).copied().unwrap_or(""))?,
            ));
        }
        match text.parse::<i64>() {
            Ok(i) => Ok(Selector::Index(i)),
            // Names that start with a digit (`200x`) are names.
            Err(_) => Ok(Selector::Name(text.to_string())),
        }
    }

    fn quoted(&mut self, q: u8) -> Result<String, PathError> {
        self.i += 1;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == q {
                self.i += 1;
                return Ok(out);
            }
            if c == b'\\' {
                if let Some(n) = self.src[self.i + 1..].chars().next() {
                    out.push(n);
                    self.i += 1 + n.len_utf8();
                    continue;
                }
            }
            let ch = self.src[self.i..].chars().next().unwrap_or(' ');
            out.push(ch);
            self.i += ch.len_utf8();
        }
        self.err("unterminated string")
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n')) {
            self.i += 1;
        }
    }

    /// Index of the `)` matching the `(` at `open`, skipping strings and regex literals.
    fn matching_paren(&self, open: usize) -> Result<usize, PathError> {
        let mut depth = 0;
        let mut i = open;
        let b = self.b;
        let mut prev_significant = b'(';
        while i < b.len() {
            let c = b[i];
            match c {
                b'\'' | b'"' => {
                    i += 1;
                    while i < b.len() && b[i] != c {
                        if b[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
                b'/' if matches!(
                    prev_significant,
                    b'(' | b',' | b'=' | b'!' | b'&' | b'|' | b'~'
                ) =>
                {
                    // A regex literal.
                    i += 1;
                    let mut class = false;
                    while i < b.len() {
                        match b[i] {
                            b'\\' => i += 1,
                            b'[' => class = true,
                            b']' => class = false,
                            b'/' if !class => break,
                            _ => {}
                        }
                        i += 1;
                    }
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(i);
                    }
                }
                _ => {}
            }
            if !c.is_ascii_whitespace() {
                prev_significant = c;
            }
            i += 1;
        }
        Err(PathError {
            path: self.src.to_string(),
            at: open,
            message: "unbalanced `(`".into(),
        })
    }
}
