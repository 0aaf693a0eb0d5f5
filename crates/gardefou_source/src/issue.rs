//! Problems met while reading a text ([`ParseIssue`]), shared by the JSON and YAML readers.

use crate::node::Member;
use crate::span::Span;

/// What kind of problem a [`ParseIssue`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseIssueKind {
    /// The text is not valid JSON/YAML; reading stopped.
    Syntax,
    /// A limit (depth, size, nodes, aliases) was hit; reading stopped.
    Limit,
    /// The bytes are not UTF-8 text; reading stopped.
    Encoding,
    /// A key appears twice in one object; reading went on, the last one wins.
    DuplicateKey,
    /// Something worth saying that does not stop reading.
    Warning,
}

impl ParseIssueKind {
    /// Whether reading stopped at this issue.
    pub fn is_fatal(self) -> bool {
        matches!(
            self,
            ParseIssueKind::Syntax | ParseIssueKind::Limit | ParseIssueKind::Encoding
        )
    }
}

/// A problem met while reading a text, with where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseIssue {
    /// What kind of problem it is.
    pub kind: ParseIssueKind,
    /// What is wrong, for people.
    pub message: String,
    /// Where it is.
    pub span: Span,
}

/// Reports keys that appear more than once in one object.
pub(crate) fn report_duplicates(members: &[Member], issues: &mut Vec<ParseIssue>) {
    if members.len() < 2 {
        return;
    }
    let mut report = |m: &Member| {
        issues.push(ParseIssue {
            kind: ParseIssueKind::DuplicateKey,
            message: format!("duplicate key `{}`: the last one wins", m.key),
            span: m.key_span,
        })
    };
    if members.len() <= 16 {
        for (i, m) in members.iter().enumerate() {
            if members[..i].iter().any(|o| o.key == m.key) {
                report(m);
            }
        }
    } else {
        let mut seen = std::collections::HashSet::with_capacity(members.len());
        for m in members {
            if !seen.insert(m.key.as_str()) {
                report(m);
            }
        }
    }
}
