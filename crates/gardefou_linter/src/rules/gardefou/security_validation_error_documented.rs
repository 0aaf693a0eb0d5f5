//! `security-validation-error-documented` (gardefou:security).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

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
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      operationId: op
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses: {'200': {description: OK}}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      operationId: op
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses: {'200': {description: OK}, '400': {description: Invalid input}}
"#,
    },
};

crate::native_rule!(
    SecurityValidationErrorDocumented,
    META,
    [Operation],
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            let takes_input =
                o.request_body.is_some() || o.parameters.iter().any(|p| p.location != Some("path"));
            if o.kind == gardefou_model::OperationKind::Path
                && takes_input
                && !o
                    .responses
                    .iter()
                    .any(|r| matches!(r.code, "400" | "422") || r.code.eq_ignore_ascii_case("4XX"))
            {
                out.push(Diagnostic::at_member(
                    &o.at,
                    "responses",
                    format!(
                        "{} {} takes input but documents no 400 or 422 response",
                        o.method.to_uppercase(),
                        o.path
                    ),
                ));
            }
        }
    }
);
