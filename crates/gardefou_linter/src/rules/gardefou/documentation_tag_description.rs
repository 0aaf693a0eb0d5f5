//! `documentation-tag-description` (gardefou:documentation).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-tag-description",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Tags must have a description.",
    peers: &["spectral:tag-description", "redocly:tag-description"],
    docs: RuleDocs {
        what: "Reports top-level tags without a non-empty description.",
        why: "The tag description introduces a group of operations in every portal.",
        fix: "Describe each tag.",
        invalid: include_str!(
            "../../../../../fixtures/rules/documentation-tag-description/invalid.yaml"
        ),
        valid: include_str!(
            "../../../../../fixtures/rules/documentation-tag-description/valid.yaml"
        ),
    },
};

crate::native_rule!(
    DocumentationTagDescription,
    META,
    Visit([Tag]),
    |node, cx, options, out| {
        if let Visit::Tag(t) = node {
            if t.description.is_none_or(|d| d.trim().is_empty()) {
                out.push(Diagnostic::at(
                    &t.at,
                    format!("tag `{}` has no description", t.name.unwrap_or("?")),
                ));
            }
        }
    }
);
