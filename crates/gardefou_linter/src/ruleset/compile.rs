//! The declarative-rule compiler: a rule definition in Spectral's format (`given`, `then`,
//! `severity`, …) becomes a [`DeclRule`], its aliases expanded per document version, its paths
//! parsed and its functions built (a ruleset's JavaScript functions loaded and checked now).

use std::collections::HashMap;
use std::sync::Arc;

use gardefou_source::{Node, Value};

use crate::declarative::{DeclRule, Field, Format, Then, VERSIONS};
use crate::finding::{Category, Severity};
use crate::functions::js::{JsFunction, JsLimits};
use crate::jsonpath::parse_path;

use super::aliases::{expand, Aliases};
use super::error::{ConfigError, Src};
use super::functions::JsFunctions;
use super::setting::RuleSetting;
use super::syntax::{read, Formats, SettingValue, Strings};

/// A compiled rule with the severity its definition sets.
pub(super) struct ParsedRule {
    pub(super) rule: DeclRule,
    pub(super) severity: Severity,
    /// `severity: off`: defined, but not run.
    pub(super) severity_off: bool,
}

/// What compiling the rule definitions of one ruleset needs besides each definition.
pub(super) struct Compiler<'a> {
    /// The aliases `given` may name.
    pub(super) aliases: &'a Aliases,
    /// The ruleset's JavaScript functions.
    pub(super) functions: &'a JsFunctions,
    /// The ruleset's text, for positions in errors.
    pub(super) src: &'a Src<'a>,
    /// Where the rules are defined (a ruleset file or a built-in ruleset name).
    pub(super) source: &'a str,
    /// Per-call limits under which JavaScript functions are checked.
    pub(super) js_limits: &'a JsLimits,
    /// The formats of a rule that does not say (the ruleset's `formats`).
    pub(super) default_formats: Option<&'a [Format]>,
}

/// The keys a rule definition may have besides `x-…` extensions.
const RULE_KEYS: &[&str] = &[
    "given",
    "then",
    "severity",
    "message",
    "description",
    "formats",
    "recommended",
    "resolved",
    "documentationUrl",
    "type",
    "tags",
    "enabled",
];

