//! `invalid-ref`: a `$ref` that cannot be resolved.

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta};

static META: RuleMeta = RuleMeta {
    id: "invalid-ref",
    ruleset: "gardefou:core",
    category: Category::Validity,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "Every `$ref` must resolve to an existing local target.",
    peers: &["spectral:invalid-ref", "redocly:no-unresolved-refs", "vacuum:resolving-references"],
    docs: RuleDocs {
        what: "Reports `$ref`s whose file does not exist or cannot be read, whose JSON pointer names nothing in the target, that form a cycle of references to references, that point outside the root document's folder (refused unless allowed), or that are remote URLs (never fetched).",
        why: "A broken reference silently removes part of the API: code generators, documentation and gateways see a different contract than the one you meant to publish.",
        fix: "Correct the path or the pointer (JSON pointers escape `/` as `~1` and `~` as `~0`), add the missing file, or bundle remote definitions into the repository.",
        invalid: include_str!("../../../../../fixtures/rules/invalid-ref/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/invalid-ref/valid.yaml"),
    },
};

crate::native_rule!(InvalidRef, META, Check, |cx, options, out| {
    for issue in cx.set.ref_issues() {
        out.push(Diagnostic {
            message: issue.message.clone(),
            file: issue.file,
            span: issue.span,
            path: issue.path.clone(),
            help: None,
            related: Vec::new(),
        });
    }
});
