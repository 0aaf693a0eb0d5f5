//! `versioning-semver` (gardefou:versioning).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-semver",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "`info.version` must be a semantic version (MAJOR.MINOR.PATCH).",
    peers: &["zalando:116 (semantic versioning)"],
    docs: RuleDocs {
        what: "Reports `info.version` values that are not semantic versions (`1.4.2`, `2.0.0-beta.1`).",
        why: "Consumers and the breaking-change check read compatibility from the version; `v2`, `latest` or a date say nothing about it.",
        fix: "Use MAJOR.MINOR.PATCH.",
        invalid: include_str!("../../../../../fixtures/rules/versioning-semver/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/versioning-semver/valid.yaml"),
    },
};

crate::native_rule!(
    VersioningSemver,
    META,
    Visit([Document]),
    |node, cx, options, out| {
        if let Visit::Document(api) = node {
            let Some(info) = &api.info else { return };
            let Some(v) = info.version else { return };
            let core = v.split(['-', '+']).next().unwrap_or("");
            let parts: Vec<&str> = core.split('.').collect();
            let ok = parts.len() == 3
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.bytes().all(|c| c.is_ascii_digit())
                        && (p.len() == 1 || !p.starts_with('0'))
                });
            if !ok {
                out.push(Diagnostic::at_member(
                    &info.at,
                    "version",
                    format!("`info.version` `{v}` is not a semantic version"),
                ));
            }
        }
    }
);
