//! `security-string-bounded` (gardefou:security).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
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
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Name: {type: string}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Name: {type: string, maxLength: 100}
"#,
    },
};

crate::native_rule!(
    SecurityStringBounded,
    META,
    [Schema],
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            let n = s.at.node;
            if n.get_str("type") == Some("string")
                && !["maxLength", "enum", "const"]
                    .iter()
                    .any(|k| n.get(k).is_some())
                && !n.get_str("format").is_some_and(|f| {
                    [
                        "date",
                        "date-time",
                        "time",
                        "uuid",
                        "ipv4",
                        "ipv6",
                        "byte",
                        "duration",
                    ]
                    .contains(&f)
                })
            {
                out.push(Diagnostic::at(s.at, "string without `maxLength`"));
            }
        }
    }
);
