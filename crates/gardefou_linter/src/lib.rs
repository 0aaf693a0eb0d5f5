//! Rules, rulesets and the engine that runs them over a document set.
//!
//! Findings are plain data ([`Finding`]); severity, enablement and ordering are applied by the
//! engine, never inside a rule. Nothing here prints.
//!
//! # Example
//!
//! ```
//! use std::path::Path;
//! use gardefou_document::{DocumentSet, LoadOptions};
//! use gardefou_linter::{lint, Config, Severity};
//!
//! let text = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n\
//!             \x20     responses: {'200': {description: OK}}\n";
//! let set = DocumentSet::from_text("api.yaml", text.to_string(), Path::new("."), &LoadOptions::default());
//! let findings = lint(&set, &Config::builtin("spectral:oas").unwrap());
//! // The path parameter `id` is not declared.
//! let f = findings.iter().find(|f| f.rule == "path-params").expect("path-params");
//! assert_eq!(f.severity, Severity::Error);
//! assert_eq!(set.place(f.file, f.span.start), "api.yaml:5:9");
//! ```
#![deny(missing_docs)]

pub mod catalogue;
mod config;
pub mod declarative;
pub mod discover;
pub mod ecma_regex;
mod engine;
mod finding;
pub mod formats;
pub mod functions;
mod js_ruleset;
pub mod jsonpath;
pub mod options;
/// What rules are and what they see: metadata, diagnostics, the model nodes they visit.
pub mod rule;
pub mod rules;
mod ruleset;
mod structure;
mod suggest;
mod suppress;
mod walk;

pub use config::{
    default_category, ActiveRule, Config, ConfigError, RuleRef, RuleSetting, Target,
    BUILTIN_RULESETS,
};
pub use engine::{lint, lint_measured, lint_with_base, Measured};
pub use finding::{Category, Finding, Related, Severity};
/// `oasExample`, now under [`functions`]; re-exported at its old path.
pub use functions::example;
pub use functions::js::JsLimits;
pub use gardefou_diagnostics::locale_cmp;
pub use rule::{Context, Diagnostic, Rule, RuleDocs, RuleMeta};
pub use rules::aliases::{find_alias, RuleAlias, ALIASES};
pub use rules::{all_rules, find_rule};
pub use suggest::did_you_mean;
