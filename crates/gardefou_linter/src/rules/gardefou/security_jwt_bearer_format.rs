//! `security-jwt-bearer-format` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-jwt-bearer-format",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Bearer schemes must declare their token format.",
    peers: &["owasp:owasp-jwt-best-practices"],
    docs: RuleDocs {
        what: "Reports `http` `bearer` schemes without `bearerFormat`.",
        why: "Clients and gateways need to know whether tokens are JWTs (and so must be validated as such, per RFC 8725) or opaque.",
        fix: "Declare `bearerFormat: JWT` (or the format used).",
        invalid: include_str!("../../../../../fixtures/rules/security-jwt-bearer-format/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-jwt-bearer-format/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityJwtBearerFormat,
    META,
    Visit([SecurityScheme]),
    |node, cx, options, out| {
        if let Visit::SecurityScheme(s) = node {
            if s.kind == Some("http")
                && s.scheme.is_some_and(|x| x.eq_ignore_ascii_case("bearer"))
                && s.bearer_format.is_none()
            {
                out.push(Diagnostic::at(
                    &s.at,
                    format!("bearer scheme `{}` does not declare `bearerFormat`", s.name),
                ));
            }
        }
    }
);
