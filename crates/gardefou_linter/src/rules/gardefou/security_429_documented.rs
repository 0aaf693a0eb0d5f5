//! `security-429-documented` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-429-documented",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Operations must document the 429 (rate limited) response.",
    peers: &["owasp:owasp-rate-limit", "owasp:owasp-define-error-responses-429"],
    docs: RuleDocs {
        what: "Reports operations whose responses have neither `429` nor `4XX`.",
        why: "Throttling is part of the contract: clients that know the 429 response back off instead of hammering a gateway.",
        fix: "Document `429` with a `Retry-After` header.",
        invalid: include_str!("../../../../../fixtures/rules/security-429-documented/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-429-documented/valid.yaml"),
    },
};

crate::native_rule!(
    Security429Documented,
    META,
    Visit([Operation]),
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if is_path_operation(o) {
                let documented = |code: &str| is_status_or_range(code, "429");
                require_response(o, documented, "does not document a 429 response", out);
            }
        }
    }
);
