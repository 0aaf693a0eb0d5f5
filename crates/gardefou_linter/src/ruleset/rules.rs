//! The `rules` of a ruleset: new definitions (compiled), and settings and options of the rules
//! it inherits; also the rules of `spectral:oas` that a JavaScript ruleset changed in place.

use gardefou_source::{Member, Node, Value};

use crate::declarative::Format;

use super::active::ActiveRule;
use super::aliases::{builtin_aliases, Aliases};
use super::category::category_of;
use super::compile::Compiler;
use super::error::{ConfigError, Problems, Src};
use super::extends::Mode;
use super::functions::JsFunctions;
use super::setting::RuleSetting;
use super::syntax::{read, Formats, SettingValue};

/// What a ruleset's `rules` are read with.
pub(super) struct RuleScope<'a> {
    pub(super) aliases: &'a Aliases,
    /// The ruleset's `formats`, for the rules it defines.
    pub(super) formats: Option<&'a [Format]>,
    pub(super) functions: &'a JsFunctions,
    pub(super) src: &'a Src<'a>,
}

impl super::config::Config {
    /// The ids a rule entry of a ruleset sets: the rule itself, or the rules an alias names
    /// now (those of them the configuration has). `None` when it names no rule.
    pub(super) fn resolve(&self, id: &str) -> Option<Vec<String>> {
        if self.rules.contains_key(id) {
            return Some(vec![id.to_string()]);
        }
        let alias = crate::rules::aliases::find_alias(id)?;
        let present: Vec<String> = alias
            .targets
            .iter()
            .filter(|t| self.rules.contains_key(**t))
            .map(|t| t.to_string())
            .collect();
        (!present.is_empty()).then_some(present)
    }

    /// Applies `rules`; every entry is checked, so one run lists every problem of the section.
    pub(super) fn apply_rules(
        &mut self,
        rules: &Node,
        scope: &RuleScope<'_>,
    ) -> Result<(), ConfigError> {
        let Some(members) = rules.as_object() else {
            return Err(scope
                .src
                .err(Some(rules.span), "`rules` must be an object of rule names"));
        };
        let mut problems = Problems::default();
        for m in members {
            problems.take(self.apply_rule(m, scope));
        }
        problems.finish()
    }

    /// Applies one entry of `rules`: a definition, or a setting of a rule already known.
    fn apply_rule(&mut self, m: &Member, scope: &RuleScope<'_>) -> Result<(), ConfigError> {
        let src = scope.src;
        if m.value.is_object() && (m.value.get("given").is_some() || m.value.get("then").is_some())
        {
            let compiler = Compiler {
                aliases: scope.aliases,
                functions: scope.functions,
                src,
                source: &src.name,
                js_limits: &self.js_limits,
                default_formats: scope.formats,
            };
            let rule = compiler.compile(&m.key, &m.value, category_of(&m.value, &m.key))?;
            // `recommended: false` leaves the rule off, in the root ruleset too; an
            // `extends: [[x, all]]` of this ruleset turns it on.
            let on = rule.rule.recommended;
            self.rules
                .insert(m.key.clone(), ActiveRule::defined(rule, on));
            return Ok(());
        }
        let Some(ids) = self.resolve(&m.key) else {
            return Err(self.unknown_rule(m, src));
        };
        for id in ids {
            let active = self.rules.get_mut(&id).expect("resolved");
            let default = active.rule.default_severity();
            active.setting = match &m.value.value {
                Value::Object(o) => {
                    // `{severity: x, options: {…}}` on an inherited rule.
                    if let Some(x) = o
                        .iter()
                        .find(|x| !matches!(x.key.as_str(), "severity" | "options"))
                    {
                        return Err(src.err(
                            Some(x.key_span),
                            format!("rule `{}`: `{}` cannot be changed on an inherited rule (only `severity` and `options`); a new definition needs `given` and `then`", m.key, x.key),
                        ));
                    }
                    if let Some(opts) = o.iter().find(|x| x.key == "options") {
                        super::options::set(active, &m.key, opts.key_span, &opts.value, src)?;
                    }
                    match o.iter().find(|x| x.key == "severity") {
                        Some(sev) => read::<SettingValue>(&sev.value)
                            .map_err(|e| src.syntax(e))?
                            .value
                            .or(default),
                        None => match active.setting {
                            RuleSetting::Off => RuleSetting::On(default),
                            on => on,
                        },
                    }
                }
                _ => read::<SettingValue>(&m.value)
                    .map_err(|e| src.in_rule(&m.key, e))?
                    .value
                    .or(default),
            };
        }
        Ok(())
    }

