//! The JavaScript functions of Spectral rulesets (`functions: [name]`, loaded from
//! `functionsDir`), run in `gardefou_js`'s sandbox.
//!
//! A ruleset's functions are checked when the ruleset loads (the file exists, it evaluates, its
//! default export is a function, its `createRulesetFunction` options schema accepts the rule's
//! `functionOptions`). While linting, every document gets one [`JsSession`]: one sandbox, the
//! document converted into it once, and every JavaScript rule run in it one after the other.
//! A function that throws, returns garbage, or runs past its time or memory limit becomes a
//! finding of its rule, once per document and problem; the other rules are not affected.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use gardefou_document::{DocumentSet, FileId, LoadOptions};
use gardefou_js::{
    CoreFn, CoreFunctions, FnId, JsError, JsResult, Limits, OptionsId, Sandbox, Target,
};
use gardefou_source::{Limits as ParseLimits, Syntax};
use serde_json::Value as Json;

use super::{FnContext, FnResult, Function, Input};
use crate::jsonpath::{Seg, TreeView};

pub use gardefou_js::Limits as JsLimits;

/// A function of a ruleset's `functions` list, with the options of one `then`.
pub struct JsFunction {
    /// The name the ruleset uses.
    pub name: String,
    /// `functionsDir/name.js`, canonical; for a function of a JavaScript ruleset module, the
    /// module.
    pub file: PathBuf,
    /// The ruleset's folder (imports may not leave it), canonical.
    pub root: PathBuf,
    /// The options of its `then` (for a module's function, `null`: they stay in JavaScript).
    pub options: Json,
    /// For a function of a JavaScript ruleset module: the access path of its `then` from the
    /// module's default export.
    pub at: Option<Json>,
}

impl JsFunction {
    /// The file as shown in messages: relative to the working directory when under it.
    pub fn shown_file(&self) -> String {
        shown(&self.file)
    }
}

fn shown(p: &Path) -> String {
    gardefou_js::shown_path(p)
}

impl Function for JsFunction {
    fn call(&self, input: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        match cx.js {
            Some(session) => session.call(self, input, cx),
            None => Vec::new(),
        }
    }
}

/// The core functions as `@stoplight/spectral-functions` exports them to ruleset code: run by
/// the Rust implementations, on the value JavaScript passes (not on the document).
pub fn core_functions() -> CoreFunctions {
    CoreFunctions {
        names: super::core::NAMES,
        run: run_core(),
        oas_rules: oas_rules(),
    }
}

/// The rules of `spectral:oas` as `@stoplight/spectral-rulesets` shows them to ruleset code:
/// declarative rules by their definition, native ones by what describes them.
fn oas_rules() -> Arc<str> {
    static RULES: OnceLock<Arc<str>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            let mut out = serde_json::Map::new();
            for r in crate::rules::all_rules() {
                let m = r.meta();
                if m.ruleset != "spectral:oas" {
                    continue;
                }
                let mut def = match r.definition() {
                    Some(d) => gardefou_source::parse(d, Syntax::Yaml, &ParseLimits::default())
                        .root
                        .map(|n| n.to_json())
                        .unwrap_or(Json::Null),
                    None => Json::Null,
                };
                if !def.is_object() {
                    def =
                        serde_json::json!({ "description": m.summary, "x-gardefou-native": true });
                }
                let o = def.as_object_mut().expect("an object");
                o.entry("severity")
                    .or_insert_with(|| m.severity.as_str().into());
                o.entry("recommended").or_insert(m.recommended.into());
                if !m.formats.is_empty() {
                    o.entry("formats")
                        .or_insert_with(|| m.format_names().into());
                }
                out.insert(m.id.to_string(), def);
            }
            Json::Object(out).to_string().into()
        })
        .clone()
}

fn run_core() -> CoreFn {
    Arc::new(|name, target, options, path, document| {
        let function = super::build(name, options)?;
        let node = match &target {
            None => None,
            Some(v) => {
                let text = v.to_string();
                let parsed = gardefou_source::parse(&text, Syntax::Json, &ParseLimits::default());
                parsed.root
            }
        };
        // The document itself, for functions that look beyond their target.
        let own = document.map(|text| {
            DocumentSet::from_text(
                "<document>.json",
                text,
                Path::new("/"),
                &LoadOptions::default(),
            )
        });
        let (set, root) = match own
            .as_ref()
            .and_then(|s| Some((s, s.root().root.as_ref()?)))
        {
            Some(pair) => pair,
            None => empty_set(),
        };
        let caches = std::sync::Mutex::new(super::example::Caches::default());
        let cx = FnContext {
            set,
            api: None,
            version: None,
            view: TreeView::Raw,
            root,
            caches: &caches,
            js: None,
        };
        let input = Input {
            value: node.as_ref(),
            key: None,
            path: path.iter().map(Seg::of).collect(),
            file: FileId(0),
            missing: 0,
        };
        Ok(function
            .call(&input, &cx)
            .into_iter()
            .map(|r| JsResult {
                message: r.message,
                path: r.path,
            })
            .collect())
    })
}

