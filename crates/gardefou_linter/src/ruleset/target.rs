//! `x-gardefou-target`: what a ruleset's rules look at — the API definition (the default), the
//! API's metadata (WSO2's `api.yaml` representation) or its documentation (WSO2's documentation
//! YAML). These are WSO2 API Manager's three ruleset types (`API_DEFINITION`, `API_METADATA`,
//! `API_DOCUMENTATION`).
//!
//! A ruleset's target is the one it declares; without one, the target of the rulesets it
//! extends (which must agree); without either, `definition`. Extending a ruleset of another
//! target is an error at the `extends` entry: the rules of a definition ruleset mean nothing on
//! an `api.yaml`, and the other way round.
//!
//! A document linted with a metadata or documentation configuration is plain YAML or JSON: no
//! OpenAPI model is built, it has no format (a rule that declares `formats` does not run, one
//! without runs), and `unrecognized-format` does not report it.

use gardefou_source::Node;

use super::error::{ConfigError, Problems, Src};

/// The key a ruleset declares its target with.
pub(super) const KEY: &str = "x-gardefou-target";

/// What a ruleset's rules are run on: WSO2's three ruleset types.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// The API definition (OpenAPI or Swagger): WSO2's `API_DEFINITION`. The default.
    #[default]
    Definition,
    /// The API's metadata, the `api.yaml` (or `api.json`) of an API project: `API_METADATA`.
    Metadata,
    /// The API's documentation, as WSO2's documentation YAML: `API_DOCUMENTATION`.
    Documentation,
}

impl Target {
    /// Every target, in the order of the values' names in messages.
    pub const ALL: [Target; 3] = [Target::Definition, Target::Metadata, Target::Documentation];

