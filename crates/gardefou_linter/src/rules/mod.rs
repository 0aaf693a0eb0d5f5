//! Native rules, one file each, grouped by the ruleset they ship in.

pub mod core;
pub mod oas;

use crate::rule::Rule;

/// Every native rule, in catalogue order.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        &core::parser::Parser,
        &core::duplicate_key::DuplicateKey,
        &core::invalid_ref::InvalidRef,
        &core::unrecognized_format::UnrecognizedFormat,
        &oas::oas2_schema::Oas2Schema,
        &oas::oas3_schema::Oas3Schema,
    ];
    RULES
}

/// The native rule with this id.
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    all_rules().iter().copied().find(|r| r.meta().id == id)
}
