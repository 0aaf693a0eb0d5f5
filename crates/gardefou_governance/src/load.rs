//! A ruleset file's governance: its `labels:` and `policies:`, and every ruleset the policies
//! name, loaded once each.
//!
//! The ruleset loader of `gardefou_linter` accepts the two keys (only the top ruleset's count,
//! as for `scorecard:`); they are read here from the file's spanned tree, so that a mistake
//! points at its line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gardefou_linter::{Config, ConfigError, JsLimits, BUILTIN_RULESETS};
use gardefou_source::{parse, Limits, Syntax};

use crate::model::Target;
use crate::policy::{read_labels, read_policies, Entry, LabelGlobs, Policy};
use crate::text::{Problems, Text};

/// A ruleset a policy uses, loaded.
pub struct LoadedRuleset {
    /// Its name as the first policy that uses it writes it (`gardefou:versioning`,
    /// `./rules/partner.yaml`).
    pub name: String,
    /// The rules it runs, on the target of the policies that use it this way
    /// (`config.target()`): the ruleset's own unless a policy says otherwise, in which case
    /// the ruleset is loaded once more for that target.
    pub config: Config,
}

/// One ruleset of a policy, bound to its loaded ruleset and its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound {
    /// Index in [`Governance::rulesets`].
    pub ruleset: usize,
    /// What it validates: the policy's choice, else the ruleset's (`x-gardefou-target`, a
    /// built-in's own, or what it extends), else the definition.
    pub target: Target,
}

/// The governance of a portfolio: labels, policies and their rulesets.
pub struct Governance {
    /// The ruleset file the policies are written in.
    pub source: PathBuf,
    /// Its folder: label globs and ruleset files are relative to it.
    pub base: PathBuf,
    /// Labels by location.
    pub labels: Vec<LabelGlobs>,
    /// The policies, in the file's order.
    pub policies: Vec<Policy>,
    /// `bound[i]`: the rulesets of `policies[i]`, in order.
    pub bound: Vec<Vec<Bound>>,
    /// Every ruleset the policies use, once each.
    pub rulesets: Vec<LoadedRuleset>,
}

/// How the rulesets of policies are loaded.
#[derive(Clone, Default)]
pub struct LoadSettings {
    /// Limits of their JavaScript functions.
    pub js_limits: JsLimits,
    /// Fetches the rulesets they extend by URL; `None`: refused.
    pub remote: Option<Arc<dyn gardefou_document::Fetch>>,
}

impl Governance {
    /// The governance of `config`'s ruleset file: `None` when it has no file (a built-in
    /// ruleset), is a JavaScript module, or has neither `labels:` nor `policies:`.
    pub fn of(config: &Config, settings: &LoadSettings) -> Result<Option<Governance>, ConfigError> {
        let Some(source) = config.source.as_deref() else {
            return Ok(None);
        };
        Governance::load(source, settings)
    }

