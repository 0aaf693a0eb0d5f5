//! A rule's setting in a ruleset: a leaf of the ruleset module, read by `syntax` and kept in
//! the resolved `config`.

use crate::finding::Severity;

/// Whether a rule runs, and at what severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    /// Not run.
    Off,
    /// Run, its findings at this severity.
    On(Severity),
}
