//! `security-string-restricted` (gardefou:security).

use super::support::*;
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
        invalid: include_str!("../../../../../fixtures/rules/security-string-restricted/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-string-restricted/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityStringRestricted,
    META,
    Visit([Schema]),
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            if is_string_without(s.at.node, &["format", "pattern", "enum", "const"]) {
                let message = "string without `format`, `pattern`, `enum` or `const`";
                out.push(Diagnostic::at(s.at, message));
            }
        }
    }
);
