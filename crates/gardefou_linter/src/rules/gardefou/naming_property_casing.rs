//! `naming-property-casing` (gardefou:naming).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-property-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Property names must follow the house casing (camelCase by default).",
    peers: &["zalando:118 (snake_case properties)", "vacuum:camel-case-properties", "ibm:ibm-property-casing-convention"],
    docs: RuleDocs {
        what: "Checks every property name of every schema against the configured casing.",
        why: "Property names are the API's vocabulary in every payload; a team that mixes `orderId` and `order_id` forces mapping code on every client.",
        fix: "Rename the property, or configure the house casing (`casing: snake` for snake_case APIs).",
        invalid: include_str!("../../../../../fixtures/rules/naming-property-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-property-casing/valid.yaml"),
    },
};

crate::native_rule!(
    NamingPropertyCasing,
    META,
    Visit([Property]),
    CasingOptions {
        casing: Casing::Camel
    },
    |node, cx, options: &CasingOptions, out| {
        if let Visit::Property(s) = node {
            // `@type`, `$id`: JSON-LD and JSON Schema keywords, not names the API chose.
            let chosen = s
                .property
                .filter(|n| !n.starts_with('@') && !n.starts_with('$'));
            if let Some(m) =
                chosen.and_then(|name| casing_finding(options.casing, "property", name))
            {
                out.push(Diagnostic::at_key(s.at, m));
            }
        }
    }
);
