//! `security-401-documented` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-401-documented",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Secured operations must document the 401 response.",
    peers: &["owasp:owasp-define-error-responses-401"],
    docs: RuleDocs {
        what: "Reports operations with a security requirement whose responses have neither `401` nor `4XX`.",
        why: "Clients must be told how an authentication failure looks, to renew tokens instead of failing blindly.",
        fix: "Document the `401` response (with an error schema).",
        invalid: include_str!("../../../../../fixtures/rules/security-401-documented/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-401-documented/valid.yaml"),
    },
};

crate::native_rule!(
    Security401Documented,
    META,
    Visit([Operation]),
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if is_secured(o) {
                let documented = |code: &str| is_status_or_range(code, "401");
                let what = "is secured but does not document a 401 response";
                require_response(o, documented, what, out);
            }
        }
    }
);
