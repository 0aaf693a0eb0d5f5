//! ECMAScript regular expressions from rulesets and documents, run in bounded time.
//!
//! A pattern is checked for ECMAScript validity (with `regress`, which only parses here), then
//! parsed again into a small tree with ECMAScript's own rules (Annex B literal braces, legacy
//! octal escapes, identity escapes, backreference-or-octal `\N`, …) and written out in the
//! syntax of the `regex` crate, whose matching is linear in the input: nothing backtracks.
//! Everything whose meaning differs between the two syntaxes is made explicit in the output:
//! `\d` `\w` `\s` `.` and every class become explicit code point sets, `^`/`$` become `\A`/`\z`,
//! `\b` is the ASCII word boundary, and case-insensitive matching is expanded into the sets
//! themselves, with ECMAScript's `Canonicalize` (upper-casing without `u`, simple case folding
//! with `u`), so no Unicode rule of the target engine is relied on.
//!
//! Without `u`, ECMAScript matches UTF-16 code units: `.` matches half of an emoji. That is kept
//! exactly by viewing both pattern and input as code units, surrogates written as the code
//! points U+10F800..U+10FFFF (a range no pattern without `u` can name otherwise); the input is
//! rewritten so only when it holds characters outside the BMP.
//!
//! Patterns the `regex` crate cannot express (lookahead, lookbehind, backreferences, `\B`) run
//! on `fancy-regex` with a backtracking budget ([`BACKTRACK_LIMIT`] per match); a match that
//! exceeds it returns [`BudgetExceeded`], never a hang. See docs/decisions.md.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, HirKind};

/// Backtracking steps one match may take on the fallback engine (patterns with lookaround or
/// backreferences) before it gives up with [`BudgetExceeded`].
pub const BACKTRACK_LIMIT: usize = 200_000;

/// Where surrogate code units live when a pattern without `u` is matched code unit by code unit.
const SURROGATE_SHIFT: u32 = 0x10_F800 - 0xD800;

/// A match gave up: the fallback engine needed more than [`BACKTRACK_LIMIT`] backtracking steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetExceeded;

impl fmt::Display for BudgetExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the regular expression needed more than {BACKTRACK_LIMIT} backtracking steps"
        )
    }
}

/// A compiled regex or why the pattern does not compile, as the per-thread cache keeps it.
type Compiled = Result<Arc<EcmaRegex>, String>;

/// An ECMAScript regular expression (source and flags), compiled to a bounded engine.
#[derive(Debug)]
pub struct EcmaRegex {
    source: String,
    flags: String,
    /// Without `u`: match UTF-16 code units (inputs outside the BMP are rewritten).
    code_units: bool,
    engine: Engine,
}

#[derive(Debug)]
enum Engine {
    /// The `regex` crate: linear time.
    Linear(regex::Regex),
    /// With `m` and `^`/`$`: the `regex` crate's multi-line anchors know only `\n`, which is
    /// exact for inputs without `\r`, U+2028 and U+2029; inputs holding one use `exact`.
    Multiline {
        linear: regex::Regex,
        exact: Box<fancy_regex::Regex>,
    },
    /// `fancy-regex` with a backtracking budget.
    Backtrack(Box<fancy_regex::Regex>),
}

impl EcmaRegex {
    /// Compiles `pattern` with `flags` as `new RegExp(pattern, flags)` would. Flags other than
    /// `i`, `m`, `s` and `u` (`g`, `y`, `d`) do not change whether or where a match is found and
    /// are ignored.
    pub fn new(pattern: &str, flags: &str) -> Result<EcmaRegex, String> {
        let flags: String = "imsu".chars().filter(|c| flags.contains(*c)).collect();
        Self::check_syntax(pattern, &flags)?;
        let tree = Parser::parse(pattern, &flags)
            .map_err(|e| format!("regular expression /{pattern}/{flags}: {e}"))?;
        let engine = tree
            .compile()
            .map_err(|e| format!("regular expression /{pattern}/{flags}: {e}"))?;
        Ok(EcmaRegex {
            source: pattern.to_string(),
            flags: flags.clone(),
            code_units: !flags.contains('u'),
            engine,
        })
    }

    /// Whether `pattern` is a valid ECMAScript regular expression with `flags` (parsing only).
    pub fn check_syntax(pattern: &str, flags: &str) -> Result<(), String> {
        let flags: String = "imsu".chars().filter(|c| flags.contains(*c)).collect();
        regress::Regex::with_flags(pattern, flags.as_str())
            .map(|_| ())
            .map_err(|e| format!("invalid regular expression /{pattern}/{flags}: {e}"))
    }

