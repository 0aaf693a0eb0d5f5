//! Rulesets in Spectral's format: which rules run, how, and at what severity.
//!
//! Every key of the format is read: `extends` (built-in names, relative files, packages under
//! `node_modules/`, `[name, recommended|all|off]` tuples), `rules` (full definitions, or a
//! severity / `true` / `false` for an inherited rule), `aliases` (plain and scoped with
//! `targets`), `formats`, `overrides` (file globs with an optional `#/pointer`; the last match
//! wins), `functions`/`functionsDir`, `parserOptions`, `documentationUrl`, `description`.
//! Problems are errors that point into the ruleset file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use gardefou_model::SpecVersion;
use gardefou_source::{parse, Limits, LineIndex, Node, PathSeg, Span, Syntax, Value};

use crate::declarative::{DeclRule, Field, Format, Then, VERSIONS};
use crate::finding::{Category, Severity};
use crate::jsonpath::parse_path;
use crate::rule::Rule;
use crate::rules::all_rules;

/// Whether a rule runs, and at what severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    /// Not run.
    Off,
    /// Run, its findings at this severity.
    On(Severity),
}

/// A rule as the engine runs it.
#[derive(Clone)]
pub enum RuleRef {
    /// A rule written in Rust.
    Native(&'static dyn Rule),
    /// A rule in Spectral's format (built-in or from a ruleset).
    Declarative(Arc<DeclRule>),
}

impl RuleRef {
    /// The scorecard category its findings feed.
    pub fn category(&self) -> Category {
        match self {
            RuleRef::Native(r) => r.meta().category,
            RuleRef::Declarative(d) => d.category,
        }
    }

    fn default_severity(&self) -> Severity {
        match self {
            RuleRef::Native(r) => r.meta().severity,
            RuleRef::Declarative(d) => d.severity,
        }
    }

    fn recommended(&self) -> bool {
        match self {
            RuleRef::Native(r) => r.meta().recommended,
            RuleRef::Declarative(d) => d.recommended,
        }
    }
}

/// A rule of a configuration: the rule, whether and how it runs, and its options.
#[derive(Clone)]
pub struct ActiveRule {
    /// Whether it runs, and at what severity.
    pub setting: RuleSetting,
    /// The rule.
    pub rule: RuleRef,
    /// The rule's options from the ruleset (`rules: {id: {options: {…}}}`), `null` when none.
    pub options: serde_json::Value,
    /// The options parsed by the rule ([`Rule::configure`]) when the ruleset gave some; `None`:
    /// the rule's defaults.
    pub configured: Option<crate::rule::RuleOptions>,
    /// Formats set on an inherited rule by a JavaScript ruleset that changed it in place; `None`:
    /// the rule's own.
    pub formats: Option<Vec<Format>>,
}

impl ActiveRule {
    /// A rule defined in a ruleset: on at its severity when `on` (and not `severity: off`).
    fn defined(rule: ParsedRule, on: bool) -> ActiveRule {
        let setting = if rule.severity_off || !on {
            RuleSetting::Off
        } else {
            RuleSetting::On(rule.severity)
        };
        ActiveRule {
            setting,
            rule: RuleRef::Declarative(Arc::new(rule.rule)),
            options: serde_json::Value::Null,
            configured: None,
            formats: None,
        }
    }

    /// Whether the rule runs on a document of this version (its formats, or those set here).
    pub fn applies_to(&self, version: Option<SpecVersion>) -> bool {
        match &self.formats {
            Some(formats) => version.is_some_and(|v| formats.iter().any(|f| f.matches(v))),
            None => match &self.rule {
                RuleRef::Native(r) => match r.meta().formats_parsed() {
                    None => true,
                    Some(formats) => version.is_some_and(|v| formats.iter().any(|f| f.matches(v))),
                },
                RuleRef::Declarative(d) => d.applies_to(version),
            },
        }
    }
}

/// An `overrides` entry: rule settings for documents (and optionally pointers) matching globs.
#[derive(Clone)]
pub struct Override {
    files: Vec<(globset::GlobMatcher, Option<Vec<PathSeg>>)>,
    base: PathBuf,
    rules: BTreeMap<String, RuleSetting>,
}

/// The effective rules of a run.
#[derive(Clone)]
pub struct Config {
    rules: BTreeMap<String, ActiveRule>,
    overrides: Vec<Override>,
    /// The ruleset file this came from, if any.
    pub source: Option<PathBuf>,
    /// The top ruleset file's `scorecard:` section, as JSON, when it has one.
    pub scorecard: Option<serde_json::Value>,
    /// Per-call limits of ruleset JavaScript functions.
    pub js_limits: crate::functions::js::JsLimits,
    /// Which load of a ruleset file this is (0 for built-in configurations): sandboxes that ran
    /// its JavaScript are reused only for the same load.
    pub js_generation: u64,
    /// Fetches `extends: https://…` rulesets; `None` (the default): they are refused.
    remote: Option<Arc<dyn gardefou_document::Fetch>>,
    /// Set while reading a remote ruleset: the URL its relative `extends` resolve against.
    remote_base: Option<String>,
    /// How its rules run, built by the engine on the first run.
    pub(crate) dispatch: crate::engine::DispatchCell,
}

/// A ruleset file's JavaScript functions: the names it lists and where they live.
#[derive(Default)]
struct JsFunctions {
    names: Vec<String>,
    /// `functionsDir` (default `functions/`) beside the ruleset, canonical.
    dir: PathBuf,
    /// The ruleset's folder (for a JavaScript module, its project), canonical: imports may not
    /// leave it.
    root: PathBuf,
    /// The JavaScript module the ruleset is, whose `then`s hold its functions.
    module: Option<PathBuf>,
}

/// A ruleset that is a JavaScript module.
struct JsModule {
    /// The module file, canonical.
    file: PathBuf,
    /// Its project (where its imports resolve), canonical.
    root: PathBuf,
}

/// What an `extends` entry names.
enum Extended<'n> {
    /// A built-in name, a file or a package.
    Named(String),
    /// A built-in ruleset object of a JavaScript module, with the rules its code changed.
    Builtin(String, Option<&'n Node>),
    /// A ruleset object of a JavaScript module.
    Inline(&'n Node),
}

/// A ruleset that cannot be used, with where the problem is. Displayed as
/// `file:line:column: message`, one line per problem ([`ConfigError::all`]).
#[derive(Debug)]
pub struct ConfigError {
    /// The ruleset file (or URL, or JavaScript module) the problem is in.
    pub file: String,
    /// 1-based line and column.
    pub position: Option<(u32, u32)>,
    /// What is wrong, and what would be right.
    pub message: String,
    /// Further problems found in the same pass (every entry of `rules` is checked), in order.
    pub more: Vec<ConfigError>,
}

/// The problems of one ruleset, gathered so that all of them are reported at once.
#[derive(Default)]
struct Problems(Vec<ConfigError>);

impl Problems {
    /// The value, or `None` with its problem (and the further ones it carries) kept.
    fn take<T>(&mut self, r: Result<T, ConfigError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(mut e) => {
                let more = std::mem::take(&mut e.more);
                self.0.push(e);
                self.0.extend(more);
                None
            }
        }
    }

    fn push(&mut self, e: ConfigError) {
        self.take::<()>(Err(e));
    }

    /// The first problem carrying the others, in order.
    fn finish(self) -> Result<(), ConfigError> {
        let mut all = self.0.into_iter();
        match all.next() {
            None => Ok(()),
            Some(mut first) => {
                first.more.extend(all);
                Err(first)
            }
        }
    }
}

impl ConfigError {
    /// This problem and the further ones, in order.
    pub fn all(&self) -> impl Iterator<Item = &ConfigError> {
        std::iter::once(self).chain(self.more.iter())
    }

