//! Built-in rules, grouped by the ruleset they ship in: native rules one file each, the
//! `spectral:oas` rules as data (`oas/spectral-oas.yaml`), WSO2's default rulesets as data too
//! (`wso2/`).

pub mod aliases;
pub mod core;
pub mod data;
pub mod gardefou;
pub mod oas;
pub mod other_formats;
pub mod wso2;

use std::sync::OnceLock;

use crate::rule::Rule;

/// Every built-in rule, in catalogue order.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    static RULES: OnceLock<Vec<&'static dyn Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut v: Vec<&'static dyn Rule> = vec![
            &core::parser::Parser,
            &core::duplicate_key::DuplicateKey,
            &core::invalid_ref::InvalidRef,
            &core::unrecognized_format::UnrecognizedFormat,
            &core::unused_suppression::UnusedSuppression,
        ];
        v.extend(oas::rules());
        v.extend(gardefou::rules());
        v.extend(wso2::rules());
        v
    })
}

/// The built-in rule with this id.
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    all_rules().iter().copied().find(|r| r.meta().id == id)
}
