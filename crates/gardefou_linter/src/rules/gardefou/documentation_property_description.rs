//! `documentation-property-description` (gardefou:documentation).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-property-description",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "Schema properties should have a description.",
    peers: &["ibm:ibm-property-description"],
    docs: RuleDocs {
        what: "Reports properties without a description (properties that are references excepted).",
        why: "Field-level documentation is what integrators read when mapping payloads.",
        fix: "Describe each property.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        total: {type: number}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        total: {type: number, description: Amount due in the order's currency.}
"#,
    },
};

crate::native_rule!(
    DocumentationPropertyDescription,
    META,
    [Schema],
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            if let Some(name) = s.property {
                if s.at
                    .node
                    .get_str("description")
                    .is_none_or(|d| d.trim().is_empty())
                    && s.at.node.get("$ref").is_none()
                {
                    out.push(Diagnostic::at(
                        s.at,
                        format!("property `{name}` has no description"),
                    ));
                }
            }
        }
    }
);