    /// A compiled regex shared through a per-thread cache, for patterns built while evaluating
    /// (`@property ~= 'x'`, `.match('x')`): compiling each time would dominate the run.
    pub fn cached(pattern: &str, flags: &str) -> Result<Arc<EcmaRegex>, String> {
        thread_local! {
            static CACHE: RefCell<HashMap<(String, String), Compiled>> =
                RefCell::new(HashMap::new());
        }
        CACHE.with(|c| {
            let key = (pattern.to_string(), flags.to_string());
            if let Some(hit) = c.borrow().get(&key) {
                return hit.clone();
            }
            let made = EcmaRegex::new(pattern, flags).map(Arc::new);
            let mut c = c.borrow_mut();
            if c.len() >= 512 {
                c.clear();
            }
            c.insert(key, made.clone());
            made
        })
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The flags as written (`i`, `u`, …).
    pub fn flags(&self) -> &str {
        &self.flags
    }

    /// Whether matching is linear (the `regex` crate) for every input.
    pub fn is_linear(&self) -> bool {
        matches!(self.engine, Engine::Linear(_))
    }

    /// Whether the pattern matches somewhere in `s` (`regex.test(s)`).
    pub fn is_match(&self, s: &str) -> Result<bool, BudgetExceeded> {
        let hay = self.haystack(s);
        self.find_in(&hay).map(|m| m.is_some())
    }

    /// The first match (`s.match(regex)` without `g`), as a byte range of `s`. Without `u`, a
    /// match that starts or ends between the two halves of a character outside the BMP is
    /// widened to the whole character.
    pub fn find(&self, s: &str) -> Result<Option<Range<usize>>, BudgetExceeded> {
        let hay = self.haystack(s);
        let Some(m) = self.find_in(&hay)? else {
            return Ok(None);
        };
        if let Cow::Borrowed(_) = hay {
            return Ok(Some(m));
        }
        // Walk both strings together: a character outside the BMP is 4 bytes in `s` and two
        // 4-byte code points in `hay`.
        let (mut i, mut j) = (0usize, 0usize);
        let (mut start, mut end) = (None, None);
        for c in s.chars() {
            let w = if (c as u32) > 0xFFFF { 8 } else { c.len_utf8() };
            if start.is_none() && m.start < j + w {
                start = Some(i);
            }
            if end.is_none() && m.end <= j {
                end = Some(i);
            }
            i += c.len_utf8();
            j += w;
        }
        let start = start.unwrap_or(s.len());
        let end = end.unwrap_or(s.len()).max(start);
        Ok(Some(start..end))
    }

    /// The first match as `[index, lastIndex)` in UTF-16 code units, as JavaScript reports it.
    pub fn find_utf16(&self, s: &str) -> Result<Option<(usize, usize)>, BudgetExceeded> {
        let hay = self.haystack(s);
        let Some(m) = self.find_in(&hay)? else {
            return Ok(None);
        };
        let units = |t: &str| -> usize {
            if self.code_units {
                // Every code point of the haystack is one code unit.
                t.chars().count()
            } else {
                t.encode_utf16().count()
            }
        };
        Ok(Some((units(&hay[..m.start]), units(&hay[..m.end]))))
    }

    fn haystack<'s>(&self, s: &'s str) -> Cow<'s, str> {
        if !self.code_units || !s.bytes().any(|b| b >= 0xF0) {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len() * 2);
        for c in s.chars() {
            let c = c as u32;
            if c > 0xFFFF {
                let v = c - 0x1_0000;
                for unit in [0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)] {
                    out.push(char::from_u32(unit + SURROGATE_SHIFT).expect("plane 16"));
                }
            } else {
                out.push(char::from_u32(c).expect("a char"));
            }
        }
        Cow::Owned(out)
    }

    fn find_in(&self, hay: &str) -> Result<Option<Range<usize>>, BudgetExceeded> {
        let fancy = |re: &fancy_regex::Regex| match re.find(hay) {
            Ok(m) => Ok(m.map(|m| m.range())),
            Err(_) => Err(BudgetExceeded),
        };
        match &self.engine {
            Engine::Linear(re) => Ok(re.find(hay).map(|m| m.range())),
            Engine::Multiline { linear, exact } => {
                if hay.contains(['\r', '\u{2028}', '\u{2029}']) {
                    fancy(exact)
                } else {
                    Ok(linear.find(hay).map(|m| m.range()))
                }
            }
            Engine::Backtrack(re) => fancy(re),
        }
    }
}

