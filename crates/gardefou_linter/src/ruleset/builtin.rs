//! The built-in rulesets: `spectral:oas`, the `gardefou:*` sets, WSO2's `wso2:*` sets, and
//! Spectral's rulesets for other kinds of documents, whose rules are known by name but never run
//! on OpenAPI.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use gardefou_source::{parse, Limits, Syntax};

use crate::declarative::DeclRule;
use crate::rule::Rule;
use crate::rules::all_rules;

use super::active::{ActiveRule, RuleRef};
use super::aliases::builtin_aliases;
use super::category::default_category;
use super::compile::Compiler;
use super::error::Src;
use super::extends::Mode;
use super::functions::JsFunctions;
use super::setting::RuleSetting;

/// The names of the built-in rulesets, for `extends` and `-r`.
pub const BUILTIN_RULESETS: &[&str] = &[
    "spectral:oas",
    "gardefou:core",
    "gardefou:naming",
    "gardefou:security",
    "gardefou:versioning",
    "gardefou:documentation",
    "gardefou:recommended",
    "wso2:api-management-guidelines",
    "wso2:rest-api-design-guidelines",
    "wso2:owasp-top-10",
];

/// Spectral's rulesets for other kinds of documents: accepted in `extends`, their rules known
/// by name, never run on an OpenAPI document.
pub const OTHER_BUILTIN_RULESETS: &[&str] = &["spectral:asyncapi", "spectral:arazzo"];

/// Whether `name` is a built-in ruleset, of either kind.
pub(super) fn is_builtin(name: &str) -> bool {
    BUILTIN_RULESETS.contains(&name) || OTHER_BUILTIN_RULESETS.contains(&name)
}

/// The built-in rules written in Spectral's format, compiled once.
fn builtin_declarative() -> &'static HashMap<&'static str, Arc<DeclRule>> {
    static RULES: OnceLock<HashMap<&'static str, Arc<DeclRule>>> = OnceLock::new();
    RULES.get_or_init(|| {
        let functions = JsFunctions::default();
        let limits = Default::default();
        let mut out = HashMap::new();
        for r in all_rules() {
            let Some(def) = r.definition() else { continue };
            let meta = r.meta();
            let src = Src::new(format!("built-in rule {}", meta.id), def, false);
            let parsed = parse(def, Syntax::Yaml, &Limits::default());
            let node = parsed.root.unwrap_or_else(|| {
                panic!(
                    "built-in rule {} does not parse: {:?}",
                    meta.id, parsed.issues
                )
            });
            let formats = meta.formats_or_all().map(<[_]>::to_vec);
            let compiler = Compiler {
                aliases: builtin_aliases(),
                functions: &functions,
                src: &src,
                source: meta.ruleset,
                js_limits: &limits,
                default_formats: formats.as_deref(),
            };
            let rule = compiler
                .compile(meta.id, &node, meta.category)
                .unwrap_or_else(|e| panic!("built-in rule {} is invalid: {e}", meta.id));
            out.insert(meta.id, Arc::new(rule.rule));
        }
        out
    })
}

/// A built-in rule as the engine runs it: compiled from its definition, or its native code.
pub(super) fn rule_ref(r: &'static dyn Rule) -> RuleRef {
    match builtin_declarative().get(r.meta().id) {
        Some(d) => RuleRef::Declarative(d.clone()),
        None => RuleRef::Native(r),
    }
}

impl super::config::Config {
    /// Only the rules every run has (`gardefou:core`).
    pub(super) fn core() -> Self {
        let mut rules = BTreeMap::new();
        for r in all_rules() {
            let m = r.meta();
            if m.ruleset == "gardefou:core" {
                rules.insert(
                    m.id.to_string(),
                    ActiveRule::inherited(RuleSetting::On(m.severity), rule_ref(*r)),
                );
            }
        }
        Self {
            rules,
            overrides: Vec::new(),
            source: None,
            scorecard: None,
            baseline: None,
            js_limits: Default::default(),
            js_generation: 0,
            remote: None,
            remote_base: None,
            dispatch: Default::default(),
            target: Default::default(),
        }
    }

    /// `gardefou:recommended`: used when no ruleset is found.
    pub fn recommended() -> Self {
        let mut c = Self::core();
        c.apply_builtin("gardefou:recommended", Mode::Recommended);
        c
    }

    /// A built-in ruleset by name (`spectral:oas`, `gardefou:recommended` …), as
    /// `extends: [NAME]` would give it; `None` for an unknown name.
    pub fn builtin(name: &str) -> Option<Self> {
        if !BUILTIN_RULESETS.contains(&name) {
            return None;
        }
        let mut c = Self::core();
        c.apply_builtin(name, Mode::Recommended);
        c.set_target(super::target::Target::of_builtin(name));
        Some(c)
    }

    /// Every built-in rule, at its default severity (for rule tests and the catalogue).
    pub fn all_builtin() -> Self {
        let mut c = Self::core();
        // WSO2's first: the `spectral:oas` rules they share then get Spectral's severity back.
        let (wso2, others): (Vec<&str>, Vec<&str>) = BUILTIN_RULESETS
            .iter()
            .partition(|n| n.starts_with("wso2:"));
        for name in wso2.into_iter().chain(others) {
            c.apply_builtin(name, Mode::All);
        }
        c
    }

    /// Takes in the rules of the built-in ruleset `name`, as `mode` says.
    pub(super) fn apply_builtin(&mut self, name: &str, mode: Mode) {
        if OTHER_BUILTIN_RULESETS.contains(&name) {
            self.apply_other_builtin(name, mode);
        } else {
            self.apply_builtin_of(name, mode, all_rules());
        }
    }

