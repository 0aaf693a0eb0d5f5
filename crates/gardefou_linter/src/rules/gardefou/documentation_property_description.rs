//! `documentation-property-description` (gardefou:documentation).

use super::support::*;
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
        invalid: include_str!(
            "../../../../../fixtures/rules/documentation-property-description/invalid.yaml"
        ),
        valid: include_str!(
            "../../../../../fixtures/rules/documentation-property-description/valid.yaml"
        ),
    },
};

crate::native_rule!(
    DocumentationPropertyDescription,
    META,
    Visit([Property]),
    |node, cx, options, out| {
        if let Visit::Property(s) = node {
            // A property that is a `$ref` is described where its target is.
            let reference = s.at.key.as_ref().is_some_and(|k| k.path.is_some());
            if let Some(name) = s
                .property
                .filter(|_| !reference && lacks_description(s.at.node))
            {
                let message = format!("property `{name}` has no description");
                out.push(Diagnostic::at(s.at, message));
            }
        }
    }
);
