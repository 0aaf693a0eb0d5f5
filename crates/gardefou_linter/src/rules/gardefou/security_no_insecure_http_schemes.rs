//! `security-no-insecure-http-schemes` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-no-insecure-http-schemes",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "HTTP authentication schemes must not be Negotiate, NTLM, Digest or OAuth 1.",
    peers: &["owasp:owasp-auth-insecure-schemes", "vacuum:owasp-auth-insecure-schemes"],
    docs: RuleDocs {
        what: "Reports `http` security schemes whose scheme is `negotiate`, `ntlm`, `digest` or `oauth` (OAuth 1.0).",
        why: "These schemes are considered insecure or obsolete (OWASP): NTLM relays, Digest's MD5, OAuth 1's signatures.",
        fix: "Use bearer tokens (OAuth 2 / OpenID Connect).",
        invalid: include_str!("../../../../../fixtures/rules/security-no-insecure-http-schemes/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-no-insecure-http-schemes/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityNoInsecureHttpSchemes,
    META,
    Visit([SecurityScheme]),
    |node, cx, options, out| {
        if let Visit::SecurityScheme(s) = node {
            if s.kind == Some("http")
                && s.scheme.is_some_and(|x| {
                    ["negotiate", "ntlm", "digest", "oauth"]
                        .contains(&x.to_ascii_lowercase().as_str())
                })
            {
                out.push(Diagnostic::at_member(
                    &s.at,
                    "scheme",
                    format!(
                        "security scheme `{}` uses the insecure HTTP scheme `{}`",
                        s.name,
                        s.scheme.unwrap_or("")
                    ),
                ));
            }
        }
    }
);
