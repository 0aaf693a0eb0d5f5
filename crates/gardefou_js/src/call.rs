//! Loading ruleset code into a sandbox and calling its functions: paths and results across
//! the boundary, load errors, and options checked against a function's schema.

use std::path::Path;

use gardefou_document::{DocumentSet, FileId};
use gardefou_source::PathSeg;
use rquickjs::{Ctx, Function, Module, Object, Value};

use crate::convert;
use crate::{FnId, JsError, JsResult, OptionsId, Sandbox, Target};

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

pub(super) fn path_of(v: &serde_json::Value) -> Option<Vec<PathSeg>> {
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

impl Sandbox {
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
        // A load that failed is an error of the ruleset; what its code left on globals is not
        // remeasured (the walk of the heap cost a quarter of the `js` fuzz target, where most
        // inputs fail to load). That can only make later limits tighter, never looser.
        if outcome.is_ok() {
            self.held_changed();
        }
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
        self.held_changed();
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

pub(super) fn describe<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> String {
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
pub(super) fn validate(schema: &str, value: &str) -> Option<String> {
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
