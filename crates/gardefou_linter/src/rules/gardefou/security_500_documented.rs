//! `security-500-documented` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-500-documented",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Operations should document server errors (500, 5XX or default).",
    peers: &["owasp:owasp-define-error-responses-500"],
    docs: RuleDocs {
        what: "Reports operations whose responses have neither a 5xx code nor `5XX` nor `default`.",
        why: "Server errors happen; documenting their shape keeps stack traces out of responses and lets clients retry correctly.",
        fix: "Document `500` (or `default`) with an error schema.",
        invalid: include_str!("../../../../../fixtures/rules/security-500-documented/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-500-documented/valid.yaml"),
    },
};

crate::native_rule!(
    Security500Documented,
    META,
    Visit([Operation]),
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if is_path_operation(o) {
                let documented = |code: &str| code.starts_with('5') || code == "default";
                require_response(o, documented, "does not document server errors", out);
            }
        }
    }
);
