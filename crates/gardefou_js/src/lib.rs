//! A sandbox that runs the JavaScript functions of Spectral rulesets with Spectral's contract:
//! `fn(targetValue, options, context)` returning nothing or `[{ message, path? }]` (or a promise
//! of it), `@stoplight/spectral-core`'s `createRulesetFunction` and the core functions of
//! `@stoplight/spectral-functions` as imports.
//!
//! The engine is QuickJS (through `rquickjs`): the sandbox has no file system, network, process
//! or environment API at all; imports resolve only to Spectral's packages, to inert stand-ins of
//! the Node.js built-ins npm packages touch as they load ([`NODE_STUBS`]: `process` — whose `env`
//! holds only [`Limits::env`] —, `tty`, `os`, `util`, `path`, `url`, `events`, `assert`, also as
//! `node:…`, plus the `global`, `URL` and `URLSearchParams` globals; see `node.js`), and to files
//! under the roots (the ruleset's folder), its own or packages of its `node_modules` resolved as
//! Node resolves them ([`resolve`]), read by Rust. Anything else is refused with the importing
//! file and line. The context is Spectral's: `document.parserResult`, `documentInventory.graph`
//! (its resolver's `refMap`s), core functions returning `undefined` when the value passes, and
//! circular `$ref`s kept as `{ $ref }` where the cycle closes. Each call runs under a time
//! limit (an interrupt handler) and a memory limit (the runtime's allocation limit, set above
//! what the document already uses); `Math.random` is seeded, `console` is silent. `Date` is the
//! real clock (documented).
//!
//! One [`Sandbox`] serves one document: the document crosses into JavaScript once
//! ([`Sandbox::set_document`]), then each call names its target by path.
//!
//! # Example
//!
//! ```
//! use std::sync::Arc;
//! use gardefou_document::{DocumentSet, LoadOptions};
//! use gardefou_js::{CoreFunctions, Limits, Sandbox, Target};
//! use gardefou_source::PathSeg;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let root = std::fs::canonicalize(dir.path()).unwrap();
//! std::fs::write(
//!     root.join("notEmpty.js"),
//!     "export default (value) => (value ? undefined : [{ message: 'must not be empty' }]);\n",
//! )
//! .unwrap();
//! let core = CoreFunctions {
//!     names: &[],
//!     run: Arc::new(|_, _, _, _, _| Ok(Vec::new())),
//!     oas_rules: Arc::from("{}"),
//! };
//! let mut sandbox = Sandbox::new(vec![root.clone()], Limits::default(), core).unwrap();
//! let text = "openapi: 3.1.0\ninfo: {title: '', version: '1'}\npaths: {}\n";
//! let set = DocumentSet::from_text("api.yaml", text.to_string(), &root, &LoadOptions::default());
//! sandbox.set_document(&set).unwrap();
//! let f = sandbox.load(&root.join("notEmpty.js")).unwrap();
//! let options = sandbox.set_options(&serde_json::Value::Null);
//! let path = [PathSeg::Key("info".into()), PathSeg::Key("title".into())];
//! let target = Target { resolved: true, path: &path, key: None, has_value: true };
//! let results = sandbox.call(f, options, &target).unwrap();
//! assert_eq!(results[0].message, "must not be empty");
//! ```
#![deny(missing_docs)]

mod convert;
pub mod cpu_clock;
mod isolation;
mod modules;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use gardefou_document::{DocumentSet, FileId};
use gardefou_source::PathSeg;
use rquickjs::{Context, Ctx, Exception, Function, Module, Object, Runtime, Value};

pub use modules::{is_es_module, resolve, resolve_file, Found, Kind, BUILTINS, NODE_STUBS};

const PRELUDE: &str = include_str!("prelude.js");
const RULESETS: &str = include_str!("ruleset.js");
const NODE: &str = include_str!("node.js");
const ISOLATION: &str = include_str!("isolation.js");
const PRELUDE_NAME: &str = "<gardefou>";
const NO_DEADLINE: u64 = u64::MAX;

