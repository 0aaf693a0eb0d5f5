//! The sandbox on its own: Spectral's contract, module kinds, limits, errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_js::{CoreFn, CoreFunctions, JsError, JsResult, Limits, Sandbox, Target};
use gardefou_source::PathSeg;

/// A stand-in for the linter's core functions: `truthy` only.
fn core() -> CoreFunctions {
    CoreFunctions {
        names: &["truthy", "pattern"],
        run: core_run(),
        oas_rules: r#"{"typed-enum": {"given": "$..[?(@.enum)]", "then": {"function": "truthy"}, "formats": ["oas3"]}}"#.into(),
    }
}

fn core_run() -> CoreFn {
    Arc::new(|name, target, _options, path, _document| match name {
        "truthy" => Ok(match target {
            Some(serde_json::Value::Bool(true)) => vec![],
            Some(serde_json::Value::String(s)) if !s.is_empty() => vec![],
            _ => vec![JsResult {
                message: "not truthy".into(),
                path: Some(path.to_vec()),
            }],
        }),
        other => Err(format!("no {other} here")),
    })
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    set: DocumentSet,
}

fn fixture(files: &[(&str, &str)]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    for (name, text) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let doc = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Ok'}\ncomponents:\n  responses:\n    Ok: {description: fine}\n";
    std::fs::write(root.join("api.yaml"), doc).unwrap();
    let set = DocumentSet::load(&root.join("api.yaml"), &LoadOptions::default()).unwrap();
    Fixture {
        _dir: dir,
        root,
        set,
    }
}

fn sandbox(f: &Fixture, limits: Limits) -> Sandbox {
    let sb = Sandbox::new(vec![f.root.clone()], limits, core()).unwrap();
    sb.set_document(&f.set).unwrap();
    sb
}

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.into())
}

fn run(sb: &mut Sandbox, file: &Path, path: &[PathSeg]) -> Result<Vec<JsResult>, JsError> {
    let f = sb.load(file)?;
    let o = sb.set_options(&serde_json::json!({"max": 1}));
    sb.set_rule(&serde_json::json!({"name": "r"}));
    sb.call(
        f,
        o,
        &Target {
            resolved: true,
            path,
            key: None,
            has_value: true,
        },
    )
}

#[test]
fn es_module_sees_the_resolved_target_options_and_context() {
    let f = fixture(&[(
        "functions/f.js",
        "import { oas3, oas3_0, oas2 } from '@stoplight/spectral-formats';\nexport default (target, opts, context) => [{ message: `${target.description} ${opts.max} ${context.path.join('.')} ${context.rule.name} ${context.document.data.paths['/a'].get.responses['200'].$ref} ${context.document.formats.has(oas3)}${context.document.formats.has(oas3_0)}${context.document.formats.has(oas2)}`, path: [...context.path, 'description'] }];\n",
    )]);
    let mut sb = sandbox(&f, Limits::default());
    let path = [
        key("paths"),
        key("/a"),
        key("get"),
        key("responses"),
        key("200"),
    ];
    let out = run(&mut sb, &f.root.join("functions/f.js"), &path).unwrap();
    assert_eq!(
        out,
        vec![JsResult {
            message: "fine 1 paths./a.get.responses.200 r #/components/responses/Ok truetruefalse"
                .into(),
            path: Some([&path[..], &[key("description")]].concat()),
        }]
    );
}

#[test]
fn commonjs_transpiled_and_plain() {
    let f = fixture(&[
        (
            "functions/ts.js",
            "\"use strict\";\nObject.defineProperty(exports, \"__esModule\", { value: true });\nexports.default = (t) => [{ message: typeof t }];\n",
        ),
        (
            "functions/plain.js",
            "const helper = require('./helper');\nmodule.exports = function (t) { return [{ message: helper(t.title) }]; };\n",
        ),
        ("functions/helper.js", "module.exports = (s) => s.toUpperCase();\n"),
    ]);
    let mut sb = sandbox(&f, Limits::default());
    let out = run(&mut sb, &f.root.join("functions/ts.js"), &[key("info")]).unwrap();
    assert_eq!(out[0].message, "object");
    let out = run(&mut sb, &f.root.join("functions/plain.js"), &[key("info")]).unwrap();
    assert_eq!(out[0].message, "T");
}

