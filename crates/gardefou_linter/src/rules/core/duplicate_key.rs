use gardefou_source::ParseIssueKind;

use crate::finding::{Category, Severity};
use crate::rule::{Context, Diagnostic, Rule, RuleDocs, RuleMeta};

/// `duplicate-key`: an object declares the same key twice.
pub struct DuplicateKey;

static META: RuleMeta = RuleMeta {
    id: "duplicate-key",
    ruleset: "gardefou:core",
    category: Category::Validity,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "An object must not declare the same key twice.",
    peers: &["spectral:parser (duplicate key)", "redocly:struct"],
    docs: RuleDocs {
        what: "Reports every key that appears a second time in the same YAML mapping or JSON object.",
        why: "YAML forbids duplicate keys and JSON leaves their meaning open: most tools keep the last one silently, so one of the two definitions (often a whole path) disappears without anyone noticing.",
        fix: "Remove or merge the repeated key; for paths, merge the operations into one path item.",
        invalid: "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a: {}\n  /a: {}\n",
        valid: "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a: {}\n  /b: {}\n",
    },
};

impl Rule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for file in cx.set.files() {
            for issue in file
                .issues
                .iter()
                .filter(|i| i.kind == ParseIssueKind::DuplicateKey)
            {
                out.push(Diagnostic {
                    message: issue.message.clone(),
                    file: file.id,
                    span: issue.span,
                    path: Vec::new(),
                    help: None,
                });
            }
        }
    }
}
