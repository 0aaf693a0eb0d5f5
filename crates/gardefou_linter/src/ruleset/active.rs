//! A rule of a configuration: the rule itself (native or declarative), whether and at what
//! severity it runs, and its options as the ruleset gave them and as the rule parsed them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use gardefou_model::SpecVersion;

use crate::declarative::{DeclRule, Format};
use crate::finding::{Category, Severity};
use crate::rule::{Rule, RuleOptions};

use super::compile::ParsedRule;
use super::setting::RuleSetting;

/// A rule as the engine runs it.
#[derive(Clone)]
pub enum RuleRef {
    /// A rule written in Rust.
    Native(&'static dyn Rule),
    /// A rule in Spectral's format (built-in or from a ruleset).
    Declarative(Arc<DeclRule>),
}

impl RuleRef {
    /// The scorecard category its findings feed.
    pub fn category(&self) -> Category {
        match self {
            RuleRef::Native(r) => r.meta().category,
            RuleRef::Declarative(d) => d.category,
        }
    }

    pub(super) fn default_severity(&self) -> Severity {
        match self {
            RuleRef::Native(r) => r.meta().severity,
            RuleRef::Declarative(d) => d.severity,
        }
    }

    pub(super) fn recommended(&self) -> bool {
        match self {
            RuleRef::Native(r) => r.meta().recommended,
            RuleRef::Declarative(d) => d.recommended,
        }
    }
}

/// A rule of a configuration: the rule, whether and how it runs, and its options.
#[derive(Clone)]
pub struct ActiveRule {
    /// Whether it runs, and at what severity.
    pub setting: RuleSetting,
    /// The rule.
    pub rule: RuleRef,
    /// The rule's options from the ruleset (`rules: {id: {options: {…}}}`), `null` when none.
    pub options: serde_json::Value,
    /// A native rule's options as the rule parsed them ([`Rule::configure`]): those of the
    /// ruleset, or the rule's defaults (`configure(null)`) when it gives none. `None` for a
    /// rule that takes no typed options, and for declarative rules.
    pub configured: Option<RuleOptions>,
    /// Formats set on an inherited rule by a JavaScript ruleset that changed it in place; `None`:
    /// the rule's own.
    pub formats: Option<Vec<Format>>,
}

impl ActiveRule {
    /// A rule taken from a built-in ruleset, with no options: a native rule gets its default
    /// typed options.
    pub(super) fn inherited(setting: RuleSetting, rule: RuleRef) -> ActiveRule {
        let configured = match &rule {
            RuleRef::Native(r) => defaults(*r),
            RuleRef::Declarative(_) => None,
        };
        ActiveRule {
            setting,
            rule,
            options: serde_json::Value::Null,
            configured,
            formats: None,
        }
    }

    /// A rule defined in a ruleset: on at its severity when `on` (and not `severity: off`).
    pub(super) fn defined(rule: ParsedRule, on: bool) -> ActiveRule {
        let setting = if rule.severity_off || !on {
            RuleSetting::Off
        } else {
            RuleSetting::On(rule.severity)
        };
        ActiveRule::inherited(setting, RuleRef::Declarative(Arc::new(rule.rule)))
    }

    /// Whether the rule runs on a document of this version (its formats, or those set here).
    pub fn applies_to(&self, version: Option<SpecVersion>) -> bool {
        match &self.formats {
            Some(formats) => version.is_some_and(|v| formats.iter().any(|f| f.matches(v))),
            None => match &self.rule {
                RuleRef::Native(r) => match r.meta().formats_or_all() {
                    None => true,
                    Some(formats) => version.is_some_and(|v| formats.iter().any(|f| f.matches(v))),
                },
                RuleRef::Declarative(d) => d.applies_to(version),
            },
        }
    }
}

/// The options of a native rule that a ruleset gives none: `configure(null)`, cached per rule.
///
/// # Panics
/// When the rule rejects `null`: a rule's defaults always fit its own options type.
pub(super) fn defaults(rule: &'static dyn Rule) -> Option<RuleOptions> {
    type Cache = Mutex<HashMap<&'static str, Option<RuleOptions>>>;
    static DEFAULTS: OnceLock<Cache> = OnceLock::new();
    let id = rule.meta().id;
    let mut cache = DEFAULTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache
        .entry(id)
        .or_insert_with(|| {
            rule.configure(&serde_json::Value::Null)
                .unwrap_or_else(|e| panic!("rule {id} rejects its default options: {}", e.message))
        })
        .clone()
}
