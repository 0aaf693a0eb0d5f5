//! `security-no-oauth2-implicit` (gardefou:security).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-no-oauth2-implicit",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "OAuth2 must not use the implicit flow.",
    peers: &["owasp:owasp-auth-insecure-schemes", "vacuum:owasp-auth-insecure-schemes"],
    docs: RuleDocs {
        what: "Reports OAuth2 schemes with an `implicit` flow (Swagger 2.0 `flow: implicit`).",
        why: "The implicit flow returns tokens in the URL fragment, where browsers, logs and referrers leak them; OAuth 2.0 Security Best Current Practice (RFC 9700) forbids it.",
        fix: "Use the authorization code flow with PKCE.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  securitySchemes:
    s: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a.example.org/auth', scopes: {}}}}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  securitySchemes:
    s: {type: oauth2, flows: {authorizationCode: {authorizationUrl: 'https://a.example.org/auth', tokenUrl: 'https://a.example.org/token', scopes: {}}}}
"#,
    },
};

crate::native_rule!(
    SecurityNoOauth2Implicit,
    META,
    [SecurityScheme],
    |node, cx, options, out| {
        if let Visit::SecurityScheme(s) = node {
            for f in s.flows.iter().filter(|f| f.kind == "implicit") {
                out.push(Diagnostic::at(
                    &f.at,
                    format!("security scheme `{}` uses the OAuth2 implicit flow", s.name),
                ));
            }
        }
    }
);
