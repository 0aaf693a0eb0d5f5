//! `versioning-breaking-change-needs-major` (gardefou:versioning).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-breaking-change-needs-major",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "A breaking change must come with a new major version.",
    peers: &["oasdiff:breaking (with version checks)", "optic:breaking-changes"],
    docs: RuleDocs {
        what: "With `gardefou lint --base OLD`, compares the document with its previous version (the same comparison as `gardefou diff`) and reports when there are breaking changes but the major number of `info.version` did not grow. Without `--base` the rule has nothing to compare and reports nothing. (In this rule's examples, the first YAML document is the base.)",
        why: "Semantic versioning is the promise consumers rely on: a breaking change shipped as 1.4 → 1.5 breaks every client that trusted the minor bump.",
        fix: "Bump the major version (and plan the migration), or make the change compatible.",
        invalid: include_str!("../../../../../fixtures/rules/versioning-breaking-change-needs-major/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/versioning-breaking-change-needs-major/valid.yaml"),
    },
};

crate::native_rule!(
    VersioningBreakingChangeNeedsMajor,
    META,
    Visit([Document]),
    |node, cx, options, out| {
        if let (Visit::Document(api), Some(base)) = (node, cx.base) {
            let changes = gardefou_diff::diff(
                base.api,
                api,
                &gardefou_diff::Sides {
                    old_set: base.set,
                    new_set: cx.set,
                },
            );
            let breaking: Vec<&gardefou_diff::Change> = changes
                .iter()
                .filter(|c| c.class == gardefou_diff::Class::Breaking)
                .collect();
            let Some(first) = breaking.first() else {
                return;
            };
            let version = |a: &gardefou_model::Api<'_>| {
                a.info.as_ref().and_then(|i| i.version).map(str::to_string)
            };
            let major = |v: &Option<String>| {
                v.as_deref()
                    .and_then(|v| v.trim_start_matches(['v', 'V']).split('.').next())
                    .and_then(|m| m.parse::<u64>().ok())
            };
            let (old_v, new_v) = (version(base.api), version(api));
            if let (Some(old), Some(new)) = (major(&old_v), major(&new_v)) {
                if new <= old {
                    let Some(info) = &api.info else { return };
                    out.push(Diagnostic::at_member(
                    &info.at,
                    "version",
                    format!(
                        "{} breaking change{} since {} (first: {}) but the major version is still {new}",
                        breaking.len(),
                        if breaking.len() == 1 { "" } else { "s" },
                        old_v.unwrap_or_default(),
                        first.message
                    ),
                ).with_help("run `gardefou diff` for the full list"));
                }
            }
        }
    }
);