/// Per-call limits, and what the sandbox is given of the real environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Processor time one call may use (the time of the thread running it: a busy machine
    /// does not make a function time out, see [`cpu_clock`]).
    pub time: Duration,
    /// Bytes one call may allocate beyond what the sandbox holds before it.
    pub memory: usize,
    /// The variables `process.env` holds (name, value): those the user allowed with
    /// `--function-env NAME`; nothing else of the environment.
    pub env: Vec<(String, String)>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time: Duration::from_secs(2),
            memory: 256 << 20,
            env: Vec::new(),
        }
    }
}

/// One problem a function reported.
#[derive(Clone, Debug, PartialEq)]
pub struct JsResult {
    /// The message, as the function wrote it.
    pub message: String,
    /// The full path of the node at fault in the (resolved) document, when given.
    pub path: Option<Vec<PathSeg>>,
}

/// Why a function produced no results.
#[derive(Clone, Debug, PartialEq)]
pub enum JsError {
    /// It ran past the time limit and was stopped.
    Timeout(Duration),
    /// It allocated past the memory limit and was stopped.
    Memory(usize),
    /// It threw; `location` is `file:line:column` of the innermost ruleset frame.
    Thrown {
        /// The JavaScript error's message.
        message: String,
        /// `file:line:column`, when a ruleset frame is on the stack.
        location: Option<String>,
    },
    /// It returned something that is not Spectral's result shape.
    BadReturn(String),
    /// The file could not be loaded (syntax error, refused import, no default export).
    Load {
        /// Why it could not be loaded.
        message: String,
        /// `file:line:column` of the problem, when known.
        location: Option<String>,
    },
}

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsError::Timeout(d) => write!(f, "stopped after {} ms (the time limit)", d.as_millis()),
            JsError::Memory(m) => write!(
                f,
                "stopped after allocating more than {} MiB (the memory limit)",
                m >> 20
            ),
            JsError::Thrown { message, location } => {
                write!(f, "threw {message}")?;
                if let Some(l) = location {
                    write!(f, " at {l}")?;
                }
                Ok(())
            }
            JsError::BadReturn(m) => write!(f, "{m}"),
            JsError::Load { message, location } => {
                write!(f, "cannot be loaded: {message}")?;
                if let Some(l) = location {
                    write!(f, " at {l}")?;
                }
                Ok(())
            }
        }
    }
}

/// The core functions `@stoplight/spectral-functions` exports to ruleset code, run by the
/// caller's implementation.
#[derive(Clone)]
pub struct CoreFunctions {
    /// What the package exports.
    pub names: &'static [&'static str],
    /// Runs one of them.
    pub run: CoreFn,
    /// The rules of `spectral:oas` as `@stoplight/spectral-rulesets` exports them to ruleset
    /// code: a JSON object of rule definitions whose `then.function` names a core function.
    pub oas_rules: Arc<str>,
}

/// Runs a core function: `(name, target (None: undefined), options, path, the whole document as
/// JSON when the function needs it) → results`.
pub type CoreFn = Arc<
    dyn Fn(
            &str,
            Option<serde_json::Value>,
            &serde_json::Value,
            &[PathSeg],
            Option<String>,
        ) -> Result<Vec<JsResult>, String>
        + Send
        + Sync,
>;

/// What a call looks at.
pub struct Target<'a> {
    /// Whether `path` is in the resolved document (else the raw root file).
    pub resolved: bool,
    /// The target's path.
    pub path: &'a [PathSeg],
    /// Set when the target is a property name.
    pub key: Option<&'a str>,
    /// False when the target does not exist (JavaScript `undefined`).
    pub has_value: bool,
}

/// A handle on a loaded function: the `n`th loaded, from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FnId(usize);

impl FnId {
    /// The handle of the `n`th function loaded (from 0).
    pub fn from_index(n: usize) -> FnId {
        FnId(n)
    }
}

/// A handle on options given to the sandbox once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OptionsId(usize);

