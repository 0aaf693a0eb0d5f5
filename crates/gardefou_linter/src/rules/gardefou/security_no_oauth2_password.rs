//! `security-no-oauth2-password` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

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
        invalid: include_str!(
            "../../../../../fixtures/rules/security-no-oauth2-password/invalid.yaml"
        ),
        valid: include_str!("../../../../../fixtures/rules/security-no-oauth2-password/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityNoOauth2Password,
    META,
    Visit([SecurityScheme]),
    |node, cx, options, out| {
        if let Visit::SecurityScheme(s) = node {
            report_oauth2_flow(s, "password", out);
        }
    }
);
