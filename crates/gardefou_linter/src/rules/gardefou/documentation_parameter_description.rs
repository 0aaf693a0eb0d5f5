//! `documentation-parameter-description` (gardefou:documentation).

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
        invalid: include_str!(
            "../../../../../fixtures/rules/documentation-parameter-description/invalid.yaml"
        ),
        valid: include_str!(
            "../../../../../fixtures/rules/documentation-parameter-description/valid.yaml"
        ),
    },
};

crate::native_rule!(
    DocumentationParameterDescription,
    META,
    Visit([Parameter]),
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
