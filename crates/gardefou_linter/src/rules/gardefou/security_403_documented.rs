//! `security-403-documented` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-403-documented",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Secured operations must document the 403 response.",
    peers: &["ibm:ibm-security-scheme-responses"],
    docs: RuleDocs {
        what: "Reports operations with a security requirement whose responses have neither `403` nor `4XX`.",
        why: "A client that is authenticated but lacks a scope gets 403; documenting it tells integrators which permission is missing.",
        fix: "Document the `403` response (with an error schema).",
        invalid: include_str!("../../../../../fixtures/rules/security-403-documented/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-403-documented/valid.yaml"),
    },
};

crate::native_rule!(
    Security403Documented,
    META,
    Visit([Operation]),
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if is_secured(o) {
                let what = "is secured but does not document a 403 response";
                require_response(o, |code| is_status_or_range(code, "403"), what, out);
            }
        }
    }
);