/// A QuickJS runtime and context holding loaded ruleset functions, with the limits each call runs under; one per thread.
pub struct Sandbox {
    // Field order matters: the fingerprint (values of the runtime) drops first, the context
    // before the runtime.
    builtins: isolation::Fingerprint,
    ctx: Context,
    rt: Runtime,
    /// When the running call must stop, on [`cpu_clock`] (nanoseconds), or `NO_DEADLINE`.
    deadline: Arc<AtomicU64>,
    limits: Limits,
    functions: usize,
    options: usize,
    /// Ruleset modules evaluated so far (file name → how that went).
    modules: std::collections::HashMap<String, Result<(), JsError>>,
    /// Bytes the runtime held after the last load or document: the memory limit of a call is
    /// this plus `limits.memory`. (Measuring before every call walks the whole heap.)
    held: std::cell::Cell<usize>,
    /// CommonJS files loaded through a wrapper, for error columns.
    wrapped: modules::Wrapped,
    /// Ruleset code may have run since the built-ins were last put back.
    ran: std::cell::Cell<bool>,
}

fn js_path<'js>(ctx: &Ctx<'js>, path: &[PathSeg]) -> rquickjs::Result<rquickjs::Array<'js>> {
    let arr = rquickjs::Array::new(ctx.clone())?;
    for (i, seg) in path.iter().enumerate() {
        match seg {
            PathSeg::Key(k) => arr.set(i, k.as_str())?,
            PathSeg::Index(n) => arr.set(i, *n as f64)?,
        }
    }
    Ok(arr)
}

fn path_of(v: &serde_json::Value) -> Option<Vec<PathSeg>> {
    v.as_array().map(|a| {
        a.iter()
            .map(|k| match k {
                serde_json::Value::Number(n) => PathSeg::Index(n.as_f64().unwrap_or(0.0) as usize),
                serde_json::Value::String(s) => PathSeg::Key(s.clone()),
                other => PathSeg::Key(other.to_string()),
            })
            .collect()
    })
}

fn parse_results(json: &str) -> Result<Vec<JsResult>, JsError> {
    let v: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| JsError::BadReturn(format!("unreadable results: {e}")))?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .map(|r| JsResult {
                    message: r["message"].as_str().unwrap_or_default().to_string(),
                    path: path_of(&r["path"]),
                })
                .collect()
        })
        .unwrap_or_default())
}

/// (file, line, column) of the innermost frame that is not gardefou's own, from a QuickJS stack.
fn location_of(stack: &str) -> Option<(String, u32, u32)> {
    stack.lines().find_map(|l| {
        let inner = l.trim().strip_prefix("at ")?;
        let place = match (inner.rfind('('), inner.ends_with(')')) {
            (Some(i), true) => &inner[i + 1..inner.len() - 1],
            _ => inner,
        };
        if place.starts_with(PRELUDE_NAME) || place.starts_with("<native>") {
            return None;
        }
        let (rest, column) = place.rsplit_once(':')?;
        let (file, line) = rest.rsplit_once(':')?;
        Some((file.to_string(), line.parse().ok()?, column.parse().ok()?))
    })
}

/// Installs `__gf_compile(name, source)`: compiles a `require`d CommonJS file into a function of
/// `(module, exports, require)` under its own file name, so that stacks name it.
fn install_compile<'js>(ctx: &Ctx<'js>, wrapped: modules::Wrapped) -> rquickjs::Result<()> {
    let f = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, name: String, source: String| -> rquickjs::Result<Value<'js>> {
            if let Ok(mut w) = wrapped.lock() {
                w.insert(name.clone(), modules::CJS_FUNCTION_PREFIX.chars().count());
            }
            let mut options = rquickjs::context::EvalOptions::default();
            options.filename = Some(name);
            ctx.eval_with_options(
                format!("{}{source}\n}})", modules::CJS_FUNCTION_PREFIX),
                options,
            )
        },
    )?;
    ctx.globals().set("__gf_compile", f)
}

/// A file name as messages show it: relative to the working directory (with `..` where it
/// leaves it), else as given.
pub fn shown_path(p: &Path) -> String {
    match std::env::current_dir().and_then(|c| c.canonicalize()) {
        Ok(cwd) => relative_to(p, &cwd).display().to_string(),
        Err(_) => p.display().to_string(),
    }
}

fn relative(place: &str) -> String {
    shown_path(Path::new(place))
}

