//! `naming-query-parameter-casing` (gardefou:naming).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-query-parameter-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Query parameter names must follow the house casing (camelCase by default).",
    peers: &["zalando:130 (snake_case query parameters)", "ibm:ibm-parameter-casing-convention"],
    docs: RuleDocs {
        what: "Checks the `name` of every `in: query` parameter against the configured casing.",
        why: "Parameter names end up in generated client method signatures and in every request; consistent names make the API guessable.",
        fix: "Rename the parameter, or configure the house casing.",
        invalid: include_str!("../../../../../fixtures/rules/naming-query-parameter-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-query-parameter-casing/valid.yaml"),
    },
};

crate::native_rule!(
    NamingQueryParameterCasing,
    META,
    Visit([Parameter]),
    CasingOptions {
        casing: Casing::Camel
    },
    |node, cx, options: &CasingOptions, out| {
        if let Visit::Parameter(_, p) = node {
            check_parameter_casing(p, "query", options.casing, out);
        }
    }
);