/// A document set with an empty object, for core functions called from JavaScript.
fn empty_set() -> (&'static DocumentSet, &'static gardefou_source::Node) {
    static SET: OnceLock<DocumentSet> = OnceLock::new();
    let set = SET.get_or_init(|| {
        DocumentSet::from_text(
            "<function>.json",
            "{}".into(),
            Path::new("/"),
            &LoadOptions::default(),
        )
    });
    let root = set.root().root.as_ref().expect("`{}` parses");
    (set, root)
}

/// Loads `f` in a fresh sandbox and checks its options: what a ruleset load does for every
/// JavaScript function it names. `Err` says what is wrong: a syntax error, or options its
/// `createRulesetFunction` schema rejects.
pub fn check_function(f: &JsFunction, limits: &Limits) -> Result<(), String> {
    let mut sandbox = Sandbox::new(vec![f.root.clone()], limits.clone(), core_functions())?;
    let id = match sandbox.load(&f.file) {
        Ok(id) => id,
        // Code that does not parse can never run: the ruleset is broken, as Spectral says too.
        Err(e @ JsError::Load { .. }) if e.to_string().contains("SyntaxError") => {
            return Err(format!("function `{}` ({}) {e}", f.name, f.shown_file()));
        }
        // Anything else (a refused import, a throw at the top level, a limit) is reported as a
        // finding of the rule on every document, like a throw during a call.
        Err(_) => return Ok(()),
    };
    if let Some(schema) = sandbox.options_schema(id) {
        if let Some(errors) = gardefou_js::check_options(&schema, &f.options) {
            return Err(format!(
                "the options of function `{}` do not match its schema: {errors}",
                f.name
            ));
        }
    }
    Ok(())
}

/// A function file, or a ruleset module and the access path (JSON) of a `then` in it.
type FunctionKey = (PathBuf, Option<String>);

/// One document's JavaScript: a sandbox holding the document, and what ran in it.
pub struct JsSession {
    state: RefCell<Session>,
}

/// A sandbox with the functions loaded into it so far. It outlives a document: the next
/// document linted on the same thread with the same ruleset reuses it (the document is
/// replaced; the loaded modules stay, as in Spectral, where a ruleset's modules load once per
/// run), so a ruleset module with many functions and packages is evaluated once per thread.
struct Warm {
    key: PoolKey,
    sandbox: Result<Sandbox, String>,
    loaded: HashMap<FunctionKey, Result<(FnId, Option<OptionsId>), JsError>>,
    /// Options given to the sandbox, by their JSON text.
    options: HashMap<String, OptionsId>,
    /// A call was stopped by a limit: the sandbox's state is not trusted any more.
    poisoned: bool,
}

/// What a warm sandbox may be reused for: the same loaded ruleset (its generation), roots and
/// limits.
#[derive(Clone, PartialEq)]
struct PoolKey {
    generation: u64,
    roots: Vec<PathBuf>,
    limits: Limits,
}

/// Warm sandboxes kept per thread (the most recent last).
const POOL_SIZE: usize = 2;

thread_local! {
    static POOL: RefCell<Vec<Warm>> = const { RefCell::new(Vec::new()) };
}

impl Warm {
    /// A new sandbox, nothing loaded in it yet.
    fn fresh(key: PoolKey) -> Warm {
        Warm {
            sandbox: Sandbox::new(key.roots.clone(), key.limits.clone(), core_functions()),
            key,
            loaded: HashMap::new(),
            options: HashMap::new(),
            poisoned: false,
        }
    }

    /// Gives the document to the sandbox (a sandbox that cannot take it cannot run anything).
    fn hold(&mut self, set: &DocumentSet) {
        if let Ok(sandbox) = &self.sandbox {
            if let Err(e) = sandbox.set_document(set) {
                self.sandbox = Err(e);
            }
        }
    }
}

struct Session {
    warm: Option<Warm>,
    /// Functions stopped by a limit (or that did not load) in this document: not called again.
    stopped: HashSet<*const JsFunction>,
    /// (function, message) of failures already reported in this document.
    reported: HashSet<(*const JsFunction, String)>,
}

