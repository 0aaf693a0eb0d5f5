//! Rulesets in Spectral's format: which rules run, how, and at what severity.
//!
//! Every key of the format is read: `extends` (built-in names, relative files, packages under
//! `node_modules/`, `[name, recommended|all|off]` tuples), `rules` (full definitions, or a
//! severity / `true` / `false` for an inherited rule), `aliases` (plain and scoped with
//! `targets`), `formats`, `overrides` (file globs with an optional `#/pointer`; the last match
//! wins), `functions`/`functionsDir`, `parserOptions`, `documentationUrl`, `description`.
//! Problems are errors that point into the ruleset file.
//!
//! A ruleset is read in phases, a module each:
//! - `syntax`: typed values read from spanned nodes (`FromNode`), errors at their position;
//!   `error`: those positions, and every problem of a ruleset gathered;
//! - `load`: the text of a file, URL or JavaScript module, and its keys in order;
//!   `functions`: its JavaScript functions;
//! - `extends` (entries as written) and `resolve` (built-in names, files, packages, URLs, in
//!   order); `builtin`: the built-in rulesets;
//! - `rules`: definitions and settings of inherited rules; `compile`: the declarative-rule
//!   compiler; `aliases`: `#Alias` expansion; `category`: a defined rule's category;
//! - `options`: native rules' typed options, parsed once per configuration;
//! - `overrides`: per-file settings;
//! - `config`: the resolved configuration the engine runs (the phases above are its methods,
//!   in their own files); `active`: one rule of it, with its setting and options;
//!   `dispatch`: which native rules see which kind of node, with which options, built once
//!   per configuration.

mod active;
mod aliases;
mod builtin;
mod category;
mod compile;
mod config;
pub(crate) mod dispatch;
mod error;
mod extends;
mod functions;
mod load;
mod options;
mod overrides;
mod resolve;
mod rules;
mod setting;
mod syntax;

pub use builtin::BUILTIN_RULESETS;
pub use category::default_category;
pub use config::{ActiveRule, Config, RuleRef, RuleSetting};
pub use error::ConfigError;
