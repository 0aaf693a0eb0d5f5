//! `security-integer-bounded` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-integer-bounded",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: false,
    formats: &[],
    summary: "Integers must be bounded with `minimum` and `maximum`.",
    peers: &["owasp:owasp-integer-limit", "vacuum:owasp-integer-limit"],
    docs: RuleDocs {
        what: "Reports integer schemas without both `minimum` and `maximum` (or `exclusive…`), unless they are an `enum`.",
        why: "Unbounded numbers reach code paths (allocation sizes, page sizes, loops) that were never meant for them (OWASP API4).",
        fix: "Add `minimum` and `maximum`.",
        invalid: include_str!("../../../../../fixtures/rules/security-integer-bounded/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-integer-bounded/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityIntegerBounded,
    META,
    Visit([Schema]),
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            let n = s.at.node;
            let has = |a: &str, b: &str| n.get(a).is_some() || n.get(b).is_some();
            if n.get_str("type") == Some("integer")
                && n.get("enum").is_none()
                && !(has("minimum", "exclusiveMinimum") && has("maximum", "exclusiveMaximum"))
            {
                out.push(Diagnostic::at(
                    s.at,
                    "integer without `minimum` and `maximum`",
                ));
            }
        }
    }
);
