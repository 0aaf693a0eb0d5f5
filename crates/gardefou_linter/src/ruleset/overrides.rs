//! `overrides`: rule settings for the documents (and optionally the pointers inside them) that
//! match file globs. Later entries win; a setting here beats the rule's own for a finding that
//! matches.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gardefou_source::{Node, PathSeg};

use super::error::{ConfigError, Src};
use super::setting::RuleSetting;
use super::syntax::{read, FromNode, SettingValue, SyntaxError};

/// An `overrides` entry: rule settings for documents (and optionally pointers) matching globs.
#[derive(Clone)]
pub struct Override {
    files: Vec<Glob>,
    base: PathBuf,
    rules: BTreeMap<String, RuleSetting>,
}

/// One entry of `files`: `glob` or `glob#/json/pointer`.
#[derive(Clone)]
struct Glob {
    matcher: globset::GlobMatcher,
    pointer: Option<Vec<PathSeg>>,
}

impl FromNode<'_> for Glob {
    fn from_node(f: &Node) -> Result<Self, SyntaxError> {
        let s = f
            .as_str()
            .ok_or_else(|| SyntaxError::new(f.span, "a file glob must be a string"))?;
        let (glob, pointer) = match s.split_once('#') {
            Some((g, p)) => (g, Some(pointer_segments(p))),
            None => (s, None),
        };
        let matcher = globset::GlobBuilder::new(glob.trim_start_matches("./"))
            .literal_separator(false)
            .build()
            .map_err(|e| SyntaxError::new(f.span, format!("bad glob `{glob}`: {e}")))?
            .compile_matcher();
        Ok(Glob { matcher, pointer })
    }
}

/// The segments of a `#/pointer` (escapes undone; a bad escape is taken as written).
fn pointer_segments(p: &str) -> Vec<PathSeg> {
    p.trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            PathSeg::Key(
                gardefou_source::unescape_pointer_token(s)
                    .map(|c| c.into_owned())
                    .unwrap_or_else(|| s.to_string()),
            )
        })
        .collect()
}

impl Override {
    /// Whether this override is about a finding at `path` of `doc` (`rel`: `doc` relative to
    /// the ruleset's folder).
    fn matches(&self, doc: &Path, rel: &Path, path: &[PathSeg]) -> bool {
        self.files.iter().any(|g| {
            (g.matcher.is_match(rel) || g.matcher.is_match(doc))
                && g.pointer.as_ref().is_none_or(|p| path.starts_with(p))
        })
    }
}

impl super::config::Config {
    /// The setting of a rule for a finding at `path` of the document `doc` (overrides applied).
    pub fn setting_for(&self, id: &str, doc: &Path, path: &[PathSeg]) -> RuleSetting {
        let mut setting = self.setting(id);
        for o in &self.overrides {
            let Some(s) = o.rules.get(id) else { continue };
            let abs = std::fs::canonicalize(doc).unwrap_or_else(|_| doc.to_path_buf());
            let rel = abs.strip_prefix(&o.base).unwrap_or(&abs);
            if o.matches(doc, rel, path) {
                setting = *s;
            }
        }
        setting
    }

