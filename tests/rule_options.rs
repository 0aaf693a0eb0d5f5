//! Typed rule options, through the binary: a bad option value or key is a ruleset error (exit 2)
//! at the value's file, line and column with the allowed values; every option case of
//! `fixtures/rules/<rule>/<case>.yaml` (with `<case>.options.yaml`) changes what its rule
//! reports; `gardefou schema` describes the options.

mod common;
use common::*;

use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Lints `doc` with a ruleset setting `rule` on (severity warn) with the options `options`
/// (YAML text of a mapping, or none): the exit code and the stderr.
fn load(dir: &Path, rule: &str, options: &str) -> (Option<i32>, String) {
    let ruleset = format!(
        "extends: [gardefou:recommended]\nrules:\n  {rule}:\n    severity: warn\n    options:\n{}",
        indent(options)
    );
    write(dir, "ruleset.yaml", &ruleset);
    write(
        dir,
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths: {}\n",
    );
    let out = gardefou(dir, &["lint", "api.yaml", "--ruleset", "ruleset.yaml"]);
    (out.status.code(), stderr(&out))
}

fn indent(yaml: &str) -> String {
    yaml.lines().map(|l| format!("      {l}\n")).collect()
}

#[test]
fn a_casing_that_does_not_exist_is_a_ruleset_error_listing_the_casings() {
    let t = tempfile::tempdir().unwrap();
    let (code, err) = load(t.path(), "naming-property-casing", "casing: snek\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("ruleset.yaml:6:15:"), "{err}");
    assert!(
        err.contains("expected one of flat, camel, pascal, kebab, cobol, snake, macro"),
        "{err}"
    );
}

#[test]
fn an_unknown_option_key_is_a_ruleset_error_naming_the_known_keys() {
    let t = tempfile::tempdir().unwrap();
    let (code, err) = load(t.path(), "naming-property-casing", "casnig: snake\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("ruleset.yaml:6:15:"), "{err}");
    assert!(
        err.contains("unknown field `casnig`, expected `casing`"),
        "{err}"
    );
    // A rule without options takes none.
    let (code, err) = load(t.path(), "security-no-http-basic", "strict: true\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("ruleset.yaml:6:15:") && err.contains("unknown field `strict`"),
        "{err}"
    );
}

#[test]
fn an_invalid_regular_expression_option_is_a_ruleset_error_at_the_pattern() {
    let t = tempfile::tempdir().unwrap();
    let (code, err) = load(t.path(), "naming-header-casing", "pattern: '([A-Z'\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("ruleset.yaml:6:16:"), "{err}");
    assert!(err.contains("is not a valid regular expression"), "{err}");
}

#[test]
fn a_value_of_the_wrong_type_is_a_ruleset_error() {
    let t = tempfile::tempdir().unwrap();
    let (code, err) = load(t.path(), "naming-no-verbs-in-path", "verbs: [get, 3]\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("ruleset.yaml:6:20:") && err.contains("`verbs[1]`"),
        "{err}"
    );
    let (code, err) = load(
        t.path(),
        "versioning-major-version-visible",
        "location: url\n",
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("`any`, `path`, `server`, `header`") || err.contains("any"),
        "{err}"
    );
}

/// The messages of `rule`'s findings on `doc`, with `options` (YAML text) or the defaults.
fn findings(dir: &Path, rule: &str, doc: &Path, options: Option<&str>) -> Vec<String> {
    let ruleset_of = gardefou_linter::find_rule(rule)
        .expect("a rule")
        .meta()
        .ruleset;
    let mut ruleset =
        format!("extends: [[{ruleset_of}, all]]\nrules:\n  {rule}:\n    severity: warn\n");
    if let Some(o) = options {
        ruleset.push_str("    options:\n");
        ruleset.push_str(&indent(o));
    }
    write(dir, "ruleset.yaml", &ruleset);
    let doc_str = doc.to_str().unwrap();
    let out = gardefou(
        dir,
        &["lint", doc_str, "--ruleset", "ruleset.yaml", "-f", "json"],
    );
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{rule}: {}",
        stderr(&out)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let documents = report["documents"].as_array().expect("documents");
    documents
        .iter()
        .flat_map(|d| d["findings"].as_array().expect("findings"))
        .filter(|f| f["rule"] == rule)
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn every_option_case_changes_what_its_rule_reports() {
    let t = tempfile::tempdir().unwrap();
    let mut cases = 0;
    let mut wrong = Vec::new();
    let mut configurable = Vec::new();
    for entry in std::fs::read_dir(root().join("fixtures/rules")).unwrap() {
        let dir = entry.unwrap().path();
        let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
        let Some(r) = gardefou_linter::find_rule(&rule) else {
            continue;
        };
        // A rule in Spectral's format takes no options: its cases pin the loader's refusal
        // (tests/rule_cases.rs).
        if r.definition().is_some() {
            continue;
        }
        let mut has_case = false;
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let Some(case) = name.strip_suffix(".options.yaml") else {
                continue;
            };
            has_case = true;
            cases += 1;
            let doc = dir.join(format!("{case}.yaml"));
            let options = std::fs::read_to_string(&file).unwrap();
            let with = findings(t.path(), &rule, &doc, Some(&options));
            let without = findings(t.path(), &rule, &doc, None);
            if with == without {
                wrong.push(format!(
                    "{rule}/{case}: the options change nothing: {with:?}"
                ));
            }
        }
        if r.options_schema().is_some() && !has_case {
            configurable.push(rule);
        }
    }
    assert!(cases >= 55, "{cases} option cases");
    assert!(
        configurable.is_empty(),
        "configurable rules without an option case: {configurable:?}"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn options_take_effect_as_documented() {
    let t = tempfile::tempdir().unwrap();
    let cases = root().join("fixtures/rules");
    let snake = cases.join("naming-property-casing/snake.yaml");
    let reported = findings(
        t.path(),
        "naming-property-casing",
        &snake,
        Some("casing: snake\n"),
    );
    // Of the seven spellings, `orderitem` and `order_item` are snake case.
    assert_eq!(reported.len(), 5, "{reported:?}");
    assert!(
        !reported.iter().any(|m| m.contains("`order_item`")),
        "{reported:?}"
    );
    let lower = cases.join("naming-header-casing/lower_case.yaml");
    let reported = findings(
        t.path(),
        "naming-header-casing",
        &lower,
        Some("pattern: '^[a-z][a-z0-9-]*$'\n"),
    );
    assert_eq!(
        reported,
        vec!["header `X-Trace-Id` is not Hyphenated-Pascal-Case"]
    );
}

#[test]
fn the_ruleset_schema_describes_each_native_rules_options() {
    let t = tempfile::tempdir().unwrap();
    let out = gardefou(t.path(), &["schema"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules = &schema["properties"]["rules"]["properties"];
    let casing = &rules["naming-property-casing"]["oneOf"][1]["properties"]["options"];
    assert_eq!(
        casing["properties"]["casing"]["default"], "camel",
        "{casing}"
    );
    assert_eq!(casing["additionalProperties"], false);
    let v = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap();
    let ruleset = |options: serde_json::Value| serde_json::json!({"rules": {"naming-property-casing": {"severity": "warn", "options": options}}});
    assert!(v.is_valid(&ruleset(serde_json::json!({"casing": "snake"}))));
    assert!(!v.is_valid(&ruleset(serde_json::json!({"casing": "snek"}))));
    assert!(!v.is_valid(&ruleset(serde_json::json!({"casnig": "snake"}))));
}
