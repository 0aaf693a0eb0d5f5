//! `security-error-responses-have-schema` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-error-responses-have-schema",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Error responses must describe their body with a schema.",
    peers: &["owasp:owasp-define-error-validation", "vacuum:owasp-define-error-validation"],
    docs: RuleDocs {
        what: "Reports 4xx and 5xx responses (and `default`) without any content schema.",
        why: "Clients need a contract for errors too; undocumented error bodies leak stack traces and internals that nobody reviewed (OWASP API8).",
        fix: "Describe the error body, ideally RFC 9457 `application/problem+json`.",
        invalid: include_str!("../../../../../fixtures/rules/security-error-responses-have-schema/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-error-responses-have-schema/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityErrorResponsesHaveSchema,
    META,
    Visit([Response]),
    |node, cx, options, out| {
        if let Visit::Response(_, r) = node {
            let error = r.code.starts_with('4') || r.code.starts_with('5') || r.code == "default";
            if error && !r.content.iter().any(|m| m.schema.is_some()) {
                out.push(Diagnostic::at(
                    &r.at,
                    format!("error response `{}` has no schema", r.code),
                ));
            }
        }
    }
);
