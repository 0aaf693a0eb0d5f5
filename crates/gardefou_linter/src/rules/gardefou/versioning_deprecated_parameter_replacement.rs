//! `versioning-deprecated-parameter-replacement` (gardefou:versioning).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-deprecated-parameter-replacement",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Deprecated parameters must say what replaces them.",
    peers: &[],
    docs: RuleDocs {
        what: "Reports deprecated parameters without `x-replaced-by` and whose description does not mention a replacement.",
        why: "Clients can only stop sending a parameter when they know what to send instead.",
        fix: "Add `x-replaced-by: <parameter>` or say it in the description.",
        invalid: include_str!("../../../../../fixtures/rules/versioning-deprecated-parameter-replacement/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/versioning-deprecated-parameter-replacement/valid.yaml"),
    },
};

crate::native_rule!(
    VersioningDeprecatedParameterReplacement,
    META,
    Visit([Parameter]),
    |node, cx, options, out| {
        if let Visit::Parameter(_, p) = node {
            if p.deprecated && !names_replacement(p.at.node, p.description) {
                let name = p.name.unwrap_or("?");
                let message =
                    format!("deprecated parameter `{name}` does not say what replaces it");
                out.push(Diagnostic::at_member(&p.at, "deprecated", message));
            }
        }
    }
);