impl Compiler<'_> {
    /// Compiles the definition `def` of rule `id`, of scorecard category `category`.
    pub(super) fn compile(
        &self,
        id: &str,
        def: &Node,
        category: Category,
    ) -> Result<ParsedRule, ConfigError> {
        let src = self.src;
        let members = def
            .as_object()
            .ok_or_else(|| src.err(Some(def.span), format!("rule `{id}` must be an object")))?;
        for m in members {
            if !RULE_KEYS.contains(&m.key.as_str()) && !m.key.starts_with("x-") {
                return Err(src.err(
                    Some(m.key_span),
                    format!("rule `{id}`: unknown key `{}`", m.key),
                ));
            }
        }
        let (severity, severity_off) = match def.get("severity") {
            None => (Severity::Warn, false),
            Some(s) => match read::<SettingValue>(s)
                .map_err(|e| src.in_rule(id, e))?
                .value
                .or(Severity::Warn)
            {
                RuleSetting::On(sev) => (sev, false),
                RuleSetting::Off => (Severity::Warn, true),
            },
        };
        let given = self.given(id, def)?;
        let then_node = def
            .get("then")
            .ok_or_else(|| src.err(Some(def.span), format!("rule `{id}` needs `then`")))?;
        let then_items: Vec<&Node> = match &then_node.value {
            Value::Array(items) => items.iter().collect(),
            _ => vec![then_node],
        };
        let mut then = Vec::new();
        let mut js = Vec::new();
        for t in then_items {
            then.push(self.then(id, t, &mut js)?);
        }
        let formats = match def.get("formats") {
            Some(f) => Some(read::<Formats>(f).map_err(|e| src.syntax(e))?.value.0),
            None => self.default_formats.map(<[Format]>::to_vec),
        };
        Ok(ParsedRule {
            rule: DeclRule {
                id: id.to_string(),
                description: def.get_str("description").map(str::to_string),
                message: def.get_str("message").map(str::to_string),
                severity,
                recommended: def
                    .get("recommended")
                    .and_then(Node::as_bool)
                    .unwrap_or(true),
                formats,
                given,
                then,
                resolved: def.get("resolved").and_then(Node::as_bool).unwrap_or(true),
                documentation_url: def.get_str("documentationUrl").map(str::to_string),
                category,
                source: self.source.to_string(),
                js,
            },
            severity,
            severity_off,
        })
    }

    /// `given`, its aliases expanded and its paths parsed, for each document version (and for
    /// documents of no known version, as key `None`).
    fn given(
        &self,
        id: &str,
        def: &Node,
    ) -> Result<
        HashMap<Option<gardefou_model::SpecVersion>, Vec<crate::jsonpath::JsonPath>>,
        ConfigError,
    > {
        let src = self.src;
        let node = def
            .get("given")
            .ok_or_else(|| src.err(Some(def.span), format!("rule `{id}` needs `given`")))?;
        let raw = read::<Strings>(node)
            .map_err(|e| src.in_rule(id, e))?
            .value
            .0;
        let mut given = HashMap::new();
        for version in VERSIONS.iter().copied().map(Some).chain([None]) {
            let mut paths = Vec::new();
            for g in &raw {
                let expanded = expand(g, self.aliases, version, 0)
                    .map_err(|m| src.err(Some(node.span), format!("rule `{id}`: {m}")))?;
                for e in expanded {
                    paths.push(
                        parse_path(&e)
                            .map_err(|e| src.err(Some(node.span), format!("rule `{id}`: {e}")))?,
                    );
                }
            }
            given.insert(version, paths);
        }
        Ok(given)
    }

    /// One `then`: a function of the ruleset's JavaScript module, one of its `functions`, or a
    /// core function, with its options; JavaScript functions are also added to `js`.
    fn then(&self, id: &str, t: &Node, js: &mut Vec<Arc<JsFunction>>) -> Result<Then, ConfigError> {
        let src = self.src;
        let fname = t.get_str("function").ok_or_else(|| {
            src.err(
                Some(t.span),
                format!("rule `{id}`: `then` needs `function`"),
            )
        })?;
        let function_span = t.get("function").map_or(t.span, |f| f.span);
        let options = t
            .get("functionOptions")
            .map(Node::to_json)
            .unwrap_or(serde_json::Value::Null);
        let field = Field::parse(t.get_str("field"))
            .map_err(|m| src.err(Some(t.span), format!("rule `{id}`: {m}")))?;
        let js_then = |f: JsFunction, field: Field, js: &mut Vec<Arc<JsFunction>>| {
            let f = Arc::new(f);
            js.push(f.clone());
            Then {
                field,
                function_name: fname.to_string(),
                function: Box::new(f),
            }
        };
        // A function of a JavaScript ruleset module: found again by the access path of its `then`.
        if let (Some(module), Some(at)) = (&self.functions.module, t.get("__gfAt")) {
            if let Some(error) = t.get_str("__gfOptionsError") {
                return Err(src.err(
                    None,
                    format!("rule `{id}`: the options of function `{fname}` do not match its schema: {error}"),
                ));
            }
            let f = JsFunction {
                name: fname.to_string(),
                file: module.clone(),
                root: self.functions.root.clone(),
                options: serde_json::Value::Null,
                at: Some(at.to_json()),
            };
            return Ok(js_then(f, field, js));
        }
        // A ruleset's own function wins over a core function of the same name, as in Spectral.
        if self.functions.names.iter().any(|f| f == fname) {
            let f = JsFunction {
                name: fname.to_string(),
                file: self.functions.dir.join(format!("{fname}.js")),
                root: self.functions.root.clone(),
                options: options.clone(),
                at: None,
            };
            crate::functions::js::check_function(&f, self.js_limits)
                .map_err(|m| src.err(Some(function_span), format!("rule `{id}`: {m}")))?;
            return Ok(js_then(f, field, js));
        }
        if !crate::functions::is_known(fname) {
            return Err(src.err(Some(function_span), format!("rule `{id}`: unknown function `{fname}` (not a core function, and not listed in the ruleset's `functions`)")));
        }
        let function = crate::functions::build(fname, &options)
            .map_err(|m| src.err(Some(t.span), format!("rule `{id}`: {m}")))?;
        Ok(Then {
            field,
            function_name: fname.to_string(),
            function,
        })
    }
}

#[cfg(test)]
mod tests {
    use gardefou_model::SpecVersion;

    use super::*;
    use crate::ruleset::aliases::builtin_aliases;
    use crate::ruleset::syntax::tests::yaml;

