//! `security-429-documented` (gardefou:security).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

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
      responses: {'200': {description: OK}, '429': {description: Slow down, headers: {Retry-After: {schema: {type: integer}}}}}
"#,
    },
};

crate::native_rule!(
    Security429Documented,
    META,
    [Operation],
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if o.kind == gardefou_model::OperationKind::Path
                && !o
                    .responses
                    .iter()
                    .any(|r| r.code == "429" || r.code.eq_ignore_ascii_case("4XX"))
            {
                out.push(Diagnostic::at_member(
                    &o.at,
                    "responses",
                    format!(
                        "{} {} does not document a 429 response",
                        o.method.to_uppercase(),
                        o.path
                    ),
                ));
            }
        }
    }
);
