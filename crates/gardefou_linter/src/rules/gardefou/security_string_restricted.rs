//! `security-string-restricted` (gardefou:security).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-string-restricted",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "Strings should be restricted by `format`, `pattern`, `enum` or `const`.",
    peers: &["owasp:owasp-string-restricted"],
    docs: RuleDocs {
        what: "Reports string schemas with none of `format`, `pattern`, `enum`, `const`.",
        why: "A length limit bounds size, not content; a pattern or format rejects injection payloads at the edge (OWASP API8).",
        fix: "Add a `pattern` or `format` that describes the accepted values.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Code: {type: string, maxLength: 5}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Code: {type: string, maxLength: 5, pattern: '^[A-Z]{5}$'}
"#,
    },
};

crate::native_rule!(
    SecurityStringRestricted,
    META,
    [Schema],
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            let n = s.at.node;
            if n.get_str("type") == Some("string")
                && !["format", "pattern", "enum", "const"]
                    .iter()
                    .any(|k| n.get(k).is_some())
            {
                out.push(Diagnostic::at(
                    s.at,
                    "string without `format`, `pattern`, `enum` or `const`",
                ));
            }
        }
    }
);
