//! `documentation-schema-description` (gardefou:documentation).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-schema-description",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Schema components must have a description.",
    peers: &["vacuum:component-description", "ibm:ibm-schema-description"],
    docs: RuleDocs {
        what: "Reports named schemas (`components/schemas`, `definitions`) without a description.",
        why: "Component descriptions become the doc comments of generated types.",
        fix: "Describe what the schema represents.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Order: {type: object}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Order: {type: object, description: An order placed by a customer.}
"#,
    },
};

crate::native_rule!(
    DocumentationSchemaDescription,
    META,
    [Schema],
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            if let Some(name) = s.name {
                if s.at
                    .node
                    .get_str("description")
                    .is_none_or(|d| d.trim().is_empty())
                    && s.at.node.get("$ref").is_none()
                {
                    out.push(Diagnostic::at(
                        s.at,
                        format!("schema `{name}` has no description"),
                    ));
                }
            }
        }
    }
);
