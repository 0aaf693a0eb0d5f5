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

mod call;
mod convert;
pub mod cpu_clock;
mod isolation;
mod modules;
mod places;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use gardefou_source::PathSeg;
use rquickjs::{Context, Ctx, Exception, Function, Object, Runtime, Value};

pub use call::check_options;
use call::{describe, path_of, validate};
pub use modules::{is_es_module, resolve, resolve_file, Found, Kind, BUILTINS, NODE_STUBS};
pub use places::shown_path;
use places::{location_of, relative};

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
    /// A load or a document changed what the runtime holds since `held` was measured: the
    /// next `arm` measures again. Measuring there rather than after each change walks the heap
    /// once for a load followed by a document (a quarter of the `js` fuzz target's time went
    /// to that walk).
    stale: std::cell::Cell<bool>,
    /// CommonJS files loaded through a wrapper, for error columns.
    wrapped: modules::Wrapped,
    /// Ruleset code may have run since the built-ins were last put back.
    ran: std::cell::Cell<bool>,
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
            stale: std::cell::Cell::new(true),
            wrapped,
            ran: std::cell::Cell::new(false),
        })
    }

    fn arm(&self) {
        if self.stale.replace(false) {
            let used = self.rt.memory_usage().malloc_size.max(0) as usize;
            self.held.set(used);
        }
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

    /// What the runtime holds changed (code or the document was loaded): remeasured at the
    /// next `arm`.
    fn held_changed(&self) {
        self.stale.set(true);
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
}
