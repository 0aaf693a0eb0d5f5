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
use std::sync::Arc;

mod parse;
mod sets;
mod tree;

use parse::Parser;

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
