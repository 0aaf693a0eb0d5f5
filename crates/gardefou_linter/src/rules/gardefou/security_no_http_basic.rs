//! `security-no-http-basic` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-no-http-basic",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "HTTP Basic authentication must not be used.",
    peers: &["owasp:owasp-no-http-basic", "vacuum:owasp-no-http-basic"],
    docs: RuleDocs {
        what: "Reports security schemes of type `http` with scheme `basic` (Swagger 2.0 `type: basic`).",
        why: "Basic authentication sends reusable credentials with every request and has no expiry or scopes.",
        fix: "Use OAuth2 or signed, expiring tokens.",
        invalid: include_str!("../../../../../fixtures/rules/security-no-http-basic/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-no-http-basic/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityNoHttpBasic,
    META,
    Visit([SecurityScheme]),
    |node, cx, options, out| {
        if let Visit::SecurityScheme(s) = node {
            if s.kind == Some("http") && s.scheme.is_some_and(|x| x.eq_ignore_ascii_case("basic")) {
                out.push(Diagnostic::at(
                    &s.at,
                    format!(
                        "security scheme `{}` uses HTTP Basic authentication",
                        s.name
                    ),
                ));
            }
        }
    }
);
