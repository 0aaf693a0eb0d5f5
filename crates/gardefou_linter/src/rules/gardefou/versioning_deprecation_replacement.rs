//! `versioning-deprecation-replacement` (gardefou:versioning).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-deprecation-replacement",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Deprecated operations must say what replaces them.",
    peers: &[],
    docs: RuleDocs {
        what: "Reports deprecated operations without `x-replaced-by` and whose description does not mention a replacement (\"use … instead\", \"replaced by\", \"superseded by\").",
        why: "A deprecation notice is only actionable when it names the way forward.",
        fix: "Add `x-replaced-by: <operationId or path>` or say it in the description.",
        invalid: include_str!("../../../../../fixtures/rules/versioning-deprecation-replacement/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/versioning-deprecation-replacement/valid.yaml"),
    },
};

crate::native_rule!(
    VersioningDeprecationReplacement,
    META,
    Visit([Operation]),
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if o.deprecated && !names_replacement(o.at.node, o.description) {
                let (method, path) = (o.method.to_uppercase(), o.path);
                let message = format!("deprecated {method} {path} does not say what replaces it");
                out.push(Diagnostic::at_member(&o.at, "deprecated", message));
            }
        }
    }
);
