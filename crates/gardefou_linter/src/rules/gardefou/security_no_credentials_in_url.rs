//! `security-no-credentials-in-url` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-no-credentials-in-url",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "No credentials in URLs: neither in server URLs nor as query parameters.",
    peers: &["owasp:owasp-no-credentials-in-url", "vacuum:owasp-no-credentials-in-url"],
    docs: RuleDocs {
        what: "Reports server URLs with `user:password@`, and query parameters whose name says they carry a secret (password, secret, token, api_key, access_token …).",
        why: "URLs are logged by servers, proxies and browsers; a secret in one is a leaked secret.",
        fix: "Send credentials in headers (Authorization) or in a request body.",
        invalid: include_str!("../../../../../fixtures/rules/security-no-credentials-in-url/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-no-credentials-in-url/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityNoCredentialsInUrl,
    META,
    Visit([Server, Parameter]),
    |node, cx, options, out| {
        const SECRET: [&str; 10] = [
            "password",
            "passwd",
            "pwd",
            "secret",
            "token",
            "apikey",
            "api_key",
            "api-key",
            "access_token",
            "client_secret",
        ];
        match node {
            Visit::Parameter(_, p) if p.location == Some("query") => {
                if let Some(name) = p.name {
                    let lower = name.to_ascii_lowercase();
                    if SECRET.iter().any(|s| {
                        lower == *s
                            || lower.ends_with(&format!("_{s}"))
                            || lower.ends_with(&format!("-{s}"))
                    }) {
                        out.push(Diagnostic::at_member(
                            &p.at,
                            "name",
                            format!("query parameter `{name}` carries a credential in the URL"),
                        ));
                    }
                }
            }
            Visit::Server(s) => {
                let rest = s.url.split_once("://").map_or(s.url.as_str(), |(_, r)| r);
                let authority = rest.split('/').next().unwrap_or("");
                if authority.contains('@') {
                    if let Some(at) = &s.at {
                        out.push(Diagnostic::at_member(
                            at,
                            "url",
                            "server URL contains credentials",
                        ));
                    }
                }
            }
            _ => {}
        }
    }
);
