//! The configuration's old path: everything lives in [`crate::ruleset`] now.

pub use crate::ruleset::{
    default_category, ActiveRule, Config, ConfigError, RuleRef, RuleSetting, Target,
    BUILTIN_RULESETS,
};
