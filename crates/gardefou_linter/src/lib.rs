//! Rules, rulesets and the engine that runs them over a document set.
//!
//! Findings are plain data ([`Finding`]); severity, enablement and ordering are applied by the
//! engine, never inside a rule. Nothing here prints.

mod config;
mod engine;
mod finding;
pub mod jsonpath;
mod rule;
pub mod rules;
mod structure;

pub use config::{Config, ConfigError, RuleSetting};
pub use engine::lint;
pub use finding::{Category, Finding, Severity};
pub use rule::{Context, Diagnostic, Rule, RuleDocs, RuleMeta};
pub use rules::{all_rules, find_rule};
