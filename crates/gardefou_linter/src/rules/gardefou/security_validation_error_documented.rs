//! `security-validation-error-documented` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-validation-error-documented",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Operations that take input must document their validation error (400 or 422).",
    peers: &["owasp:owasp-define-error-validation", "vacuum:owasp-define-error-validation"],
    docs: RuleDocs {
        what: "Reports operations with parameters or a request body whose responses have none of `400`, `422`, `4XX`.",
        why: "Input validation is the first defence (OWASP API8); documenting the rejection tells clients that invalid input is refused, not silently accepted.",
        fix: "Document `400` (or `422`) with an error schema.",
        invalid: include_str!("../../../../../fixtures/rules/security-validation-error-documented/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-validation-error-documented/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityValidationErrorDocumented,
    META,
    Visit([Operation]),
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            let takes_input =
                o.request_body.is_some() || o.parameters.iter().any(|p| p.location != Some("path"));
            if is_path_operation(o) && takes_input {
                let documented =
                    |code: &str| matches!(code, "400" | "422") || is_status_or_range(code, "400");
                let what = "takes input but documents no 400 or 422 response";
                require_response(o, documented, what, out);
            }
        }
    }
);
