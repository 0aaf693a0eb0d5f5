//! Governance as WSO2 API Manager models it: **labels** group APIs, **policies** attach
//! rulesets to labels (or to every API), are evaluated at lifecycle **stages** (create,
//! update, deploy, publish), and say per stage and severity whether a violation **blocks** or
//! **notifies**. Statuses are WSO2's: an API is COMPLIANT, NON-COMPLIANT or NOT-APPLICABLE;
//! a policy FOLLOWED, VIOLATED or UNAPPLIED; a ruleset PASSED, FAILED or UNAPPLIED.
//!
//! apictl project folders are APIs: their definition, their metadata (`api.yaml`) and their
//! documents (`Docs/*/document.yaml`) are each validated by the rulesets of that target.
//!
//! The flow: [`Governance::of`] reads a ruleset file's `labels:` and `policies:` and loads
//! their rulesets; [`discover`] finds the APIs under some paths; [`Api::load`] reads one;
//! [`evaluate`] checks it at a stage; [`report`] sums the results up for the reporters of
//! [`render`]. Nothing here prints.
#![deny(missing_docs)]

mod api;
mod builtin;
mod discover;
mod evaluate;
mod labels;
mod load;
mod model;
mod policy;
pub mod render;
pub mod schema;
mod text;

pub use api::{Api, Label};
pub use builtin::{policy as builtin_policy, BUILTIN_POLICIES};
pub use discover::{discover, ApiFiles, ApiKind, DiscoverError};
pub use evaluate::{
    evaluate, report, ApiResult, ApiSummary, AppliesToView, PolicyAdherence, PolicyResult,
    PolicySummary, Report, RulesetResult, RulesetView, Violation,
};
pub use load::{Bound, Governance, LoadSettings, LoadedRuleset};
pub use model::{Action, ApiStatus, Counts, PolicyStatus, RulesetStatus, Stage, Target};
pub use policy::{ActionRule, AppliesTo, LabelGlobs, Policy, RulesetEntry};