    /// This problem alone, as `file:line:column: message`.
    pub fn line(&self) -> String {
        let at = self
            .position
            .map(|(l, c)| format!(":{l}:{c}"))
            .unwrap_or_default();
        format!("{}{at}: {}", self.file, self.message)
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.all().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&e.line())?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Recommended,
    All,
    Off,
}

/// The names of the built-in rulesets, for `extends` and `-r`.
pub const BUILTIN_RULESETS: &[&str] = &[
    "spectral:oas",
    "gardefou:core",
    "gardefou:naming",
    "gardefou:security",
    "gardefou:versioning",
    "gardefou:documentation",
    "gardefou:recommended",
];

/// Spectral's rulesets for other kinds of documents: accepted in `extends`, their rules known
/// by name, never run on an OpenAPI document.
pub const OTHER_BUILTIN_RULESETS: &[&str] = &["spectral:asyncapi", "spectral:arazzo"];

/// The aliases `spectral:oas` defines.
const SPECTRAL_OAS_ALIASES: &str = r##"
PathItem: ["$.paths[*]"]
OperationObject: ["#PathItem[get,put,post,delete,options,head,patch,trace]"]
SecurityRequirementObject: ["$.security[*]", "#OperationObject.security[*]"]
ResponseObject:
  targets:
    - formats: [oas2]
      given: ["#OperationObject.responses[*]", "$.responses[*]"]
    - formats: [oas3]
      given: ["#OperationObject.responses[*]", "$.components.responses[*]"]
LinkObject:
  targets:
    - formats: [oas3]
      given: ["$.components.links[*]", "#ResponseObject.links[*]"]
ArrayProperties:
  targets:
    - formats: [oas2, oas3_0]
      given: ['$..[?(@ && @.type=="array")]']
    - formats: [oas3_1, oas3_2]
      given: ['$..[?(@ && @.type=="array")]', '$..[?(@ && @.type && @.type.constructor.name === "Array" && @.type.includes("array"))]']
"##;

/// An alias: plain paths, or paths per format.
#[derive(Clone, Debug)]
enum Alias {
    Plain(Vec<String>),
    Scoped(Vec<(Vec<Format>, Vec<String>)>),
}

type Aliases = HashMap<String, Alias>;

/// Where a ruleset text comes from, for positions in errors.
struct Src<'t> {
    name: String,
    text: &'t str,
    lines: LineIndex,
    /// The text is gardefou's JSON form of a JavaScript ruleset module: positions in it mean
    /// nothing to the user, so errors name the module only.
    synthetic: bool,
}

impl Src<'_> {
    fn err(&self, span: Option<Span>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.name.clone(),
            position: span.filter(|_| !self.synthetic).map(|s| {
                let p = self.lines.position(self.text, s.start);
                (p.line, p.column)
            }),
            message: message.into(),
            more: Vec::new(),
        }
    }
}

/// The aliases of `spectral:oas`.
fn builtin_aliases() -> &'static Aliases {
    static ALIASES: OnceLock<Aliases> = OnceLock::new();
    ALIASES.get_or_init(|| {
        aliases_of(
            &parse(SPECTRAL_OAS_ALIASES, Syntax::Yaml, &Limits::default())
                .root
                .expect("aliases parse"),
        )
        .expect("built-in aliases are valid")
    })
}

fn builtin_declarative() -> &'static HashMap<&'static str, Arc<DeclRule>> {
    static RULES: OnceLock<HashMap<&'static str, Arc<DeclRule>>> = OnceLock::new();
    RULES.get_or_init(|| {
        let aliases = builtin_aliases();
        let mut out = HashMap::new();
        for r in all_rules() {
            let Some(def) = r.definition() else { continue };
            let src = Src {
                name: format!("built-in rule {}", r.meta().id),
                text: def,
                lines: LineIndex::new(def),
                synthetic: false,
            };
            let parsed = parse(def, Syntax::Yaml, &Limits::default());
            let node = parsed.root.unwrap_or_else(|| {
                panic!(
                    "built-in rule {} does not parse: {:?}",
                    r.meta().id,
                    parsed.issues
                )
            });
            let meta = r.meta();
            let rule = parse_rule(
                meta.id,
                &node,
                aliases,
                &JsFunctions::default(),
                &src,
                meta.ruleset,
                &Default::default(),
                meta.formats_parsed(),
                meta.category,
            )
            .unwrap_or_else(|e| panic!("built-in rule {} is invalid: {e}", meta.id));
            out.insert(meta.id, Arc::new(rule.rule));
        }
        out
    })
}

