//! `documentation-error-responses` (gardefou:documentation).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

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
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      operationId: op
      responses: {'200': {description: OK}}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      operationId: op
      responses: {'200': {description: OK}, '404': {description: Not found}}
"#,
    },
};

crate::native_rule!(
    DocumentationErrorResponses,
    META,
    [Operation],
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if o.kind == gardefou_model::OperationKind::Path
                && !o
                    .responses
                    .iter()
                    .any(|r| r.code.starts_with('4') || r.code == "default")
            {
                out.push(Diagnostic::at_member(
                    &o.at,
                    "responses",
                    format!(
                        "{} {} documents no error response",
                        o.method.to_uppercase(),
                        o.path
                    ),
                ));
            }
        }
    }
);
