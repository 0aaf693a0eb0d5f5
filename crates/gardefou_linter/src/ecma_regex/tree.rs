//! The pattern tree ECMAScript syntax is parsed into, and its translation into the syntax of
//! the `regex` crate (or of `fancy-regex` when the pattern needs backtracking).

use regex_syntax::hir::ClassUnicode;

use super::sets::word_set;
use super::{Engine, BACKTRACK_LIMIT};

/// The compiled size each part of a backtracking regex may take (the `regex` crate's own
/// default is 10 MiB per part, and one hostile pattern of 3,000 characters made enough parts
/// to take 4 GiB and 14 s to compile: `fixtures/fuzz/jsonpath-oom-74f39aeb.bin`).
const DELEGATE_SIZE_LIMIT: usize = 1 << 20;

// ------------------------------------------------------------------ the pattern tree

#[derive(Debug, Clone)]
pub(super) enum Node {
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

pub(super) struct Tree {
    pub(super) root: Node,
    pub(super) unicode: bool,
    pub(super) ignore_case: bool,
    pub(super) multiline: bool,
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
    pub(super) fn compile(&self) -> Result<Engine, String> {
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
                .delegate_size_limit(DELEGATE_SIZE_LIMIT)
                .delegate_dfa_size_limit(DELEGATE_SIZE_LIMIT)
                .build()
                .map(Box::new)
                .map_err(|e| {
                    // The engine's message may quote the whole translated pattern (megabytes
                    // for a hostile one): its start says enough.
                    let text = e.to_string();
                    let mut short: String = text.chars().take(300).collect();
                    if short.len() < text.len() {
                        short.push('…');
                    }
                    format!("cannot be compiled ({short})")
                })
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
