//! `documentation-error-responses` (gardefou:documentation).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-error-responses",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Operations must document at least one error response.",
    peers: &["redocly:operation-4xx-response", "vacuum:operation-4xx-response"],
    docs: RuleDocs {
        what: "Reports operations with no 4xx response (nor `4XX` or `default`).",
        why: "Clients handle failures from the contract; an operation that documents only success will be integrated as if it never failed.",
        fix: "Document the errors the operation returns (400, 404, 409 …), ideally as `application/problem+json`.",
        invalid: include_str!("../../../../../fixtures/rules/documentation-error-responses/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/documentation-error-responses/valid.yaml"),
    },
};

crate::native_rule!(
    DocumentationErrorResponses,
    META,
    Visit([Operation]),
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if is_path_operation(o) {
                let what = "documents no error response";
                require_response(o, |c| c.starts_with('4') || c == "default", what, out);
            }
        }
    }
);
