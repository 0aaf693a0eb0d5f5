//! Ruleset JavaScript functions through `gardefou lint`: hostile functions become findings of
//! their rules, within their limits, and every other rule still reports.

mod common;
use common::*;

use std::time::{Duration, Instant};

const API: &str = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\npaths:\n  /pets:\n    get:\n      responses:\n        '200': {description: OK}\n";

const HOSTILE: [(&str, &str); 7] = [
    ("loops", "export default () => { for (;;) {} };\n"),
    (
        "hoards",
        "export default () => { const all = []; for (;;) { all.push(new Array(4096).fill(all.length)); } };\n",
    ),
    (
        "throws",
        "export default (info) => {\n  const contact = info.contact;\n  return [{ message: contact.email }];\n};\n",
    ),
    ("garbage", "export default () => ({ not: 'an array' });\n"),
    ("filesystem", "const fs = require('fs');\nmodule.exports = () => [{ message: String(fs) }];\n"),
    ("network", "export default async () => { await fetch('https://example.com'); return []; };\n"),
    ("honest", "export default (info) => [{ message: `title ${info.title}` }];\n"),
];

fn project() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("functions")).unwrap();
    let mut ruleset = String::from("extends: [[spectral:oas, recommended]]\nfunctions:\n");
    for (name, _) in HOSTILE {
        ruleset.push_str(&format!("  - {name}\n"));
    }
    ruleset.push_str("rules:\n");
    for (name, source) in HOSTILE {
        std::fs::write(t.path().join(format!("functions/{name}.js")), source).unwrap();
        ruleset.push_str(&format!(
            "  js-{name}:\n    given: $.info\n    severity: warn\n    then: {{function: {name}}}\n"
        ));
    }
    std::fs::write(t.path().join(".spectral.yaml"), ruleset).unwrap();
    std::fs::write(t.path().join("api.yaml"), API).unwrap();
    t
}

