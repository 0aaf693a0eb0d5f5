//! `documentation-operation-summary` (gardefou:documentation).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-operation-summary",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Operations must have a summary.",
    peers: &["redocly:operation-summary", "ibm:ibm-summary-sentence-style"],
    docs: RuleDocs {
        what: "Reports operations without a non-empty `summary`.",
        why: "The summary is the one line every portal, SDK docstring and changelog shows for the operation.",
        fix: "Add a short summary (\"List orders\").",
        invalid: include_str!("../../../../../fixtures/rules/documentation-operation-summary/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/documentation-operation-summary/valid.yaml"),
    },
};

crate::native_rule!(
    DocumentationOperationSummary,
    META,
    Visit([Operation]),
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if o.summary.is_none_or(|s| s.trim().is_empty()) {
                out.push(Diagnostic::at(
                    &o.at,
                    format!("{} {} has no summary", o.method.to_uppercase(), o.path),
                ));
            }
        }
    }
);
