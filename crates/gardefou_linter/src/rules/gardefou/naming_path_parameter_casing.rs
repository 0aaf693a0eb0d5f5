//! `naming-path-parameter-casing` (gardefou:naming).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta};

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
        why: "Path parameter names appear in the path templates of the reference docs and become argument names in generated clients; one casing across the API makes them guessable.",
        fix: "Rename the parameter in the path template and in its definition together, or configure the house casing.",
        invalid: include_str!("../../../../../fixtures/rules/naming-path-parameter-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-path-parameter-casing/valid.yaml"),
    },
};

parameter_casing_rule!(NamingPathParameterCasing, META, "path", |name| vec![name]);
