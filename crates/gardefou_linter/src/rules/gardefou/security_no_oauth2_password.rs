//! `security-no-oauth2-password` (gardefou:security).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-no-oauth2-password",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "OAuth2 must not use the resource owner password flow.",
    peers: &["owasp:owasp-auth-insecure-schemes"],
    docs: RuleDocs {
        what: "Reports OAuth2 schemes with a `password` flow.",
        why: "The password flow hands the user's credentials to the client; RFC 9700 forbids it.",
        fix: "Use the authorization code flow with PKCE (users) or client credentials (services).",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  securitySchemes:
    s: {type: oauth2, flows: {password: {tokenUrl: 'https://a.example.org/token', scopes: {}}}}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  securitySchemes:
    s: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a.example.org/token', scopes: {}}}}
"#,
    },
};

crate::native_rule!(
    SecurityNoOauth2Password,
    META,
    [SecurityScheme],
    |node, cx, options, out| {
        if let Visit::SecurityScheme(s) = node {
            for f in s.flows.iter().filter(|f| f.kind == "password") {
                out.push(Diagnostic::at(
                    &f.at,
                    format!("security scheme `{}` uses the OAuth2 password flow", s.name),
                ));
            }
        }
    }
);
