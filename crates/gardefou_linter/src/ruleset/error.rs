//! Ruleset errors: where a problem is (file, line, column) and gathering every problem of a
//! ruleset so that one run reports all of them.

use gardefou_source::{LineIndex, Span};

use super::syntax::SyntaxError;

/// A ruleset that cannot be used, with where the problem is. Displayed as
/// `file:line:column: message`, one line per problem ([`ConfigError::all`]).
#[derive(Debug)]
pub struct ConfigError {
    /// The ruleset file (or URL, or JavaScript module) the problem is in.
    pub file: String,
    /// 1-based line and column.
    pub position: Option<(u32, u32)>,
    /// What is wrong, and what would be right.
    pub message: String,
    /// Further problems found in the same pass (every entry of `rules` is checked), in order.
    pub more: Vec<ConfigError>,
}

impl ConfigError {
    /// This problem and the further ones, in order.
    pub fn all(&self) -> impl Iterator<Item = &ConfigError> {
        std::iter::once(self).chain(self.more.iter())
    }

    /// This problem alone, as `file:line:column: message`.
    pub fn line(&self) -> String {
        let at = self
            .position
            .map(|(l, c)| format!(":{l}:{c}"))
            .unwrap_or_default();
        format!("{}{at}: {}", self.file, self.message)
    }

    /// A problem of the file as a whole (it cannot be read, it is empty, it extends itself).
    pub(super) fn of_file(file: &str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: file.to_string(),
            position: None,
            message: message.into(),
            more: Vec::new(),
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.all().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&e.line())?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// The problems of one ruleset, gathered so that all of them are reported at once.
#[derive(Default)]
pub(super) struct Problems(Vec<ConfigError>);

impl Problems {
    /// The value, or `None` with its problem (and the further ones it carries) kept.
    pub(super) fn take<T>(&mut self, r: Result<T, ConfigError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(mut e) => {
                let more = std::mem::take(&mut e.more);
                self.0.push(e);
                self.0.extend(more);
                None
            }
        }
    }

    pub(super) fn push(&mut self, e: ConfigError) {
        self.take::<()>(Err(e));
    }

    /// The first problem carrying the others, in order.
    pub(super) fn finish(self) -> Result<(), ConfigError> {
        let mut all = self.0.into_iter();
        match all.next() {
            None => Ok(()),
            Some(mut first) => {
                first.more.extend(all);
                Err(first)
            }
        }
    }
}

/// Where a ruleset text comes from, for positions in errors.
pub(super) struct Src<'t> {
    pub(super) name: String,
    pub(super) text: &'t str,
    pub(super) lines: LineIndex,
    /// The text is gardefou's JSON form of a JavaScript ruleset module: positions in it mean
    /// nothing to the user, so errors name the module only.
    pub(super) synthetic: bool,
}

impl<'t> Src<'t> {
    /// A ruleset text named `name` (a file, a URL, a built-in rule).
    pub(super) fn new(name: impl Into<String>, text: &'t str, synthetic: bool) -> Src<'t> {
        Src {
            name: name.into(),
            text,
            lines: LineIndex::new(text),
            synthetic,
        }
    }
}

impl Src<'_> {
    /// A problem at `span` of this text (at no position when `None` or synthetic).
    pub(super) fn err(&self, span: Option<Span>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.name.clone(),
            position: span.filter(|_| !self.synthetic).map(|s| {
                let p = self.lines.position(self.text, s.start);
                (p.line, p.column)
            }),
            message: message.into(),
            more: Vec::new(),
        }
    }

    /// A value that did not read, at its position.
    pub(super) fn syntax(&self, e: SyntaxError) -> ConfigError {
        self.err(Some(e.span), e.message)
    }

    /// A value of rule `id` that did not read: `rule `id`: …`, at its position.
    pub(super) fn in_rule(&self, id: &str, e: SyntaxError) -> ConfigError {
        self.err(Some(e.span), format!("rule `{id}`: {}", e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "rules:\n  é-rule: nope\n";
        let src = Src::new("r.yaml", text, false);
        let at = text.find("nope").unwrap();
        let e = src.err(Some(Span::new(at, at + 4)), "bad");
        assert_eq!(e.position, Some((2, 11)));
        assert_eq!(e.line(), "r.yaml:2:11: bad");
        assert_eq!(src.err(None, "whole").line(), "r.yaml: whole");
    }

    #[test]
    fn a_synthetic_text_has_no_positions() {
        let src = Src::new("ruleset.js", "{\"rules\": 1}", true);
        let e = src.err(Some(Span::new(10, 11)), "bad");
        assert_eq!(e.position, None);
        assert_eq!(e.to_string(), "ruleset.js: bad");
    }

    #[test]
    fn problems_keep_their_order_and_the_ones_they_carry() {
        let src = Src::new("r.yaml", "a\nb\nc\nd\n", false);
        let at = |line: usize| Some(Span::new(line * 2, line * 2 + 1));
        let mut problems = Problems::default();
        assert_eq!(problems.take(Ok::<_, ConfigError>(7)), Some(7));
        problems.push(src.err(at(0), "first"));
        let mut carrying = src.err(at(1), "second");
        carrying.more.push(src.err(at(2), "third"));
        assert!(problems.take::<()>(Err(carrying)).is_none());
        problems.push(src.err(at(3), "fourth"));
        let e = problems.finish().unwrap_err();
        assert_eq!(
            e.to_string(),
            "r.yaml:1:1: first\nr.yaml:2:1: second\nr.yaml:3:1: third\nr.yaml:4:1: fourth"
        );
        assert_eq!(e.all().count(), 4);
        assert!(Problems::default().finish().is_ok());
    }
}
