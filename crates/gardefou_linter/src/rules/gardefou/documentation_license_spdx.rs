//! `documentation-license-spdx` (gardefou:documentation).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-license-spdx",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "The license must be identified: an SPDX identifier or a URL.",
    peers: &["vacuum:info-license-spdx", "redocly:info-license-strict"],
    docs: RuleDocs {
        what: "Reports `info.license` without an SPDX `identifier` (3.1+) or a `url`, and documents without `info.license`.",
        why: "Consumers and legal reviews need to know the exact terms.",
        fix: "Add `license: {name: Apache 2.0, identifier: Apache-2.0}` (3.1+) or a `url`.",
        invalid: include_str!("../../../../../fixtures/rules/documentation-license-spdx/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/documentation-license-spdx/valid.yaml"),
    },
};

crate::native_rule!(
    DocumentationLicenseSpdx,
    META,
    Visit([Document]),
    |node, cx, options, out| {
        if let Visit::Document(api) = node {
            let Some(info) = &api.info else { return };
            match &info.license {
                None => out.push(Diagnostic::at(&info.at, "`info` has no license")),
                Some(l) => {
                    if l.node.get("identifier").is_none() && l.node.get("url").is_none() {
                        out.push(Diagnostic::at(
                            l,
                            "the license has neither an SPDX `identifier` nor a `url`",
                        ));
                    }
                }
            }
        }
    }
);