#[test]
fn hostile_functions_are_findings_and_linting_goes_on() {
    let t = project();
    let start = Instant::now();
    let out = gardefou(
        t.path(),
        &[
            "lint",
            "-f",
            "json",
            "--function-timeout",
            "500",
            "--function-memory",
            "64",
            "api.yaml",
        ],
    );
    let elapsed = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = v["documents"][0]["findings"].as_array().unwrap();
    let message = |rule: &str| -> String {
        let of: Vec<&serde_json::Value> = findings.iter().filter(|f| f["rule"] == rule).collect();
        assert_eq!(of.len(), 1, "{rule}: {of:?}");
        of[0]["message"].as_str().unwrap().to_string()
    };
    let m = message("js-loops");
    assert!(
        m.contains("functions/loops.js") && m.contains("500 ms"),
        "{m}"
    );
    let m = message("js-hoards");
    assert!(
        m.contains("functions/hoards.js") && (m.contains("64 MiB") || m.contains("500 ms")),
        "{m}"
    );
    let m = message("js-throws");
    assert!(
        m.contains("TypeError") && m.contains("functions/throws.js:3:"),
        "{m}"
    );
    let m = message("js-garbage");
    assert!(m.contains("returned an object, not an array"), "{m}");
    let m = message("js-filesystem");
    assert!(
        m.contains("cannot import `fs`") && m.contains("sandbox"),
        "{m}"
    );
    // The line and column are the file's own, not those of gardefou's CommonJS wrapper.
    assert!(m.ends_with("functions/filesystem.js:1:11"), "{m}");
    let m = message("js-network");
    assert!(
        m.contains("fetch") && m.contains("functions/network.js"),
        "{m}"
    );
    assert_eq!(message("js-honest"), "title Pets");
    // The other rules still report: spectral:oas findings on the same document.
    for rule in [
        "info-contact",
        "info-description",
        "operation-operationId",
        "oas3-api-servers",
    ] {
        assert!(findings.iter().any(|f| f["rule"] == rule), "no {rule}");
    }
    // Two runaway functions at 0.5 s each, plus the rest: well under the sum of a few limits.
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[test]
fn a_function_that_does_not_load_is_a_ruleset_error_with_its_line() {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("functions")).unwrap();
    std::fs::write(
        t.path().join("functions/broken.js"),
        "export default (x) => {\n  return [;\n};\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("rs.yaml"),
        "functions: [broken]\nrules:\n  r:\n    given: $\n    then: {function: broken}\n",
    )
    .unwrap();
    std::fs::write(t.path().join("api.yaml"), API).unwrap();
    let out = gardefou(t.path(), &["lint", "-r", "rs.yaml", "api.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("rs.yaml:5:") && err.contains("functions/broken.js:2"),
        "{err}"
    );
}

/// `createRulesetFunction`'s options schema is checked when the ruleset loads, as in Spectral.
#[test]
fn options_are_checked_against_the_functions_schema() {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("functions")).unwrap();
    std::fs::write(
        t.path().join("functions/max.js"),
        "import { createRulesetFunction } from '@stoplight/spectral-core';\nexport default createRulesetFunction({ input: { type: 'object' }, options: { type: 'object', properties: { max: { type: 'integer' } }, required: ['max'], additionalProperties: false } }, (paths, { max }) => Object.keys(paths).length > max ? [{ message: `more than ${max} paths` }] : []);\n",
    )
    .unwrap();
    std::fs::write(t.path().join("api.yaml"), API).unwrap();
    let ruleset = |opts: &str| {
        format!("functions: [max]\nrules:\n  few-paths:\n    given: $.paths\n    then: {{function: max, functionOptions: {opts}}}\n")
    };
    std::fs::write(t.path().join("bad.yaml"), ruleset("{max: many}")).unwrap();
    let out = gardefou(t.path(), &["lint", "-r", "bad.yaml", "api.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("do not match its schema"),
        "{}",
        stderr(&out)
    );
    std::fs::write(t.path().join("good.yaml"), ruleset("{max: 0}")).unwrap();
    let out = gardefou(
        t.path(),
        &["lint", "-r", "good.yaml", "-f", "stylish", "api.yaml"],
    );
    assert!(
        stdout(&out).contains("more than 0 paths [few-paths]"),
        "{}",
        stdout(&out)
    );
}

/// Functions are scoped per ruleset: an extended ruleset's rules call its own `check.js`, the
/// extending ruleset's rules call theirs, though both are named `check`.
#[test]
fn function_names_are_scoped_per_ruleset() {
    let t = tempfile::tempdir().unwrap();
    for (dir, text) in [("base", "from base"), ("team", "from team")] {
        std::fs::create_dir_all(t.path().join(dir).join("functions")).unwrap();
        std::fs::write(
            t.path().join(dir).join("functions/check.js"),
            format!("module.exports = () => [{{ message: '{text}' }}];\n"),
        )
        .unwrap();
    }
    std::fs::write(
        t.path().join("base/ruleset.yaml"),
        "functions: [check]\nrules:\n  base-rule:\n    given: $.info\n    then: {function: check}\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("team/ruleset.yaml"),
        "extends: [../base/ruleset.yaml]\nfunctions: [check]\nrules:\n  team-rule:\n    given: $.info\n    then: {function: check}\n",
    )
    .unwrap();
    std::fs::write(t.path().join("api.yaml"), API).unwrap();
    let out = gardefou(
        t.path(),
        &[
            "lint",
            "-r",
            "team/ruleset.yaml",
            "-f",
            "stylish",
            "api.yaml",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("from base [base-rule]"),
        "{text}{}",
        stderr(&out)
    );
    assert!(text.contains("from team [team-rule]"), "{text}");
}

/// `unreferencedReusableObject` imported from `@stoplight/spectral-functions` sees the whole
/// document, as it does when a ruleset names it directly.
#[test]
fn core_functions_called_from_javascript_see_the_document() {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("functions")).unwrap();
    std::fs::write(
        t.path().join("functions/unused.js"),
        "import { unreferencedReusableObject } from '@stoplight/spectral-functions';\nexport default (schemas, _, context) => unreferencedReusableObject(schemas, { reusableObjectsLocation: '#/components/schemas' }, context);\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("rs.yaml"),
        "functions: [unused]\nrules:\n  unused-schema:\n    given: $.components.schemas\n    resolved: false\n    then: {function: unused}\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Used'}\ncomponents:\n  schemas:\n    Used: {type: object}\n    Unused: {type: object}\n",
    )
    .unwrap();
    let out = gardefou(
        t.path(),
        &["lint", "-r", "rs.yaml", "-f", "json", "api.yaml"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<String> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unused-schema")
        .map(|f| {
            f["path"]
                .as_array()
                .unwrap()
                .last()
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(found, ["Unused"], "{}", stdout(&out));
}
