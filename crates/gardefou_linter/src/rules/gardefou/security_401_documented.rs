//! `security-401-documented` (gardefou:security).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-401-documented",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Secured operations must document the 401 response.",
    peers: &["owasp:owasp-define-error-responses-401"],
    docs: RuleDocs {
        what: "Reports operations with a security requirement whose responses have neither `401` nor `4XX`.",
        why: "Clients must be told how an authentication failure looks, to renew tokens instead of failing blindly.",
        fix: "Document the `401` response (with an error schema).",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
security: [{k: []}]
paths:
  /a:
    get:
      operationId: op
      responses: {'200': {description: OK}}
components:
  securitySchemes:
    k: {type: apiKey, in: header, name: X-Api-Key}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
security: [{k: []}]
paths:
  /a:
    get:
      operationId: op
      responses: {'200': {description: OK}, '401': {description: Refused}}
components:
  securitySchemes:
    k: {type: apiKey, in: header, name: X-Api-Key}
"#,
    },
};

crate::native_rule!(
    Security401Documented,
    META,
    [Operation],
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            let secured = o.effective_security.iter().any(|r| !r.schemes.is_empty());
            if secured
                && !o
                    .responses
                    .iter()
                    .any(|r| r.code == "401" || r.code.eq_ignore_ascii_case("4XX"))
            {
                out.push(Diagnostic::at_member(
                    &o.at,
                    "responses",
                    format!(
                        "{} {} is secured but does not document a 401 response",
                        o.method.to_uppercase(),
                        o.path
                    ),
                ));
            }
        }
    }
);
