//! Catastrophic regular expressions end in bounded time (issue 12): nested quantifiers run on a
//! linear engine, in `pattern` and in JSONPath filters; a pattern that needs backtracking
//! (a backreference) stops at its budget with a finding of its rule.

mod common;
use common::*;

use std::time::{Duration, Instant};

const DOC: &str = "openapi: 3.0.3
info:
  title: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!
  version: 1.0.0
paths: {}
x-names:
  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!: 1
  aaaa: 2
";

const RULESET: &str = r#"rules:
  title-nested:
    given: $.info.title
    severity: error
    message: "{{error}}"
    then: {function: pattern, functionOptions: {match: '^(a+)+$'}}
  title-not-nested:
    given: $.info.title
    severity: error
    message: "{{error}}"
    then: {function: pattern, functionOptions: {notMatch: '/^(a|aa)+$/i'}}
  title-backreference:
    given: $.info.title
    severity: error
    message: "{{error}}"
    then: {function: pattern, functionOptions: {match: '^(a|a)*\1b'}}
  filter-nested:
    given: "$.x-names[?(@property.match(/^(a+)+$/))]"
    severity: error
    message: "matched {{property}}"
    then: {function: falsy}
"#;

fn findings(out: &std::process::Output) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut f: Vec<(String, String)> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    f.sort();
    f
}

#[test]
fn nested_quantifiers_and_backreferences_end_quickly() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("api.yaml"), DOC).unwrap();
    std::fs::write(t.path().join("rules.yaml"), RULESET).unwrap();
    let started = Instant::now();
    let out = gardefou(
        t.path(),
        &["lint", "-f", "json", "-r", "rules.yaml", "api.yaml"],
    );
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let title = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
    let budget = gardefou_linter::ecma_regex::BACKTRACK_LIMIT;
    assert_eq!(
        findings(&out),
        vec![
            ("filter-nested".to_string(), "matched aaaa".to_string()),
            (
                "title-backreference".to_string(),
                format!(
                    // The pattern is printed as Spectral's printValue prints a string (JSON).
                    "\"{title}\" could not be checked against the pattern \"^(a|a)*\\\\1b\": \
                     the regular expression needed more than {budget} backtracking steps"
                )
            ),
            (
                "title-nested".to_string(),
                format!("\"{title}\" must match the pattern \"^(a+)+$\"")
            ),
        ]
    );
}

/// A catastrophic regular expression inside a ruleset's JavaScript function runs on QuickJS's
/// backtracking engine, whose matcher polls the sandbox's interrupt: the call stops at the
/// function's time limit, as a finding of its rule, and the other rules still report.
#[test]
fn a_catastrophic_regex_inside_a_function_stops_at_the_time_limit() {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("functions")).unwrap();
    std::fs::write(
        t.path().join("functions/nested.js"),
        "export default (title) => (/^(a+)+$/.test(title) ? [] : [{ message: 'no match' }]);\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join(".spectral.yaml"),
        "functions: [nested]\nrules:\n  js-nested:\n    given: $.info.title\n    severity: error\n    then: {function: nested}\n  title-truthy:\n    given: $.info\n    severity: error\n    message: no summary\n    then: {field: summary, function: truthy}\n",
    )
    .unwrap();
    std::fs::write(t.path().join("api.yaml"), DOC).unwrap();
    let start = Instant::now();
    let out = gardefou(
        t.path(),
        &[
            "lint",
            "-f",
            "json",
            "--function-timeout",
            "300",
            "api.yaml",
        ],
    );
    let elapsed = start.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found = findings(&out);
    let nested: Vec<_> = found.iter().filter(|(r, _)| r == "js-nested").collect();
    assert_eq!(nested.len(), 1, "{found:?}");
    assert!(
        nested[0].1.contains("functions/nested.js") && nested[0].1.contains("300 ms"),
        "{nested:?}"
    );
    assert!(found.iter().any(|(r, _)| r == "title-truthy"), "{found:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}
