//! Ruleset functions cannot tamper with each other (issue 12, item 5): a function that replaces
//! or adds to the built-ins, freezes them, or leaves endless promise jobs behind changes
//! nothing for the rules run after it in the same sandbox; each rule still reports exactly
//! what it reports alone.
//!
//! The rules run in one sandbox, one after the other, in the order of the ruleset
//! (`RAYON_NUM_THREADS=1`: one worker), the tampering ones first; every document of the run
//! reuses the sandbox, so the second document sees what the first one's rules left.

mod common;
use common::*;

use std::process::Command;
use std::time::{Duration, Instant};

const API: &str = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\npaths: {}\n";

/// Functions that tamper with what other functions (and gardefou's own code) use.
const TAMPERING: [(&str, &str); 6] = [
    (
        "replaces",
        "JSON.stringify = () => '[]';\nexport default () => {\n  JSON.parse = () => [];\n  Array.isArray = () => false;\n  String = () => 'forged';\n  Object.keys = () => [];\n  Array.prototype.map = function () { return []; };\n  Array.prototype.push = function () { return 0; };\n  Array.prototype[Symbol.iterator] = function* () {};\n  return [];\n};\n",
    ),
    (
        "adds",
        "export default () => {\n  Object.prototype.then = function (resolve) { resolve([]); };\n  Object.prototype.toJSON = function () { return []; };\n  Object.defineProperty(Array.prototype, '0', { set() {}, get() { return undefined; }, configurable: true });\n  Object.prototype.message = 'forged';\n  return [];\n};\n",
    ),
    (
        "locks",
        "export default () => {\n  Object.defineProperty(JSON, 'stringify', { value: () => '[]', writable: false, configurable: false });\n  Object.freeze(Array.prototype);\n  Object.preventExtensions(Object.prototype);\n  return [];\n};\n",
    ),
    (
        "queues",
        "export default () => {\n  const again = () => Promise.resolve().then(again);\n  again();\n  return [];\n};\n",
    ),
    (
        "prototype",
        "export default () => {\n  Object.setPrototypeOf(Array.prototype, { get length() { return 0; } });\n  Reflect.deleteProperty(Array, 'isArray');\n  return [];\n};\n",
    ),
    (
        "global",
        "export default () => {\n  globalThis.Promise = function () {};\n  delete globalThis.Array;\n  return [];\n};\n",
    ),
];

/// Functions whose findings must survive whatever ran before them.
const HONEST: [(&str, &str); 3] = [
    (
        "honest",
        "export default (info, _, context) => [{ message: `title ${info.title}`, path: [...context.path, 'title'] }];\n",
    ),
    (
        "honest-async",
        "export default async (info) => {\n  await Promise.resolve();\n  return [{ message: `async ${info.title}` }];\n};\n",
    ),
    (
        "honest-builtins",
        "export default (info) => {\n  const keys = Object.keys(info).map((k) => k.toUpperCase());\n  return Array.isArray(keys) ? [{ message: JSON.stringify(keys) }] : [];\n};\n",
    ),
];

fn project(tampering: &[(&str, &str)]) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("functions")).unwrap();
    let all: Vec<(&str, &str)> = tampering.iter().chain(HONEST.iter()).copied().collect();
    let mut ruleset = String::from("functions:\n");
    for (name, _) in &all {
        ruleset.push_str(&format!("  - {name}\n"));
    }
    ruleset.push_str("rules:\n");
    for (name, source) in &all {
        std::fs::write(t.path().join(format!("functions/{name}.js")), source).unwrap();
        ruleset.push_str(&format!(
            "  js-{name}:\n    given: $.info\n    severity: warn\n    then: {{function: {name}}}\n"
        ));
    }
    std::fs::write(t.path().join(".spectral.yaml"), ruleset).unwrap();
    std::fs::write(t.path().join("a.yaml"), API).unwrap();
    std::fs::write(t.path().join("b.yaml"), API.replace("Pets", "Cats")).unwrap();
    t
}

/// (rule, file, message) of every finding of a run on both documents, one worker thread.
fn run(t: &tempfile::TempDir) -> Vec<(String, String, String)> {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(t.path())
        .env("RAYON_NUM_THREADS", "1")
        .args([
            "lint",
            "-f",
            "json",
            "--function-timeout",
            "300",
            "a.yaml",
            "b.yaml",
        ])
        .output()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert!(out.status.code() == Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut found = Vec::new();
    for d in v["documents"].as_array().unwrap() {
        for f in d["findings"].as_array().unwrap() {
            found.push((
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            ));
        }
    }
    found.sort();
    found
}

fn honest_findings(found: &[(String, String, String)]) -> Vec<(String, String, String)> {
    found
        .iter()
        .filter(|(rule, ..)| HONEST.iter().any(|(n, _)| *rule == format!("js-{n}")))
        .cloned()
        .collect()
}

fn expected() -> Vec<(String, String, String)> {
    let mut want = Vec::new();
    for (file, title) in [("a.yaml", "Pets"), ("b.yaml", "Cats")] {
        for (rule, message) in [
            ("js-honest", format!("title {title}")),
            ("js-honest-async", format!("async {title}")),
            ("js-honest-builtins", r#"["TITLE","VERSION"]"#.to_string()),
        ] {
            want.push((rule.to_string(), file.to_string(), message));
        }
    }
    want.sort();
    want
}

#[test]
fn honest_rules_report_the_same_alone_and_after_tampering_ones() {
    // Alone: what the honest rules report (the anchor for the runs below).
    let alone = run(&project(&[]));
    assert_eq!(honest_findings(&alone), expected());
    // After each tampering function on its own, then after all of them together.
    for one in TAMPERING {
        let found = run(&project(&[one]));
        assert_eq!(honest_findings(&found), expected(), "after `{}`", one.0);
    }
    let found = run(&project(&TAMPERING));
    assert_eq!(honest_findings(&found), expected(), "after all of them");
}

#[test]
fn endless_jobs_are_charged_to_the_function_that_queued_them() {
    let found = run(&project(&[TAMPERING[3]]));
    let queues: Vec<_> = found.iter().filter(|(r, ..)| r == "js-queues").collect();
    // Stopped in each document, and named as the function at fault.
    assert_eq!(queues.len(), 2, "{found:?}");
    for (_, _, message) in queues {
        assert!(
            message.contains("functions/queues.js") && message.contains("300 ms"),
            "{message}"
        );
    }
    // The async function after it is not blamed.
    assert!(
        !found
            .iter()
            .any(|(r, _, m)| r == "js-honest-async" && m.contains("time limit")),
        "{found:?}"
    );
}
