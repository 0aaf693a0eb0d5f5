//! Rulesets that are JavaScript modules, as the published Spectral rulesets ship: an ES module
//! and a CommonJS module (which changes rules of Spectral's `oas` in place, as IBM's does) give
//! the findings Spectral 6.16.3 gives with them (kept in fixtures/js-rulesets/spectral, made by
//! tools/js_rulesets_oracle.sh); load errors name the module; remote `extends` only on request.

mod common;
use common::*;

type Row = (String, Vec<String>, u64, u64, String);

fn rows(v: &serde_json::Value) -> Vec<Row> {
    let mut out: Vec<Row> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    s.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| s.to_string())
                })
                .collect();
            (
                f[0].as_str().unwrap().to_string(),
                path,
                f[2].as_u64().unwrap(),
                f[3].as_u64().unwrap(),
                f[4].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn ours(ruleset: &str, docs: &[&str]) -> Vec<Vec<Row>> {
    let dir = root().join("fixtures/js-rulesets");
    let mut args = vec!["lint", "-f", "spectral-json", "-r", ruleset];
    args.extend_from_slice(docs);
    let out = gardefou(&dir, &args);
    assert!(out.status.code().unwrap_or(9) <= 1, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    docs.iter()
        .map(|d| {
            let mine: Vec<serde_json::Value> = v
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["source"].as_str().is_some_and(|s| s.ends_with(d)))
                .map(|f| {
                    serde_json::json!([
                        f["code"],
                        f["path"],
                        f["range"]["start"]["line"],
                        f["severity"],
                        f["message"]
                    ])
                })
                .collect();
            rows(&serde_json::Value::Array(mine))
        })
        .collect()
}

fn spectral(name: &str) -> Vec<Row> {
    let file = root().join("fixtures/js-rulesets/spectral").join(name);
    rows(&serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap())
}

#[test]
fn an_es_module_ruleset_matches_spectral() {
    for (doc, oracle) in [
        ("api.yaml", "esm__api.json"),
        ("api30.yaml", "esm__api30.json"),
    ] {
        assert_eq!(
            ours("esm/ruleset.mjs", &[doc])[0],
            spectral(oracle),
            "{doc}"
        );
    }
}

#[test]
fn a_commonjs_ruleset_that_changes_oas_rules_matches_spectral() {
    for (doc, oracle) in [
        ("api.yaml", "cjs__api.json"),
        ("api30.yaml", "cjs__api30.json"),
    ] {
        assert_eq!(ours("cjs/ruleset.js", &[doc])[0], spectral(oracle), "{doc}");
    }
}

#[test]
fn documents_linted_in_one_run_give_what_they_give_alone() {
    // The sandbox (and the evaluated module) is reused from one document to the next.
    let together = ours("esm/ruleset.mjs", &["api.yaml", "api30.yaml"]);
    assert_eq!(together[0], ours("esm/ruleset.mjs", &["api.yaml"])[0]);
    assert_eq!(together[1], ours("esm/ruleset.mjs", &["api30.yaml"])[0]);
}

fn load_error(files: &[(&str, &str)], ruleset: &str) -> String {
    let t = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = t.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(
        t.path().join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let out = gardefou(t.path(), &["lint", "-r", ruleset, "api.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    stderr(&out)
}

#[test]
fn a_broken_module_is_a_ruleset_error_naming_it() {
    let e = load_error(&[("r.js", "module.exports = 'nope';\n")], "r.js");
    assert!(
        e.contains("r.js") && e.contains("must be a ruleset object"),
        "{e}"
    );

    let e = load_error(
        &[("r.mjs", "const x = 1;\nexport default { rules: { a: { given: '$', then: { function: undefinedThing } } } };\n")],
        "r.mjs",
    );
    assert!(
        e.contains("r.mjs:2:") && e.contains("undefinedThing"),
        "{e}"
    );

    let e = load_error(
        &[(
            "r.mjs",
            "export default { formats: [(d) => true], rules: {} };\n",
        )],
        "r.mjs",
    );
    assert!(
        e.contains("custom format functions are not supported"),
        "{e}"
    );

    let e = load_error(
        &[
            (
                "f.mjs",
                "import { createRulesetFunction } from '@stoplight/spectral-core';\nexport default createRulesetFunction({ input: null, options: { type: 'object', required: ['max'] } }, () => {});\n",
            ),
            (
                "r.mjs",
                "import f from './f.mjs';\nexport default { rules: { a: { given: '$', then: { function: f, functionOptions: { min: 1 } } } } };\n",
            ),
        ],
        "r.mjs",
    );
    assert!(
        e.contains("rule `a`") && e.contains("do not match its schema") && e.contains("max"),
        "{e}"
    );

    // A string option that merely looks like a regex literal is still checked.
    let e = load_error(
        &[
            (
                "f.mjs",
                "import { createRulesetFunction } from '@stoplight/spectral-core';\nexport default createRulesetFunction({ input: null, options: { type: 'object', properties: { max: { type: 'integer' } } } }, () => {});\n",
            ),
            (
                "r.mjs",
                "import f from './f.mjs';\nexport default { rules: { a: { given: '$', then: { function: f, functionOptions: { max: '/1/' } } } } };\n",
            ),
        ],
        "r.mjs",
    );
    assert!(e.contains("do not match its schema"), "{e}");

    let e = load_error(
        &[(
            "r.mjs",
            "import fs from 'fs';\nexport default { rules: {} };\n",
        )],
        "r.mjs",
    );
    assert!(e.contains("cannot import `fs`"), "{e}");
}

/// What the test server answers.
const ROUTES: &[(&str, &str)] = &[
    ("/rules/team.yaml", "extends: [./base.yaml]\nrules:\n  operation-tags: error\n"),
    ("/rules/base.yaml", "extends: [[spectral:oas, off]]\nrules:\n  info-title-shout:\n    given: $.info.title\n    then: {function: pattern, functionOptions: {match: '^[A-Z ]+$'}}\n"),
    ("/rules/code.yaml", "functions: [f]\nrules: {}\n"),
];

#[test]
fn remote_rulesets_only_with_the_flag() {
    let port = serve(8, ROUTES);
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("rs.yaml"),
        format!("extends: ['http://127.0.0.1:{port}/rules/team.yaml']\n"),
    )
    .unwrap();
    std::fs::write(
        t.path().join("code.yaml"),
        format!("extends: ['http://127.0.0.1:{port}/rules/code.yaml']\n"),
    )
    .unwrap();
    std::fs::write(
        t.path().join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: quiet, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: OK}}\n",
    )
    .unwrap();

    let out = gardefou(t.path(), &["lint", "-r", "rs.yaml", "api.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--allow-remote-rulesets"),
        "{}",
        stderr(&out)
    );

    let out = gardefou(
        t.path(),
        &[
            "lint",
            "--allow-remote-rulesets",
            "-f",
            "spectral-json",
            "-r",
            "rs.yaml",
            "api.yaml",
        ],
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    let mut codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    codes.sort();
    assert_eq!(codes, ["info-title-shout", "operation-tags"]);

    let out = gardefou(
        t.path(),
        &[
            "lint",
            "--allow-remote-rulesets",
            "-r",
            "code.yaml",
            "api.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot bring JavaScript functions"),
        "{}",
        stderr(&out)
    );
}
