//! `security-array-bounded` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-array-bounded",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: false,
    formats: &[],
    summary: "Arrays must be bounded with `maxItems`.",
    peers: &["owasp:owasp-array-limit", "vacuum:owasp-array-limit"],
    docs: RuleDocs {
        what: "Reports array schemas without `maxItems`.",
        why: "Unbounded arrays let a client or server send any number of items (OWASP API4).",
        fix: "Add `maxItems`.",
        invalid: include_str!("../../../../../fixtures/rules/security-array-bounded/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-array-bounded/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityArrayBounded,
    META,
    Visit([Schema]),
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            if s.at.node.get_str("type") == Some("array") && s.at.node.get("maxItems").is_none() {
                out.push(Diagnostic::at(s.at, "array without `maxItems`"));
            }
        }
    }
);