    /// The governance written in the ruleset file at `source` (see [`Governance::of`]).
    pub fn load(source: &Path, settings: &LoadSettings) -> Result<Option<Governance>, ConfigError> {
        let name = source.display().to_string();
        let ext = source.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "js" | "mjs" | "cjs") {
            return Ok(None);
        }
        let text =
            gardefou_document::read_regular_to_string(source, Limits::default().max_file_size)
                .map_err(|e| {
                    Text::new(name.clone(), "").whole(format!("cannot read the ruleset: {e}"))
                })?;
        let src = Text::new(name.clone(), &text);
        let Some(root) = parse(&text, Syntax::guess(&name, &text), &Limits::default()).root else {
            return Ok(None);
        };
        let (labels_node, policies_node) = (root.get("labels"), root.get("policies"));
        if labels_node.is_none() && policies_node.is_none() {
            return Ok(None);
        }
        let base = source
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let mut problems = Problems::default();
        let labels = labels_node
            .map(|n| read_labels(n, &src, &mut problems))
            .unwrap_or_default();
        let entries = policies_node
            .map(|n| read_policies(n, &src, &mut problems))
            .unwrap_or_default();
        let mut g = Governance {
            source: source.to_path_buf(),
            base,
            labels,
            policies: Vec::new(),
            bound: Vec::new(),
            rulesets: Vec::new(),
        };
        let mut loader = Loader {
            settings,
            src: &src,
            base: g.base.clone(),
            by_key: HashMap::new(),
            own: HashMap::new(),
        };
        let mut names: HashMap<String, u32> = HashMap::new();
        for entry in entries {
            let (policy, span, written) = match entry {
                Entry::Written(p, span) => (p, span, true),
                Entry::Builtin(p, span) => (p, span, false),
            };
            let line = src.line_of(span);
            if let Some(first) = names.insert(policy.name.clone(), line) {
                problems.push(src.err(span, format!(
                    "a second policy named `{}` (the first is on line {first}); policy names are unique",
                    policy.name
                )));
                continue;
            }
            let mut bound = Vec::new();
            for r in &policy.rulesets {
                // A built-in policy's rulesets are written nowhere: its entry is the place.
                let at = if written { r.span } else { span };
                match loader.load(&r.name, r.target, at, &mut g.rulesets) {
                    Ok(i) => bound.push(Bound {
                        ruleset: i,
                        target: g.rulesets[i].config.target(),
                    }),
                    Err(e) => problems.push(prefixed(e, &policy.name)),
                }
            }
            g.policies.push(policy);
            g.bound.push(bound);
        }
        problems.finish()?;
        Ok(Some(g))
    }

    /// The ruleset of `bound`.
    pub fn ruleset(&self, bound: Bound) -> &LoadedRuleset {
        &self.rulesets[bound.ruleset]
    }
}

/// `policy `NAME`: ` before the first line of a problem that concerns a policy.
fn prefixed(mut e: ConfigError, policy: &str) -> ConfigError {
    e.message = format!("policy `{policy}`: {}", e.message);
    e
}

/// Loads rulesets once each (by built-in name or by canonical path).
struct Loader<'a> {
    settings: &'a LoadSettings,
    src: &'a Text<'a>,
    base: PathBuf,
    /// (ruleset, target asked for) → index of the loaded ruleset.
    by_key: HashMap<(String, Option<Target>), usize>,
    /// Each ruleset as read, on its own target.
    own: HashMap<String, Config>,
}

impl Loader<'_> {
    /// The index of ruleset `name` on `target` (`None`: its own), loaded if needed.
    fn load(
        &mut self,
        name: &str,
        target: Option<Target>,
        at: gardefou_source::Span,
        out: &mut Vec<LoadedRuleset>,
    ) -> Result<usize, ConfigError> {
        let base = self.base.clone();
        let looks_builtin = name.contains(':') && !name.starts_with('.') && !name.contains('/');
        let key = if looks_builtin {
            name.to_string()
        } else {
            let path = base.join(name);
            std::fs::canonicalize(&path)
                .map_err(|_| {
                    self.src.err(at, format!(
                        "ruleset `{name}` not found ({} does not exist; a ruleset is a built-in name or a file relative to the ruleset file)",
                        path.display()
                    ))
                })?
                .display()
                .to_string()
        };
        if let Some(&i) = self.by_key.get(&(key.clone(), target)) {
            return Ok(i);
        }
        let own = match self.own.get(&key) {
            Some(c) => c.clone(),
            None => {
                let c = self.read(name, at, &base)?;
                self.own.insert(key.clone(), c.clone());
                c
            }
        };
        let config = match target {
            Some(t) if t != own.target() => own.with_target(t),
            _ => own,
        };
        // `ruleset: X` and `{ruleset: X, target: <X's own>}` are the same run.
        let effective = Some(config.target());
        let i = match self.by_key.get(&(key.clone(), effective)) {
            Some(&i) => i,
            None => {
                out.push(LoadedRuleset {
                    name: name.to_string(),
                    config,
                });
                out.len() - 1
            }
        };
        self.by_key.insert((key.clone(), effective), i);
        self.by_key.insert((key, target), i);
        Ok(i)
    }

    /// Reads ruleset `name` (a built-in or a file under `base`).
    fn read(
        &self,
        name: &str,
        at: gardefou_source::Span,
        base: &Path,
    ) -> Result<Config, ConfigError> {
        let looks_builtin = name.contains(':') && !name.starts_with('.') && !name.contains('/');
        if looks_builtin {
            let config = Config::builtin(name).ok_or_else(|| {
                self.src.err(
                    at,
                    format!(
                        "unknown built-in ruleset `{name}` (known: {})",
                        BUILTIN_RULESETS.join(", ")
                    ),
                )
            })?;
            Ok(config)
        } else {
            let path = base.join(name);
            Config::load_with(
                &path,
                self.settings.js_limits.clone(),
                self.settings.remote.clone(),
            )
            .map_err(|e| {
                let mut head = self
                    .src
                    .err(at, format!("ruleset `{name}` cannot be used:"));
                head.more = e.all().map(copy).collect();
                head
            })
        }
    }
}

