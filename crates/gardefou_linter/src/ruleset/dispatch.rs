//! How the rules of a configuration run ([`Dispatch`]): built once per configuration, on its
//! first run, and kept with it.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use crate::rule::{Kind, Needs, RuleOptions};

use super::active::{ActiveRule, RuleRef};
use super::setting::RuleSetting;

/// How the rules of a configuration run, built once per configuration from what each rule
/// needs ([`Needs`]): which native rules see which kind of model node, and the options each
/// native rule runs with.
pub(crate) struct Dispatch {
    /// For each kind of model node, the native rules that visit it: their positions in
    /// the configuration's rules, in order.
    pub(crate) by_kind: HashMap<Kind, Vec<usize>>,
    /// The options of each native rule: the ruleset's, or the rule's defaults.
    options: HashMap<String, RuleOptions>,
}

impl Dispatch {
    /// `overridden`: whether the configuration has overrides (then a rule that is off may
    /// still run on the documents they match).
    fn build(rules: &BTreeMap<String, ActiveRule>, overridden: bool) -> Dispatch {
        let mut by_kind: HashMap<Kind, Vec<usize>> = HashMap::new();
        let mut options = HashMap::new();
        for (i, (id, active)) in rules.iter().enumerate() {
            let RuleRef::Native(rule) = &active.rule else {
                continue;
            };
            let configured = active.configured.clone().or_else(|| {
                // The defaults, which always parse (built once by the rule).
                rule.configure(&serde_json::Value::Null).ok().flatten()
            });
            if let Some(o) = configured {
                options.insert(id.to_string(), o);
            }
            if active.setting == RuleSetting::Off && !overridden {
                continue;
            }
            if let Needs::Visit(kinds, _) = rule.needs() {
                for kind in kinds {
                    by_kind.entry(*kind).or_default().push(i);
                }
            }
        }
        Dispatch { by_kind, options }
    }

    /// The options the native rule `id` runs with.
    pub(crate) fn options(&self, id: &str) -> crate::rule::Options<'_> {
        match self.options.get(id) {
            Some(o) => &**o,
            None => &(),
        }
    }
}

/// A configuration's [`Dispatch`], built on its first run. A clone starts empty: it may be
/// changed before it runs.
#[derive(Default)]
pub(crate) struct DispatchCell(OnceLock<Dispatch>);

impl Clone for DispatchCell {
    fn clone(&self) -> DispatchCell {
        DispatchCell::default()
    }
}

impl DispatchCell {
    /// The dispatch of these rules, built on the first call.
    pub(crate) fn get(&self, rules: &BTreeMap<String, ActiveRule>, overridden: bool) -> &Dispatch {
        self.0.get_or_init(|| Dispatch::build(rules, overridden))
    }
}
