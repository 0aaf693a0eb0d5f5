//! The resolution phase: what an `extends` entry names — a built-in ruleset, a file beside the
//! ruleset, a package under `node_modules/`, a URL — loaded in order and taken in as its mode
//! says; a later entry wins over an earlier one, and the ruleset's own `rules` over all.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use gardefou_source::{Node, Span};

use super::builtin::{is_builtin, BUILTIN_RULESETS};
use super::error::{ConfigError, Problems, Src};
use super::extends::{Extended, Extends, JsExtends, Mode};
use super::functions::JsFunctions;
use super::load::Reading;
use super::setting::RuleSetting;
use super::syntax::read;

/// The URL an `extends` entry names: an `http(s)://` URL, or a relative one inside a remote
/// ruleset (resolved against its URL).
pub(super) fn remote_target(base: Option<&str>, target: &str) -> Option<String> {
    if target.starts_with("http://") || target.starts_with("https://") {
        return Some(target.to_string());
    }
    base.map(|b| gardefou_document::join_url(b, target))
}

/// The files a package folder may keep its ruleset in, after its `package.json` `main`.
const PACKAGE_RULESETS: [&str; 8] = [
    "ruleset.yaml",
    "ruleset.yml",
    "ruleset.json",
    "index.yaml",
    "index.yml",
    "index.json",
    ".spectral.yaml",
    ".spectral.yml",
];

/// Finds an extended ruleset: a path beside the ruleset, or a package under `node_modules/`
/// (of the ruleset's folder, else of the nearest ancestor that has it).
pub(super) fn resolve_extends(base: &Path, target: &str) -> Option<PathBuf> {
    let direct = base.join(target);
    if direct.is_file() {
        return Some(direct);
    }
    for dir in base.ancestors() {
        let pkg = dir.join("node_modules").join(target);
        if pkg.is_file() {
            return Some(pkg);
        }
        if pkg.is_dir() {
            let main = std::fs::read_to_string(pkg.join("package.json"))
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|j| j.get("main").and_then(|m| m.as_str()).map(str::to_string));
            let candidates = main.into_iter().chain(PACKAGE_RULESETS.map(String::from));
            for c in candidates {
                let p = pkg.join(&c);
                if p.is_file() {
                    return Some(p);
                }
            }
        }
    }
    None
}

impl super::config::Config {
    /// Takes in the rules of an extended ruleset, as `mode` says.
    pub(super) fn merge(&mut self, sub: Self, mode: Mode) {
        for (id, mut active) in sub.rules {
            active.setting = match mode {
                Mode::Off => RuleSetting::Off,
                Mode::All => match active.setting {
                    RuleSetting::Off => RuleSetting::On(active.rule.default_severity()),
                    on => on,
                },
                Mode::Recommended => {
                    if active.rule.recommended() {
                        active.setting
                    } else {
                        RuleSetting::Off
                    }
                }
            };
            self.rules.insert(id, active);
        }
        self.overrides.extend(sub.overrides);
    }

    /// `extends`: each entry in order, a problem with one leaving the others to be read.
    pub(super) fn apply_extends(
        &mut self,
        ext: &Node,
        at: &Reading<'_>,
        functions: &JsFunctions,
        seen: &mut HashSet<PathBuf>,
        problems: &mut Problems,
    ) {
        let src = at.src;
        let entries = match at.js {
            Some(_) => read::<JsExtends>(ext).map(|e| e.value.0),
            None => read::<Extends>(ext).map(|e| e.value),
        };
        let entries = problems
            .take(entries.map_err(|e| src.syntax(e)))
            .map_or_else(Vec::new, |e| e.0);
        for (target, mode, span) in entries {
            match target {
                Extended::Named(target) => {
                    problems.take(self.extend_named(&target, mode, span, at.base, src, seen));
                }
                Extended::Builtin(name, changed) => {
                    if !is_builtin(&name) {
                        problems.push(src.err(
                            Some(span),
                            format!(
                                "`{name}` is not a ruleset gardefou has (known: {})",
                                BUILTIN_RULESETS.join(", ")
                            ),
                        ));
                        continue;
                    }
                    self.apply_builtin(&name, mode);
                    if let Some(changed) = changed {
                        problems.take(self.apply_changed_builtin(changed, mode, functions, src));
                    }
                }
                Extended::Inline(tree) => {
                    let mut sub = self.empty_like();
                    if problems
                        .take(sub.load_tree(tree, at, seen, &HashMap::new()))
                        .is_some()
                    {
                        self.merge(sub, mode);
                    }
                }
            }
        }
    }

