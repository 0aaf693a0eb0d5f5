//! Positions of problems in a ruleset file, and every problem of a pass gathered, reported as
//! the linter reports ruleset problems ([`ConfigError`], `file:line:column: message`).

use gardefou_linter::ConfigError;
use gardefou_source::{LineIndex, Span};

/// A ruleset file's text, for the positions of its problems.
pub(crate) struct Text<'t> {
    name: String,
    text: &'t str,
    lines: LineIndex,
}

impl<'t> Text<'t> {
    pub(crate) fn new(name: impl Into<String>, text: &'t str) -> Text<'t> {
        Text {
            name: name.into(),
            text,
            lines: LineIndex::new(text),
        }
    }

    /// A problem at `span`.
    pub(crate) fn err(&self, span: Span, message: impl Into<String>) -> ConfigError {
        let p = self.lines.position(self.text, span.start);
        ConfigError {
            file: self.name.clone(),
            position: Some((p.line, p.column)),
            message: message.into(),
            more: Vec::new(),
        }
    }

    /// A problem of the file as a whole.
    pub(crate) fn whole(&self, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.name.clone(),
            position: None,
            message: message.into(),
            more: Vec::new(),
        }
    }

    /// The 1-based line of `span`.
    pub(crate) fn line_of(&self, span: Span) -> u32 {
        self.lines.position(self.text, span.start).line
    }
}

/// Every problem found, in order.
#[derive(Default)]
pub(crate) struct Problems(Vec<ConfigError>);

impl Problems {
    pub(crate) fn push(&mut self, mut e: ConfigError) {
        let more = std::mem::take(&mut e.more);
        self.0.push(e);
        self.0.extend(more);
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first problem carrying the others, or `Ok` without any.
    pub(crate) fn finish(self) -> Result<(), ConfigError> {
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
