//! `security-integer-format` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-integer-format",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "Integers must declare `int32` or `int64`.",
    peers: &["owasp:owasp-integer-format"],
    docs: RuleDocs {
        what: "Reports integer schemas without `format: int32` or `format: int64`.",
        why: "Without a size, implementations pick different integer types and overflow differently (OWASP API4).",
        fix: "Add the format.",
        invalid: include_str!("../../../../../fixtures/rules/security-integer-format/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-integer-format/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityIntegerFormat,
    META,
    Visit([Schema]),
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            if s.at.node.get_str("type") == Some("integer")
                && !matches!(s.at.node.get_str("format"), Some("int32" | "int64"))
            {
                out.push(Diagnostic::at(
                    s.at,
                    "integer without `format: int32` or `int64`",
                ));
            }
        }
    }
);