impl JsSession {
    /// A sandbox for `set` whose code may import from `roots`: a warm one of this thread that
    /// ran the same ruleset (`generation`, see `Config`), else a new one.
    pub fn new(
        set: &DocumentSet,
        roots: Vec<PathBuf>,
        limits: Limits,
        generation: u64,
    ) -> JsSession {
        let key = PoolKey {
            generation,
            roots,
            limits,
        };
        let pooled = POOL.with(|p| {
            let mut p = p.borrow_mut();
            let i = p.iter().position(|w| w.key == key)?;
            Some(p.remove(i))
        });
        let mut warm = pooled.unwrap_or_else(|| Warm::fresh(key));
        warm.hold(set);
        JsSession {
            state: RefCell::new(Session {
                warm: Some(warm),
                stopped: HashSet::new(),
                reported: HashSet::new(),
            }),
        }
    }

    /// Prepares the sandbox for the next rule: the built-ins put back as the sandbox made them
    /// (whatever the previous rule's code did to them), and what `context.rule` shows. A sandbox
    /// that cannot be put back, or in which a call was stopped by a limit (its queued jobs and
    /// half-done state would run on in the next rule's calls), is replaced by a fresh one
    /// holding `set`.
    pub fn begin_rule(&self, set: &DocumentSet, rule: &Json) {
        let mut state = self.state.borrow_mut();
        let Some(warm) = state.warm.as_mut() else {
            return;
        };
        let stale = match &warm.sandbox {
            Ok(sandbox) => warm.poisoned || !sandbox.restore_builtins(),
            Err(_) => false,
        };
        if stale {
            let mut fresh = Warm::fresh(warm.key.clone());
            fresh.hold(set);
            *warm = fresh;
        }
        if let Ok(sandbox) = &warm.sandbox {
            sandbox.set_rule(rule);
        }
    }

    fn call(&self, f: &JsFunction, input: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let resolved = matches!(cx.view, TreeView::Resolved(_));
        let mut session = self.state.borrow_mut();
        match session.call(f, input, resolved) {
            Ok(results) => results
                .into_iter()
                .map(|r| FnResult {
                    message: r.message,
                    path: r.path,
                    failure: false,
                })
                .collect(),
            Err(message) => session.fail(f, message, input),
        }
    }
}

impl Session {
    /// The function's results, or the message of its failure.
    fn call(
        &mut self,
        f: &JsFunction,
        input: &Input<'_>,
        resolved: bool,
    ) -> Result<Vec<JsResult>, String> {
        let key = f as *const JsFunction;
        if self.stopped.contains(&key) {
            return Ok(Vec::new());
        }
        let Some(warm) = self.warm.as_mut() else {
            return Ok(Vec::new());
        };
        let sandbox = match &mut warm.sandbox {
            Ok(s) => s,
            Err(e) => return Err(format!("function `{}` cannot run: {e}", f.name)),
        };
        let failed = |e: &JsError| format!("function `{}` ({}) {e}", f.name, f.shown_file());
        let at = f.at.as_ref().map(Json::to_string);
        let (id, bound) = match warm
            .loaded
            .entry((f.file.clone(), at))
            .or_insert_with(|| match &f.at {
                Some(at) => sandbox.load_member(&f.file, at).map(|(i, o)| (i, Some(o))),
                None => sandbox.load(&f.file).map(|i| (i, None)),
            }) {
            Ok(pair) => *pair,
            Err(e) => {
                self.stopped.insert(key);
                return Err(failed(e));
            }
        };
        let options = match bound {
            Some(o) => o,
            None => *warm
                .options
                .entry(f.options.to_string())
                .or_insert_with(|| sandbox.set_options(&f.options)),
        };
        let target = Target {
            resolved,
            path: &input.path_owned(),
            key: input.key.as_deref(),
            has_value: input.value.is_some() || input.key.is_some(),
        };
        sandbox.call(id, options, &target).map_err(|e| {
            if matches!(e, JsError::Timeout(_) | JsError::Memory(_)) {
                self.stopped.insert(key);
                warm.poisoned = true;
            }
            failed(&e)
        })
    }

    /// A failure as a finding at the target, once per function and message in the document.
    fn fail(&mut self, f: &JsFunction, message: String, input: &Input<'_>) -> Vec<FnResult> {
        if !self
            .reported
            .insert((f as *const JsFunction, message.clone()))
        {
            return Vec::new();
        }
        vec![FnResult {
            message,
            path: Some(input.path_owned()),
            failure: true,
        }]
    }
}

impl Drop for JsSession {
    /// Gives the sandbox back to this thread's pool, unless a limit stopped a call in it.
    fn drop(&mut self) {
        let Some(warm) = self.state.get_mut().warm.take() else {
            return;
        };
        if warm.poisoned || warm.sandbox.is_err() {
            return;
        }
        let _ = POOL.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.len() >= POOL_SIZE {
                p.remove(0);
            }
            p.push(warm);
        });
    }
}

impl Function for Arc<JsFunction> {
    fn call(&self, input: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        self.as_ref().call(input, cx)
    }
}