fn copy(e: &ConfigError) -> ConfigError {
    ConfigError {
        file: e.file.clone(),
        position: e.position,
        message: e.message.clone(),
        more: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Stage};
    use gardefou_diagnostics::Severity;

    fn dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(d.path().join(name), text).unwrap();
        }
        d
    }

    const RULES: &str =
        "rules:\n  r:\n    given: $.info\n    then: {field: title, function: truthy}\n";

    /// A ruleset is loaded once per target it runs on: as written, and once more for a
    /// policy's other target; naming its own target is the same run.
    #[test]
    fn rulesets_load_once_per_target() {
        let d = dir(&[
            (
                "g.yaml",
                "policies:\n  - name: a\n    appliesTo: {all: true}\n    rulesets: [./r.yaml, {ruleset: ./r.yaml, target: metadata}]\n  - name: b\n    appliesTo: {labels: [x]}\n    rulesets: [{ruleset: r.yaml, target: definition}, gardefou:versioning, {ruleset: ./m.yaml, target: metadata}]\n",
            ),
            ("r.yaml", RULES),
            ("m.yaml", &format!("x-gardefou-target: metadata\n{RULES}")),
        ]);
        let g = Governance::load(&d.path().join("g.yaml"), &LoadSettings::default())
            .unwrap()
            .unwrap();
        let shown: Vec<Vec<(String, Target)>> = g
            .bound
            .iter()
            .map(|b| {
                b.iter()
                    .map(|b| (g.ruleset(*b).name.clone(), b.target))
                    .collect()
            })
            .collect();
        assert_eq!(
            shown,
            [
                vec![
                    ("./r.yaml".to_string(), Target::Definition),
                    ("./r.yaml".to_string(), Target::Metadata)
                ],
                vec![
                    ("./r.yaml".to_string(), Target::Definition),
                    ("gardefou:versioning".to_string(), Target::Definition),
                    ("./m.yaml".to_string(), Target::Metadata)
                ],
            ]
        );
        assert_eq!(g.rulesets.len(), 4);
        assert_eq!(g.bound[1][0].ruleset, g.bound[0][0].ruleset);
        for (b, r) in g.bound.iter().flatten().zip(0..) {
            assert_eq!(g.ruleset(*b).config.target(), b.target, "{r}");
        }
    }

    #[test]
    fn a_severity_without_an_action_notifies_and_policies_run_at_their_stages() {
        let d = dir(&[(
            "g.yaml",
            "policies:\n  - name: a\n    appliesTo: {all: true}\n    stages: [publish, deploy]\n    rulesets: [gardefou:versioning]\n    actions: [{stage: publish, severity: warn, action: block}]\n",
        )]);
        let g = Governance::load(&d.path().join("g.yaml"), &LoadSettings::default())
            .unwrap()
            .unwrap();
        let p = &g.policies[0];
        assert_eq!(p.stages, [Stage::Deploy, Stage::Publish]);
        assert!(!p.runs_at(Stage::Create) && p.runs_at(Stage::Deploy));
        assert_eq!(p.action(Stage::Publish, Severity::Warn), Action::Block);
        assert_eq!(p.action(Stage::Publish, Severity::Error), Action::Notify);
        assert_eq!(p.action(Stage::Deploy, Severity::Warn), Action::Notify);
    }

    #[test]
    fn a_ruleset_without_governance_sections_has_none() {
        let d = dir(&[("r.yaml", RULES), ("m.js", "export default {rules: {}};\n")]);
        assert!(
            Governance::load(&d.path().join("r.yaml"), &LoadSettings::default())
                .unwrap()
                .is_none()
        );
        assert!(
            Governance::load(&d.path().join("m.js"), &LoadSettings::default())
                .unwrap()
                .is_none()
        );
    }
}
