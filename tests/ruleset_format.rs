//! Spectral's ruleset format, key by key: extends (built-in, files, packages, modes), rules
//! (definitions and adjustments), aliases (plain and scoped), formats, message templates,
//! fields (`@key`, paths, JSONPath), overrides (globs and pointers), parserOptions, errors.

use std::path::Path;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint, Config, Severity};

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

const API: &str = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /user_items:\n    get:\n      operationId: Get_Items\n      responses: {'200': {description: OK}}\n  /orders:\n    get:\n      operationId: listOrders\n      responses: {'200': {description: OK}}\n";

/// (rule, path, severity, message) of each finding of `rules` on `doc`.
fn run(ruleset: &Path, doc: &Path) -> Vec<(String, String, Severity, String)> {
    let config = Config::load(ruleset).unwrap_or_else(|e| panic!("{e}"));
    let set = DocumentSet::load(doc, &LoadOptions::default()).unwrap();
    lint(&set, &config)
        .into_iter()
        .map(|f| {
            (
                f.rule,
                f.path
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join("."),
                f.severity,
                f.message,
            )
        })
        .collect()
}

#[test]
fn definitions_aliases_fields_and_templates() {
    let t = tempfile::tempdir().unwrap();
    let doc = write(t.path(), "api.yaml", API);
    let rs = write(
        t.path(),
        "rules.yaml",
        r##"
aliases:
  Ops: ["$.paths[*][get,put,post,delete]"]
  Scoped:
    targets:
      - formats: [oas2]
        given: ["$.swagger"]
      - formats: [oas3]
        given: ["$.openapi"]
rules:
  op-id-camel:
    description: operationIds are camelCase
    message: "{{property}} `{{value}}` is not camel case ({{path}}): {{error}}"
    severity: error
    given: "#Ops"
    then: {field: operationId, function: casing, functionOptions: {type: camel}}
  path-kebab:
    given: $.paths
    severity: 1
    then: {field: "@key", function: pattern, functionOptions: {match: "^(/[a-z-]+)+$"}}
  version-field:
    given: "#Scoped"
    severity: hint
    then: {function: pattern, functionOptions: {match: "^2"}}
  only-oas2:
    formats: [oas2]
    given: $.info
    then: {field: title, function: falsy}
  ops-by-jsonpath-field:
    given: $.paths
    severity: info
    then: {field: "$..operationId", function: pattern, functionOptions: {notMatch: "_"}}
"##,
    );
    let out = run(&rs, &doc);
    let has = |rule: &str, path: &str| out.iter().any(|(r, p, _, _)| r == rule && p == path);
    assert!(
        has("op-id-camel", "paths./user_items.get.operationId"),
        "{out:#?}"
    );
    assert!(!has("op-id-camel", "paths./orders.get.operationId"));
    let (_, _, sev, msg) = out.iter().find(|(r, _, _, _)| r == "op-id-camel").unwrap();
    assert_eq!(*sev, Severity::Error);
    // As Spectral renders them: `{{value}}` is String(value), `{{path}}` an escaped pointer
    // (fixtures/spectral-engine/message-vars).
    assert_eq!(msg, "operationId `Get_Items` is not camel case (#/paths/~1user_items/get/operationId): \"Get_Items\" must be camel case");
    assert!(out
        .iter()
        .any(|(r, p, s, _)| r == "path-kebab" && p == "paths./user_items" && *s == Severity::Warn));
    assert!(out
        .iter()
        .any(|(r, p, s, _)| r == "version-field" && p == "openapi" && *s == Severity::Hint));
    assert!(
        !out.iter().any(|(r, _, _, _)| r == "only-oas2"),
        "formats restrict the rule"
    );
    assert!(out.iter().any(|(r, p, s, _)| r == "ops-by-jsonpath-field"
        && p == "paths./user_items.get.operationId"
        && *s == Severity::Info));
}

