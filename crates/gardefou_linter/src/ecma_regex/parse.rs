//! The parser of ECMAScript pattern syntax (Annex B included) into the pattern tree.

use regex_syntax::hir::{Class, ClassUnicode, HirKind};

use super::sets::{add_units, close_case, complement, set_of, word_set, DIGITS, SPACE};
use super::tree::{Node, Tree};

// ------------------------------------------------------------------ the parser

pub(super) struct Parser {
    /// The pattern: code points with `u`, UTF-16 code units without.
    units: Vec<u32>,
    pos: usize,
    unicode: bool,
    ignore_case: bool,
    dot_all: bool,
    groups: usize,
    names: Vec<String>,
    /// Index of each capturing group's name (or `None`), in order.
    group_names: Vec<Option<String>>,
}

type PResult<T> = Result<T, String>;

/// A class atom: one unit or a set (`\d`, `\p{…}`).
enum ClassAtom {
    Unit(u32),
    Set(ClassUnicode),
}

fn is_syntax_char(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some('^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|')
    )
}

impl Parser {
    pub(super) fn parse(pattern: &str, flags: &str) -> PResult<Tree> {
        let unicode = flags.contains('u');
        let units: Vec<u32> = if unicode {
            pattern.chars().map(|c| c as u32).collect()
        } else {
            pattern.encode_utf16().map(u32::from).collect()
        };
        let mut p = Parser {
            units,
            pos: 0,
            unicode,
            ignore_case: flags.contains('i'),
            dot_all: flags.contains('s'),
            groups: 0,
            names: vec![],
            group_names: vec![],
        };
        p.count_groups();
        let root = p.disjunction()?;
        if p.pos < p.units.len() {
            return Err(format!("unexpected `{}`", p.peek_char()));
        }
        Ok(Tree {
            root,
            unicode,
            ignore_case: p.ignore_case,
            multiline: flags.contains('m'),
        })
    }