    /// The error for an entry that names no rule of the configuration and defines none.
    fn unknown_rule(&self, m: &Member, src: &Src<'_>) -> ConfigError {
        if let Some(alias) = crate::rules::aliases::find_alias(&m.key) {
            return src.err(
                Some(m.key_span),
                format!(
                    "rule `{}` is now `{}`, which none of the extended rulesets has",
                    m.key,
                    alias.targets.join("`, `")
                ),
            );
        }
        let hint = crate::suggest::did_you_mean(
            &m.key,
            self.rules
                .keys()
                .map(String::as_str)
                .chain(crate::rules::aliases::ALIASES.iter().map(|a| a.id)),
        )
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
        src.err(Some(m.key_span), format!("unknown rule `{}`{hint}: no rule of the extended rulesets has this name, and the entry does not define one", m.key))
    }

    /// The rules of a built-in ruleset that a JavaScript ruleset changed in place (IBM's sets
    /// `oas.rules['no-$ref-siblings'].formats`): a rule with `given` and `then` is redefined; a
    /// rule gardefou implements natively keeps its implementation and takes the new
    /// `formats`, `severity` and `recommended`.
    pub(super) fn apply_changed_builtin(
        &mut self,
        changed: &Node,
        mode: Mode,
        functions: &JsFunctions,
        src: &Src<'_>,
    ) -> Result<(), ConfigError> {
        let Some(members) = changed.as_object() else {
            return Ok(());
        };
        for m in members {
            let Some(active) = self.rules.get(&m.key) else {
                continue;
            };
            let recommended = m
                .value
                .get("recommended")
                .and_then(Node::as_bool)
                .unwrap_or_else(|| active.rule.recommended());
            let on = match mode {
                Mode::Off => false,
                Mode::All => true,
                Mode::Recommended => recommended,
            };
            if m.value.get("given").is_some() && m.value.get("then").is_some() {
                let compiler = Compiler {
                    aliases: builtin_aliases(),
                    functions,
                    src,
                    source: "spectral:oas",
                    js_limits: &self.js_limits,
                    default_formats: None,
                };
                let rule = compiler.compile(&m.key, &m.value, active.rule.category())?;
                self.rules
                    .insert(m.key.clone(), ActiveRule::defined(rule, on));
                continue;
            }
            let formats = match m.value.get("formats") {
                Some(f) => Some(read::<Formats>(f).map_err(|e| src.syntax(e))?.value.0),
                None => None,
            };
            let severity = match m.value.get("severity") {
                Some(s) => Some(
                    read::<SettingValue>(s)
                        .map_err(|e| src.in_rule(&m.key, e))?
                        .value
                        .or(active.rule.default_severity()),
                ),
                None => None,
            };
            let active = self.rules.get_mut(&m.key).expect("present");
            if formats.is_some() {
                active.formats = formats;
            }
            active.setting = match (on, severity) {
                (false, _) => RuleSetting::Off,
                (true, Some(s)) => s,
                (true, None) => RuleSetting::On(active.rule.default_severity()),
            };
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::ruleset::config::Config;
    use crate::ruleset::config::RuleRef;
    use crate::ruleset::syntax::tests::yaml;

    fn apply(c: &mut Config, text: &str) -> Result<(), String> {
        let src = Src::new("r.yaml", text, false);
        let root = yaml(text);
        let scope = RuleScope {
            aliases: builtin_aliases(),
            formats: Some(&[Format::Oas3]),
            functions: &Default::default(),
            src: &src,
        };
        c.apply_rules(root.get("rules").unwrap(), &scope)
            .map_err(|e| e.to_string())
    }

    fn oas() -> Config {
        Config::builtin("spectral:oas").unwrap()
    }

    #[test]
    fn inherited_rules_take_settings_in_every_form() {
        let mut c = oas();
        apply(
            &mut c,
            "rules:\n  info-contact: 0\n  operation-tags: false\n",
        )
        .unwrap();
        assert_eq!(c.setting("info-contact"), RuleSetting::On(Severity::Error));
        assert_eq!(c.setting("operation-tags"), RuleSetting::Off);
        // `options` alone turns an inherited rule that was off on (options are for native
        // rules; the recommended set leaves some of them off).
        let mut c = Config::builtin("gardefou:recommended").unwrap();
        let off = c
            .rules()
            .find(|(_, a)| a.setting == RuleSetting::Off && matches!(a.rule, RuleRef::Native(_)))
            .map(|(id, a)| (id.to_string(), a.rule.default_severity()))
            .unwrap();
        apply(&mut c, &format!("rules:\n  {}: {{options: {{}}}}\n", off.0)).unwrap();
        assert_eq!(c.setting(&off.0), RuleSetting::On(off.1));
    }

    #[test]
    fn an_old_name_sets_the_rules_it_became() {
        let mut c = Config::builtin("gardefou:recommended").unwrap();
        apply(&mut c, "rules:\n  security-requirements-defined: hint\n").unwrap();
        for id in [
            "oas3-operation-security-defined",
            "oas2-operation-security-defined",
        ] {
            assert_eq!(c.setting(id), RuleSetting::On(Severity::Hint), "{id}");
        }
        let mut core = Config::core();
        assert_eq!(
            apply(&mut core, "rules:\n  naming-no-trailing-slash: off\n").unwrap_err(),
            "r.yaml:2:3: rule `naming-no-trailing-slash` is now `path-keys-no-trailing-slash`, which none of the extended rulesets has"
        );
    }

    #[test]
    fn every_entry_is_checked_and_each_problem_is_where_it_is() {
        let e = apply(
            &mut oas(),
            "rules:\n  info-contactt: off\n  info-contact: loud\n  operation-tags: {severity: error, given: 1}\n",
        )
        .unwrap_err();
        let lines: Vec<_> = e.lines().collect();
        assert_eq!(lines.len(), 3, "{e}");
        assert!(
            lines[0].starts_with(
                "r.yaml:2:3: unknown rule `info-contactt` (did you mean `info-contact`?)"
            ),
            "{e}"
        );
        assert_eq!(lines[1], "r.yaml:3:17: rule `info-contact`: `loud` is not a severity (error, warn, info, hint, off)");
        // `given` makes the entry a definition, compiled as one.
        assert_eq!(
            lines[2],
            "r.yaml:4:44: rule `operation-tags`: expected a string or a list of strings"
        );
        let e = apply(
            &mut oas(),
            "rules:\n  info-contact: {severity: warn, message: x}\n",
        )
        .unwrap_err();
        assert!(e.starts_with("r.yaml:2:34: rule `info-contact`: `message` cannot be changed on an inherited rule"), "{e}");
        let e = apply(&mut oas(), "rules: [info-contact]\n").unwrap_err();
        assert_eq!(e, "r.yaml:1:8: `rules` must be an object of rule names");
    }

    #[test]
    fn a_definition_takes_the_ruleset_formats_and_is_off_unless_recommended() {
        let mut c = Config::core();
        apply(
            &mut c,
            "rules:\n  house-x:\n    given: $\n    then: {function: truthy}\n  house-y:\n    recommended: false\n    given: $\n    then: {function: truthy}\n",
        )
        .unwrap();
        assert_eq!(c.setting("house-x"), RuleSetting::On(Severity::Warn));
        assert_eq!(c.setting("house-y"), RuleSetting::Off);
        let RuleRef::Declarative(d) = &c.rules["house-x"].rule else {
            panic!()
        };
        assert_eq!(d.formats, Some(vec![Format::Oas3]));
        assert_eq!(d.source, "r.yaml");
    }

    #[test]
    fn a_changed_builtin_rule_keeps_native_code_and_takes_formats_and_severity() {
        let mut c = oas();
        let native = c
            .rules()
            .find(|(_, a)| matches!(a.rule, RuleRef::Native(_)))
            .map(|(id, _)| id.to_string())
            .expect("a native spectral:oas rule");
        let text = format!(
            "{{\"{native}\": {{\"formats\": [\"oas2\"], \"severity\": \"info\"}}, \"info-contact\": {{\"given\": \"$.info\", \"then\": {{\"function\": \"falsy\"}}}}, \"unknown\": {{}}}}"
        );
        let root =
            gardefou_source::parse(&text, gardefou_source::Syntax::Json, &Default::default())
                .root
                .unwrap();
        let src = Src::new("ruleset.js", &text, true);
        c.apply_changed_builtin(&root, Mode::All, &Default::default(), &src)
            .unwrap();
        let a = &c.rules[&native];
        assert!(matches!(a.rule, RuleRef::Native(_)));
        assert_eq!(a.formats, Some(vec![Format::Oas2]));
        assert_eq!(a.setting, RuleSetting::On(Severity::Info));
        let RuleRef::Declarative(d) = &c.rules["info-contact"].rule else {
            panic!()
        };
        assert_eq!(d.then[0].function_name, "falsy");
        assert_eq!(d.source, "spectral:oas");
        assert!(!c.rules.contains_key("unknown"));
        c.apply_changed_builtin(&root, Mode::Off, &Default::default(), &src)
            .unwrap();
        assert_eq!(c.setting(&native), RuleSetting::Off);
        assert_eq!(c.setting("info-contact"), RuleSetting::Off);
    }
}
