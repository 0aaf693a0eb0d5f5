//! `documentation-external-docs` (gardefou:documentation).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-external-docs",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Hint,
    recommended: false,
    formats: &[],
    summary: "The API should link to its external documentation.",
    peers: &[],
    docs: RuleDocs {
        what: "Reports documents without a top-level `externalDocs`.",
        why: "Guides, changelogs and onboarding live outside the description; the link makes them findable from every tool.",
        fix: "Add `externalDocs: {url: …}`.",
        invalid: include_str!("../../../../../fixtures/rules/documentation-external-docs/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/documentation-external-docs/valid.yaml"),
    },
};

crate::native_rule!(
    DocumentationExternalDocs,
    META,
    Visit([Document]),
    |node, cx, options, out| {
        if let Visit::Document(api) = node {
            if api.external_docs.is_none() {
                out.push(Diagnostic::at(
                    &api.root,
                    "the document has no `externalDocs`",
                ));
            }
        }
    }
);