/// `p` relative to `base` (both absolute), with `..` where it leaves `base`.
fn relative_to(p: &Path, base: &Path) -> PathBuf {
    let (pc, bc): (Vec<_>, Vec<_>) = (p.components().collect(), base.components().collect());
    let common = pc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        // Nothing in common but the root: the absolute path says more.
        return p.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &pc[common..] {
        out.push(c);
    }
    out
}

impl Sandbox {
    /// A fresh sandbox whose ruleset code may import files under `roots` (canonical paths).
    pub fn new(
        roots: Vec<PathBuf>,
        limits: Limits,
        core: CoreFunctions,
    ) -> Result<Sandbox, String> {
        let rt = Runtime::new().map_err(|e| format!("cannot start the JavaScript engine: {e}"))?;
        rt.set_max_stack_size(1 << 20);
        let wrapped = modules::Wrapped::default();
        rt.set_loader(
            modules::RulesetModules {
                roots: roots.clone(),
            },
            modules::RulesetModules {
                roots: roots.clone(),
            },
        );
        let deadline = Arc::new(AtomicU64::new(NO_DEADLINE));
        {
            let deadline = deadline.clone();
            rt.set_interrupt_handler(Some(Box::new(move || {
                let d = deadline.load(Ordering::Relaxed);
                d != NO_DEADLINE && cpu_clock::now_nanos() > d
            })));
        }
        let ctx =
            Context::full(&rt).map_err(|e| format!("cannot start the JavaScript engine: {e}"))?;
        ctx.with(|ctx| -> rquickjs::Result<()> {
            let g = ctx.globals();
            g.set(
                "__gf_validate",
                Function::new(
                    ctx.clone(),
                    |schema: String, value: String| -> Option<String> { validate(&schema, &value) },
                )?,
            )?;
            g.set("__gf_core_names", core.names.to_vec())?;
            g.set("__gf_oas_rules", &*core.oas_rules)?;
            let core = core.run.clone();
            g.set(
                "__gf_core",
                Function::new(
                    ctx.clone(),
                    move |ctx: Ctx<'_>,
                          name: String,
                          target: String,
                          undefined: bool,
                          options: String,
                          path: String,
                          document: Option<String>|
                          -> rquickjs::Result<String> {
                        let target = if undefined {
                            None
                        } else {
                            serde_json::from_str(&target).ok()
                        };
                        let options: serde_json::Value =
                            serde_json::from_str(&options).unwrap_or(serde_json::Value::Null);
                        let path = serde_json::from_str::<serde_json::Value>(&path)
                            .ok()
                            .and_then(|p| path_of(&p))
                            .unwrap_or_default();
                        match core(&name, target, &options, &path, document) {
                            Ok(results) => {
                                let out: Vec<serde_json::Value> = results
                                    .into_iter()
                                    .map(|r| serde_json::json!({
                                        "message": r.message,
                                        "path": r.path.map(|p| p.iter().map(|s| match s {
                                            PathSeg::Key(k) => serde_json::Value::String(k.clone()),
                                            PathSeg::Index(i) => serde_json::Value::from(*i),
                                        }).collect::<Vec<_>>()),
                                    }))
                                    .collect();
                                Ok(serde_json::Value::Array(out).to_string())
                            }
                            Err(m) => Err(Exception::throw_message(&ctx, &m)),
                        }
                    },
                )?,
            )?;
            install_compile(&ctx, wrapped.clone())?;
            let resolve_roots = roots.clone();
            g.set(
                "__gf_resolve",
                Function::new(
                    ctx.clone(),
                    move |ctx: Ctx<'_>,
                          from: String,
                          spec: String|
                          -> rquickjs::Result<Vec<String>> {
                        match modules::resolve(&resolve_roots, &from, &spec, modules::Kind::Require)
                        {
                            Ok(modules::Found::Builtin(b)) => Ok(vec!["builtin".into(), b]),
                            Ok(modules::Found::File(p)) => {
                                Ok(vec!["file".into(), p.display().to_string()])
                            }
                            Err(m) => Err(Exception::throw_message(&ctx, &m)),
                        }
                    },
                )?,
            )?;
            let load_roots = roots.clone();
            g.set(
                "__gf_load",
                Function::new(
                    ctx.clone(),
                    move |ctx: Ctx<'_>, name: String| -> rquickjs::Result<Vec<String>> {
                        let text = modules::read_module(&load_roots, &name)
                            .map_err(|m| Exception::throw_message(&ctx, &m))?;
                        let es = modules::is_es_file(Path::new(&name), &text);
                        Ok(vec![text, if es { "es" } else { "cjs" }.to_string()])
                    },
                )?,
            )?;
            let env: serde_json::Map<String, serde_json::Value> = limits
                .env
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            g.set("__gf_env", serde_json::Value::Object(env).to_string())?;
            let options = || {
                let mut o = rquickjs::context::EvalOptions::default();
                o.filename = Some(PRELUDE_NAME.into());
                o
            };
            ctx.eval_with_options::<(), _>(ISOLATION, options())?;
            ctx.eval_with_options::<(), _>(RULESETS, options())?;
            ctx.eval_with_options::<(), _>(NODE, options())?;
            ctx.eval_with_options::<(), _>(PRELUDE, options())?;
            Ok(())
        })
        .map_err(|e| format!("cannot start the JavaScript engine: {e}"))?;
        let builtins = ctx
            .with(|ctx| -> rquickjs::Result<isolation::Fingerprint> {
                let gf: Object = ctx.globals().get("__gf")?;
                let objects: Function = gf.get("intrinsics")?;
                let objects: rquickjs::Array = objects.call(())?;
                Ok(isolation::Fingerprint::take(&ctx, &objects))
            })
            .map_err(|e| format!("cannot start the JavaScript engine: {e}"))?;
        Ok(Sandbox {
            builtins,
            ctx,
            rt,
            deadline,
            limits,
            functions: 0,
            options: 0,
            modules: std::collections::HashMap::new(),
            held: std::cell::Cell::new(0),
            wrapped,
            ran: std::cell::Cell::new(false),
        })
    }

    fn arm(&self) {
        self.ran.set(true);
        let d = cpu_clock::now_nanos().saturating_add(self.limits.time.as_nanos() as u64);
        self.deadline.store(d, Ordering::Relaxed);
        self.rt
            .set_memory_limit(self.held.get().saturating_add(self.limits.memory));
    }

    fn disarm(&self) {
        self.deadline.store(NO_DEADLINE, Ordering::Relaxed);
        self.rt.set_memory_limit(0);
    }

    /// Remeasures what the runtime holds (after loading code or the document).
    fn measure(&self) {
        let used = self.rt.memory_usage().malloc_size.max(0) as usize;
        self.held.set(used);
    }

    fn timed_out(&self) -> bool {
        let d = self.deadline.load(Ordering::Relaxed);
        d != NO_DEADLINE && cpu_clock::now_nanos() > d
    }

    /// Turns the pending exception into an error.
    fn error(&self, ctx: &Ctx<'_>, e: rquickjs::Error) -> JsError {
        // Take the pending exception first, so that it does not leak into the next call.
        let value = if e.is_exception() {
            Some(ctx.catch())
        } else {
            None
        };
        if self.timed_out() {
            return JsError::Timeout(self.limits.time);
        }
        if matches!(e, rquickjs::Error::Allocation) {
            return JsError::Memory(self.limits.memory);
        }
        let Some(value) = value else {
            return JsError::Thrown {
                message: e.to_string(),
                location: None,
            };
        };
        let bad = ctx
            .globals()
            .get::<_, Object>("__gf")
            .and_then(|gf| gf.get::<_, Function>("isBadReturn"))
            .and_then(|f| f.call::<_, bool>((value.clone(),)))
            .unwrap_or(false);
        let (message, location) = match value.as_exception() {
            Some(ex) => {
                let name: Option<String> = ex.get("name").ok();
                let message = ex.message().unwrap_or_default();
                let location = ex
                    .stack()
                    .as_deref()
                    .and_then(location_of)
                    .map(|l| self.unwrap_location(l));
                let shown = match name.as_deref() {
                    Some(n) if !n.is_empty() && n != "Error" && !bad => format!("{n}: {message}"),
                    _ => message,
                };
                (shown, location)
            }
            // QuickJS throws `null` when it cannot even allocate the "out of memory" error.
            None if value.is_null() => return JsError::Memory(self.limits.memory),
            None => (describe(ctx, &value), None),
        };
        if bad {
            return JsError::BadReturn(message);
        }
        if message.contains("out of memory") {
            return JsError::Memory(self.limits.memory);
        }
        JsError::Thrown { message, location }
    }

    /// `file:line:column` with a CommonJS wrapper's length taken off columns on line 1.
    fn unwrap_location(&self, place: (String, u32, u32)) -> String {
        let (file, line, mut column) = place;
        if line == 1 {
            if let Some(n) = self.wrapped.lock().ok().and_then(|w| w.get(&file).copied()) {
                column = column.saturating_sub(n as u32).max(1);
            }
        }
        format!("{}:{line}:{column}", relative(&file))
    }

    /// Runs queued promise jobs until none is left (or the time limit stops one).
    fn drain_jobs(&self, ctx: &Ctx<'_>) {
        while ctx.execute_pending_job() {
            if self.timed_out() {
                break;
            }
        }
    }

    /// Loads a function file and returns its handle. Its top-level code runs under the limits.
    pub fn load(&mut self, file: &Path) -> Result<FnId, JsError> {
        let id = self.functions;
        let name = file.display().to_string();
        let boot = format!(
            "import f from {};\nglobalThis.__gf.setFunction({id}, f);\n",
            serde_json::to_string(&name).unwrap_or_default()
        );
        self.evaluate(&format!("<load {id}>"), boot)?;
        self.functions += 1;
        Ok(FnId(id))
    }

    /// Evaluates a ruleset module once (its top-level code runs under the limits) and keeps its
    /// default export.
    fn load_module(&mut self, file: &Path) -> Result<(), JsError> {
        let name = file.display().to_string();
        if let Some(done) = self.modules.get(&name) {
            return done.clone();
        }
        let quoted = serde_json::to_string(&name).unwrap_or_default();
        let boot = format!("import r from {quoted};\nglobalThis.__gf.setModule({quoted}, r);\n");
        let outcome = self.evaluate(&format!("<ruleset {}>", self.modules.len()), boot);
        self.modules.insert(name, outcome.clone());
        outcome
    }

    /// Runs a boot module under the limits; errors are load errors.
    fn evaluate(&self, name: &str, boot: String) -> Result<(), JsError> {
        self.arm();
        let outcome = self.ctx.with(|ctx| -> Result<(), JsError> {
            let promise = Module::evaluate(ctx.clone(), name.to_string(), boot)
                .map_err(|e| self.error(&ctx, e))?;
            self.drain_jobs(&ctx);
            match promise.result::<Value>() {
                Some(Ok(_)) => Ok(()),
                Some(Err(e)) => Err(self.error(&ctx, e)),
                None => Err(JsError::Load {
                    message: "its top-level code did not finish".into(),
                    location: None,
                }),
            }
        });
        self.disarm();
        self.measure();
        outcome.map_err(as_load)
    }

    /// Loads a JavaScript ruleset module and returns its ruleset in gardefou's JSON form (see
    /// `ruleset.js`): built-in rulesets by name, format functions by name, core functions by
    /// name, the ruleset's own functions by the access path of their `then`.
    pub fn load_ruleset(&mut self, file: &Path) -> Result<String, JsError> {
        self.load_module(file)?;
        let name = file.display().to_string();
        self.arm();
        let out = self.ctx.with(|ctx| -> Result<String, JsError> {
            let run = || -> rquickjs::Result<String> {
                let gf: Object = ctx.globals().get("__gf")?;
                let f: Function = gf.get("describeModule")?;
                f.call((name.as_str(),))
            };
            run().map_err(|e| self.error(&ctx, e))
        });
        self.disarm();
        out.map_err(as_load)
    }

    /// The function (and its live options) of the `then` at access path `at` of a ruleset
    /// module's default export; the module is evaluated on first use.
    pub fn load_member(
        &mut self,
        module: &Path,
        at: &serde_json::Value,
    ) -> Result<(FnId, OptionsId), JsError> {
        self.load_module(module)?;
        let (f, o) = (self.functions, self.options);
        let name = module.display().to_string();
        let at = at.to_string();
        let out = self.ctx.with(|ctx| -> Result<(), JsError> {
            let run = || -> rquickjs::Result<()> {
                let gf: Object = ctx.globals().get("__gf")?;
                let bind: Function = gf.get("bindMember")?;
                bind.call((f, o, name.as_str(), at.as_str()))
            };
            run().map_err(|e| self.error(&ctx, e))
        });
        out.map_err(as_load)?;
        self.functions += 1;
        self.options += 1;
        Ok((FnId(f), OptionsId(o)))
    }

    /// The JSON Schema its `createRulesetFunction` declares for options, if any.
    pub fn options_schema(&self, f: FnId) -> Option<serde_json::Value> {
        self.ctx.with(|ctx| {
            let gf: Object = ctx.globals().get("__gf").ok()?;
            let get: Function = gf.get("optionsSchema").ok()?;
            let s: Option<String> = get.call((f.0,)).ok()?;
            serde_json::from_str(&s?).ok()
        })
    }

    /// Gives options to the sandbox once; calls name them by the handle.
    pub fn set_options(&mut self, options: &serde_json::Value) -> OptionsId {
        let id = self.options;
        let json = options.to_string();
        let _ = self.ctx.with(|ctx| -> rquickjs::Result<()> {
            let gf: Object = ctx.globals().get("__gf")?;
            let set: Function = gf.get("setOptions")?;
            set.call::<_, ()>((id, json))
        });
        self.options += 1;
        OptionsId(id)
    }

    /// Converts the document set into JavaScript (resolved and raw), once.
    pub fn set_document(&self, set: &DocumentSet) -> Result<(), String> {
        let Some(root) = set.root().root.as_ref() else {
            return Ok(());
        };
        let out = self
            .ctx
            .with(|ctx| -> rquickjs::Result<()> {
                let circular = convert::circular_refs(set);
                let mut conv = convert::Converter::new(ctx.clone(), set, &circular);
                let resolved = conv.resolved(FileId(0), root)?;
                let raw = conv.raw(root)?;
                let graph = convert::graph_json(set, &circular);
                let gf: Object = ctx.globals().get("__gf")?;
                let f: Function = gf.get("setDocument")?;
                f.call::<_, ()>((
                    resolved,
                    raw,
                    set.root().name.clone(),
                    set.root().path.display().to_string(),
                    graph,
                ))
            })
            .map_err(|e| format!("cannot give the document to JavaScript: {e}"));
        self.measure();
        out
    }

    /// Puts the built-ins back as the sandbox made them, undoing what the last rule's code
    /// changed (see `isolation.js`). `false` when something could not be put back (a built-in
    /// frozen or made non-configurable): the sandbox must not run other rules any more.
    pub fn restore_builtins(&self) -> bool {
        if !self.ran.get() || self.ctx.with(|ctx| self.builtins.unchanged(&ctx)) {
            self.ran.set(false);
            return true;
        }
        self.arm();
        let ok = self.ctx.with(|ctx| -> bool {
            let run = || -> rquickjs::Result<bool> {
                let gf: Object = ctx.globals().get("__gf")?;
                let restore: Function = gf.get("restore")?;
                restore.call(())
            };
            let restored = match run() {
                Ok(ok) => ok,
                Err(e) => {
                    let _ = self.error(&ctx, e);
                    false
                }
            };
            // Checked again: only what the record shows as it was counts as put back.
            restored && self.builtins.unchanged(&ctx)
        });
        self.disarm();
        self.ran.set(false);
        ok
    }

    /// Sets what `context.rule` shows from now on (once per rule, not per call).
    pub fn set_rule(&self, rule: &serde_json::Value) {
        let json = rule.to_string();
        let _ = self.ctx.with(|ctx| -> rquickjs::Result<()> {
            let gf: Object = ctx.globals().get("__gf")?;
            let set: Function = gf.get("setRule")?;
            set.call::<_, ()>((json,))
        });
    }

    /// Calls function `f` on `target` with the options `options`.
    pub fn call(
        &self,
        f: FnId,
        options: OptionsId,
        target: &Target<'_>,
    ) -> Result<Vec<JsResult>, JsError> {
        self.arm();
        let out = self.ctx.with(|ctx| -> Result<Vec<JsResult>, JsError> {
            let run = || -> rquickjs::Result<Option<String>> {
                let gf: Object = ctx.globals().get("__gf")?;
                let call: Function = gf.get("call")?;
                let path = js_path(&ctx, target.path)?;
                call.call((
                    f.0,
                    options.0,
                    target.resolved,
                    path,
                    target.key,
                    target.has_value,
                ))
            };
            let json = match run() {
                Ok(Some(json)) => {
                    // Jobs the function queued (promise callbacks it did not wait for) run now,
                    // charged to it: the next function must not inherit them.
                    self.drain_jobs(&ctx);
                    if self.timed_out() {
                        return Err(JsError::Timeout(self.limits.time));
                    }
                    json
                }
                Ok(None) => {
                    // A promise: run its jobs, then read how it settled.
                    self.drain_jobs(&ctx);
                    let settle = || -> rquickjs::Result<String> {
                        let gf: Object = ctx.globals().get("__gf")?;
                        let settle: Function = gf.get("settle")?;
                        settle.call(())
                    };
                    settle().map_err(|e| self.error(&ctx, e))?
                }
                Err(e) => return Err(self.error(&ctx, e)),
            };
            parse_results(&json)
        });
        self.disarm();
        if matches!(out, Err(JsError::Memory(_)) | Err(JsError::Timeout(_))) {
            self.rt.run_gc();
        }
        out
    }
}