#[test]
fn spectral_core_and_functions_imports() {
    let f = fixture(&[(
        "functions/wrapped.js",
        "import { createRulesetFunction } from '@stoplight/spectral-core';\nimport { truthy } from '@stoplight/spectral-functions';\nexport default createRulesetFunction({ input: { type: 'object' }, options: { type: 'object', properties: { max: { type: 'integer' } }, required: ['max'] } }, (t, o, c) => truthy(t.missing, null, { ...c, path: [...c.path, 'missing'] }));\n",
    )]);
    let mut sb = sandbox(&f, Limits::default());
    let file = f.root.join("functions/wrapped.js");
    let out = run(&mut sb, &file, &[key("info")]).unwrap();
    assert_eq!(
        out,
        vec![JsResult {
            message: "not truthy".into(),
            path: Some(vec![key("info"), key("missing")]),
        }]
    );
    // The input schema filters targets: a string is not an object, so nothing is reported.
    let out = run(&mut sb, &file, &[key("info"), key("title")]).unwrap();
    assert!(out.is_empty());
    let schema = sb.options_schema(gardefou_js::FnId::from_index(1)).unwrap();
    assert!(gardefou_js::check_options(&schema, &serde_json::json!({"max": 1})).is_none());
    assert!(gardefou_js::check_options(&schema, &serde_json::json!({"max": "x"})).is_some());
}

#[test]
fn promises_are_awaited() {
    let f = fixture(&[(
        "functions/a.js",
        "export default async (t) => { await null; return [{ message: 'later ' + t.title }]; };\n",
    )]);
    let mut sb = sandbox(&f, Limits::default());
    let out = run(&mut sb, &f.root.join("functions/a.js"), &[key("info")]).unwrap();
    assert_eq!(out[0].message, "later T");
}

#[test]
fn runaway_functions_are_stopped_and_the_sandbox_goes_on() {
    let f = fixture(&[
        ("functions/loop.js", "export default () => { for (;;) {} };\n"),
        (
            "functions/alloc.js",
            "export default () => { const a = []; for (;;) { a.push(new Array(1000).fill('x')); } };\n",
        ),
        ("functions/ok.js", "export default () => [{ message: 'ok' }];\n"),
    ]);
    let limits = Limits {
        time: Duration::from_millis(300),
        memory: 32 << 20,
        env: Vec::new(),
    };
    let mut sb = sandbox(&f, limits);
    let t = Instant::now();
    let e = run(&mut sb, &f.root.join("functions/loop.js"), &[]).unwrap_err();
    assert_eq!(e, JsError::Timeout(Duration::from_millis(300)));
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    let t = Instant::now();
    let e = run(&mut sb, &f.root.join("functions/alloc.js"), &[]).unwrap_err();
    assert!(
        matches!(e, JsError::Memory(_) | JsError::Timeout(_)),
        "{e:?}"
    );
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    let out = run(&mut sb, &f.root.join("functions/ok.js"), &[]).unwrap();
    assert_eq!(out[0].message, "ok");
}

/// A call may use the memory limit beyond what loaded code keeps: what a module's top-level
/// code retained is measured before the next call (the heap is walked then, not after each
/// load), so 20 MiB kept by a loaded module and 20 MiB allocated by a call fit a 32 MiB limit,
/// while a call allocating more than the limit is still stopped.
#[test]
fn what_loaded_code_keeps_is_measured_before_the_next_call() {
    let f = fixture(&[
        (
            "functions/keeps.js",
            "globalThis.kept = 'k'.repeat(20 << 20);
             export default () => { const s = 'c'.repeat(20 << 20); return [{ message: String(s.length + kept.length) }]; };
",
        ),
        (
            "functions/greedy.js",
            "export default () => { const a = []; for (let i = 0; i < 5; i++) a.push(String(i).repeat(10 << 20)); return [{ message: String(a.length) }]; };
",
        ),
    ]);
    let limits = Limits {
        time: Duration::from_secs(5),
        memory: 32 << 20,
        env: Vec::new(),
    };
    let mut sb = sandbox(&f, limits);
    let out = run(&mut sb, &f.root.join("functions/keeps.js"), &[]).unwrap();
    assert_eq!(out[0].message, (40u32 << 20).to_string());
    let e = run(&mut sb, &f.root.join("functions/greedy.js"), &[]).unwrap_err();
    assert!(matches!(e, JsError::Memory(_)), "{e:?}");
}