#[test]
fn extends_modes_packages_adjustments_and_overrides() {
    let t = tempfile::tempdir().unwrap();
    let doc = write(t.path(), "apis/api.yaml", API);
    write(
        t.path(),
        "node_modules/@acme/rules/package.json",
        r#"{"name": "@acme/rules", "main": "ruleset.yaml"}"#,
    );
    write(
        t.path(),
        "node_modules/@acme/rules/ruleset.yaml",
        "rules:\n  acme-no-underscore:\n    given: $.paths\n    severity: error\n    then: {field: '@key', function: pattern, functionOptions: {notMatch: _}}\n  acme-optional:\n    recommended: false\n    given: $.info\n    then: {field: description, function: truthy}\n",
    );
    let rs = write(
        t.path(),
        ".spectral.yaml",
        "extends:\n  - [spectral:oas, off]\n  - '@acme/rules'\nrules:\n  operation-description: warn\n  acme-optional: true\n  acme-no-underscore: info\noverrides:\n  - files: ['apis/*.yaml#/paths/~1user_items']\n    rules:\n      acme-no-underscore: off\n  - files: ['apis/*.yaml']\n    rules:\n      operation-description: error\n",
    );
    let out = run(&rs, &doc);
    let rules: Vec<&str> = out.iter().map(|(r, _, _, _)| r.as_str()).collect();
    // spectral:oas is off except the rule turned back on; the package's rules run.
    assert!(!rules.contains(&"operation-tags"));
    assert!(
        rules.contains(&"acme-optional"),
        "`true` enables a rule that is not recommended"
    );
    // The pointer override silences the rule under /paths/~1user_items only.
    assert!(
        !out.iter().any(|(r, _, _, _)| r == "acme-no-underscore"),
        "{out:#?}"
    );
    // The glob override raises the severity for every document under apis/.
    assert!(out
        .iter()
        .filter(|(r, _, _, _)| r == "operation-description")
        .all(|(_, _, s, _)| *s == Severity::Error));
    assert_eq!(
        out.iter()
            .filter(|(r, _, _, _)| r == "operation-description")
            .count(),
        2
    );
}

#[test]
fn errors_point_into_the_ruleset() {
    let t = tempfile::tempdir().unwrap();
    let cases = [
        ("unknown-rule.yaml", "extends: spectral:oas\nrules:\n  no-such-rule: error\n", "unknown-rule.yaml:3:3", "no-such-rule"),
        ("bad-severity.yaml", "extends: spectral:oas\nrules:\n  operation-tags: loud\n", "bad-severity.yaml:3:19", "not a severity"),
        ("bad-key.yaml", "extends: spectral:oas\nrulez: {}\n", "bad-key.yaml:2:1", "unknown ruleset key"),
        ("bad-path.yaml", "rules:\n  r:\n    given: $.paths[?(@.x ==]\n    then: {function: truthy}\n", "bad-path.yaml:3:12", "invalid JSONPath"),
        ("bad-fn.yaml", "rules:\n  r:\n    given: $\n    then: {function: nope}\n", "bad-fn.yaml:4:22", "unknown function `nope`"),
        ("bad-opts.yaml", "rules:\n  r:\n    given: $\n    then: {function: casing, functionOptions: {type: wavy}}\n", "bad-opts.yaml:4:11", "casing"),
        ("bad-extends.yaml", "extends: ./missing.yaml\n", "bad-extends.yaml:1:10", "not found"),
        ("js.yaml", "extends: ./x.js\n", "x.js", "must be a ruleset object"),
        ("js-throws.yaml", "extends: ./y.js\n", "y.js:2:", "broken ruleset"),
    ];
    write(t.path(), "x.js", "module.exports = 42;");
    write(
        t.path(),
        "y.js",
        "const a = 1;\nthrow new Error('broken ruleset');\n",
    );
    for (name, text, at, what) in cases {
        let rs = write(t.path(), name, text);
        let err = match Config::load(&rs) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{name}: accepted"),
        };
        assert!(err.contains(at) && err.contains(what), "{name}: {err}");
    }
}