    /// The name a ruleset writes (`x-gardefou-target: metadata`).
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Definition => "definition",
            Target::Metadata => "metadata",
            Target::Documentation => "documentation",
        }
    }

    /// The target a name stands for (`definition`, `metadata`, `documentation`).
    pub fn parse(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// WSO2's name for it, a ruleset's `ruleType` (`API_DEFINITION` …).
    pub fn wso2_rule_type(self) -> &'static str {
        match self {
            Target::Definition => "API_DEFINITION",
            Target::Metadata => "API_METADATA",
            Target::Documentation => "API_DOCUMENTATION",
        }
    }

    /// The target of a WSO2 `ruleType`.
    pub fn from_wso2_rule_type(rule_type: &str) -> Option<Target> {
        Target::ALL
            .into_iter()
            .find(|t| t.wso2_rule_type() == rule_type)
    }

    /// Whether documents are read as OpenAPI descriptions (model, formats, OpenAPI checks).
    pub fn is_openapi(self) -> bool {
        self == Target::Definition
    }

    /// Whether the rule `id` is left out of a run on this target: `unrecognized-format` says
    /// that a document is not OpenAPI, which is not a problem for metadata or documentation.
    pub fn skips_rule(self, id: &str) -> bool {
        !self.is_openapi() && id == "unrecognized-format"
    }

    /// The target of a built-in ruleset.
    pub fn of_builtin(name: &str) -> Target {
        match name {
            "wso2:api-management-guidelines" => Target::Metadata,
            _ => Target::Definition,
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Target, String> {
        Target::parse(s).ok_or_else(|| format!("`{s}` is not a target ({})", names()))
    }
}

/// `definition, metadata or documentation`.
fn names() -> String {
    let all: Vec<&str> = Target::ALL.iter().map(|t| t.as_str()).collect();
    format!(
        "{} or {}",
        all[..all.len() - 1].join(", "),
        all[all.len() - 1]
    )
}

/// Where a configuration's target comes from, while it is read and after.
#[derive(Clone, Debug, Default)]
pub(super) struct TargetState {
    /// Declared by the ruleset (`x-gardefou-target`), by a built-in, or set by the caller.
    declared: Option<Target>,
    /// The target of the rulesets it extends, and the first of them (named in messages).
    inherited: Option<(Target, String)>,
    /// The target of the ruleset an `extends` entry just took in, until the entry is checked.
    pub(super) last_extended: Option<Target>,
}

impl super::config::Config {
    /// What this configuration's rules run on: its ruleset's `x-gardefou-target`, else that of
    /// the rulesets it extends, else [`Target::Definition`].
    pub fn target(&self) -> Target {
        self.target
            .declared
            .or(self.target.inherited.as_ref().map(|(t, _)| *t))
            .unwrap_or_default()
    }

    /// Runs this configuration's rules on `target` whatever its ruleset says (a governance
    /// policy decides what a ruleset is applied to).
    pub fn set_target(&mut self, target: Target) {
        self.target.declared = Some(target);
    }

    /// The same configuration, run on `target`.
    pub fn with_target(mut self, target: Target) -> Self {
        self.set_target(target);
        self
    }

    /// Reads the ruleset's own `x-gardefou-target`, before its `extends`.
    pub(super) fn read_target(&mut self, root: &Node, src: &Src<'_>, problems: &mut Problems) {
        let Some(node) = root.get(KEY) else { return };
        match node.as_str().and_then(Target::parse) {
            Some(t) => self.target.declared = Some(t),
            None => problems.push(src.err(Some(node.span), format!("`{KEY}` must be {}", names()))),
        }
    }

    /// Checks the target of the ruleset an `extends` entry (`name`, written at `at`) took in
    /// (a file's, as `merge` noted it, or a built-in's) against the ruleset's own and those of
    /// the entries before it. An entry that failed took nothing in: nothing to check.
    pub(super) fn check_extended_target(
        &mut self,
        name: &str,
        at: gardefou_source::Span,
        src: &Src<'_>,
    ) -> Result<(), ConfigError> {
        let builtin = || super::builtin::is_builtin(name).then(|| Target::of_builtin(name));
        let Some(t) = self.target.last_extended.take().or_else(builtin) else {
            return Ok(());
        };
        if let Some(own) = self.target.declared {
            if own != t {
                return Err(src.err(
                    Some(at),
                    format!("`{name}` is a {t} ruleset, and this ruleset's `{KEY}` is {own}: a ruleset can only extend rulesets of its own target"),
                ));
            }
            return Ok(());
        }
        match &self.target.inherited {
            Some((first_target, first)) if *first_target != t => Err(src.err(
                Some(at),
                format!("`{name}` is a {t} ruleset but `{first}` is a {first_target} ruleset: the rulesets a ruleset extends must share a target"),
            )),
            Some(_) => Ok(()),
            None => {
                self.target.inherited = Some((t, name.to_string()));
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::config::Config;
    use crate::ruleset::load::tests::Dir;

    #[test]
    fn names_and_wso2_rule_types_round_trip() {
        for t in Target::ALL {
            assert_eq!(Target::parse(t.as_str()), Some(t));
            assert_eq!(t.to_string().parse::<Target>(), Ok(t));
            assert_eq!(Target::from_wso2_rule_type(t.wso2_rule_type()), Some(t));
        }
        assert_eq!(Target::parse("Metadata"), None);
        assert_eq!(
            "api".parse::<Target>(),
            Err("`api` is not a target (definition, metadata or documentation)".into())
        );
        assert_eq!(Target::default(), Target::Definition);
        assert!(Target::Metadata.skips_rule("unrecognized-format"));
        assert!(!Target::Definition.skips_rule("unrecognized-format"));
        assert!(!Target::Documentation.skips_rule("parser"));
    }

    #[test]
    fn a_declared_target_is_read_and_a_bad_one_is_an_error_where_written() {
        let d = Dir::new(&[
            ("meta.yaml", "x-gardefou-target: metadata\nrules: {}\n"),
            ("none.yaml", "rules: {}\n"),
            ("bad.yaml", "rules: {}\nx-gardefou-target: api\n"),
            ("list.yaml", "x-gardefou-target: [metadata]\n"),
        ]);
        assert_eq!(d.load("meta.yaml").unwrap().target(), Target::Metadata);
        assert_eq!(d.load("none.yaml").unwrap().target(), Target::Definition);
        assert_eq!(
            d.fail("bad.yaml"),
            "bad.yaml:2:20: `x-gardefou-target` must be definition, metadata or documentation"
        );
        assert!(d.fail("list.yaml").starts_with("list.yaml:1:20: "));
    }

    #[test]
    fn the_target_is_inherited_and_a_different_one_is_refused() {
        let d = Dir::new(&[
            ("meta.yaml", "x-gardefou-target: metadata\nrules: {}\n"),
            ("docs.yaml", "x-gardefou-target: documentation\nrules: {}\n"),
            ("child.yaml", "extends: ./meta.yaml\nrules: {}\n"),
            ("grandchild.yaml", "extends: [./child.yaml, ./meta.yaml]\n"),
            (
                "same.yaml",
                "x-gardefou-target: metadata\nextends: [./meta.yaml]\n",
            ),
            (
                "declared.yaml",
                "x-gardefou-target: definition\nextends: [spectral:oas, ./meta.yaml]\n",
            ),
            ("mixed.yaml", "extends: [./meta.yaml, ./docs.yaml]\n"),
            ("oas.yaml", "extends: [./meta.yaml, spectral:oas]\n"),
        ]);
        for ok in ["child.yaml", "grandchild.yaml", "same.yaml"] {
            assert_eq!(d.load(ok).unwrap().target(), Target::Metadata, "{ok}");
        }
        assert_eq!(
            d.fail("declared.yaml"),
            "declared.yaml:2:25: `./meta.yaml` is a metadata ruleset, and this ruleset's `x-gardefou-target` is definition: a ruleset can only extend rulesets of its own target"
        );
        assert_eq!(
            d.fail("mixed.yaml"),
            "mixed.yaml:1:24: `./docs.yaml` is a documentation ruleset but `./meta.yaml` is a metadata ruleset: the rulesets a ruleset extends must share a target"
        );
        assert!(d.fail("oas.yaml").starts_with(
            "oas.yaml:1:24: `spectral:oas` is a definition ruleset but `./meta.yaml`"
        ));
    }

    #[test]
    fn a_caller_can_set_the_target() {
        let c = Config::builtin("spectral:oas").unwrap();
        assert_eq!(c.target(), Target::Definition);
        assert_eq!(
            c.with_target(Target::Documentation).target(),
            Target::Documentation
        );
    }
}