/// An error while loading code (its top level, or reading a ruleset back) as a load error.
fn as_load(e: JsError) -> JsError {
    match e {
        JsError::Thrown { message, location } => JsError::Load { message, location },
        JsError::BadReturn(message) => JsError::Load {
            message,
            location: None,
        },
        other => other,
    }
}

fn describe<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> String {
    if let Some(s) = v.as_string().and_then(|s| s.to_string().ok()) {
        return s;
    }
    ctx.json_stringify(v.clone())
        .ok()
        .flatten()
        .and_then(|s| s.to_string().ok())
        .unwrap_or_else(|| format!("{:?}", v.type_of()))
}

/// `None` when `value` (JSON) matches `schema` (JSON), else the first error.
fn validate(schema: &str, value: &str) -> Option<String> {
    let schema: serde_json::Value = serde_json::from_str(schema).ok()?;
    let value: serde_json::Value = serde_json::from_str(value).ok()?;
    let validator = jsonschema::validator_for(&schema).ok()?;
    let first = validator.iter_errors(&value).next().map(|e| e.to_string());
    first
}

/// Checks options against a function's options schema: `None` when they match, else the errors.
pub fn check_options(schema: &serde_json::Value, options: &serde_json::Value) -> Option<String> {
    let validator = match jsonschema::validator_for(schema) {
        Ok(v) => v,
        Err(e) => return Some(format!("the function's options schema is invalid: {e}")),
    };
    let errors: Vec<String> = validator
        .iter_errors(options)
        .take(3)
        .map(|e| {
            let at = e.instance_path().to_string();
            if at.is_empty() {
                e.to_string()
            } else {
                format!("{e} at {at}")
            }
        })
        .collect();
    (!errors.is_empty()).then(|| errors.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_the_working_folder() {
        let r = |p: &str, b: &str| {
            relative_to(Path::new(p), Path::new(b))
                .display()
                .to_string()
        };
        assert_eq!(
            r("/work/shared/rs/functions/f.js", "/work/main"),
            "../shared/rs/functions/f.js"
        );
        assert_eq!(
            r("/work/main/functions/f.js", "/work/main"),
            "functions/f.js"
        );
        assert_eq!(r("/tmp/x/f.js", "/work/main"), "/tmp/x/f.js");
    }

    #[test]
    fn locations_come_from_the_innermost_ruleset_frame() {
        let stack = "    at f (<gardefou>:12:3)\n    at check (/r/functions/a.js:3:12)\n    at <anonymous> (/r/functions/b.js:1:1)\n";
        assert_eq!(
            location_of(stack),
            Some(("/r/functions/a.js".into(), 3, 12))
        );
        assert_eq!(location_of("    at <native>\n"), None);
    }
}