    /// Reads one `overrides` entry of a ruleset in folder `base`; its rules must be known by now.
    pub(super) fn override_of(
        &self,
        o: &Node,
        base: &Path,
        src: &Src<'_>,
    ) -> Result<Override, ConfigError> {
        let files = o
            .get("files")
            .and_then(Node::as_array)
            .ok_or_else(|| src.err(Some(o.span), "an override needs `files`, a list of globs"))?;
        let files = files
            .iter()
            .map(|f| Glob::from_node(f).map_err(|e| src.syntax(e)))
            .collect::<Result<_, _>>()?;
        let mut rules = BTreeMap::new();
        if let Some(r) = o.get("rules").and_then(Node::as_object) {
            for m in r {
                let Some(ids) = self.resolve(&m.key) else {
                    return Err(src.err(
                        Some(m.key_span),
                        format!("unknown rule `{}` in an override", m.key),
                    ));
                };
                let value = read::<SettingValue>(&m.value).map_err(|e| src.syntax(e))?;
                for id in ids {
                    let default = self.rules[&id].rule.default_severity();
                    rules.insert(id, value.value.or(default));
                }
            }
        }
        Ok(Override {
            files,
            base: base.to_path_buf(),
            rules,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::ruleset::config::Config;
    use crate::ruleset::syntax::tests::yaml;

    /// `spectral:oas` with the overrides of `text` read against folder `base`.
    fn with_overrides(text: &str, base: &Path) -> Result<Config, String> {
        let mut c = Config::builtin("spectral:oas").unwrap();
        let src = Src::new("r.yaml", text, false);
        let root = yaml(text);
        for o in root.as_array().unwrap() {
            let o = c.override_of(o, base, &src).map_err(|e| e.line())?;
            c.overrides.push(o);
        }
        Ok(c)
    }

    fn key(k: &str) -> PathSeg {
        PathSeg::Key(k.into())
    }

    #[test]
    fn globs_match_relative_to_the_ruleset_and_the_last_match_wins() {
        let base = Path::new("/nonexistent/rules");
        let c = with_overrides(
            "- files: ['apis/**/*.yaml']\n  rules: {operation-tags: error}\n- files: ['./apis/legacy/*.yaml']\n  rules: {operation-tags: off}\n",
            base,
        )
        .unwrap();
        let rule = |doc: &str| c.setting_for("operation-tags", Path::new(doc), &[]);
        assert_eq!(
            rule("/nonexistent/rules/apis/new/a.yaml"),
            RuleSetting::On(Severity::Error)
        );
        assert_eq!(
            rule("/nonexistent/rules/apis/legacy/a.yaml"),
            RuleSetting::Off
        );
        // Matched as given when outside the ruleset's folder.
        assert_eq!(rule("apis/v1/a.yaml"), RuleSetting::On(Severity::Error));
        assert_eq!(rule("/elsewhere/b.yaml"), c.setting("operation-tags"));
        assert!(c.has_overrides());
        // Rules an override does not mention keep their setting.
        assert_eq!(
            c.setting_for(
                "info-contact",
                Path::new("/nonexistent/rules/apis/legacy/a.yaml"),
                &[]
            ),
            c.setting("info-contact")
        );
    }

    #[test]
    fn a_pointer_limits_an_override_to_a_subtree() {
        let c = with_overrides(
            "- files: ['*.yaml#/paths/~1pets']\n  rules: {operation-tags: true}\n",
            Path::new("/nonexistent"),
        )
        .unwrap();
        let default = crate::rules::find_rule("operation-tags")
            .unwrap()
            .meta()
            .severity;
        let at = |path: &[PathSeg]| {
            c.setting_for("operation-tags", Path::new("/nonexistent/api.yaml"), path)
        };
        assert_eq!(
            at(&[key("paths"), key("/pets"), key("get")]),
            RuleSetting::On(default)
        );
        assert_eq!(
            at(&[key("paths"), key("/users")]),
            c.setting("operation-tags")
        );
        assert_eq!(at(&[]), c.setting("operation-tags"));
    }

    #[test]
    fn malformed_overrides_are_reported_where_they_are() {
        let err = |text: &str| with_overrides(text, Path::new(".")).err().unwrap();
        assert_eq!(
            err("- rules: {}\n"),
            "r.yaml:1:3: an override needs `files`, a list of globs"
        );
        assert_eq!(
            err("- files: [3]\n"),
            "r.yaml:1:11: a file glob must be a string"
        );
        assert!(err("- files: ['a[.yaml']\n").starts_with("r.yaml:1:11: bad glob `a[.yaml`:"));
        assert_eq!(
            err("- files: ['*']\n  rules:\n    operation-tagz: off\n"),
            "r.yaml:3:5: unknown rule `operation-tagz` in an override"
        );
        assert_eq!(
            err("- files: ['*']\n  rules:\n    operation-tags: {severity: off}\n"),
            "r.yaml:3:21: expected a severity (error, warn, info, hint, off, 0-3), true or false"
        );
    }

    #[test]
    fn pointer_escapes_are_undone() {
        assert_eq!(
            pointer_segments("/paths/~1a~0b//x"),
            [key("paths"), key("/a~b"), key("x")]
        );
        assert_eq!(pointer_segments(""), Vec::<PathSeg>::new());
    }
}
