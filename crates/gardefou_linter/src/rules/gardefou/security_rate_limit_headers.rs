//! `security-rate-limit-headers` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-rate-limit-headers",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "Success responses should declare rate-limit headers.",
    peers: &["owasp:owasp-rate-limit"],
    docs: RuleDocs {
        what: "Reports 2xx responses that declare none of `RateLimit`, `RateLimit-Limit`, `X-RateLimit-Limit`, `X-Rate-Limit-Limit`.",
        why: "Quotas are part of the contract; headers let clients pace themselves before they hit 429.",
        fix: "Declare the rate-limit headers the gateway sends.",
        invalid: include_str!("../../../../../fixtures/rules/security-rate-limit-headers/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-rate-limit-headers/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityRateLimitHeaders,
    META,
    Visit([Response]),
    |node, cx, options, out| {
        if let Visit::Response(_, r) = node {
            const NAMES: [&str; 4] = [
                "ratelimit",
                "ratelimit-limit",
                "x-ratelimit-limit",
                "x-rate-limit-limit",
            ];
            if r.code.starts_with('2')
                && !r
                    .headers
                    .iter()
                    .any(|h| NAMES.contains(&h.name.to_ascii_lowercase().as_str()))
            {
                out.push(Diagnostic::at(
                    &r.at,
                    format!("response `{}` declares no rate-limit header", r.code),
                ));
            }
        }
    }
);
