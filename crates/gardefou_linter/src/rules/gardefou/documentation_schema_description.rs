//! `documentation-schema-description` (gardefou:documentation).

use super::support::*;
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
        what: "Reports named schemas (`components/schemas`, `definitions`) without a description (an entry that is a `$ref` is described where its target is).",
        why: "Component descriptions become the doc comments of generated types.",
        fix: "Describe what the schema represents.",
        invalid: include_str!(
            "../../../../../fixtures/rules/documentation-schema-description/invalid.yaml"
        ),
        valid: include_str!(
            "../../../../../fixtures/rules/documentation-schema-description/valid.yaml"
        ),
    },
};

crate::native_rule!(
    DocumentationSchemaDescription,
    META,
    Visit([NamedSchema]),
    |node, cx, options, out| {
        if let Visit::NamedSchema(s) = node {
            // An entry that is a `$ref` is described where its target is.
            let reference = s.at.key.as_ref().is_some_and(|k| k.path.is_some());
            match s.name {
                Some(name) if !reference && lacks_description(s.at.node) => {
                    out.push(Diagnostic::at(
                        s.at,
                        format!("schema `{name}` has no description"),
                    ));
                }
                _ => {}
            }
        }
    }
);
