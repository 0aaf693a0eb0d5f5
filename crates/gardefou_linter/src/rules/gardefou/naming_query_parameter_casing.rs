//! `naming-query-parameter-casing` (gardefou:naming).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{RuleDocs, RuleMeta};

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
        what: "Checks the `name` of every `in: query` parameter against the configured casing; in a bracketed name (`filter[createdAt]`, `page[size]`, `expand[]`) each segment is checked.",
        why: "Query parameter names are typed into every URL a client builds and become argument names in generated clients; one casing across the API makes them guessable.",
        fix: "Rename the query parameter (keeping the old name as a deprecated alias if clients use it), or configure the house casing.",
        invalid: include_str!("../../../../../fixtures/rules/naming-query-parameter-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-query-parameter-casing/valid.yaml"),
    },
};

/// What the casing applies to: each segment of a bracketed name (`filter[createdAt]`,
/// `page[size]`, `expand[]`, the deepObject and JSON:API conventions), else the whole name.
fn segments(name: &str) -> Vec<&str> {
    match name.contains('[') {
        true => name.split(['[', ']']).filter(|s| !s.is_empty()).collect(),
        false => vec![name],
    }
}

parameter_casing_rule!(NamingQueryParameterCasing, META, "query", segments);