    /// The members of ruleset `name` among `rules` (`gardefou:recommended`: all of them).
    pub(super) fn apply_builtin_of(&mut self, name: &str, mode: Mode, rules: &[&'static dyn Rule]) {
        for r in rules {
            let m = r.meta();
            // The recommended rules of every built-in ruleset but WSO2's (a governance choice,
            // and `wso2:api-management-guidelines` is for metadata).
            let member = match name {
                "gardefou:recommended" => !m.ruleset.starts_with("wso2:"),
                _ => m.ruleset == name,
            };
            if !member {
                continue;
            }
            let setting = mode.setting(m.severity, m.recommended);
            self.rules.insert(
                m.id.to_string(),
                ActiveRule::inherited(setting, rule_ref(*r)),
            );
        }
        // The rules a WSO2 ruleset shares with `spectral:oas`, at WSO2's severity.
        for shared in crate::rules::wso2::shared(name) {
            if let Some(r) = crate::rules::find_rule(shared.id) {
                let setting = mode.setting(shared.severity, true);
                self.rules.insert(
                    shared.id.to_string(),
                    ActiveRule::inherited(setting, rule_ref(r)),
                );
            }
        }
        // A ruleset whose rule became an alias of a `spectral:oas` rule still brings that rule
        // (`extends: gardefou:naming` keeps checking trailing slashes).
        for alias in crate::rules::aliases::ALIASES
            .iter()
            .filter(|a| a.ruleset == name)
        {
            for target in alias.targets {
                let Some(r) = crate::rules::find_rule(target) else {
                    continue;
                };
                let setting = mode.setting(r.meta().severity, alias.recommended);
                self.rules.insert(
                    target.to_string(),
                    ActiveRule::inherited(setting, rule_ref(r)),
                );
            }
        }
    }

    /// `spectral:asyncapi` or `spectral:arazzo`: rules that apply to no OpenAPI document.
    fn apply_other_builtin(&mut self, name: &str, mode: Mode) {
        let list = match name {
            "spectral:asyncapi" => crate::rules::other_formats::ASYNCAPI,
            _ => crate::rules::other_formats::ARAZZO,
        };
        for &(id, severity, recommended) in list {
            let rule = DeclRule {
                id: id.to_string(),
                description: None,
                message: None,
                severity,
                recommended,
                formats: Some(Vec::new()),
                given: HashMap::new(),
                then: Vec::new(),
                resolved: true,
                documentation_url: None,
                category: default_category(id),
                source: name.to_string(),
                js: Vec::new(),
            };
            self.rules.insert(
                id.to_string(),
                ActiveRule::inherited(
                    mode.setting(severity, recommended),
                    RuleRef::Declarative(Arc::new(rule)),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use gardefou_model::SpecVersion;

    use super::*;
    use crate::ruleset::config::{Config, RuleSetting};

    #[test]
    fn only_the_listed_names_are_builtin_configurations() {
        for name in BUILTIN_RULESETS {
            assert!(Config::builtin(name).is_some(), "{name}");
        }
        assert!(Config::builtin("spectral:asyncapi").is_none());
        assert!(Config::builtin("gardefou:nope").is_none());
        assert!(is_builtin("spectral:arazzo") && !is_builtin("./spectral:oas"));
    }

    #[test]
    fn modes_decide_which_members_run() {
        let rule = all_rules()
            .iter()
            .find(|r| r.meta().ruleset == "spectral:oas" && !r.meta().recommended)
            .expect("a rule spectral:oas does not recommend")
            .meta();
        let run = |mode| {
            let mut c = Config::core();
            c.apply_builtin("spectral:oas", mode);
            c.setting(rule.id)
        };
        assert_eq!(run(Mode::Recommended), RuleSetting::Off);
        assert_eq!(run(Mode::All), RuleSetting::On(rule.severity));
        assert_eq!(run(Mode::Off), RuleSetting::Off);
        let recommended = Config::builtin("gardefou:recommended").unwrap();
        let all = Config::all_builtin();
        assert!(recommended.rules().count() <= all.rules().count());
        assert!(all
            .rules()
            .all(|(_, a)| a.setting != RuleSetting::Off || a.rule.recommended()));
    }

    #[test]
    fn a_ruleset_brings_the_targets_of_its_old_rules() {
        let alias = crate::rules::aliases::ALIASES
            .iter()
            .find(|a| a.ruleset.starts_with("gardefou:") && a.recommended)
            .expect("a gardefou rule that became an alias");
        let c = Config::builtin(alias.ruleset).unwrap();
        for t in alias.targets {
            assert!(matches!(c.setting(t), RuleSetting::On(_)), "{t}");
        }
    }

    #[test]
    fn rules_of_other_kinds_of_documents_are_known_but_never_apply() {
        let mut c = Config::core();
        c.apply_builtin("spectral:asyncapi", Mode::All);
        let (id, severity, _) = crate::rules::other_formats::ASYNCAPI[0];
        let active = &c.rules[id];
        assert_eq!(active.setting, RuleSetting::On(severity));
        assert!(!active.applies_to(Some(SpecVersion::OpenApi31)));
        assert!(!active.applies_to(None));
    }

    #[test]
    fn declarative_builtin_rules_are_compiled_once_and_shared() {
        let a = Config::builtin("spectral:oas").unwrap();
        let b = Config::all_builtin();
        let shared = a.rules().find_map(|(id, r)| match &r.rule {
            RuleRef::Declarative(d) => Some((id, d.clone())),
            RuleRef::Native(_) => None,
        });
        let (id, d) = shared.expect("a declarative rule in spectral:oas");
        let RuleRef::Declarative(again) = &b.rules[id].rule else {
            panic!("{id} is declarative")
        };
        assert!(Arc::ptr_eq(&d, again));
        assert_eq!(d.source, "spectral:oas");
    }
}
