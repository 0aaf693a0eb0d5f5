//! The resolved configuration: every rule of a run with its setting and options, and the
//! overrides that change settings per document.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::{Category, Severity};

use super::dispatch::{Dispatch, DispatchCell};
use super::overrides::Override;

pub use super::active::{ActiveRule, RuleRef};
pub use super::setting::RuleSetting;

/// The effective rules of a run.
#[derive(Clone)]
pub struct Config {
    pub(super) rules: BTreeMap<String, ActiveRule>,
    pub(super) overrides: Vec<Override>,
    /// The ruleset file this came from, if any.
    pub source: Option<PathBuf>,
    /// The top ruleset file's `scorecard:` section, as JSON, when it has one.
    pub scorecard: Option<serde_json::Value>,
    /// The top ruleset file's `baseline:`, the baseline `lint` and the language server apply
    /// when none is named on the command line, resolved against the ruleset's folder.
    pub baseline: Option<PathBuf>,
    /// Per-call limits of ruleset JavaScript functions.
    pub js_limits: crate::functions::js::JsLimits,
    /// Which load of a ruleset file this is (0 for built-in configurations): sandboxes that ran
    /// its JavaScript are reused only for the same load.
    pub js_generation: u64,
    /// Fetches `extends: https://…` rulesets; `None` (the default): they are refused.
    pub(super) remote: Option<Arc<dyn gardefou_document::Fetch>>,
    /// Set while reading a remote ruleset: the URL its relative `extends` resolve against.
    pub(super) remote_base: Option<String>,
    /// How its rules run, built by the engine on the first run.
    pub(super) dispatch: DispatchCell,
    /// What its rules run on (`x-gardefou-target`).
    pub(super) target: super::target::TargetState,
}

impl Config {
    /// A configuration with nothing in it yet, under the same limits.
    pub(super) fn empty_like(&self) -> Config {
        Config {
            rules: BTreeMap::new(),
            overrides: Vec::new(),
            source: None,
            scorecard: None,
            baseline: None,
            js_limits: self.js_limits.clone(),
            js_generation: self.js_generation,
            remote: self.remote.clone(),
            remote_base: None,
            dispatch: Default::default(),
            target: Default::default(),
        }
    }

    /// What the catalogue says about a rule of this configuration: summary, longer text,
    /// documentation URL, category and default severity.
    pub fn describe(
        &self,
        id: &str,
    ) -> (String, Option<String>, Option<String>, Category, Severity) {
        if let Some(r) = crate::rules::find_rule(id) {
            let m = r.meta();
            return (
                m.summary.to_string(),
                Some(format!("{} {}", m.docs.what, m.docs.fix)),
                None,
                m.category,
                m.severity,
            );
        }
        match self.rules.get(id).map(|a| &a.rule) {
            Some(RuleRef::Declarative(d)) => (
                d.description
                    .clone()
                    .or_else(|| d.message.clone())
                    .unwrap_or_else(|| format!("Rule {id}")),
                d.description.clone(),
                d.documentation_url.clone(),
                d.category,
                d.severity,
            ),
            Some(RuleRef::Native(r)) => (
                r.meta().summary.to_string(),
                None,
                None,
                r.meta().category,
                r.meta().severity,
            ),
            None => (
                format!("Rule {id}"),
                None,
                None,
                Category::Design,
                Severity::Warn,
            ),
        }
    }

    /// The active rules, by id.
    pub fn rules(&self) -> impl Iterator<Item = (&str, &ActiveRule)> {
        self.rules.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The setting of a rule; rules not mentioned are off.
    pub fn setting(&self, id: &str) -> RuleSetting {
        self.rules
            .get(id)
            .map(|a| a.setting)
            .unwrap_or(RuleSetting::Off)
    }

    /// How its rules run: built on the first call, kept for the configuration's life.
    pub(crate) fn dispatch(&self) -> &Dispatch {
        self.dispatch.get(&self.rules, self.has_overrides())
    }

    /// Whether any override mentions this rule (then settings are decided per finding).
    pub fn has_overrides(&self) -> bool {
        !self.overrides.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declarative::Format;
    use crate::rules::all_rules;
    use gardefou_model::SpecVersion;

    #[test]
    fn core_has_exactly_the_core_rules_on_at_their_severity() {
        let c = Config::core();
        let core: Vec<_> = all_rules()
            .iter()
            .filter(|r| r.meta().ruleset == "gardefou:core")
            .map(|r| r.meta().id)
            .collect();
        assert!(!core.is_empty());
        assert_eq!(c.rules().map(|(id, _)| id).collect::<Vec<_>>(), {
            let mut sorted = core.clone();
            sorted.sort_unstable();
            sorted
        });
        for id in core {
            let want = crate::rules::find_rule(id).unwrap().meta().severity;
            assert_eq!(c.setting(id), RuleSetting::On(want), "{id}");
        }
        assert_eq!(c.setting("not-a-rule"), RuleSetting::Off);
        assert!(!c.has_overrides());
    }

    #[test]
    fn formats_set_on_an_inherited_rule_replace_the_rule_s_own() {
        let c = Config::builtin("spectral:oas").unwrap();
        let (_, active) = c
            .rules()
            .find(|(_, a)| a.applies_to(Some(SpecVersion::Swagger2)))
            .expect("a rule for Swagger 2.0");
        let mut changed = active.clone();
        changed.formats = Some(vec![Format::Oas3_1]);
        assert!(!changed.applies_to(Some(SpecVersion::Swagger2)));
        assert!(changed.applies_to(Some(SpecVersion::OpenApi31)));
        assert!(!changed.applies_to(None));
        changed.formats = Some(Vec::new());
        assert!(!changed.applies_to(Some(SpecVersion::OpenApi31)));
    }

    #[test]
    fn an_unknown_rule_is_described_as_a_design_warning() {
        let c = Config::core();
        let (summary, long, url, category, severity) = c.describe("house-rule");
        assert_eq!(summary, "Rule house-rule");
        assert_eq!((long, url), (None, None));
        assert_eq!((category, severity), (Category::Design, Severity::Warn));
    }
}