fn rule_ref(r: &'static dyn Rule) -> RuleRef {
    match builtin_declarative().get(r.meta().id) {
        Some(d) => RuleRef::Declarative(d.clone()),
        None => RuleRef::Native(r),
    }
}

impl Config {
    /// `gardefou:recommended`: used when no ruleset is found.
    pub fn recommended() -> Config {
        let mut c = Config::core();
        c.apply_builtin("gardefou:recommended", Mode::Recommended);
        c
    }

    /// A built-in ruleset by name (`spectral:oas`, `gardefou:recommended` …), as
    /// `extends: [NAME]` would give it; `None` for an unknown name.
    pub fn builtin(name: &str) -> Option<Config> {
        if !BUILTIN_RULESETS.contains(&name) {
            return None;
        }
        let mut c = Config::core();
        c.apply_builtin(name, Mode::Recommended);
        Some(c)
    }

    /// Every built-in rule, at its default severity (for rule tests and the catalogue).
    pub fn all_builtin() -> Config {
        let mut c = Config::core();
        for name in BUILTIN_RULESETS {
            c.apply_builtin(name, Mode::All);
        }
        c
    }

    /// Only the rules every run has (`gardefou:core`).
    fn core() -> Config {
        let mut rules = BTreeMap::new();
        for r in all_rules() {
            let m = r.meta();
            if m.ruleset == "gardefou:core" {
                rules.insert(
                    m.id.to_string(),
                    ActiveRule {
                        setting: RuleSetting::On(m.severity),
                        rule: rule_ref(*r),
                        options: serde_json::Value::Null,
                        configured: None,
                        formats: None,
                    },
                );
            }
        }
        Config {
            rules,
            overrides: Vec::new(),
            source: None,
            scorecard: None,
            js_limits: Default::default(),
            js_generation: 0,
            remote: None,
            remote_base: None,
            dispatch: Default::default(),
        }
    }

    /// What the catalogue says about a rule of this configuration: summary, longer text,
    /// documentation URL, category and default severity.
    pub fn describe(
        &self,
        id: &str,
    ) -> (String, Option<String>, Option<String>, Category, Severity) {
        if let Some(r) = crate::rules::find_rule(id) {
            let m = r.meta();
            return (
                m.summary.to_string(),
                Some(format!("{} {}", m.docs.what, m.docs.fix)),
                None,
                m.category,
                m.severity,
            );
        }
        match self.rules.get(id).map(|a| &a.rule) {
            Some(RuleRef::Declarative(d)) => (
                d.description
                    .clone()
                    .or_else(|| d.message.clone())
                    .unwrap_or_else(|| format!("Rule {id}")),
                d.description.clone(),
                d.documentation_url.clone(),
                d.category,
                d.severity,
            ),
            Some(RuleRef::Native(r)) => (
                r.meta().summary.to_string(),
                None,
                None,
                r.meta().category,
                r.meta().severity,
            ),
            None => (
                format!("Rule {id}"),
                None,
                None,
                Category::Design,
                Severity::Warn,
            ),
        }
    }

    /// The active rules, by id.
    pub fn rules(&self) -> impl Iterator<Item = (&str, &ActiveRule)> {
        self.rules.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The setting of a rule; rules not mentioned are off.
    pub fn setting(&self, id: &str) -> RuleSetting {
        self.rules
            .get(id)
            .map(|a| a.setting)
            .unwrap_or(RuleSetting::Off)
    }

    /// The setting of a rule for a finding at `path` of the document `doc` (overrides applied).
    pub fn setting_for(&self, id: &str, doc: &Path, path: &[PathSeg]) -> RuleSetting {
        let mut setting = self.setting(id);
        for o in &self.overrides {
            let Some(s) = o.rules.get(id) else { continue };
            let rel_doc = std::fs::canonicalize(doc).unwrap_or_else(|_| doc.to_path_buf());
            let rel = rel_doc.strip_prefix(&o.base).unwrap_or(&rel_doc);
            let hit = o.files.iter().any(|(g, pointer)| {
                (g.is_match(rel) || g.is_match(doc))
                    && pointer.as_ref().is_none_or(|p| path.starts_with(p))
            });
            if hit {
                setting = *s;
            }
        }
        setting
    }

    /// Whether any override mentions this rule (then settings are decided per finding).
    pub fn has_overrides(&self) -> bool {
        !self.overrides.is_empty()
    }

    /// Loads a ruleset file (YAML or JSON, Spectral's format).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::load_with_limits(path, Default::default())
    }

    /// Loads a ruleset whose JavaScript functions run under these per-call limits.
    pub fn load_with_limits(
        path: &Path,
        limits: crate::functions::js::JsLimits,
    ) -> Result<Config, ConfigError> {
        Config::load_with(path, limits, None)
    }

    /// Loads a ruleset; `remote` fetches the rulesets it extends by URL (`https://…`), which
    /// are refused without it. Remote rulesets are YAML or JSON without JavaScript functions.
    pub fn load_with(
        path: &Path,
        limits: crate::functions::js::JsLimits,
        remote: Option<Arc<dyn gardefou_document::Fetch>>,
    ) -> Result<Config, ConfigError> {
        let mut c = Config::core();
        c.js_limits = limits;
        c.remote = remote;
        static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        c.js_generation = GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut seen = HashSet::new();
        c.load_file(path, &mut seen, &HashMap::new())?;
        c.source = Some(path.to_path_buf());
        Ok(c)
    }