// ------------------------------------------------------------------ the pattern tree

#[derive(Debug, Clone)]
enum Node {
    Empty,
    Alt(Vec<Node>),
    Concat(Vec<Node>),
    /// A set of (virtual) characters: literals, classes, `.`, `\d`…
    Set(ClassUnicode),
    Start,
    End,
    /// `\b` (false) or `\B` (true).
    WordBoundary(bool),
    /// A group; capturing ones keep their place in the numbering by staying capturing.
    Group(bool, Box<Node>),
    Look {
        behind: bool,
        negative: bool,
        body: Box<Node>,
    },
    BackRef(usize),
    Repeat {
        body: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
}

struct Tree {
    root: Node,
    unicode: bool,
    ignore_case: bool,
    multiline: bool,
}

/// How anchors are written.
#[derive(Clone, Copy, PartialEq)]
enum Anchors {
    /// `\A` / `\z`.
    Input,
    /// `(?m:^)` / `(?m:$)`: line starts and ends after and before `\n` only.
    LinearLines,
    /// Lookarounds on ECMAScript's four line terminators.
    ExactLines,
}

impl Tree {
    fn compile(&self) -> Result<Engine, String> {
        let mut needs_backtracking = false;
        let mut anchors = false;
        visit(&self.root, &mut |n| match n {
            Node::Look { .. } | Node::BackRef(_) | Node::WordBoundary(true) => {
                needs_backtracking = true
            }
            // With `u` and `i`, `\b` counts U+017F and U+212A as word characters.
            Node::WordBoundary(false) if self.unicode && self.ignore_case => {
                needs_backtracking = true
            }
            Node::Start | Node::End => anchors = true,
            _ => {}
        });
        let mut resettable = vec![];
        groups_reset_by_repetition(&self.root, false, false, &mut resettable);
        let mut unsupported = None;
        visit(&self.root, &mut |n| {
            if let Node::BackRef(k) = n {
                if resettable.get(k - 1) == Some(&true) {
                    unsupported = Some(*k);
                }
            }
        });
        if let Some(k) = unsupported {
            // ECMAScript clears a repetition's groups at each iteration; the backtracking
            // engine keeps the last capture, so `\k` could see a stale one.
            return Err(format!(
                "backreference \\{k} to a group that may be skipped by an iteration of its \
                 repetition is not supported"
            ));
        }
        let backtracking = |a: Anchors| -> Result<Box<fancy_regex::Regex>, String> {
            let src = self.emit(a);
            fancy_regex::RegexBuilder::new(&src)
                .backtrack_limit(BACKTRACK_LIMIT)
                .build()
                .map(Box::new)
                .map_err(|e| format!("cannot be compiled ({e})"))
        };
        let linear = |a: Anchors| -> Result<regex::Regex, String> {
            regex::RegexBuilder::new(&self.emit(a))
                .build()
                .map_err(|e| match e {
                    regex::Error::CompiledTooBig(n) => {
                        format!("too large to compile (more than {n} bytes)")
                    }
                    other => format!("cannot be compiled ({other})"),
                })
        };
        let lines = if self.multiline {
            Anchors::ExactLines
        } else {
            Anchors::Input
        };
        if needs_backtracking {
            return Ok(Engine::Backtrack(backtracking(lines)?));
        }
        if self.multiline && anchors {
            return Ok(Engine::Multiline {
                linear: linear(Anchors::LinearLines)?,
                exact: backtracking(Anchors::ExactLines)?,
            });
        }
        Ok(Engine::Linear(linear(Anchors::Input)?))
    }

    fn emit(&self, anchors: Anchors) -> String {
        let mut out = String::new();
        self.emit_node(&self.root, anchors, &mut out);
        out
    }

