//! `documentation-parameter-description` (gardefou:documentation).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-parameter-description",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Parameters must have a description.",
    peers: &[
        "spectral:oas3-parameter-description",
        "redocly:parameter-description",
    ],
    docs: RuleDocs {
        what: "Reports parameters without a non-empty `description`.",
        why: "Names rarely say enough about format, units, defaults and effect.",
        fix: "Describe the parameter.",
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
        - {name: q, in: query, description: Text to search for., schema: {type: string}}
      responses: {'200': {description: OK}}
"#,
    },
};

crate::native_rule!(
    DocumentationParameterDescription,
    META,
    [Parameter],
    |node, cx, options, out| {
        if let Visit::Parameter(_, p) = node {
            if p.description.is_none_or(|d| d.trim().is_empty()) {
                out.push(Diagnostic::at(
                    &p.at,
                    format!("parameter `{}` has no description", p.name.unwrap_or("?")),
                ));
            }
        }
    }
);
