//! `versioning-deprecated-parameter-replacement` (gardefou:versioning).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-deprecated-parameter-replacement",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Deprecated parameters must say what replaces them.",
    peers: &[],
    docs: RuleDocs {
        what: "Reports deprecated parameters without `x-replaced-by` and whose description does not mention a replacement.",
        why: "Clients can only stop sending a parameter when they know what to send instead.",
        fix: "Add `x-replaced-by: <parameter>` or say it in the description.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      operationId: op
      parameters:
        - {name: q, in: query, deprecated: true, schema: {type: string}}
      responses: {'200': {description: OK}}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      operationId: op
      parameters:
        - {name: q, in: query, deprecated: true, description: Use `search` instead., schema: {type: string}}
      responses: {'200': {description: OK}}
"#,
    },
};

crate::native_rule!(
    VersioningDeprecatedParameterReplacement,
    META,
    [Parameter],
    |node, cx, options, out| {
        if let Visit::Parameter(_, p) = node {
            if !p.deprecated || p.at.node.get("x-replaced-by").is_some() {
                return;
            }
            let d = p.description.unwrap_or("").to_ascii_lowercase();
            if !(d.contains("instead")
                || d.contains("replaced by")
                || d.contains("superseded by")
                || d.contains("use "))
            {
                out.push(Diagnostic::at_member(
                    &p.at,
                    "deprecated",
                    format!(
                        "deprecated parameter `{}` does not say what replaces it",
                        p.name.unwrap_or("?")
                    ),
                ));
            }
        }
    }
);