    fn emit_node(&self, n: &Node, anchors: Anchors, out: &mut String) {
        match n {
            Node::Empty => {}
            Node::Alt(alts) => {
                out.push_str("(?:");
                for (i, a) in alts.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    self.emit_node(a, anchors, out);
                }
                out.push(')');
            }
            Node::Concat(items) => {
                for i in items {
                    self.emit_node(i, anchors, out);
                }
            }
            Node::Set(set) => emit_set(set, out),
            Node::Start => out.push_str(match anchors {
                Anchors::Input => r"\A",
                Anchors::LinearLines => "(?m:^)",
                Anchors::ExactLines => r"(?:\A|(?<=[\n\r\x{2028}\x{2029}]))",
            }),
            Node::End => out.push_str(match anchors {
                Anchors::Input => r"\z",
                Anchors::LinearLines => "(?m:$)",
                Anchors::ExactLines => r"(?:\z|(?=[\n\r\x{2028}\x{2029}]))",
            }),
            Node::WordBoundary(negated) => {
                if self.unicode && self.ignore_case {
                    let mut w = String::new();
                    emit_set(&word_set(true, true), &mut w);
                    if *negated {
                        out.push_str(&format!("(?:(?<={w})(?={w})|(?<!{w})(?!{w}))"));
                    } else {
                        out.push_str(&format!("(?:(?<={w})(?!{w})|(?<!{w})(?={w}))"));
                    }
                } else if *negated {
                    let w = "[0-9A-Z_a-z]";
                    out.push_str(&format!("(?:(?<={w})(?={w})|(?<!{w})(?!{w}))"));
                } else {
                    out.push_str(r"(?-u:\b)");
                }
            }
            Node::Group(capturing, body) => {
                out.push_str(if *capturing { "(" } else { "(?:" });
                self.emit_node(body, anchors, out);
                out.push(')');
            }
            Node::Look {
                behind,
                negative,
                body,
            } => {
                out.push_str(match (behind, negative) {
                    (false, false) => "(?=",
                    (false, true) => "(?!",
                    (true, false) => "(?<=",
                    (true, true) => "(?<!",
                });
                self.emit_node(body, anchors, out);
                out.push(')');
            }
            Node::BackRef(n) => {
                // A group that has not matched matches the empty string in ECMAScript.
                if self.ignore_case {
                    out.push_str(&format!("(?({n})(?i:\\{n})|)"));
                } else {
                    out.push_str(&format!("(?({n})\\{n}|)"));
                }
            }
            // Annex B quantified lookahead: an iteration that matches empty ends the loop, so
            // it is the assertion once (at least one iteration) or nothing.
            Node::Repeat { body, min, .. } if matches!(**body, Node::Look { .. }) => {
                if *min == 0 {
                    // Kept (never needed first) so its groups keep their numbers.
                    out.push_str("(?:|");
                    self.emit_node(body, anchors, out);
                    out.push(')');
                } else {
                    self.emit_node(body, anchors, out);
                }
            }
            Node::Repeat {
                body,
                min,
                max,
                greedy,
            } => {
                out.push_str("(?:");
                self.emit_node(body, anchors, out);
                out.push(')');
                match (min, max) {
                    (0, None) => out.push('*'),
                    (1, None) => out.push('+'),
                    (0, Some(1)) => out.push('?'),
                    (n, None) => out.push_str(&format!("{{{n},}}")),
                    (n, Some(m)) if n == m => out.push_str(&format!("{{{n}}}")),
                    (n, Some(m)) => out.push_str(&format!("{{{n},{m}}}")),
                }
                if !greedy {
                    out.push('?');
                }
            }
        }
    }
}

/// For each capturing group in order: whether it sits in a repetition (of more than one
/// iteration) below an alternative or an optional part, so an iteration may leave it unset.
fn groups_reset_by_repetition(n: &Node, repeated: bool, uncertain: bool, out: &mut Vec<bool>) {
    match n {
        Node::Alt(v) => v
            .iter()
            .for_each(|c| groups_reset_by_repetition(c, repeated, uncertain || repeated, out)),
        Node::Concat(v) => v
            .iter()
            .for_each(|c| groups_reset_by_repetition(c, repeated, uncertain, out)),
        Node::Group(capturing, b) => {
            if *capturing {
                out.push(repeated && uncertain);
            }
            groups_reset_by_repetition(b, repeated, uncertain, out)
        }
        Node::Look { body, .. } => groups_reset_by_repetition(body, repeated, uncertain, out),
        Node::Repeat { body, min, max, .. } => {
            let uncertain = uncertain || (repeated && *min == 0);
            let repeated = repeated || *max != Some(1);
            groups_reset_by_repetition(body, repeated, uncertain, out)
        }
        _ => {}
    }
}

fn visit(n: &Node, f: &mut impl FnMut(&Node)) {
    f(n);
    match n {
        Node::Alt(v) | Node::Concat(v) => v.iter().for_each(|c| visit(c, f)),
        Node::Group(_, b) | Node::Look { body: b, .. } | Node::Repeat { body: b, .. } => {
            visit(b, f)
        }
        _ => {}
    }
}