#[test]
fn javascript_functions_load_from_functions_dir() {
    let t = tempfile::tempdir().unwrap();
    let rs = write(
        t.path(),
        "rs.yaml",
        "functions: [myCheck]\nrules:\n  custom:\n    given: $.info\n    then: {function: myCheck}\n  builtin:\n    given: $.info\n    then: {field: contact, function: truthy}\n",
    );
    // Listed but missing: a ruleset error at the name.
    let err = Config::load(&rs)
        .err()
        .expect("a missing function file is an error")
        .to_string();
    assert!(
        err.contains("rs.yaml:1:") && err.contains("functions/myCheck.js"),
        "{err}"
    );
    std::fs::create_dir_all(t.path().join("functions")).unwrap();
    write(
        t.path(),
        "functions/myCheck.js",
        "export default (info) => [{ message: `title is ${info.title}` }];\n",
    );
    let doc = write(t.path(), "api.yaml", API);
    let found = run(&rs, &doc);
    assert!(found.iter().any(|(r, _, _, _)| r == "builtin"), "{found:?}");
    assert!(
        found
            .iter()
            .any(|(r, _, _, m)| r == "custom" && m.starts_with("title is ")),
        "{found:?}"
    );
    // `functionsDir` moves them.
    std::fs::rename(t.path().join("functions"), t.path().join("js")).unwrap();
    let moved = write(
        t.path(),
        "moved.yaml",
        "functionsDir: js\nfunctions: [myCheck]\nrules:\n  custom:\n    given: $.info\n    then: {function: myCheck}\n",
    );
    assert!(run(&moved, &doc).iter().any(|(r, _, _, _)| r == "custom"));
}

#[test]
fn parser_options_set_duplicate_key_severity() {
    let t = tempfile::tempdir().unwrap();
    let doc = write(
        t.path(),
        "api.yaml",
        &API.replace("  /orders:", "  /orders: {}\n  /orders:"),
    );
    let rs = write(
        t.path(),
        "rs.yaml",
        "extends: spectral:oas\nparserOptions:\n  duplicateKeys: warn\n",
    );
    let out = run(&rs, &doc);
    assert!(
        out.iter()
            .any(|(r, _, s, _)| r == "duplicate-key" && *s == Severity::Warn),
        "{out:#?}"
    );
}

#[test]
fn asyncapi_and_arazzo_rulesets_are_known_and_never_run_on_openapi() {
    // Microcks' ruleset: `extends: [[spectral:oas, off], [spectral:asyncapi, off]]`, then turns
    // an AsyncAPI rule back on.
    let t = tempfile::tempdir().unwrap();
    let rs = write(
        t.path(),
        "rs.yaml",
        "extends: [[spectral:oas, off], [spectral:asyncapi, off], spectral:arazzo]\nrules:\n  asyncapi-message-examples: true\n  arazzo-step-description: error\n  operation-tags: warn\n",
    );
    let config = Config::load(&rs).unwrap_or_else(|e| panic!("{e}"));
    let doc = write(
        t.path(),
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: OK}}\n",
    );
    let set = DocumentSet::load(&doc, &LoadOptions::default()).unwrap();
    let rules: Vec<String> = lint(&set, &config).into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["operation-tags"]);

    let bad = write(
        t.path(),
        "bad.yaml",
        "extends: [[spectral:asyncapi, off]]\nrules:\n  asyncapi-no-such-rule: true\n",
    );
    let err = Config::load(&bad)
        .err()
        .expect("an unknown rule")
        .to_string();
    assert!(
        err.contains("bad.yaml:3:3") && err.contains("asyncapi-no-such-rule"),
        "{err}"
    );
}

#[test]
fn nimma_type_shorthands_and_bare_filters_select_what_spectral_selects() {
    // Azure's data-plane ruleset uses both; the expected paths are what Spectral 6.16.3 reports
    // with this ruleset on this document.
    let t = tempfile::tempdir().unwrap();
    let rs = write(
        t.path(),
        "rs.yaml",
        "rules:\n  a:\n    given: \"$..[?(@object() && @.description)].description\"\n    then: {function: falsy}\n  b:\n    given: \"$..[?(@string())]\"\n    then: {function: falsy}\n  c:\n    given: \"$.info[?(@string() && @property === 'title')]\"\n    then: {function: falsy}\n  d:\n    given: \"$..?(@property === 'title')\"\n    then: {function: falsy}\n",
    );
    let doc = write(
        t.path(),
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: \"1\", description: D}\npaths: {}\n",
    );
    let config = Config::load(&rs).unwrap_or_else(|e| panic!("{e}"));
    let set = DocumentSet::load(&doc, &LoadOptions::default()).unwrap();
    let mut got: Vec<String> = lint(&set, &config)
        .into_iter()
        .map(|f| {
            let path: Vec<String> = f.path.iter().map(|s| s.to_string()).collect();
            format!("{} {}", f.rule, path.join("."))
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "a info.description",
            "b info.description",
            "b info.title",
            "b info.version",
            "b openapi",
            "c info.title",
            "d info.title"
        ]
    );
}