    fn apply_builtin(&mut self, name: &str, mode: Mode) {
        if OTHER_BUILTIN_RULESETS.contains(&name) {
            self.apply_other_builtin(name, mode);
            return;
        }
        for r in all_rules() {
            let m = r.meta();
            let member = match name {
                // The recommended rules of every built-in ruleset.
                "gardefou:recommended" => true,
                other => m.ruleset == other,
            };
            if !member {
                continue;
            }
            let setting = match mode {
                Mode::Off => RuleSetting::Off,
                Mode::All => RuleSetting::On(m.severity),
                Mode::Recommended if m.recommended => RuleSetting::On(m.severity),
                Mode::Recommended => RuleSetting::Off,
            };
            self.rules.insert(
                m.id.to_string(),
                ActiveRule {
                    setting,
                    rule: rule_ref(*r),
                    options: serde_json::Value::Null,
                    configured: None,
                    formats: None,
                },
            );
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
                let severity = r.meta().severity;
                let setting = match mode {
                    Mode::Off => RuleSetting::Off,
                    Mode::All => RuleSetting::On(severity),
                    Mode::Recommended if alias.recommended => RuleSetting::On(severity),
                    Mode::Recommended => RuleSetting::Off,
                };
                self.rules.insert(
                    target.to_string(),
                    ActiveRule {
                        setting,
                        rule: rule_ref(r),
                        options: serde_json::Value::Null,
                        configured: None,
                        formats: None,
                    },
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
            let setting = match mode {
                Mode::Off => RuleSetting::Off,
                Mode::All => RuleSetting::On(severity),
                Mode::Recommended if recommended => RuleSetting::On(severity),
                Mode::Recommended => RuleSetting::Off,
            };
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
                ActiveRule {
                    setting,
                    rule: RuleRef::Declarative(Arc::new(rule)),
                    options: serde_json::Value::Null,
                    configured: None,
                    formats: None,
                },
            );
        }
    }

