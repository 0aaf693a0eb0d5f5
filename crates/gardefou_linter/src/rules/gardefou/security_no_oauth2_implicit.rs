//! `security-no-oauth2-implicit` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

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
        invalid: include_str!("../../../../../fixtures/rules/security-no-oauth2-implicit/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-no-oauth2-implicit/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityNoOauth2Implicit,
    META,
    Visit([SecurityScheme]),
    |node, cx, options, out| {
        if let Visit::SecurityScheme(s) = node {
            report_oauth2_flow(s, "implicit", out);
        }
    }
);
