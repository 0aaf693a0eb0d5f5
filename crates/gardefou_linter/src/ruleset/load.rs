//! Loading a ruleset: its text read and parsed (a YAML or JSON file, a URL's body, or the JSON
//! form of a JavaScript module), then its keys read in order — `aliases`, `formats`,
//! `functions`, `extends`, `rules`, `parserOptions`, `overrides` — each part on its own, so that
//! one run reports every problem.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gardefou_source::{parse, Limits, Node, Syntax};

use super::aliases::Aliases;

use super::error::{ConfigError, Problems, Src};
use super::functions::{functions_of, JsModule};
use super::rules::RuleScope;
use super::syntax::{read, Formats, SettingName};

/// The ruleset being read: its text, its folder, and the JavaScript module it is, if one.
pub(super) struct Reading<'a> {
    pub(super) src: &'a Src<'a>,
    /// Where its relative `extends` and `functionsDir` resolve.
    pub(super) base: &'a Path,
    pub(super) js: Option<&'a JsModule>,
}

/// The top-level keys of a ruleset besides `x-…` extensions.
const KEYS: &[&str] = &[
    "extends",
    "rules",
    "aliases",
    "overrides",
    "functions",
    "functionsDir",
    "formats",
    "parserOptions",
    "documentationUrl",
    "description",
    "scorecard",
    "baseline",
    // Governance (`gardefou check`): read by gardefou_governance from the top ruleset file.
    "labels",
    "policies",
];