    /// The ids a rule entry of a ruleset sets: the rule itself, or the rules an alias names
    /// now (those of them the configuration has). `None` when it names no rule.
    fn resolve(&self, id: &str) -> Option<Vec<String>> {
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

    fn load_file(
        &mut self,
        path: &Path,
        seen: &mut HashSet<PathBuf>,
        inherited_aliases: &Aliases,
    ) -> Result<(), ConfigError> {
        let name = path.display().to_string();
        let plain = |message: String| ConfigError {
            file: name.clone(),
            position: None,
            message,
            more: Vec::new(),
        };
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
        let src = Src {
            name: name.clone(),
            text: &text,
            lines: LineIndex::new(&text),
            synthetic: module,
        };
        let syntax = if module {
            Syntax::Json
        } else {
            Syntax::guess(&name, &text)
        };
        let parsed = parse(&text, syntax, &Limits::default());
        if let Some(issue) = parsed.issues.iter().find(|i| i.kind.is_fatal()) {
            return Err(src.err(
                Some(issue.span),
                format!("the ruleset is not valid YAML/JSON: {}", issue.message),
            ));
        }
        let Some(root) = parsed.root else {
            return Err(plain("the ruleset is empty".into()));
        };
        let js = module.then(|| JsModule {
            file: abs.clone(),
            root: crate::js_ruleset::project_root(&abs),
        });
        let base = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        self.load_tree(&root, &src, &base, js.as_ref(), seen, inherited_aliases)?;
        seen.remove(&abs);
        Ok(())
    }

    /// Reads a ruleset fetched from `url` (YAML or JSON; JavaScript functions are not run from
    /// the network).
    fn load_text(
        &mut self,
        url: &str,
        text: &str,
        base: &Path,
        seen: &mut HashSet<PathBuf>,
    ) -> Result<(), ConfigError> {
        let src = Src {
            name: url.to_string(),
            text,
            lines: LineIndex::new(text),
            synthetic: false,
        };
        let parsed = parse(text, Syntax::guess(url, text), &Limits::default());
        if let Some(issue) = parsed.issues.iter().find(|i| i.kind.is_fatal()) {
            return Err(src.err(
                Some(issue.span),
                format!("the ruleset is not valid YAML/JSON: {}", issue.message),
            ));
        }
        let Some(root) = parsed.root else {
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
        self.load_tree(&root, &src, base, None, seen, &HashMap::new())
    }

    /// Reads one ruleset (a file's tree, or a ruleset object a JavaScript module extends).
    fn load_tree(
        &mut self,
        root: &Node,
        src: &Src<'_>,
        base: &Path,
        js: Option<&JsModule>,
        seen: &mut HashSet<PathBuf>,
        inherited_aliases: &Aliases,
    ) -> Result<(), ConfigError> {
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
            match m.key.as_str() {
                "extends" | "rules" | "aliases" | "overrides" | "functions" | "functionsDir" | "formats" | "parserOptions"
                | "documentationUrl" | "description" | "scorecard" => {}
                k if k.starts_with("x-") => {}
                other => problems.push(src.err(
                    Some(m.key_span),
                    format!("unknown ruleset key `{other}` (expected extends, rules, aliases, overrides, functions, functionsDir, formats, parserOptions, documentationUrl, description)"),
                )),
            }
        }
        let mut aliases = inherited_aliases.clone();
        if let Some(a) = root.get("aliases") {
            if let Some(a) =
                problems.take(aliases_of(a).map_err(|(span, m)| src.err(Some(span), m)))
            {
                aliases.extend(a);
            }
        }
        let formats = match root.get("formats") {
            Some(f) => problems.take(formats_of(f).map_err(|(span, m)| src.err(Some(span), m))),
            None => None,
        };
        let mut functions = JsFunctions {
            root: js.map_or_else(|| base.to_path_buf(), |m| m.root.clone()),
            module: js.map(|m| m.file.clone()),
            ..JsFunctions::default()
        };
        let dir_name =
            match root.get("functionsDir") {
                None => "functions",
                Some(d) => problems
                    .take(d.as_str().ok_or_else(|| {
                        src.err(Some(d.span), "`functionsDir` must be a folder name")
                    }))
                    .unwrap_or("functions"),
            };
        functions.dir = base.join(dir_name);
        if let Some(f) = root.get("functions") {
            let list = problems
                .take(f.as_array().ok_or_else(|| {
                    src.err(Some(f.span), "`functions` must be a list of function names")
                }))
                .unwrap_or_default();
            for item in list {
                let Some(name) =
                    problems.take(item.as_str().ok_or_else(|| {
                        src.err(Some(item.span), "a function name must be a string")
                    }))
                else {
                    continue;
                };
                let file = functions.dir.join(format!("{name}.js"));
                if !file.is_file() {
                    problems.push(src.err(
                        Some(item.span),
                        format!(
                            "function `{name}`: {} does not exist (functions load from `functionsDir`, default `functions/` beside the ruleset)",
                            file.display()
                        ),
                    ));
                    continue;
                }
                functions.names.push(name.to_string());
            }
            functions.dir = functions.dir.canonicalize().unwrap_or(functions.dir);
        }
        if let Some(ext) = root.get("extends") {
            let entries = problems
                .take(
                    match js {
                        Some(_) => js_extends_entries(ext),
                        None => extends_entries(ext),
                    }
                    .map_err(|(span, m)| src.err(Some(span), m)),
                )
                .unwrap_or_default();
            for (target, mode, span) in entries {
                match target {
                    Extended::Named(target) => {
                        problems.take(self.extend_named(&target, mode, span, base, src, seen));
                    }
                    Extended::Builtin(name, changed) => {
                        if !BUILTIN_RULESETS.contains(&name.as_str())
                            && !OTHER_BUILTIN_RULESETS.contains(&name.as_str())
                        {
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
                            problems
                                .take(self.apply_changed_builtin(changed, mode, &functions, src));
                        }
                    }
                    Extended::Inline(tree) => {
                        let mut sub = self.empty_like();
                        if problems
                            .take(sub.load_tree(tree, src, base, js, seen, &HashMap::new()))
                            .is_some()
                        {
                            self.merge(sub, mode);
                        }
                    }
                }
            }
        }
        if let Some(rules) = root.get("rules") {
            problems.take(self.apply_rules(rules, &aliases, formats.as_deref(), &functions, src));
        }
        if let Some(po) = root.get("parserOptions") {
            if let Some(d) = po.get("duplicateKeys") {
                let s = problems.take(d.as_str().and_then(setting_of).ok_or_else(|| {
                    src.err(
                        Some(d.span),
                        "`duplicateKeys` must be error, warn, info, hint or off",
                    )
                }));
                if let (Some(s), Some(a)) = (s, self.rules.get_mut("duplicate-key")) {
                    a.setting = s;
                }
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

    /// A configuration with nothing in it yet, under the same limits.
    fn empty_like(&self) -> Config {
        Config {
            rules: BTreeMap::new(),
            overrides: Vec::new(),
            source: None,
            scorecard: None,
            js_limits: self.js_limits.clone(),
            js_generation: self.js_generation,
            remote: self.remote.clone(),
            remote_base: None,
            dispatch: Default::default(),
        }
    }

    /// Takes in the rules of an extended ruleset, as `mode` says.
    fn merge(&mut self, sub: Config, mode: Mode) {
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

    /// `extends: NAME`: a built-in ruleset, a file beside the ruleset, or a package.
    fn extend_named(
        &mut self,
        target: &str,
        mode: Mode,
        span: Span,
        base: &Path,
        src: &Src<'_>,
        seen: &mut HashSet<PathBuf>,
    ) -> Result<(), ConfigError> {
        if BUILTIN_RULESETS.contains(&target) || OTHER_BUILTIN_RULESETS.contains(&target) {
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

    /// The rules of a built-in ruleset that a JavaScript ruleset changed in place (IBM's sets
    /// `oas.rules['no-$ref-siblings'].formats`): a rule with `given` and `then` is redefined; a
    /// rule gardefou implements natively keeps its implementation and takes the new
    /// `formats`, `severity` and `recommended`.
    fn apply_changed_builtin(
        &mut self,
        changed: &Node,
        mode: Mode,
        functions: &JsFunctions,
        src: &Src<'_>,
    ) -> Result<(), ConfigError> {
        let Some(members) = changed.as_object() else {
            return Ok(());
        };
        let aliases = builtin_aliases();
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
                let category = active.rule.category();
                let rule = parse_rule(
                    &m.key,
                    &m.value,
                    aliases,
                    functions,
                    src,
                    "spectral:oas",
                    &self.js_limits,
                    None,
                    category,
                )?;
                self.rules
                    .insert(m.key.clone(), ActiveRule::defined(rule, on));
                continue;
            }
            let formats = match m.value.get("formats") {
                Some(f) => Some(formats_of(f).map_err(|(span, msg)| src.err(Some(span), msg))?),
                None => None,
            };
            let severity = match m.value.get("severity") {
                Some(s) => Some(
                    setting_value(s, active.rule.default_severity())
                        .map_err(|msg| src.err(Some(s.span), format!("rule `{}`: {msg}", m.key)))?,
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

    fn override_of(&self, o: &Node, base: &Path, src: &Src<'_>) -> Result<Override, ConfigError> {
        let files = o
            .get("files")
            .and_then(Node::as_array)
            .ok_or_else(|| src.err(Some(o.span), "an override needs `files`, a list of globs"))?;
        let mut globs = Vec::new();
        for f in files {
            let s = f
                .as_str()
                .ok_or_else(|| src.err(Some(f.span), "a file glob must be a string"))?;
            let (glob, pointer) = match s.split_once('#') {
                Some((g, p)) => (g, Some(pointer_segments(p))),
                None => (s, None),
            };
            let matcher = globset::GlobBuilder::new(glob.trim_start_matches("./"))
                .literal_separator(false)
                .build()
                .map_err(|e| src.err(Some(f.span), format!("bad glob `{glob}`: {e}")))?
                .compile_matcher();
            globs.push((matcher, pointer));
        }
        let mut rules = BTreeMap::new();
        if let Some(r) = o.get("rules").and_then(Node::as_object) {
            for m in r {
                let Some(ids) = self.resolve(&m.key) else {
                    return Err(src.err(
                        Some(m.key_span),
                        format!("unknown rule `{}` in an override", m.key),
                    ));
                };
                for id in ids {
                    let default = self.rules[&id].rule.default_severity();
                    rules.insert(
                        id,
                        setting_value(&m.value, default)
                            .map_err(|msg| src.err(Some(m.value.span), msg))?,
                    );
                }
            }
        }
        Ok(Override {
            files: globs,
            base: base.to_path_buf(),
            rules,
        })
    }

    fn apply_rules(
        &mut self,
        rules: &Node,
        aliases: &Aliases,
        formats: Option<&[Format]>,
        functions: &JsFunctions,
        src: &Src<'_>,
    ) -> Result<(), ConfigError> {
        let Some(members) = rules.as_object() else {
            return Err(src.err(Some(rules.span), "`rules` must be an object of rule names"));
        };
        // Every entry is checked, so one run lists every problem of the `rules` section.
        let mut errors: Vec<ConfigError> = Vec::new();
        for m in members {
            if let Err(e) = self.apply_rule(m, aliases, formats, functions, src) {
                errors.push(e);
            }
        }
        let mut errors = errors.into_iter();
        match errors.next() {
            Some(mut first) => {
                first.more.extend(errors);
                Err(first)
            }
            None => Ok(()),
        }
    }

    /// Applies one entry of `rules`: a definition, or a setting of a rule already known.
    fn apply_rule(
        &mut self,
        m: &gardefou_source::Member,
        aliases: &Aliases,
        formats: Option<&[Format]>,
        functions: &JsFunctions,
        src: &Src<'_>,
    ) -> Result<(), ConfigError> {
        {
            if let Value::Object(_) = &m.value.value {
                if m.value.get("given").is_some() || m.value.get("then").is_some() {
                    let category = category_of(&m.value, &m.key);
                    let rule = parse_rule(
                        &m.key,
                        &m.value,
                        aliases,
                        functions,
                        src,
                        &src.name,
                        &self.js_limits,
                        formats.map(<[Format]>::to_vec),
                        category,
                    )?;
                    // `recommended: false` leaves the rule off, in the root ruleset too; an
                    // `extends: [[x, all]]` of this ruleset turns it on.
                    let on = rule.rule.recommended;
                    self.rules
                        .insert(m.key.clone(), ActiveRule::defined(rule, on));
                    return Ok(());
                }
            }
            let Some(ids) = self.resolve(&m.key) else {
                if let Some(alias) = crate::rules::aliases::find_alias(&m.key) {
                    return Err(src.err(
                        Some(m.key_span),
                        format!(
                            "rule `{}` is now `{}`, which none of the extended rulesets has",
                            m.key,
                            alias.targets.join("`, `")
                        ),
                    ));
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
                return Err(src.err(Some(m.key_span), format!("unknown rule `{}`{hint}: no rule of the extended rulesets has this name, and the entry does not define one", m.key)));
            };
            for id in ids {
                let active = self.rules.get_mut(&id).expect("resolved");
                let default = active.rule.default_severity();
                active.setting = match &m.value.value {
                    Value::Object(o) => {
                        // `{severity: x, options: {…}}` on an inherited rule.
                        for x in o {
                            if !matches!(x.key.as_str(), "severity" | "options") {
                                return Err(src.err(
                                Some(x.key_span),
                                format!("rule `{}`: `{}` cannot be changed on an inherited rule (only `severity` and `options`); a new definition needs `given` and `then`", m.key, x.key),
                            ));
                            }
                        }
                        if let Some(opts) = o.iter().find(|x| x.key == "options") {
                            if !opts.value.is_object() {
                                return Err(src.err(
                                    Some(opts.value.span),
                                    format!("rule `{}`: `options` must be an object", m.key),
                                ));
                            }
                            active.options = opts.value.to_json();
                            if let RuleRef::Native(rule) = &active.rule {
                                active.configured =
                                    rule.configure(&active.options).map_err(|e| {
                                        let at =
                                            opts.value.pointer(&e.pointer).unwrap_or(&opts.value);
                                        src.err(
                                            Some(at.span),
                                            format!("rule `{}`: options: {}", m.key, e.message),
                                        )
                                    })?;
                            }
                        }
                        match o.iter().find(|x| x.key == "severity") {
                            Some(sev) => setting_value(&sev.value, default)
                                .map_err(|msg| src.err(Some(sev.value.span), msg))?,
                            None => match active.setting {
                                RuleSetting::Off => RuleSetting::On(default),
                                on => on,
                            },
                        }
                    }
                    _ => setting_value(&m.value, default).map_err(|msg| {
                        src.err(Some(m.value.span), format!("rule `{}`: {msg}", m.key))
                    })?,
                };
            }
        }
        Ok(())
    }
}

fn setting_of(s: &str) -> Option<RuleSetting> {
    match s {
        "off" => Some(RuleSetting::Off),
        other => Severity::parse(other).map(RuleSetting::On),
    }
}

fn setting_value(v: &Node, default: Severity) -> Result<RuleSetting, String> {
    match &v.value {
        Value::Bool(true) => Ok(RuleSetting::On(default)),
        Value::Bool(false) => Ok(RuleSetting::Off),
        Value::String(s) => setting_of(s)
            .ok_or_else(|| format!("`{s}` is not a severity (error, warn, info, hint, off)")),
        Value::Number(n) if (0.0..=3.0).contains(&n.as_f64()) && n.as_f64().fract() == 0.0 => Ok(
            RuleSetting::On(Severity::parse(&(n.as_f64() as u8).to_string()).expect("0-3")),
        ),
        Value::Number(n) if n.as_f64() == -1.0 => Ok(RuleSetting::Off),
        _ => Err("expected a severity (error, warn, info, hint, off, 0-3), true or false".into()),
    }
}

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

/// The URL an `extends` entry names: an `http(s)://` URL, or a relative one inside a remote
/// ruleset (resolved against its URL).
fn remote_target(base: Option<&str>, target: &str) -> Option<String> {
    if target.starts_with("http://") || target.starts_with("https://") {
        return Some(target.to_string());
    }
    base.map(|b| gardefou_document::join_url(b, target))
}

/// Finds an extended ruleset: a path beside the ruleset, or a package under `node_modules/`.
fn resolve_extends(base: &Path, target: &str) -> Option<PathBuf> {
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
            let candidates = main.into_iter().chain(
                [
                    "ruleset.yaml",
                    "ruleset.yml",
                    "ruleset.json",
                    "index.yaml",
                    "index.yml",
                    "index.json",
                    ".spectral.yaml",
                    ".spectral.yml",
                ]
                .map(String::from),
            );
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

type Extends<'n> = Vec<(Extended<'n>, Mode, Span)>;

fn mode_of(s: Option<&str>) -> Option<Mode> {
    match s {
        Some("recommended") => Some(Mode::Recommended),
        Some("all") => Some(Mode::All),
        Some("off") => Some(Mode::Off),
        _ => None,
    }
}

/// `extends` of a JavaScript module's ruleset, in the JSON form `ruleset.js` writes.
fn js_extends_entries(ext: &Node) -> Result<Extends<'_>, (Span, String)> {
    let items = ext
        .as_array()
        .ok_or((ext.span, "`extends` must be a list".to_string()))?;
    items
        .iter()
        .map(|e| {
            let mode = match e.get("mode") {
                None => Mode::Recommended,
                Some(m) => mode_of(m.as_str())
                    .ok_or((m.span, "expected `recommended`, `all` or `off`".to_string()))?,
            };
            let target = if let Some(name) = e.get_str("builtin") {
                Extended::Builtin(name.to_string(), e.get("changed"))
            } else if let Some(tree) = e.get("inline") {
                Extended::Inline(tree)
            } else if let Some(name) = e.get_str("name") {
                Extended::Named(name.to_string())
            } else {
                return Err((e.span, "an `extends` entry must be a ruleset".to_string()));
            };
            Ok((target, mode, e.span))
        })
        .collect()
}

fn extends_entries(ext: &Node) -> Result<Extends<'_>, (Span, String)> {
    let one = |n: &Node| -> Result<(Extended<'_>, Mode, Span), (Span, String)> {
        match &n.value {
            Value::String(s) => Ok((Extended::Named(s.clone()), Mode::Recommended, n.span)),
            Value::Array(pair) if pair.len() == 2 => {
                let name = pair[0]
                    .as_str()
                    .ok_or((pair[0].span, "expected a ruleset name".to_string()))?;
                let mode = mode_of(pair[1].as_str()).ok_or((
                    pair[1].span,
                    "expected `recommended`, `all` or `off`".to_string(),
                ))?;
                Ok((Extended::Named(name.to_string()), mode, pair[0].span))
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

/// Spectral's formats of documents that are not OpenAPI: a rule limited to them never runs here.
const OTHER_FORMATS: &[&str] = &[
    "aas2",
    "aas3",
    "asyncApi2",
    "asyncapi2",
    "aas2_0",
    "aas2_1",
    "aas2_2",
    "aas2_3",
    "aas2_4",
    "aas2_5",
    "aas2_6",
    "aas3_0",
    "aas3_1",
    "jsonSchema",
    "jsonSchemaLoose",
    "jsonSchemaDraft4",
    "jsonSchemaDraft6",
    "jsonSchemaDraft7",
    "jsonSchemaDraft2019_09",
    "jsonSchemaDraft2020_12",
    "arazzo1_0",
];

fn formats_of(n: &Node) -> Result<Vec<Format>, (Span, String)> {
    let items = n
        .as_array()
        .ok_or((n.span, "`formats` must be a list".to_string()))?;
    let mut out = Vec::new();
    for f in items {
        let s = f.as_str().unwrap_or("");
        match Format::parse(s) {
            Some(format) => out.push(format),
            None if OTHER_FORMATS.contains(&s) => {}
            None => {
                return Err((
                    f.span,
                    format!("unknown format `{s}` (known: oas2, oas3, oas3_0, oas3_1, oas3_2, and Spectral's AsyncAPI, JSON Schema and Arazzo formats)"),
                ))
            }
        }
    }
    Ok(out)
}

fn strings_of(n: &Node) -> Result<Vec<String>, (Span, String)> {
    match &n.value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or((i.span, "expected a string".to_string()))
            })
            .collect(),
        _ => Err((n.span, "expected a string or a list of strings".into())),
    }
}

fn aliases_of(n: &Node) -> Result<Aliases, (Span, String)> {
    let members = n
        .as_object()
        .ok_or((n.span, "`aliases` must be an object".to_string()))?;
    let mut out = Aliases::new();
    for m in members {
        let alias = match &m.value.value {
            Value::Object(_) => {
                let targets = m
                    .value
                    .get("targets")
                    .and_then(Node::as_array)
                    .ok_or((m.value.span, "a scoped alias needs `targets`".to_string()))?;
                let mut scoped = Vec::new();
                for t in targets {
                    let formats = formats_of(
                        t.get("formats")
                            .ok_or((t.span, "an alias target needs `formats`".to_string()))?,
                    )?;
                    let given = strings_of(
                        t.get("given")
                            .ok_or((t.span, "an alias target needs `given`".to_string()))?,
                    )?;
                    scoped.push((formats, given));
                }
                Alias::Scoped(scoped)
            }
            _ => Alias::Plain(strings_of(&m.value)?),
        };
        out.insert(m.key.clone(), alias);
    }
    Ok(out)
}

/// Expands `#Alias` references for one document version (recursively).
fn expand(
    given: &str,
    aliases: &Aliases,
    version: Option<SpecVersion>,
    depth: usize,
) -> Result<Vec<String>, String> {
    let Some(rest) = given.strip_prefix('#') else {
        return Ok(vec![given.to_string()]);
    };
    if depth > 16 {
        return Err(format!("alias `{given}` expands into itself"));
    }
    let end = rest.find(['.', '[', ' ']).unwrap_or(rest.len());
    let (name, tail) = rest.split_at(end);
    let alias = aliases
        .get(name)
        .ok_or_else(|| format!("unknown alias `#{name}`"))?;
    let bases: Vec<String> = match alias {
        Alias::Plain(p) => p.clone(),
        Alias::Scoped(targets) => match version {
            None => Vec::new(),
            Some(v) => targets
                .iter()
                .filter(|(fs, _)| fs.iter().any(|f| f.matches(v)))
                .flat_map(|(_, g)| g.clone())
                .collect(),
        },
    };
    let mut out = Vec::new();
    for b in bases {
        for e in expand(&b, aliases, version, depth + 1)? {
            out.push(format!("{e}{tail}"));
        }
    }
    Ok(out)
}

fn category_of(def: &Node, id: &str) -> Category {
    def.get_str("x-gardefou-category")
        .and_then(Category::parse)
        .unwrap_or_else(|| default_category(id))
}

/// The documented default category of a rule from a ruleset that does not say: guessed from
/// its name (`security`, `version`, `description`/`summary`/`example`, casing words), else
/// design.
pub fn default_category(id: &str) -> Category {
    let id = id.to_ascii_lowercase();
    if [
        "security", "auth", "oauth", "scope", "https", "secret", "password", "token",
    ]
    .iter()
    .any(|w| id.contains(w))
    {
        Category::Security
    } else if id.contains("version") || id.contains("deprecat") || id.contains("sunset") {
        Category::Versioning
    } else if [
        "description",
        "summary",
        "example",
        "contact",
        "license",
        "doc",
        "info",
    ]
    .iter()
    .any(|w| id.contains(w))
    {
        Category::Documentation
    } else if [
        "case", "casing", "naming", "name", "kebab", "camel", "snake", "plural",
    ]
    .iter()
    .any(|w| id.contains(w))
    {
        Category::Naming
    } else if id.contains("schema") || id.contains("valid") || id.contains("ref") {
        Category::Validity
    } else {
        Category::Design
    }
}

struct ParsedRule {
    rule: DeclRule,
    severity: Severity,
    severity_off: bool,
}

impl std::ops::Deref for ParsedRule {
    type Target = DeclRule;
    fn deref(&self) -> &DeclRule {
        &self.rule
    }
}

/// Parses a rule definition; its JavaScript functions are loaded and checked now.
#[allow(clippy::too_many_arguments)]
fn parse_rule(
    id: &str,
    def: &Node,
    aliases: &Aliases,
    js_functions: &JsFunctions,
    src: &Src<'_>,
    source: &str,
    js_limits: &crate::functions::js::JsLimits,
    default_formats: Option<Vec<Format>>,
    category: Category,
) -> Result<ParsedRule, ConfigError> {
    let members = def
        .as_object()
        .ok_or_else(|| src.err(Some(def.span), format!("rule `{id}` must be an object")))?;
    for m in members {
        match m.key.as_str() {
            "given" | "then" | "severity" | "message" | "description" | "formats"
            | "recommended" | "resolved" | "documentationUrl" | "type" | "tags" | "enabled" => {}
            k if k.starts_with("x-") => {}
            other => {
                return Err(src.err(
                    Some(m.key_span),
                    format!("rule `{id}`: unknown key `{other}`"),
                ))
            }
        }
    }
    let (severity, severity_off) = match def.get("severity") {
        None => (Severity::Warn, false),
        Some(s) => match setting_value(s, Severity::Warn)
            .map_err(|m| src.err(Some(s.span), format!("rule `{id}`: {m}")))?
        {
            RuleSetting::On(sev) => (sev, false),
            RuleSetting::Off => (Severity::Warn, true),
        },
    };
    let given_node = def
        .get("given")
        .ok_or_else(|| src.err(Some(def.span), format!("rule `{id}` needs `given`")))?;
    let given_raw = strings_of(given_node)
        .map_err(|(span, m)| src.err(Some(span), format!("rule `{id}`: {m}")))?;
    let mut given = HashMap::new();
    for version in VERSIONS.iter().copied().map(Some).chain([None]) {
        let mut paths = Vec::new();
        for g in &given_raw {
            let expanded = expand(g, aliases, version, 0)
                .map_err(|m| src.err(Some(given_node.span), format!("rule `{id}`: {m}")))?;
            for e in expanded {
                paths
                    .push(parse_path(&e).map_err(|e| {
                        src.err(Some(given_node.span), format!("rule `{id}`: {e}"))
                    })?);
            }
        }
        given.insert(version, paths);
    }
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
        let fname = t.get_str("function").ok_or_else(|| {
            src.err(
                Some(t.span),
                format!("rule `{id}`: `then` needs `function`"),
            )
        })?;
        let options = t
            .get("functionOptions")
            .map(Node::to_json)
            .unwrap_or(serde_json::Value::Null);
        let field = Field::parse(t.get_str("field"))
            .map_err(|m| src.err(Some(t.span), format!("rule `{id}`: {m}")))?;
        // A function of a JavaScript ruleset module: found again by the access path of its `then`.
        if let (Some(module), Some(at)) = (&js_functions.module, t.get("__gfAt")) {
            if let Some(error) = t.get_str("__gfOptionsError") {
                return Err(src.err(
                    None,
                    format!("rule `{id}`: the options of function `{fname}` do not match its schema: {error}"),
                ));
            }
            let f = Arc::new(crate::functions::js::JsFunction {
                name: fname.to_string(),
                file: module.clone(),
                root: js_functions.root.clone(),
                options: serde_json::Value::Null,
                at: Some(at.to_json()),
            });
            js.push(f.clone());
            then.push(Then {
                field,
                function_name: fname.to_string(),
                function: Box::new(f),
            });
            continue;
        }
        // A ruleset's own function wins over a core function of the same name, as in Spectral.
        if js_functions.names.iter().any(|f| f == fname) {
            let f = Arc::new(crate::functions::js::JsFunction {
                name: fname.to_string(),
                file: js_functions.dir.join(format!("{fname}.js")),
                root: js_functions.root.clone(),
                options: options.clone(),
                at: None,
            });
            crate::functions::js::check_function(&f, js_limits).map_err(|m| {
                src.err(
                    Some(t.get("function").map_or(t.span, |f| f.span)),
                    format!("rule `{id}`: {m}"),
                )
            })?;
            js.push(f.clone());
            then.push(Then {
                field,
                function_name: fname.to_string(),
                function: Box::new(f),
            });
            continue;
        }
        if !crate::functions::is_known(fname) {
            return Err(src.err(Some(t.get("function").map_or(t.span, |f| f.span)), format!("rule `{id}`: unknown function `{fname}` (not a core function, and not listed in the ruleset's `functions`)")));
        }
        let function = crate::functions::build(fname, &options)
            .map_err(|m| src.err(Some(t.span), format!("rule `{id}`: {m}")))?;
        then.push(Then {
            field,
            function_name: fname.to_string(),
            function,
        });
    }
    let formats = match def.get("formats") {
        Some(f) => Some(formats_of(f).map_err(|(span, m)| src.err(Some(span), m))?),
        None => default_formats,
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
            source: source.to_string(),
            js,
        },
        severity,
        severity_off,
    })
}