fn emit_set(set: &ClassUnicode, out: &mut String) {
    let ranges = set.ranges();
    if ranges.is_empty() {
        // Matches nothing.
        out.push_str(r"[^\x{0}-\x{10FFFF}]");
        return;
    }
    if let [r] = ranges {
        if r.start() == r.end() {
            push_char(r.start(), out);
            return;
        }
    }
    out.push('[');
    for r in ranges {
        push_char(r.start(), out);
        if r.end() != r.start() {
            out.push('-');
            push_char(r.end(), out);
        }
    }
    out.push(']');
}

fn push_char(c: char, out: &mut String) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
}

// ------------------------------------------------------------------ sets

fn set_of(ranges: &[(u32, u32)], unicode: bool) -> ClassUnicode {
    let mut out = ClassUnicode::empty();
    for &(lo, hi) in ranges {
        add_units(&mut out, lo, hi, unicode);
    }
    out
}

/// Adds the code points (with `u`) or code units (without) `lo..=hi`.
fn add_units(set: &mut ClassUnicode, lo: u32, hi: u32, unicode: bool) {
    let mut push = |a: u32, b: u32| {
        if a <= b {
            set.push(ClassUnicodeRange::new(
                char::from_u32(a).expect("a scalar value"),
                char::from_u32(b).expect("a scalar value"),
            ));
        }
    };
    push(lo, hi.min(0xD7FF));
    if !unicode {
        // Surrogate code units, at their virtual place.
        push(
            lo.max(0xD800) + SURROGATE_SHIFT,
            hi.min(0xDFFF) + SURROGATE_SHIFT,
        );
    }
    push(
        lo.max(0xE000),
        hi.min(if unicode { 0x10_FFFF } else { 0xFFFF }),
    );
}

fn complement(set: &ClassUnicode) -> ClassUnicode {
    let mut s = set.clone();
    s.negate();
    s
}

const DIGITS: &[(u32, u32)] = &[(0x30, 0x39)];
const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
/// ECMAScript's WhiteSpace and LineTerminator.
const SPACE: &[(u32, u32)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];

/// `\w`: with `u` and `i`, also the characters whose case folding is a word character
/// (U+017F, U+212A).
fn word_set(unicode: bool, ignore_case: bool) -> ClassUnicode {
    let mut w = set_of(WORD, unicode);
    if unicode && ignore_case {
        w.case_fold_simple();
    }
    w
}

/// Closes `set` under ECMAScript's case-insensitive equivalence.
fn close_case(set: &mut ClassUnicode, unicode: bool) {
    if unicode {
        set.case_fold_simple();
        return;
    }
    let contains = |set: &ClassUnicode, c: char| {
        set.ranges()
            .binary_search_by(|r| {
                if r.end() < c {
                    std::cmp::Ordering::Less
                } else if r.start() > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    };
    let mut add = ClassUnicode::empty();
    for class in canon_classes() {
        if class.iter().any(|&c| contains(set, c)) {
            for &c in class {
                add.push(ClassUnicodeRange::new(c, c));
            }
        }
    }
    set.union(&add);
}

/// The code units (BMP characters) that `Canonicalize` without `u` makes equal, in classes of
/// two or more: a character's upper case when that is one code unit, and not an ASCII one for a
/// non-ASCII character.
fn canon_classes() -> &'static [Vec<char>] {
    static CLASSES: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut by_canon: HashMap<u32, Vec<char>> = HashMap::new();
        for cp in (0..=0xFFFFu32).filter(|c| !(0xD800..=0xDFFF).contains(c)) {
            let c = char::from_u32(cp).expect("not a surrogate");
            let mut up = c.to_uppercase();
            let canon = match (up.next(), up.next()) {
                (Some(u), None) if (u as u32) <= 0xFFFF && !(cp >= 128 && (u as u32) < 128) => {
                    u as u32
                }
                _ => cp,
            };
            by_canon.entry(canon).or_default().push(c);
        }
        let mut v: Vec<Vec<char>> = by_canon.into_values().filter(|c| c.len() > 1).collect();
        v.sort();
        v
    })
}

// ------------------------------------------------------------------ the parser

struct Parser {
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
    fn parse(pattern: &str, flags: &str) -> PResult<Tree> {
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
fn property(name: &str) -> PResult<ClassUnicode> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&format!("\\p{{{name}}}"))
        .map_err(|_| format!("unsupported property `{name}`"))?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => Ok(c.clone()),
        _ => Err(format!("unsupported property `{name}`")),
    }
}
