//! `security-retry-after-header` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-retry-after-header",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "429 responses must declare the Retry-After header.",
    peers: &["owasp:owasp-rate-limit-retry-after"],
    docs: RuleDocs {
        what: "Reports `429` responses without a `Retry-After` header.",
        why: "Retry-After tells clients when to come back; without it they retry at once and make the overload worse.",
        fix: "Declare `Retry-After` in the 429 response's headers.",
        invalid: include_str!("../../../../../fixtures/rules/security-retry-after-header/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-retry-after-header/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityRetryAfterHeader,
    META,
    Visit([Response]),
    |node, cx, options, out| {
        if let Visit::Response(_, r) = node {
            if r.code == "429"
                && !r
                    .headers
                    .iter()
                    .any(|h| h.name.eq_ignore_ascii_case("retry-after"))
            {
                out.push(Diagnostic::at(
                    &r.at,
                    "the 429 response does not declare a `Retry-After` header",
                ));
            }
        }
    }
);
