//! `security-string-bounded` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-string-bounded",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: false,
    formats: &[],
    summary: "Strings must be bounded: `maxLength`, `enum`, `const` or a bounded `format`.",
    peers: &["owasp:owasp-string-limit", "vacuum:owasp-string-limit"],
    docs: RuleDocs {
        what: "Reports string schemas with none of `maxLength`, `enum`, `const`, or a format with a fixed shape (date, date-time, uuid, …).",
        why: "Unbounded strings let a client send megabytes where ten characters are expected (OWASP API4, unrestricted resource consumption).",
        fix: "Add `maxLength` (or an enum, or a format).",
        invalid: include_str!("../../../../../fixtures/rules/security-string-bounded/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-string-bounded/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityStringBounded,
    META,
    Visit([Schema]),
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            // Formats whose values have a bounded length of their own.
            const BOUNDED: [&str; 8] = [
                "date",
                "date-time",
                "time",
                "uuid",
                "ipv4",
                "ipv6",
                "byte",
                "duration",
            ];
            let bounded_format =
                s.at.node
                    .get_str("format")
                    .is_some_and(|f| BOUNDED.contains(&f));
            if is_string_without(s.at.node, &["maxLength", "enum", "const"]) && !bounded_format {
                out.push(Diagnostic::at(s.at, "string without `maxLength`"));
            }
        }
    }
);
