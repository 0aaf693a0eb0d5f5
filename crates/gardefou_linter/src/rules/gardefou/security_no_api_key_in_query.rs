//! `security-no-api-key-in-query` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-no-api-key-in-query",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "API keys must not be sent in the query string.",
    peers: &["owasp:owasp-no-api-keys-in-url", "vacuum:owasp-no-api-keys-in-url"],
    docs: RuleDocs {
        what: "Reports `apiKey` security schemes with `in: query`.",
        why: "URLs, with their query strings, are written to server logs, proxies and browser history: a key there leaks.",
        fix: "Send the key in a header.",
        invalid: include_str!("../../../../../fixtures/rules/security-no-api-key-in-query/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-no-api-key-in-query/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityNoApiKeyInQuery,
    META,
    Visit([SecurityScheme]),
    |node, cx, options, out| {
        if let Visit::SecurityScheme(s) = node {
            if s.kind == Some("apiKey") && s.location == Some("query") {
                out.push(Diagnostic::at_member(
                    &s.at,
                    "in",
                    format!("API key `{}` is sent in the query string", s.name),
                ));
            }
        }
    }
);
