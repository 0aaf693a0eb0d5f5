//! Rulesets in Spectral's format: which rules run, at what severity.
//!
//! Supported now: `extends` (built-in names and relative files, strings or `[name, mode]`
//! tuples) and `rules` entries that adjust a known rule (a severity, `true`, `false`).
//! Keys of Spectral's format that are not supported yet are errors that name the key and its
//! position, never silently ignored.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use gardefou_source::{parse, Limits, Node, Span, Syntax, Value};

use crate::finding::Severity;
use crate::rules::{all_rules, find_rule};

/// Whether a rule runs, and at what severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    On(Severity),
}

/// The effective rule settings of a run.
#[derive(Clone, Debug)]
pub struct Config {
    rules: BTreeMap<&'static str, RuleSetting>,
    /// The ruleset file this came from, if any.
    pub source: Option<PathBuf>,
}

/// A ruleset that cannot be used, with where the problem is.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    /// 1-based line and column.
    pub position: Option<(u32, u32)>,
    pub message: String,
}

/// How much of an extended ruleset to take (Spectral's `[name, mode]`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Recommended,
    All,
    Off,
}

const BUILTIN: &[&str] = &["spectral:oas", "gardefou:recommended", "gardefou:core"];

impl Config {
    /// `gardefou:recommended`: used when no ruleset is found.
    pub fn recommended() -> Config {
        let mut c = Config::core();
        c.apply_builtin("gardefou:recommended", Mode::Recommended);
        c
    }

    /// Only the rules every run has (`gardefou:core`).
    fn core() -> Config {
        let mut rules = BTreeMap::new();
        for r in all_rules() {
            let m = r.meta();
            if m.ruleset == "gardefou:core" {
                rules.insert(m.id, RuleSetting::On(m.severity));
            }
        }
        Config {
            rules,
            source: None,
        }
    }

    /// The setting of a rule; rules not mentioned are off.
    pub fn setting(&self, id: &str) -> RuleSetting {
        self.rules.get(id).copied().unwrap_or(RuleSetting::Off)
    }