    /// Counts capturing groups and collects their names (a `\N` is a backreference only up to
    /// the number of groups of the whole pattern).
    fn count_groups(&mut self) {
        let u = &self.units;
        let mut i = 0;
        let mut in_class = false;
        while i < u.len() {
            match char::from_u32(u[i]) {
                Some('\\') => i += 1,
                Some('[') => in_class = true,
                Some(']') => in_class = false,
                Some('(') if !in_class => {
                    if u.get(i + 1) != Some(&('?' as u32)) {
                        self.group_names.push(None);
                    } else if u.get(i + 2) == Some(&('<' as u32))
                        && !matches!(
                            u.get(i + 3).and_then(|&c| char::from_u32(c)),
                            Some('=' | '!')
                        )
                    {
                        let name: String = u[i + 3..]
                            .iter()
                            .take_while(|&&c| c != '>' as u32)
                            .filter_map(|&c| char::from_u32(c))
                            .collect();
                        self.names.push(name.clone());
                        self.group_names.push(Some(name));
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.groups = self.group_names.len();
    }

    fn peek(&self) -> Option<u32> {
        self.units.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u32> {
        self.units.get(self.pos + k).copied()
    }

    fn peek_char(&self) -> char {
        self.peek()
            .and_then(char::from_u32)
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    }

    fn is(&self, c: char) -> bool {
        self.peek() == Some(c as u32)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.is(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if s.chars()
            .enumerate()
            .all(|(k, c)| self.peek_at(k) == Some(c as u32))
        {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn literal(&self, unit: u32) -> Node {
        let mut set = set_of(&[(unit, unit)], self.unicode);
        if self.ignore_case {
            close_case(&mut set, self.unicode);
        }
        Node::Set(set)
    }

    fn class_node(&self, mut set: ClassUnicode) -> Node {
        if self.ignore_case {
            close_case(&mut set, self.unicode);
        }
        Node::Set(set)
    }

    fn disjunction(&mut self) -> PResult<Node> {
        let mut alts = vec![self.alternative()?];
        while self.eat('|') {
            alts.push(self.alternative()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().expect("one")
        } else {
            Node::Alt(alts)
        })
    }

    fn alternative(&mut self) -> PResult<Node> {
        let mut items = vec![];
        while let Some(c) = self.peek() {
            if c == '|' as u32 || c == ')' as u32 {
                break;
            }
            items.push(self.term()?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().expect("one"),
            _ => Node::Concat(items),
        })
    }

    fn term(&mut self) -> PResult<Node> {
        let (atom, quantifiable) = self.atom()?;
        let Some((min, max)) = self.quantifier()? else {
            return Ok(atom);
        };
        if !quantifiable {
            return Err("nothing to repeat".into());
        }
        let greedy = !self.eat('?');
        Ok(Node::Repeat {
            body: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    /// `{n}`, `{n,}` or `{n,m}` at the position, without consuming it.
    fn braced_quantifier(&self) -> Option<(u32, Option<u32>, usize)> {
        let mut k = 0;
        if self.peek_at(k) != Some('{' as u32) {
            return None;
        }
        k += 1;
        let digits = |k: &mut usize| -> Option<u32> {
            let start = *k;
            let mut v: u64 = 0;
            while let Some(d) = self
                .peek_at(*k)
                .and_then(char::from_u32)
                .and_then(|c| c.to_digit(10))
            {
                v = (v * 10 + u64::from(d)).min(u64::from(u32::MAX));
                *k += 1;
            }
            (*k > start).then_some(v as u32)
        };
        let min = digits(&mut k)?;
        let max = if self.peek_at(k) == Some(',' as u32) {
            k += 1;
            if self.peek_at(k) == Some('}' as u32) {
                None
            } else {
                Some(digits(&mut k)?)
            }
        } else {
            Some(min)
        };
        (self.peek_at(k) == Some('}' as u32)).then_some((min, max, k + 1))
    }

    fn quantifier(&mut self) -> PResult<Option<(u32, Option<u32>)>> {
        Ok(Some(match self.peek().and_then(char::from_u32) {
            Some('*') => {
                self.pos += 1;
                (0, None)
            }
            Some('+') => {
                self.pos += 1;
                (1, None)
            }
            Some('?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some('{') => match self.braced_quantifier() {
                Some((min, max, len)) => {
                    if max.is_some_and(|m| m < min) {
                        return Err("numbers out of order in {} quantifier".into());
                    }
                    self.pos += len;
                    (min, max)
                }
                None => return Ok(None),
            },
            _ => return Ok(None),
        }))
    }

    /// An atom or assertion, and whether a quantifier may follow it.
    fn atom(&mut self) -> PResult<(Node, bool)> {
        let c = self.peek().expect("caller checked");
        let ch = char::from_u32(c);
        match ch {
            Some('^') => {
                self.pos += 1;
                Ok((Node::Start, false))
            }
            Some('$') => {
                self.pos += 1;
                Ok((Node::End, false))
            }
            Some('\\') if matches!(self.peek_at(1).and_then(char::from_u32), Some('b' | 'B')) => {
                let negated = self.peek_at(1) == Some('B' as u32);
                self.pos += 2;
                Ok((Node::WordBoundary(negated), false))
            }
            Some('(') => self.group(),
            Some('.') => {
                self.pos += 1;
                let set = if self.dot_all {
                    set_of(&[(0, 0x10_FFFF)], self.unicode)
                } else {
                    complement(&set_of(
                        &[(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)],
                        self.unicode,
                    ))
                };
                Ok((Node::Set(set), true))
            }
            Some('[') => {
                self.pos += 1;
                Ok((self.class()?, true))
            }
            Some('\\') => {
                self.pos += 1;
                Ok((self.atom_escape()?, true))
            }
            Some('*' | '+' | '?') => Err("nothing to repeat".into()),
            Some('{') if self.unicode || self.braced_quantifier().is_some() => {
                Err("nothing to repeat".into())
            }
            Some(')') => Err("unmatched `)`".into()),
            _ => {
                self.pos += 1;
                Ok((self.literal(c), true))
            }
        }
    }

    fn group(&mut self) -> PResult<(Node, bool)> {
        self.pos += 1; // (
        let look = if self.eat_str("?=") {
            Some((false, false))
        } else if self.eat_str("?!") {
            Some((false, true))
        } else if self.eat_str("?<=") {
            Some((true, false))
        } else if self.eat_str("?<!") {
            Some((true, true))
        } else {
            None
        };
        if let Some((behind, negative)) = look {
            let body = self.disjunction()?;
            if !self.eat(')') {
                return Err("unterminated group".into());
            }
            // Annex B: without `u`, a lookahead may be quantified.
            let quantifiable = !behind && !self.unicode;
            return Ok((
                Node::Look {
                    behind,
                    negative,
                    body: Box::new(body),
                },
                quantifiable,
            ));
        }
        let capturing = if self.eat_str("?:") {
            false
        } else if self.eat_str("?<") {
            while !self.eat('>') {
                if self.peek().is_none() {
                    return Err("unterminated group name".into());
                }
                self.pos += 1;
            }
            true
        } else if self.is('?') {
            return Err("unsupported group syntax `(?`".into());
        } else {
            true
        };
        let body = self.disjunction()?;
        if !self.eat(')') {
            return Err("unterminated group".into());
        }
        Ok((Node::Group(capturing, Box::new(body)), true))
    }

    fn class_escape_set(&mut self, c: char) -> PResult<Option<ClassUnicode>> {
        Ok(Some(match c {
            'd' => set_of(DIGITS, self.unicode),
            'D' => complement(&set_of(DIGITS, self.unicode)),
            's' => set_of(SPACE, self.unicode),
            'S' => complement(&set_of(SPACE, self.unicode)),
            'w' => word_set(self.unicode, self.ignore_case),
            'W' => complement(&word_set(self.unicode, self.ignore_case)),
            'p' | 'P' if self.unicode => {
                if !self.eat('{') {
                    return Err("invalid property name".into());
                }
                let mut name = String::new();
                while !self.eat('}') {
                    name.push(
                        self.peek()
                            .and_then(char::from_u32)
                            .ok_or("invalid property name")?,
                    );
                    self.pos += 1;
                }
                let set = property(&name)?;
                if c == 'P' {
                    complement(&set)
                } else {
                    set
                }
            }
            _ => return Ok(None),
        }))
    }

    /// After `\` outside a class.
    fn atom_escape(&mut self) -> PResult<Node> {
        let c = self.peek().ok_or("`\\` at end of pattern")?;
        let ch = char::from_u32(c).unwrap_or('\0');
        self.pos += 1;
        if let Some(set) = self.class_escape_set(ch)? {
            return Ok(self.class_node(set));
        }
        match ch {
            '1'..='9' => {
                let start = self.pos - 1;
                let mut n: u64 = u64::from(c - '0' as u32);
                while let Some(d) = self
                    .peek()
                    .and_then(char::from_u32)
                    .and_then(|c| c.to_digit(10))
                {
                    n = (n * 10 + u64::from(d)).min(u64::MAX / 20);
                    self.pos += 1;
                }
                if n as usize <= self.groups {
                    return Ok(Node::BackRef(n as usize));
                }
                if self.unicode {
                    return Err("invalid escape".into());
                }
                // Annex B: not a backreference, so a legacy octal escape or `\8` `\9`.
                self.pos = start;
                if ch == '8' || ch == '9' {
                    self.pos += 1;
                    return Ok(self.literal(c));
                }
                let v = self.legacy_octal();
                Ok(self.literal(v))
            }
            'k' if self.unicode || !self.names.is_empty() => {
                if !self.eat('<') {
                    return Err("invalid named reference".into());
                }
                let mut name = String::new();
                while !self.eat('>') {
                    name.push(
                        self.peek()
                            .and_then(char::from_u32)
                            .ok_or("invalid named reference")?,
                    );
                    self.pos += 1;
                }
                let index = self
                    .group_names
                    .iter()
                    .position(|g| g.as_deref() == Some(name.as_str()))
                    .ok_or_else(|| format!("no group named `{name}`"))?;
                Ok(Node::BackRef(index + 1))
            }
            _ => {
                self.pos -= 1;
                let unit = self.character_escape(false)?;
                Ok(self.literal(unit))
            }
        }
    }

    /// Annex B legacy octal: up to three octal digits, at most `\377`.
    fn legacy_octal(&mut self) -> u32 {
        let digit = |p: &Parser, k: usize| {
            p.peek_at(k)
                .and_then(char::from_u32)
                .and_then(|c| c.to_digit(8))
        };
        let first = digit(self, 0).expect("an octal digit");
        self.pos += 1;
        let mut v = first;
        if let Some(d) = digit(self, 0) {
            v = v * 8 + d;
            self.pos += 1;
            if first <= 3 {
                if let Some(d) = digit(self, 0) {
                    v = v * 8 + d;
                    self.pos += 1;
                }
            }
        }
        v
    }

    /// A CharacterEscape at the position (just after the `\`); `in_class` for the class-only
    /// forms. Returns the unit; for Annex B's `\c` without a control letter, the `\` itself
    /// (and the `c` is read next as a literal).
    fn character_escape(&mut self, in_class: bool) -> PResult<u32> {
        let c = self.peek().ok_or("`\\` at end of pattern")?;
        let ch = char::from_u32(c).unwrap_or('\0');
        self.pos += 1;
        let hex = |p: &Parser, k: usize| {
            p.peek_at(k)
                .and_then(char::from_u32)
                .and_then(|c| c.to_digit(16))
        };
        Ok(match ch {
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'b' if in_class => 0x08,
            '-' if in_class => '-' as u32,
            'c' => {
                let next = self.peek().and_then(char::from_u32);
                match next {
                    Some(l) if l.is_ascii_alphabetic() => {
                        self.pos += 1;
                        l as u32 % 32
                    }
                    Some(l) if in_class && !self.unicode && (l.is_ascii_digit() || l == '_') => {
                        self.pos += 1;
                        l as u32 % 32
                    }
                    _ if !self.unicode => {
                        // `\c` is a literal backslash; the `c` is read next.
                        self.pos -= 1;
                        '\\' as u32
                    }
                    _ => return Err("invalid unicode escape".into()),
                }
            }
            '0' if hex(self, 0).is_none_or(|d| d >= 10) => 0,
            '0'..='7' if !self.unicode => {
                self.pos -= 1;
                self.legacy_octal()
            }
            '8' | '9' if !self.unicode && in_class => c,
            'k' if !self.names.is_empty() => return Err("invalid escape `\\k`".into()),
            'x' => match (hex(self, 0), hex(self, 1)) {
                (Some(a), Some(b)) => {
                    self.pos += 2;
                    a * 16 + b
                }
                _ if !self.unicode => 'x' as u32,
                _ => return Err("invalid escape".into()),
            },
            'u' => {
                if self.unicode && self.is('{') {
                    self.pos += 1;
                    let mut v: u32 = 0;
                    while let Some(d) = hex(self, 0) {
                        v = v.saturating_mul(16).saturating_add(d);
                        self.pos += 1;
                    }
                    if !self.eat('}') || v > 0x10_FFFF {
                        return Err("invalid unicode escape".into());
                    }
                    v
                } else if let (Some(a), Some(b), Some(c2), Some(d)) =
                    (hex(self, 0), hex(self, 1), hex(self, 2), hex(self, 3))
                {
                    self.pos += 4;
                    let v = ((a * 16 + b) * 16 + c2) * 16 + d;
                    // With `u`, an escaped surrogate pair is one code point.
                    if self.unicode
                        && (0xD800..=0xDBFF).contains(&v)
                        && self.is('\\')
                        && self.peek_at(1) == Some('u' as u32)
                    {
                        let digits: Option<Vec<u32>> = (2..6).map(|k| hex(self, k)).collect();
                        if let Some(ds) = digits {
                            let t = ds.iter().fold(0, |acc, d| acc * 16 + d);
                            if (0xDC00..=0xDFFF).contains(&t) {
                                self.pos += 6;
                                return Ok(0x1_0000 + ((v - 0xD800) << 10) + (t - 0xDC00));
                            }
                        }
                    }
                    v
                } else if !self.unicode {
                    'u' as u32
                } else {
                    return Err("invalid unicode escape".into());
                }
            }
            _ if self.unicode => {
                if is_syntax_char(c) || ch == '/' {
                    c
                } else {
                    return Err("invalid escape".into());
                }
            }
            // Annex B identity escape.
            _ => c,
        })
    }

    /// After `[`.
    fn class(&mut self) -> PResult<Node> {
        let negated = self.eat('^');
        let mut set = ClassUnicode::empty();
        loop {
            if self.eat(']') {
                break;
            }
            let first = self.class_atom()?;
            if self.is('-') && self.peek_at(1).is_some_and(|c| c != ']' as u32) {
                self.pos += 1;
                let second = self.class_atom()?;
                match (first, second) {
                    (ClassAtom::Unit(a), ClassAtom::Unit(b)) => {
                        if a > b {
                            return Err("range out of order in character class".into());
                        }
                        add_units(&mut set, a, b, self.unicode);
                    }
                    (a, b) if !self.unicode => {
                        // Annex B: a class escape at either end makes `-` a literal.
                        for atom in [a, ClassAtom::Unit('-' as u32), b] {
                            self.add_atom(&mut set, atom);
                        }
                    }
                    _ => return Err("invalid character class".into()),
                }
            } else {
                self.add_atom(&mut set, first);
            }
        }
        if self.ignore_case {
            close_case(&mut set, self.unicode);
        }
        if negated {
            set.negate();
        }
        Ok(Node::Set(set))
    }

    fn add_atom(&self, set: &mut ClassUnicode, atom: ClassAtom) {
        match atom {
            ClassAtom::Unit(u) => add_units(set, u, u, self.unicode),
            ClassAtom::Set(s) => set.union(&s),
        }
    }

    fn class_atom(&mut self) -> PResult<ClassAtom> {
        let c = self.peek().ok_or("unterminated character class")?;
        self.pos += 1;
        if c != '\\' as u32 {
            return Ok(ClassAtom::Unit(c));
        }
        let e = self
            .peek()
            .and_then(char::from_u32)
            .ok_or("`\\` at end of pattern")?;
        if matches!(e, 'd' | 'D' | 's' | 'S' | 'w' | 'W')
            || (self.unicode && matches!(e, 'p' | 'P'))
        {
            self.pos += 1;
            return Ok(ClassAtom::Set(
                self.class_escape_set(e)?.expect("a class escape"),
            ));
        }
        self.character_escape(true).map(ClassAtom::Unit)
    }
}

/// `\p{…}` with `u`, from the `regex` crate's Unicode tables.
pub(super) fn property(name: &str) -> PResult<ClassUnicode> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&format!("\\p{{{name}}}"))
        .map_err(|_| format!("unsupported property `{name}`"))?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => Ok(c.clone()),
        _ => Err(format!("unsupported property `{name}`")),
    }
}