impl super::config::Config {
    /// Loads a ruleset file (YAML or JSON, Spectral's format).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        Self::load_with_limits(path, Default::default())
    }

    /// Loads a ruleset whose JavaScript functions run under these per-call limits.
    pub fn load_with_limits(
        path: &Path,
        limits: crate::functions::js::JsLimits,
    ) -> Result<Self, ConfigError> {
        Self::load_with(path, limits, None)
    }

    /// Loads a ruleset; `remote` fetches the rulesets it extends by URL (`https://…`), which
    /// are refused without it. Remote rulesets are YAML or JSON without JavaScript functions.
    pub fn load_with(
        path: &Path,
        limits: crate::functions::js::JsLimits,
        remote: Option<Arc<dyn gardefou_document::Fetch>>,
    ) -> Result<Self, ConfigError> {
        let mut c = Self::core();
        c.js_limits = limits;
        c.remote = remote;
        static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        c.js_generation = GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut seen = HashSet::new();
        c.load_file(path, &mut seen, &HashMap::new())?;
        c.source = Some(path.to_path_buf());
        Ok(c)
    }

    /// Reads a ruleset file (a JavaScript module is run to its JSON form first).
    pub(super) fn load_file(
        &mut self,
        path: &Path,
        seen: &mut HashSet<PathBuf>,
        inherited_aliases: &Aliases,
    ) -> Result<(), ConfigError> {
        let name = path.display().to_string();
        let plain = |message: String| ConfigError::of_file(&name, message);
        let abs = std::fs::canonicalize(path)
            .map_err(|e| plain(format!("cannot read the ruleset: {e}")))?;
        if !seen.insert(abs.clone()) {
            return Err(plain(
                "the ruleset extends itself (a cycle of `extends`)".into(),
            ));
        }
        let module = crate::js_ruleset::is_module(&abs);
        let text = if module {
            crate::js_ruleset::describe(&abs, self.js_limits.clone()).map_err(plain)?
        } else {
            gardefou_document::read_regular_to_string(&abs, Limits::default().max_file_size)
                .map_err(|e| plain(format!("cannot read the ruleset: {e}")))?
        };
        let src = Src::new(name.clone(), &text, module);
        let syntax = if module {
            Syntax::Json
        } else {
            Syntax::guess(&name, &text)
        };
        let Some(root) = parse_ruleset(&src, syntax)? else {
            return Err(plain("the ruleset is empty".into()));
        };
        let js = module.then(|| JsModule {
            file: abs.clone(),
            root: crate::js_ruleset::project_root(&abs),
        });
        let base = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let at = Reading {
            src: &src,
            base: &base,
            js: js.as_ref(),
        };
        self.load_tree(&root, &at, seen, inherited_aliases)?;
        seen.remove(&abs);
        Ok(())
    }

    /// Reads a ruleset fetched from `url` (YAML or JSON; JavaScript functions are not run from
    /// the network).
    pub(super) fn load_text(
        &mut self,
        url: &str,
        text: &str,
        base: &Path,
        seen: &mut HashSet<PathBuf>,
    ) -> Result<(), ConfigError> {
        let src = Src::new(url, text, false);
        let Some(root) = parse_ruleset(&src, Syntax::guess(url, text))? else {
            return Err(src.err(None, "the ruleset is empty"));
        };
        for key in ["functions", "functionsDir"] {
            if let Some(n) = root.get(key) {
                return Err(src.err(
                    Some(n.span),
                    "a ruleset fetched from the network cannot bring JavaScript functions; download it with its functions and extend the local copy",
                ));
            }
        }
        let at = Reading {
            src: &src,
            base,
            js: None,
        };
        self.load_tree(&root, &at, seen, &HashMap::new())
    }

    /// Reads one ruleset (a file's tree, or a ruleset object a JavaScript module extends).
    pub(super) fn load_tree(
        &mut self,
        root: &Node,
        at: &Reading<'_>,
        seen: &mut HashSet<PathBuf>,
        inherited_aliases: &Aliases,
    ) -> Result<(), ConfigError> {
        let (src, base) = (at.src, at.base);
        // A WSO2 ruleset file: the ruleset is its `rulesetContent`, its target its `ruleType`.
        let root = match super::wso2_file::unwrap(root, src)? {
            Some((content, target)) => {
                self.set_target(target);
                content
            }
            None => root,
        };
        // Every problem of the ruleset is reported, not only the first: each part is read on
        // its own, and a part that is wrong is left out of the rest.
        let mut problems = Problems::default();
        let Some(members) = root.as_object() else {
            return Err(src.err(
                Some(root.span),
                "a ruleset must be an object with `extends` and/or `rules`",
            ));
        };
        for m in members {
            if m.key == "scorecard" && seen.len() == 1 {
                self.scorecard = Some(m.value.to_json());
            }
            if m.key == "baseline" && seen.len() == 1 {
                match m.value.as_str().filter(|s| !s.trim().is_empty()) {
                    Some(file) => self.baseline = Some(base.join(file)),
                    None => problems.push(src.err(
                        Some(m.value.span),
                        "`baseline` must be the path of a baseline file (relative to the ruleset)",
                    )),
                }
            }
            if !KEYS.contains(&m.key.as_str()) && !m.key.starts_with("x-") {
                problems.push(src.err(
                    Some(m.key_span),
                    format!("unknown ruleset key `{}` (expected extends, rules, aliases, overrides, functions, functionsDir, formats, parserOptions, documentationUrl, description, scorecard, baseline, labels, policies)", m.key),
                ));
            }
        }
        let mut aliases = inherited_aliases.clone();
        if let Some(a) = root.get("aliases") {
            if let Some(a) = problems.take(read::<Aliases>(a).map_err(|e| src.syntax(e))) {
                aliases.extend(a.value);
            }
        }
        let formats = match root.get("formats") {
            Some(f) => problems.take(read::<Formats>(f).map_err(|e| src.syntax(e))),
            None => None,
        };
        let functions = functions_of(root, base, at.js, src, &mut problems);
        self.read_target(root, src, &mut problems);
        if let Some(ext) = root.get("extends") {
            self.apply_extends(ext, at, &functions, seen, &mut problems);
        }
        if let Some(rules) = root.get("rules") {
            let scope = RuleScope {
                aliases: &aliases,
                formats: formats.as_ref().map(|f| f.value.0.as_slice()),
                functions: &functions,
                src,
            };
            problems.take(self.apply_rules(rules, &scope));
        }
        if let Some(d) = root
            .get("parserOptions")
            .and_then(|po| po.get("duplicateKeys"))
        {
            let s = problems.take(read::<SettingName>(d).map_err(|e| {
                src.syntax(e.saying("`duplicateKeys` must be error, warn, info, hint or off"))
            }));
            if let (Some(s), Some(a)) = (s, self.rules.get_mut("duplicate-key")) {
                a.setting = s.value.0;
            }
        }
        if let Some(ov) = root.get("overrides") {
            let list = problems
                .take(
                    ov.as_array()
                        .ok_or_else(|| src.err(Some(ov.span), "`overrides` must be a list")),
                )
                .unwrap_or_default();
            for o in list {
                if let Some(o) = problems.take(self.override_of(o, base, src)) {
                    self.overrides.push(o);
                }
            }
        }
        problems.finish()
    }
}

/// The tree of a ruleset text (`None` when empty), or its first fatal parse issue.
fn parse_ruleset(src: &Src<'_>, syntax: Syntax) -> Result<Option<Node>, ConfigError> {
    let parsed = parse(src.text, syntax, &Limits::default());
    if let Some(issue) = parsed.issues.iter().find(|i| i.kind.is_fatal()) {
        return Err(src.err(
            Some(issue.span),
            format!("the ruleset is not valid YAML/JSON: {}", issue.message),
        ));
    }
    Ok(parsed.root)
}

#[cfg(test)]
pub(super) mod tests {
    use crate::ruleset::config::{Config, RuleSetting};