#[test]
fn throws_and_bad_returns_are_errors_with_a_place() {
    let f = fixture(&[
        (
            "functions/boom.js",
            "export default (t) => {\n  const x = null;\n  return x.field;\n};\n",
        ),
        (
            "functions/text.js",
            "export default () => { throw 'plain text'; };\n",
        ),
        ("functions/five.js", "export default () => 5;\n"),
        (
            "functions/shape.js",
            "export default () => [{ nope: 1 }];\n",
        ),
        (
            "functions/caught.js",
            "export default (t) => { try { return t.x.y; } catch (e) { return [{ message: e }]; } };\n",
        ),
    ]);
    let mut sb = sandbox(&f, Limits::default());
    match run(&mut sb, &f.root.join("functions/boom.js"), &[]).unwrap_err() {
        JsError::Thrown { message, location } => {
            assert!(message.contains("TypeError"), "{message}");
            let location = location.unwrap();
            assert!(
                location.ends_with("functions/boom.js:3:12")
                    || location.contains("functions/boom.js:3"),
                "{location}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        run(&mut sb, &f.root.join("functions/text.js"), &[]).unwrap_err(),
        JsError::Thrown {
            message: "plain text".into(),
            location: None
        }
    );
    let e = run(&mut sb, &f.root.join("functions/five.js"), &[]).unwrap_err();
    assert!(
        matches!(&e, JsError::BadReturn(m) if m.contains("number 5")),
        "{e:?}"
    );
    let e = run(&mut sb, &f.root.join("functions/shape.js"), &[]).unwrap_err();
    assert!(
        matches!(&e, JsError::BadReturn(m) if m.contains("no `message`")),
        "{e:?}"
    );
    // A caught exception returned as the message is the function failing, not a finding text.
    let e = run(&mut sb, &f.root.join("functions/caught.js"), &[]).unwrap_err();
    assert!(
        matches!(&e, JsError::BadReturn(m) if m.contains("an error as its message: TypeError")),
        "{e:?}"
    );
}

#[test]
fn no_file_system_network_or_process() {
    let f = fixture(&[
        ("functions/req.js", "module.exports = () => { require('fs'); return []; };\n"),
        ("functions/imp.js", "import fs from 'fs';\nexport default () => [];\n"),
        ("functions/fetch.js", "export default () => { fetch('http://example.com'); return []; };\n"),
        ("functions/proc.js", "export default () => [{ message: typeof process + ' ' + Object.keys(process.env).length + ' ' + typeof require + ' ' + typeof std + ' ' + typeof os }];\n"),
        ("functions/up.js", "import x from '../secret.js';\nexport default () => [];\n"),
        ("secret.js", "export default 1;\n"),
    ]);
    let mut sb = Sandbox::new(vec![f.root.join("functions")], Limits::default(), core()).unwrap();
    sb.set_document(&f.set).unwrap();
    let e = run(&mut sb, &f.root.join("functions/req.js"), &[]).unwrap_err();
    assert!(e.to_string().contains("sandbox"), "{e}");
    let e = run(&mut sb, &f.root.join("functions/imp.js"), &[]).unwrap_err();
    assert!(
        matches!(&e, JsError::Load { message, .. } if message.contains("sandbox")),
        "{e:?}"
    );
    let e = run(&mut sb, &f.root.join("functions/fetch.js"), &[]).unwrap_err();
    assert!(e.to_string().contains("fetch"), "{e}");
    let out = run(&mut sb, &f.root.join("functions/proc.js"), &[]).unwrap();
    // `process` is gardefou's inert stand-in (issue 11): an empty environment, no more.
    assert_eq!(out[0].message, "object 0 undefined undefined undefined");
    let e = run(&mut sb, &f.root.join("functions/up.js"), &[]).unwrap_err();
    assert!(e.to_string().contains("outside"), "{e}");
}

#[test]
fn math_random_is_the_same_on_every_run() {
    let f = fixture(&[(
        "functions/r.js",
        "export default () => [{ message: String(Math.random()) }];\n",
    )]);
    let first = run(
        &mut sandbox(&f, Limits::default()),
        &f.root.join("functions/r.js"),
        &[],
    )
    .unwrap();
    let second = run(
        &mut sandbox(&f, Limits::default()),
        &f.root.join("functions/r.js"),
        &[],
    )
    .unwrap();
    assert_eq!(first, second);
}

#[test]
fn ruleset_code_cannot_replace_gardefous_entry_points() {
    let f = fixture(&[
        (
            "functions/tamper.js",
            "import * as core from '@stoplight/spectral-functions';\nexport default () => {\n  try { globalThis.__gf = null; } catch (e) {}\n  try { globalThis.__gf.call = null; } catch (e) {}\n  try { core.truthy = null; } catch (e) {}\n  return [{ message: String(typeof globalThis.__gf.call) }];\n};\n",
        ),
        (
            "functions/after.js",
            "import { truthy } from '@stoplight/spectral-functions';\nexport default (t) => truthy(t.missing, null, { path: ['info', 'missing'] });\n",
        ),
    ]);
    let mut sb = sandbox(&f, Limits::default());
    let out = run(&mut sb, &f.root.join("functions/tamper.js"), &[key("info")]).unwrap();
    assert_eq!(out[0].message, "function");
    let out = run(&mut sb, &f.root.join("functions/after.js"), &[key("info")]).unwrap();
    assert_eq!(out[0].message, "not truthy");
}
