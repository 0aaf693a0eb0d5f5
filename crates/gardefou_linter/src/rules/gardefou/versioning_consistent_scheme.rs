//! `versioning-consistent-scheme` (gardefou:versioning).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-consistent-scheme",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "All paths use one version scheme.",
    peers: &[],
    docs: RuleDocs {
        what: "Reports documents where some paths carry a version segment (`/v1/…`) and others do not, or where paths carry different versions.",
        why: "Mixed schemes mean part of the API is versioned and part is not; clients cannot tell what a version bump covers.",
        fix: "Version every path the same way (or move the version to the server URL).",
        invalid: include_str!("../../../../../fixtures/rules/versioning-consistent-scheme/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/versioning-consistent-scheme/valid.yaml"),
    },
};

crate::native_rule!(
    VersioningConsistentScheme,
    META,
    Visit([Document]),
    |node, cx, options, out| {
        if let Visit::Document(api) = node {
            let versions: Vec<Option<&str>> = api
                .path_items
                .iter()
                .map(|p| p.path.split('/').find(|s| is_version_segment(s)))
                .collect();
            let distinct: std::collections::BTreeSet<Option<&str>> =
                versions.iter().copied().collect();
            if distinct.len() > 1 {
                let shown: Vec<String> = distinct
                    .iter()
                    .map(|v| v.map_or("(none)".to_string(), str::to_string))
                    .collect();
                out.push(Diagnostic::at_member(
                    &api.root,
                    "paths",
                    format!("paths mix version schemes: {}", shown.join(", ")),
                ));
            }
        }
    }
);