    /// A folder of ruleset files.
    pub(in crate::ruleset) struct Dir(pub(in crate::ruleset) tempfile::TempDir);

    impl Dir {
        pub(in crate::ruleset) fn new(files: &[(&str, &str)]) -> Dir {
            let d = Dir(tempfile::tempdir().unwrap());
            for (name, text) in files {
                let p = d.0.path().join(name);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, text).unwrap();
            }
            d
        }

        pub(in crate::ruleset) fn fail(&self, name: &str) -> String {
            self.load(name).err().expect("an error")
        }

        pub(in crate::ruleset) fn load(&self, name: &str) -> Result<Config, String> {
            Config::load(&self.0.path().join(name)).map_err(|e| {
                e.to_string()
                    .replace(&format!("{}/", self.0.path().display()), "")
            })
        }
    }

    #[test]
    fn every_part_s_problems_are_reported_in_order() {
        let d = Dir::new(&[(
            "r.yaml",
            "extend: x\nformats: [oas9]\nfunctions: [nope]\nextends: [spectral:oas, ./missing.yaml]\nrules:\n  info-contact: loud\nparserOptions: {duplicateKeys: 1}\noverrides: {}\n",
        )]);
        let e = d.fail("r.yaml");
        let lines: Vec<_> = e.lines().collect();
        assert_eq!(lines.len(), 7, "{e}");
        let starts = [
            "r.yaml:1:1: unknown ruleset key `extend`",
            "r.yaml:2:11: unknown format `oas9`",
            "r.yaml:3:13: function `nope`: ",
            "r.yaml:4:25: extended ruleset `./missing.yaml` not found",
            "r.yaml:6:17: rule `info-contact`: `loud` is not a severity",
            "r.yaml:7:32: `duplicateKeys` must be error, warn, info, hint or off",
            "r.yaml:8:12: `overrides` must be a list",
        ];
        for (line, start) in lines.iter().zip(starts) {
            assert!(line.starts_with(start), "{line} / {start}");
        }
    }

    #[test]
    fn parser_options_set_the_duplicate_key_rule() {
        let d = Dir::new(&[(
            "r.yaml",
            "extends: spectral:oas\nparserOptions:\n  duplicateKeys: off\n",
        )]);
        let c = d.load("r.yaml").unwrap();
        assert!(c.rules.contains_key("duplicate-key"));
        assert_eq!(c.setting("duplicate-key"), RuleSetting::Off);
    }

    #[test]
    fn only_the_top_ruleset_s_scorecard_is_kept() {
        let d = Dir::new(&[
            (
                "inner.yaml",
                "extends: spectral:oas\nscorecard: {inner: true}\n",
            ),
            ("top.yaml", "extends: ./inner.yaml\n"),
            (
                "both.yaml",
                "extends: ./inner.yaml\nscorecard: {top: true}\n",
            ),
        ]);
        assert_eq!(d.load("top.yaml").unwrap().scorecard, None);
        assert_eq!(
            d.load("both.yaml").unwrap().scorecard,
            Some(serde_json::json!({"top": true}))
        );
        let c = d.load("both.yaml").unwrap();
        assert!(c.source.unwrap().ends_with("both.yaml"));
        assert!(c.js_generation > 0);
    }

    #[test]
    fn unreadable_texts_are_reported_with_their_position() {
        let d = Dir::new(&[
            ("empty.yaml", ""),
            ("bad.json", "{\"rules\": {\n  \"a\": [1,\n}"),
            ("list.yaml", "- spectral:oas\n"),
            ("remote.yaml", "extends: https://rules.example.org/r.yaml\n"),
            ("js.yaml", "extends: [[spectral:xyz, all]]\n"),
        ]);
        assert_eq!(d.fail("empty.yaml"), "empty.yaml: the ruleset is empty");
        let e = d.fail("bad.json");
        assert!(
            e.starts_with("bad.json:3:1: the ruleset is not valid YAML/JSON: "),
            "{e}"
        );
        assert_eq!(
            d.fail("list.yaml"),
            "list.yaml:1:1: a ruleset must be an object with `extends` and/or `rules`"
        );
        let e = d.fail("remote.yaml");
        assert!(e.starts_with("remote.yaml:1:10: `https://rules.example.org/r.yaml`: rulesets are not fetched from the network unless --allow-remote-rulesets is given"), "{e}");
        let e = d.fail("js.yaml");
        assert!(
            e.starts_with(
                "js.yaml:1:12: unknown built-in ruleset `spectral:xyz` (known: spectral:oas, "
            ),
            "{e}"
        );
        assert!(d
            .fail("absent.yaml")
            .starts_with("absent.yaml: cannot read the ruleset: "));
    }
}