    /// Loads a ruleset file (YAML or JSON, Spectral's format).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let mut c = Config::core();
        let mut seen = HashSet::new();
        c.load_file(path, &mut seen)?;
        c.source = Some(path.to_path_buf());
        Ok(c)
    }

    fn apply_builtin(&mut self, name: &str, mode: Mode) {
        let members: Vec<&'static dyn crate::Rule> = all_rules()
            .iter()
            .copied()
            .filter(|r| match name {
                "gardefou:recommended" => {
                    r.meta().ruleset == "spectral:oas" || r.meta().ruleset == "gardefou:core"
                }
                other => r.meta().ruleset == other,
            })
            .collect();
        for r in members {
            let m = r.meta();
            let setting = match mode {
                Mode::Off => RuleSetting::Off,
                Mode::All => RuleSetting::On(m.severity),
                Mode::Recommended if m.recommended => RuleSetting::On(m.severity),
                Mode::Recommended => RuleSetting::Off,
            };
            self.rules.insert(m.id, setting);
        }
    }

    fn load_file(&mut self, path: &Path, seen: &mut HashSet<PathBuf>) -> Result<(), ConfigError> {
        let name = path.display().to_string();
        let err = |position: Option<(u32, u32)>, message: String| ConfigError {
            file: name.clone(),
            position,
            message,
        };
        let abs = std::fs::canonicalize(path)
            .map_err(|e| err(None, format!("cannot read the ruleset: {e}")))?;
        if !seen.insert(abs.clone()) {
            return Err(err(
                None,
                "the ruleset extends itself (a cycle of `extends`)".into(),
            ));
        }
        let text = std::fs::read_to_string(&abs)
            .map_err(|e| err(None, format!("cannot read the ruleset: {e}")))?;
        let lines = gardefou_source::LineIndex::new(&text);
        let pos = |span: Span| {
            let p = lines.position(&text, span.start);
            Some((p.line, p.column))
        };
        let parsed = parse(&text, Syntax::guess(&name, &text), &Limits::default());
        if let Some(issue) = parsed.issues.iter().find(|i| i.kind.is_fatal()) {
            return Err(err(
                pos(issue.span),
                format!("the ruleset is not valid YAML/JSON: {}", issue.message),
            ));
        }
        let Some(root) = parsed.root else {
            return Err(err(None, "the ruleset is empty".into()));
        };
        let Some(members) = root.as_object() else {
            return Err(err(
                pos(root.span),
                "a ruleset must be an object with `extends` and/or `rules`".into(),
            ));
        };
        let base = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(ext) = root.get("extends") {
            for (target, mode, span) in
                extends_entries(ext).map_err(|(span, m)| err(pos(span), m))?
            {
                if BUILTIN.contains(&target.as_str()) {
                    self.apply_builtin(&target, mode);
                } else if target.starts_with("spectral:") || target.starts_with("gardefou:") {
                    return Err(err(
                        pos(span),
                        format!(
                            "unknown built-in ruleset `{target}` (known: {})",
                            BUILTIN.join(", ")
                        ),
                    ));
                } else if target.starts_with("http://") || target.starts_with("https://") {
                    return Err(err(pos(span), format!("`{target}`: rulesets are not fetched from the network; download it and extend the local file")));
                } else {
                    let file = base.join(&target);
                    if !file.exists() {
                        return Err(err(
                            pos(span),
                            format!(
                                "extended ruleset `{target}` not found (looked for {})",
                                file.display()
                            ),
                        ));
                    }
                    let mut sub = Config::core();
                    sub.load_file(&file, seen)?;
                    for (id, setting) in sub.rules {
                        let setting = match (mode, setting) {
                            (Mode::Off, _) => RuleSetting::Off,
                            (_, s) => s,
                        };
                        self.rules.insert(id, setting);
                    }
                }
            }
        }
        for m in members {
            match m.key.as_str() {
                "extends" | "description" | "documentationUrl" | "formats" | "x-gardefou-category" => {}
                "rules" => self.apply_rules(&m.value).map_err(|(span, msg)| err(pos(span), msg))?,
                "aliases" | "overrides" | "functions" | "functionsDir" | "parserOptions" => {
                    return Err(err(pos(m.key_span), format!("`{}` is not supported yet by gardefou", m.key)))
                }
                other => return Err(err(pos(m.key_span), format!("unknown ruleset key `{other}` (expected extends, rules, aliases, overrides, functions, functionsDir, formats, parserOptions, documentationUrl, description)"))),
            }
        }
        seen.remove(&abs);
        Ok(())
    }

    fn apply_rules(&mut self, rules: &Node) -> Result<(), (Span, String)> {
        let Some(members) = rules.as_object() else {
            return Err((rules.span, "`rules` must be an object of rule names".into()));
        };
        for m in members {
            let Some(rule) = find_rule(&m.key) else {
                return Err((m.key_span, format!("unknown rule `{}`: no built-in rule has this name and the entry does not define one", m.key)));
            };
            let meta = rule.meta();
            let setting = match &m.value.value {
                Value::Bool(true) => RuleSetting::On(meta.severity),
                Value::Bool(false) => RuleSetting::Off,
                Value::String(s) if s == "off" => RuleSetting::Off,
                Value::String(s) => RuleSetting::On(Severity::parse(s).ok_or_else(|| (m.value.span, format!("`{s}` is not a severity (error, warn, info, hint, off)")))?),
                Value::Number(n) if (0.0..=3.0).contains(&n.as_f64()) && n.as_f64().fract() == 0.0 => {
                    RuleSetting::On(Severity::parse(&(n.as_f64() as u8).to_string()).expect("0-3"))
                }
                Value::Object(_) => {
                    return Err((m.value.span, format!("rule `{}`: redefining a built-in rule is not supported yet; give a severity, true or false", m.key)))
                }
                _ => return Err((m.value.span, format!("rule `{}`: expected a severity, true or false", m.key))),
            };
            self.rules.insert(meta.id, setting);
        }
        Ok(())
    }
}

type Extends = Vec<(String, Mode, Span)>;

fn extends_entries(ext: &Node) -> Result<Extends, (Span, String)> {
    let one = |n: &Node| -> Result<(String, Mode, Span), (Span, String)> {
        match &n.value {
            Value::String(s) => Ok((s.clone(), Mode::Recommended, n.span)),
            Value::Array(pair) if pair.len() == 2 => {
                let name = pair[0]
                    .as_str()
                    .ok_or((pair[0].span, "expected a ruleset name".to_string()))?;
                let mode = match pair[1].as_str() {
                    Some("recommended") => Mode::Recommended,
                    Some("all") => Mode::All,
                    Some("off") => Mode::Off,
                    _ => {
                        return Err((
                            pair[1].span,
                            "expected `recommended`, `all` or `off`".into(),
                        ))
                    }
                };
                Ok((name.to_string(), mode, pair[0].span))
            }
            _ => Err((
                n.span,
                "expected a ruleset name or a [name, recommended|all|off] pair".into(),
            )),
        }
    };
    match &ext.value {
        Value::String(_) => Ok(vec![one(ext)?]),
        Value::Array(items) => {
            // `[name, mode]` at the top level is one tuple, not two names.
            if items.len() == 2
                && matches!(items[1].as_str(), Some("recommended" | "all" | "off"))
                && items[0].as_str().is_some()
            {
                return Ok(vec![one(ext)?]);
            }
            items.iter().map(one).collect()
        }
        _ => Err((
            ext.span,
            "`extends` must be a ruleset name or a list of them".into(),
        )),
    }
}
