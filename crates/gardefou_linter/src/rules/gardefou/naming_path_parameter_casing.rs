//! `naming-path-parameter-casing` (gardefou:naming).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-path-parameter-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Path parameter names must follow the house casing (camelCase by default).",
    peers: &["ibm:ibm-parameter-casing-convention"],
    docs: RuleDocs {
        what: "Checks the `name` of every `in: path` parameter against the configured casing.",
        why: "Parameter names end up in generated client method signatures and in every request; consistent names make the API guessable.",
        fix: "Rename the parameter, or configure the house casing.",
        invalid: include_str!("../../../../../fixtures/rules/naming-path-parameter-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-path-parameter-casing/valid.yaml"),
    },
};

crate::native_rule!(
    NamingPathParameterCasing,
    META,
    Visit([Parameter]),
    CasingOptions {
        casing: Casing::Camel
    },
    |node, cx, options: &CasingOptions, out| {
        if let Visit::Parameter(_, p) = node {
            check_parameter_casing(p, "path", options.casing, out);
        }
    }
);
