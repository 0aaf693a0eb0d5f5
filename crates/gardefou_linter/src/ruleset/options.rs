//! Typed options: every native rule of a configuration has its options parsed by the rule
//! ([`Rule::configure`]) once, when the ruleset loads: those a ruleset sets, at the position of
//! the offending value when they do not fit, and the rule's defaults (`configure(null)`, parsed
//! once per process) when none are set.

use gardefou_source::Node;

use crate::rule::OptionsError;

use super::active::{ActiveRule, RuleRef};
use super::error::{ConfigError, Src};

/// `options` of the entry `key` of `rules` on an inherited rule: kept as JSON, and parsed by a
/// native rule now, an error pointing at the value that does not fit.
pub(super) fn set(
    active: &mut ActiveRule,
    key: &str,
    key_span: gardefou_source::Span,
    options: &Node,
    src: &Src<'_>,
) -> Result<(), ConfigError> {
    if !options.is_object() {
        return Err(src.err(
            Some(options.span),
            format!("rule `{key}`: `options` must be an object"),
        ));
    }
    match &active.rule {
        RuleRef::Native(rule) => {
            active.options = options.to_json();
            active.configured = rule
                .configure(&active.options)
                .map_err(|e| error(key, options, &e, src))?;
        }
        // Nothing would read them (Spectral refuses the key too).
        RuleRef::Declarative(_) => {
            return Err(src.err(
                Some(key_span),
                format!("rule `{key}` takes no `options`: a rule in Spectral's format is set by the `functionOptions` of its definition; to change them, define the rule anew with `given` and `then`"),
            ));
        }
    }
    Ok(())
}

/// A rule's complaint about its options, at the node its pointer names (the whole options when
/// the pointer does not resolve, as for a missing key).
fn error(key: &str, options: &Node, e: &OptionsError, src: &Src<'_>) -> ConfigError {
    let at = options.pointer(&e.pointer).unwrap_or(options);
    src.err(
        Some(at.span),
        format!("rule `{key}`: options: {}", e.message),
    )
}

