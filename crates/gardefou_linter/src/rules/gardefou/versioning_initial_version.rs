//! `versioning-initial-version` (gardefou:versioning).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-initial-version",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "Published APIs should not stay at version 0.x.",
    peers: &[],
    docs: RuleDocs {
        what: "Reports `info.version` with major version 0.",
        why: "Under semantic versioning, 0.x promises nothing: any change may break clients. A published API needs a stable 1.0.",
        fix: "Release 1.0.0 when the contract is stable.",
        invalid: include_str!("../../../../../fixtures/rules/versioning-initial-version/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/versioning-initial-version/valid.yaml"),
    },
};

crate::native_rule!(
    VersioningInitialVersion,
    META,
    Visit([Document]),
    |node, cx, options, out| {
        if let Visit::Document(api) = node {
            if let Some(info) = &api.info {
                if info
                    .version
                    .is_some_and(|v| v.trim_start_matches(['v', 'V']).starts_with("0."))
                {
                    out.push(Diagnostic::at_member(
                        &info.at,
                        "version",
                        format!(
                            "`info.version` `{}` is a 0.x version",
                            info.version.unwrap_or("")
                        ),
                    ));
                }
            }
        }
    }
);