    /// `extends: NAME`: a built-in ruleset, a file beside the ruleset, or a package.
    pub(super) fn extend_named(
        &mut self,
        target: &str,
        mode: Mode,
        span: Span,
        base: &Path,
        src: &Src<'_>,
        seen: &mut HashSet<PathBuf>,
    ) -> Result<(), ConfigError> {
        if is_builtin(target) {
            self.apply_builtin(target, mode);
        } else if target.starts_with("spectral:") || target.starts_with("gardefou:") {
            return Err(src.err(
                Some(span),
                format!(
                    "unknown built-in ruleset `{target}` (known: {})",
                    BUILTIN_RULESETS.join(", ")
                ),
            ));
        } else if let Some(url) = remote_target(self.remote_base.as_deref(), target) {
            let Some(fetcher) = self.remote.clone() else {
                return Err(src.err(Some(span), format!("`{target}`: rulesets are not fetched from the network unless --allow-remote-rulesets is given; or download it and extend the local file")));
            };
            if !seen.insert(PathBuf::from(&url)) {
                return Err(src.err(
                    Some(span),
                    "the ruleset extends itself (a cycle of `extends`)",
                ));
            }
            let bytes = fetcher
                .fetch(&url)
                .map_err(|e| src.err(Some(span), format!("`{url}`: {e}")))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                src.err(
                    Some(span),
                    format!("`{url}`: the ruleset is not UTF-8 text"),
                )
            })?;
            let mut sub = self.empty_like();
            sub.remote_base = Some(url.clone());
            sub.load_text(&url, &text, Path::new("."), seen)?;
            seen.remove(&PathBuf::from(&url));
            self.merge(sub, mode);
        } else {
            let file = resolve_extends(base, target).ok_or_else(|| {
                src.err(Some(span), format!("extended ruleset `{target}` not found (looked beside the ruleset and under node_modules/)"))
            })?;
            let mut sub = self.empty_like();
            sub.load_file(&file, seen, &HashMap::new())?;
            self.merge(sub, mode);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::ruleset::config::Config;
    use crate::ruleset::load::tests::Dir;

    const A: &str =
        "extends: spectral:oas\nrules:\n  info-contact: error\n  operation-tags: error\n";
    const B: &str = "extends: spectral:oas\nrules:\n  info-contact: hint\n";

    #[test]
    fn packages_resolve_beside_the_ruleset_then_up_the_node_modules_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let project = root.join("project/api");
        let write = |p: &str| {
            let p = root.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "rules: {}\n").unwrap();
        };
        std::fs::create_dir_all(&project).unwrap();
        write("node_modules/pkg/ruleset.yaml");
        write("node_modules/pkg/index.yaml");
        assert_eq!(
            resolve_extends(&project, "pkg"),
            Some(root.join("node_modules/pkg/ruleset.yaml"))
        );
        // `main` of package.json comes first.
        write("node_modules/pkg/lib/main.json");
        std::fs::write(
            root.join("node_modules/pkg/package.json"),
            r#"{"main": "lib/main.json"}"#,
        )
        .unwrap();
        assert_eq!(
            resolve_extends(&project, "pkg"),
            Some(root.join("node_modules/pkg/lib/main.json"))
        );
        // The nearest node_modules wins, and a file beside the ruleset before any package.
        write("project/node_modules/pkg/.spectral.yml");
        assert_eq!(
            resolve_extends(&project, "pkg"),
            Some(root.join("project/node_modules/pkg/.spectral.yml"))
        );
        write("project/api/pkg");
        assert_eq!(resolve_extends(&project, "pkg"), Some(project.join("pkg")));
        write("node_modules/@scope/set.yaml");
        assert_eq!(
            resolve_extends(&project, "@scope/set.yaml"),
            Some(root.join("node_modules/@scope/set.yaml"))
        );
        assert_eq!(resolve_extends(&project, "missing"), None);
    }

    #[test]
    fn remote_targets_are_urls_or_relative_to_a_remote_ruleset() {
        assert_eq!(
            remote_target(None, "https://x.example.org/a.yaml").as_deref(),
            Some("https://x.example.org/a.yaml")
        );
        assert_eq!(remote_target(None, "./a.yaml"), None);
        assert_eq!(
            remote_target(Some("https://x.example.org/sets/main.yaml"), "../b.yaml").as_deref(),
            Some("https://x.example.org/b.yaml")
        );
    }

    #[test]
    fn a_merge_applies_the_mode_to_the_extended_rules() {
        let sub = Config::builtin("spectral:oas").unwrap();
        let (off_id, off) = sub
            .rules()
            .find(|(_, a)| a.setting == RuleSetting::Off)
            .map(|(id, a)| (id.to_string(), a.rule.default_severity()))
            .expect("a rule spectral:oas does not run");
        let (on_id, on) = sub
            .rules()
            .find(|(_, a)| matches!(a.setting, RuleSetting::On(_)))
            .map(|(id, a)| (id.to_string(), a.setting))
            .expect("a rule it runs");
        let merged = |mode| {
            let mut c = sub.empty_like();
            c.merge(sub.clone(), mode);
            (c.setting(&off_id), c.setting(&on_id))
        };
        assert_eq!(merged(Mode::All), (RuleSetting::On(off), on));
        assert_eq!(merged(Mode::Recommended), (RuleSetting::Off, on));
        assert_eq!(merged(Mode::Off), (RuleSetting::Off, RuleSetting::Off));
    }

    #[test]
    fn later_extends_win_and_the_ruleset_s_own_rules_win_over_all() {
        let d = Dir::new(&[
            ("a.yaml", A),
            ("b.yaml", B),
            ("ab.yaml", "extends: [./a.yaml, ./b.yaml]\n"),
            ("ba.yaml", "extends: [./b.yaml, ./a.yaml]\n"),
            (
                "own.yaml",
                "extends: [./a.yaml, ./b.yaml]\nrules:\n  info-contact: info\n",
            ),
            ("off.yaml", "extends: [[./a.yaml, off]]\n"),
        ]);
        let contact = |name| d.load(name).unwrap().setting("info-contact");
        assert_eq!(contact("ab.yaml"), RuleSetting::On(Severity::Hint));
        assert_eq!(contact("ba.yaml"), RuleSetting::On(Severity::Error));
        assert_eq!(contact("own.yaml"), RuleSetting::On(Severity::Info));
        assert_eq!(contact("off.yaml"), RuleSetting::Off);
        // b.yaml's `extends: spectral:oas` brought `operation-tags` back at its default.
        let ab = d.load("ab.yaml").unwrap();
        let default = crate::rules::find_rule("operation-tags")
            .unwrap()
            .meta()
            .severity;
        assert_eq!(ab.setting("operation-tags"), RuleSetting::On(default));
        assert_eq!(
            d.load("ba.yaml").unwrap().setting("operation-tags"),
            RuleSetting::On(Severity::Error)
        );
    }

    #[test]
    fn a_cycle_of_extends_is_an_error_but_a_diamond_is_not() {
        let d = Dir::new(&[
            ("x.yaml", "extends: ./y.yaml\n"),
            ("y.yaml", "extends: [spectral:oas, ./x.yaml]\n"),
            ("top.yaml", "extends: [./a.yaml, ./a.yaml]\n"),
            ("a.yaml", A),
        ]);
        let e = d.fail("x.yaml");
        assert!(
            e.ends_with("x.yaml: the ruleset extends itself (a cycle of `extends`)"),
            "{e}"
        );
        assert!(d.load("top.yaml").is_ok());
    }

    /// Serves rulesets from memory, recording the URLs asked for.
    struct Served(
        Vec<(&'static str, &'static str)>,
        std::sync::Mutex<Vec<String>>,
    );

    impl gardefou_document::Fetch for Served {
        fn fetch(&self, url: &str) -> Result<Vec<u8>, String> {
            self.1.lock().unwrap().push(url.to_string());
            let found = self.0.iter().find(|(u, _)| *u == url);
            found
                .map(|(_, t)| t.as_bytes().to_vec())
                .ok_or_else(|| "404".to_string())
        }
    }

    #[test]
    fn a_remote_ruleset_s_relative_extends_resolve_against_its_url() {
        let served = std::sync::Arc::new(Served(
            vec![
                ("https://r.example.org/sets/main.yaml", "extends: [spectral:oas, ../base.yaml]\nrules:\n  info-contact: hint\n"),
                ("https://r.example.org/base.yaml", "extends: spectral:oas\nrules:\n  info-contact: error\n  operation-tags: info\n"),
                ("https://r.example.org/loop.yaml", "extends: ./loop.yaml\n"),
                ("https://r.example.org/fns.yaml", "functions: [x]\n"),
            ],
            Default::default(),
        ));
        let d = Dir::new(&[
            ("r.yaml", "extends: https://r.example.org/sets/main.yaml\n"),
            ("loop.yaml", "extends: https://r.example.org/loop.yaml\n"),
            ("fns.yaml", "extends: https://r.example.org/fns.yaml\n"),
        ]);
        let load = |name: &str| {
            let remote: std::sync::Arc<dyn gardefou_document::Fetch> = served.clone();
            Config::load_with(&d.0.path().join(name), Default::default(), Some(remote))
        };
        let c = load("r.yaml").ok().unwrap();
        assert_eq!(c.setting("info-contact"), RuleSetting::On(Severity::Hint));
        assert_eq!(c.setting("operation-tags"), RuleSetting::On(Severity::Info));
        assert_eq!(
            *served.1.lock().unwrap(),
            [
                "https://r.example.org/sets/main.yaml",
                "https://r.example.org/base.yaml"
            ]
        );
        let e = load("loop.yaml").err().unwrap().to_string();
        assert_eq!(
            e,
            "https://r.example.org/loop.yaml:1:10: the ruleset extends itself (a cycle of `extends`)"
        );
        let e = load("fns.yaml").err().unwrap().to_string();
        assert!(e.starts_with("https://r.example.org/fns.yaml:1:12: a ruleset fetched from the network cannot bring JavaScript functions"), "{e}");
    }
}
