//! Rules, rulesets and the engine that runs them over a document set.
//!
//! Findings are plain data ([`Finding`]); severity, enablement and ordering are applied by the
//! engine, never inside a rule. Nothing here prints.
#![deny(missing_docs)]

pub mod catalogue;
mod collate;
mod config;
pub mod declarative;
pub mod ecma_regex;
mod engine;
pub mod example;
mod finding;
pub mod functions;
mod js_ruleset;
pub mod jsonpath;
/// What rules are and what they see: metadata, diagnostics, the model nodes they visit.
pub mod rule;
pub mod rules;
mod structure;
mod suggest;
mod suppress;
mod walk;

pub use collate::locale_cmp;
pub use config::{
    default_category, ActiveRule, Config, ConfigError, RuleRef, RuleSetting, BUILTIN_RULESETS,
};
pub use engine::{lint, lint_measured, lint_with_base, Measured};
pub use finding::{Category, Finding, Related, Severity};
pub use functions::js::JsLimits;
pub use rule::{Context, Diagnostic, Rule, RuleDocs, RuleMeta};
pub use rules::aliases::{find_alias, RuleAlias, ALIASES};
pub use rules::{all_rules, find_rule};
pub use suggest::did_you_mean;