#[cfg(test)]
pub(super) mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;
    use crate::finding::{Category, Severity};
    use crate::rule::{Rule, RuleOptions};
    use crate::rule::{RuleDocs, RuleMeta};
    use crate::ruleset::config::{Config, RuleSetting};
    use crate::ruleset::extends::Mode;
    use crate::ruleset::rules::RuleScope;
    use crate::ruleset::syntax::tests::yaml;

    /// A native rule with typed options, as rules declare them: `casing` (one of a list,
    /// default `camel`) and `exceptions` (strings); nothing else.
    pub(in crate::ruleset) struct Casing;

    /// The options of [`Casing`].
    #[derive(Debug, PartialEq)]
    pub(in crate::ruleset) struct CasingOptions {
        pub(in crate::ruleset) casing: &'static str,
        pub(in crate::ruleset) exceptions: Vec<String>,
    }

    /// How often [`Casing`] parsed its defaults.
    static DEFAULT_CALLS: AtomicUsize = AtomicUsize::new(0);

    static META: RuleMeta = RuleMeta {
        id: "test-typed-casing",
        ruleset: "test:typed",
        category: Category::Naming,
        severity: Severity::Warn,
        recommended: true,
        formats: &[],
        summary: "A rule with typed options, for the loader's tests.",
        peers: &[],
        docs: RuleDocs {
            what: "",
            why: "",
            fix: "",
            invalid: "",
            valid: "",
        },
    };

    const CASINGS: [&str; 3] = ["camel", "kebab", "snake"];

    fn fail(pointer: &str, message: String) -> OptionsError {
        OptionsError {
            pointer: pointer.into(),
            message,
        }
    }

    /// The loader's tests look at the options only; the rule reports nothing.
    impl crate::rule::Checker for Casing {
        fn check(
            &self,
            _cx: &crate::rule::Context<'_>,
            _options: crate::rule::Options<'_>,
            _out: &mut Vec<crate::rule::Diagnostic>,
        ) {
        }
    }

    impl Rule for Casing {
        fn meta(&self) -> &'static RuleMeta {
            &META
        }

        fn needs(&self) -> crate::rule::Needs<'_> {
            crate::rule::Needs::Check(self)
        }

        fn options_schema(&self) -> Option<serde_json::Value> {
            None
        }

        fn configure(&self, v: &serde_json::Value) -> Result<Option<RuleOptions>, OptionsError> {
            let mut o = CasingOptions {
                casing: "camel",
                exceptions: Vec::new(),
            };
            if v.is_null() {
                DEFAULT_CALLS.fetch_add(1, Ordering::SeqCst);
                return Ok(Some(Arc::new(o)));
            }
            let map = v
                .as_object()
                .ok_or_else(|| fail("", "expected an object".into()))?;
            for (k, x) in map {
                match k.as_str() {
                    "casing" => {
                        o.casing = CASINGS
                            .into_iter()
                            .find(|c| x.as_str() == Some(c))
                            .ok_or_else(|| {
                                fail("/casing", format!("expected one of {}", CASINGS.join(", ")))
                            })?;
                    }
                    "exceptions" => {
                        for (i, e) in x.as_array().into_iter().flatten().enumerate() {
                            let s = e.as_str().ok_or_else(|| {
                                fail(&format!("/exceptions/{i}"), "expected a string".into())
                            })?;
                            o.exceptions.push(s.to_string());
                        }
                    }
                    other => {
                        return Err(fail(
                            &format!("/{other}"),
                            format!("unknown option `{other}` (expected casing, exceptions)"),
                        ))
                    }
                }
            }
            Ok(Some(Arc::new(o)))
        }
    }

    pub(in crate::ruleset) static CASING: Casing = Casing;

    /// `gardefou:core` with [`Casing`] taken in as a built-in ruleset `test:typed` would be.
    pub(in crate::ruleset) fn with_casing() -> Config {
        let mut c = Config::core();
        c.apply_builtin_of("test:typed", Mode::Recommended, &[&CASING]);
        c
    }

    /// The typed options of `test-typed-casing` in `c`.
    pub(in crate::ruleset) fn casing_of(c: &Config) -> Option<&CasingOptions> {
        c.rules[META.id].configured.as_ref()?.downcast_ref()
    }

    /// Applies the `rules` section of `text` to `c`.
    fn apply(c: &mut Config, text: &str) -> Result<(), String> {
        let src = Src::new("r.yaml", text, false);
        let root = yaml(text);
        let scope = RuleScope {
            aliases: &Default::default(),
            formats: None,
            functions: &Default::default(),
            src: &src,
        };
        c.apply_rules(root.get("rules").unwrap(), &scope)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_rule_given_no_options_has_its_defaults_parsed_once() {
        let mut c = with_casing();
        let want = CasingOptions {
            casing: "camel",
            exceptions: Vec::new(),
        };
        assert_eq!(casing_of(&c), Some(&want));
        apply(&mut c, "rules:\n  test-typed-casing: error\n").unwrap();
        assert_eq!(c.setting(META.id), RuleSetting::On(Severity::Error));
        assert_eq!(casing_of(&c), Some(&want));
        let again = with_casing();
        let (a, b) = (&c.rules[META.id], &again.rules[META.id]);
        assert!(Arc::ptr_eq(
            a.configured.as_ref().unwrap(),
            b.configured.as_ref().unwrap()
        ));
        assert_eq!(DEFAULT_CALLS.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn options_a_ruleset_sets_are_parsed_when_it_loads() {
        let mut c = with_casing();
        apply(
            &mut c,
            "rules:\n  test-typed-casing:\n    options: {casing: snake, exceptions: [ID]}\n",
        )
        .unwrap();
        let want = CasingOptions {
            casing: "snake",
            exceptions: vec!["ID".into()],
        };
        assert_eq!(casing_of(&c), Some(&want));
        assert_eq!(c.rules[META.id].options["casing"], "snake");
        // A severity set later keeps the options.
        apply(&mut c, "rules:\n  test-typed-casing: {severity: hint}\n").unwrap();
        assert_eq!(casing_of(&c), Some(&want));
        assert_eq!(c.setting(META.id), RuleSetting::On(Severity::Hint));
    }

    #[test]
    fn options_that_do_not_fit_are_errors_at_the_offending_value() {
        let err = |text: &str| apply(&mut with_casing(), text).unwrap_err();
        assert_eq!(
            err("rules:\n  test-typed-casing:\n    options:\n      casing: snek\n"),
            "r.yaml:4:15: rule `test-typed-casing`: options: expected one of camel, kebab, snake"
        );
        assert_eq!(
            err("rules:\n  test-typed-casing:\n    options:\n      exceptions: [a, 3, b]\n"),
            "r.yaml:4:23: rule `test-typed-casing`: options: expected a string"
        );
        assert_eq!(
            err("rules:\n  test-typed-casing:\n    options: {casing: kebab, casin: x}\n"),
            "r.yaml:3:37: rule `test-typed-casing`: options: unknown option `casin` (expected casing, exceptions)"
        );
        assert_eq!(
            err("rules:\n  test-typed-casing:\n    options: [camel]\n"),
            "r.yaml:3:14: rule `test-typed-casing`: `options` must be an object"
        );
    }

    #[test]
    fn a_pointer_that_does_not_resolve_names_the_whole_options() {
        let text = "options: {a: 1}\n";
        let root = yaml(text);
        let src = Src::new("r.yaml", text, false);
        let options = root.get("options").unwrap();
        let e = error(
            "x",
            options,
            &fail("/missing", "needs `casing`".into()),
            &src,
        );
        assert_eq!(e.line(), "r.yaml:1:10: rule `x`: options: needs `casing`");
        let e = error("x", options, &fail("/a", "too small".into()), &src);
        assert_eq!(e.position, Some((1, 14)));
    }

    #[test]
    fn declarative_rules_refuse_options_at_the_key() {
        let mut c = Config::builtin("spectral:oas").unwrap();
        let id = c
            .rules()
            .find(|(_, a)| matches!(a.rule, RuleRef::Declarative(_)))
            .map(|(id, _)| id.to_string())
            .unwrap();
        let e = apply(&mut c, &format!("rules:\n  {id}:\n    options: {{x: 1}}\n")).unwrap_err();
        assert!(
            e.starts_with(&format!("r.yaml:3:5: rule `{id}` takes no `options`")),
            "{e}"
        );
        assert_eq!(c.rules[&id].options, serde_json::Value::Null);
    }
}