    /// Compiles rule `r` of `text` as a ruleset file `r.yaml` would, with `spectral:oas`'s
    /// aliases and the ruleset formats `formats`.
    fn compile(text: &str, formats: Option<&[Format]>) -> Result<ParsedRule, String> {
        let src = Src::new("r.yaml", text, false);
        let functions = JsFunctions::default();
        let compiler = Compiler {
            aliases: builtin_aliases(),
            functions: &functions,
            src: &src,
            source: "r.yaml",
            js_limits: &Default::default(),
            default_formats: formats,
        };
        let root = yaml(text);
        compiler
            .compile("r", root.get("r").unwrap(), Category::Naming)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_definition_compiles_with_its_aliases_expanded_per_version() {
        let p = compile(
            "r:\n  description: Tags are named\n  given: ['#OperationObject.tags[*]', '$.tags[*].name']\n  severity: 2\n  then:\n    - function: truthy\n    - field: name\n      function: pattern\n      functionOptions: {match: '^[a-z]+$'}\n",
            None,
        )
        .unwrap();
        let r = &p.rule;
        assert_eq!((p.severity, p.severity_off), (Severity::Info, false));
        assert_eq!((r.id.as_str(), r.source.as_str()), ("r", "r.yaml"));
        assert_eq!(r.description.as_deref(), Some("Tags are named"));
        assert_eq!(
            (r.recommended, r.resolved, r.category),
            (true, true, Category::Naming)
        );
        assert_eq!(r.formats, None);
        for v in [
            Some(SpecVersion::Swagger2),
            Some(SpecVersion::OpenApi32),
            None,
        ] {
            assert_eq!(r.given[&v].len(), 2, "{v:?}");
        }
        let names: Vec<_> = r.then.iter().map(|t| t.function_name.as_str()).collect();
        assert_eq!(names, ["truthy", "pattern"]);
        assert!(matches!(r.then[0].field, Field::Itself));
        assert!(matches!(&r.then[1].field, Field::Props(p) if p.len() == 1));
        assert!(r.js.is_empty());
    }

    #[test]
    fn a_scoped_alias_gives_no_paths_to_versions_it_does_not_cover() {
        let p = compile(
            "r:\n  given: '#LinkObject'\n  then: {function: truthy}\n",
            None,
        )
        .unwrap();
        assert!(p.rule.given[&Some(SpecVersion::Swagger2)].is_empty());
        assert_eq!(p.rule.given[&Some(SpecVersion::OpenApi31)].len(), 3);
        assert!(p.rule.given[&None].is_empty());
    }

    #[test]
    fn the_ruleset_formats_apply_unless_the_rule_has_its_own() {
        let text = "r:\n  given: $\n  then: {function: truthy}\n";
        let p = compile(text, Some(&[Format::Oas2])).unwrap();
        assert_eq!(p.rule.formats, Some(vec![Format::Oas2]));
        let text = "r:\n  given: $\n  formats: [oas3_1]\n  recommended: false\n  resolved: false\n  severity: off\n  then: {function: truthy}\n";
        let p = compile(text, Some(&[Format::Oas2])).unwrap();
        assert_eq!(p.rule.formats, Some(vec![Format::Oas3_1]));
        assert_eq!((p.rule.recommended, p.rule.resolved), (false, false));
        assert_eq!((p.severity, p.severity_off), (Severity::Warn, true));
    }

    #[test]
    fn problems_are_reported_at_the_offending_value() {
        let err = |text: &str| compile(text, None).err().expect("an error");
        assert_eq!(err("r: [1]\n"), "r.yaml:1:4: rule `r` must be an object");
        assert_eq!(
            err("r:\n  given: $\n  then: {function: truthy}\n  severty: error\n"),
            "r.yaml:4:3: rule `r`: unknown key `severty`"
        );
        assert_eq!(
            err("r:\n  given: $\n  severity: loud\n  then: {function: truthy}\n"),
            "r.yaml:3:13: rule `r`: `loud` is not a severity (error, warn, info, hint, off)"
        );
        assert_eq!(
            err("r:\n  then: {function: truthy}\n"),
            "r.yaml:2:3: rule `r` needs `given`"
        );
        assert_eq!(
            err("r:\n  given: [$, 3]\n  then: {function: truthy}\n"),
            "r.yaml:2:14: rule `r`: expected a string"
        );
        assert_eq!(
            err("r:\n  given: '#Nope'\n  then: {function: truthy}\n"),
            "r.yaml:2:10: rule `r`: unknown alias `#Nope`"
        );
        assert_eq!(err("r:\n  given: $\n"), "r.yaml:2:3: rule `r` needs `then`");
        assert_eq!(
            err("r:\n  given: $\n  then:\n    - field: x\n"),
            "r.yaml:4:7: rule `r`: `then` needs `function`"
        );
        assert_eq!(
            err("r:\n  given: $\n  then: {function: turthy}\n"),
            "r.yaml:3:20: rule `r`: unknown function `turthy` (not a core function, and not listed in the ruleset's `functions`)"
        );
        assert!(err(
            "r:\n  given: $\n  then: {function: pattern, functionOptions: {match: '('}}\n"
        )
        .starts_with("r.yaml:3:9: rule `r`: "));
        assert!(
            err("r:\n  given: $\n  formats: [oas9]\n  then: {function: truthy}\n")
                .starts_with("r.yaml:3:13: unknown format `oas9`")
        );
    }
}
