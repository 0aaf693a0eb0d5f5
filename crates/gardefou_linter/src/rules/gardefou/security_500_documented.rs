//! `security-500-documented` (gardefou:security).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

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
      responses: {'200': {description: OK}, '500': {description: Server error}}
"#,
    },
};

crate::native_rule!(
    Security500Documented,
    META,
    [Operation],
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if o.kind == gardefou_model::OperationKind::Path
                && !o
                    .responses
                    .iter()
                    .any(|r| r.code.starts_with('5') || r.code == "default")
            {
                out.push(Diagnostic::at_member(
                    &o.at,
                    "responses",
                    format!(
                        "{} {} does not document server errors",
                        o.method.to_uppercase(),
                        o.path
                    ),
                ));
            }
        }
    }
);
