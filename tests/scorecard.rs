//! End-to-end behaviour of `gardefou score`: formats, configuration, `--min-score`, and the
//! calibration of the default formula on the real-world corpus.

mod common;
use common::*;

fn score(args: &[&str]) -> std::process::Output {
    let mut all = vec!["score"];
    all.extend_from_slice(args);
    gardefou(&root(), &all)
}

#[test]
fn portfolio_text_report() {
    let out = score(&["fixtures/portfolio"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn json_report_adds_up() {
    let out = score(&["-f", "json", "fixtures/portfolio"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let apis = v["apis"].as_array().unwrap();
    assert_eq!(apis.len(), 3);
    assert_eq!(v["portfolio"]["apis"], 3);
    for a in apis {
        let score = a["score"].as_f64().unwrap();
        let lost: f64 = a["losses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["points"].as_f64().unwrap())
            .sum();
        assert!((100.0 - score - lost).abs() < 0.2, "{a}");
        assert_eq!(a["categories"].as_array().unwrap().len(), 5);
    }
    // With fewer than ten rules firing, the portfolio's costliest rules are all of them, and
    // their points add up to what the mean score lost.
    let costliest = v["portfolio"]["costliest"].as_array().unwrap();
    assert!(
        !costliest.is_empty() && costliest.len() < 10,
        "{costliest:?}"
    );
    let points: f64 = costliest
        .iter()
        .map(|r| r["points"].as_f64().unwrap())
        .sum();
    let mean = v["portfolio"]["score"].as_f64().unwrap();
    assert!((100.0 - mean - points).abs() < 0.2, "{mean} {points}");
}

/// The JSON report (with and without `--compare`) matches `docs/schemas/scorecard.schema.json`.
#[test]
fn json_report_matches_its_schema() {
    let text = std::fs::read_to_string(root().join("docs/schemas/scorecard.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap();
    let t = tempfile::tempdir().unwrap();
    let first = score(&["-f", "json", "fixtures/portfolio"]);
    let prev = t.path().join("prev.json");
    std::fs::write(&prev, &first.stdout).unwrap();
    let second = score(&[
        "-f",
        "json",
        "--compare",
        prev.to_str().unwrap(),
        "fixtures/portfolio",
    ]);
    for out in [&first, &second] {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    let v: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    for a in v["apis"].as_array().unwrap() {
        assert_eq!(a["previous"], a["score"]);
    }
    // A wrong type is caught: the schema is not vacuous.
    let mut bad: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    bad["apis"][0]["score"] = serde_json::json!("high");
    assert!(!validator.is_valid(&bad));
    let text = stdout(&score(&[
        "--compare",
        prev.to_str().unwrap(),
        "fixtures/portfolio",
    ]));
    assert!(text.contains("+0.0 since the last scorecard"), "{text}");
    // An API that has gone, and one that is new.
    let mut earlier: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    earlier["apis"][0]["name"] = serde_json::json!("retired/openapi.yaml");
    earlier["portfolio"]["score"] = serde_json::json!(50.0);
    std::fs::write(&prev, earlier.to_string()).unwrap();
    let third = score(&[
        "-f",
        "json",
        "--compare",
        prev.to_str().unwrap(),
        "fixtures/portfolio",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&third.stdout).unwrap();
    assert!(validator.is_valid(&v));
    assert_eq!(
        v["portfolio"]["removed"],
        serde_json::json!(["retired/openapi.yaml"])
    );
    assert_eq!(v["portfolio"]["previous"], 50.0);
    assert!(
        v["apis"][0].get("previous").is_none(),
        "new API has no previous score"
    );
    let md = stdout(&score(&[
        "-f",
        "markdown",
        "--compare",
        prev.to_str().unwrap(),
        "fixtures/portfolio",
    ]));
    assert!(
        md.contains("| new |")
            && md.contains("removed since the last scorecard: retired/openapi.yaml"),
        "{md}"
    );
}

/// User text in the HTML report is escaped: a `<script>` planted in a file name, a title or a
/// description stays text; the only script is the report's own inline table sorter.
#[test]
fn html_escapes_user_text() {
    let t = tempfile::tempdir().unwrap();
    let name = "<script>alert(1)<";
    let dir = t.path().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("openapi.yaml"),
        "openapi: 3.0.3\ninfo: {title: '<script>alert(2)</script>', version: 1.0.0, description: '<script>alert(3)</script>'}\npaths:\n  /<script>alert(4)</script>:\n    get:\n      operationId: '<script>alert(5)</script>'\n      responses: {'200': {description: OK}}\n",
    )
    .unwrap();
    let out = gardefou(t.path(), &["score", "-f", "html", "."]);
    let html = stdout(&out);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "{html}");
    // The planted path and operation id reach finding messages in the API's section.
    assert!(
        html.contains("alert(4)") || html.contains("alert(5)"),
        "{html}"
    );
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(html.contains("<script>document.querySelectorAll('table.sortable')"));
}

#[test]
fn html_is_self_contained() {
    let out = score(&["-f", "html", "fixtures/portfolio"]);
    let html = stdout(&out);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"));
    assert!(!html.contains("<script src"));
    assert!(!html.contains("src=\"http"));
    assert!(!html.contains("href=\"http"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("@import"));
    assert!(!html.contains("url("));
    // The charts and sections the report promises.
    for part in [
        "aria-label=\"grade distribution\"",
        "aria-label=\"Category averages\"",
        "Rules that cost the portfolio most",
        "<table class=\"sortable\">",
        "data-type=\"number\"",
        "finding(s)</summary>",
    ] {
        assert!(html.contains(part), "no {part}");
    }
    let md = stdout(&score(&["-f", "markdown", "fixtures/portfolio"]));
    assert!(md.starts_with("# API scorecard"));
}

#[test]
fn min_score_and_configuration() {
    let t = tempfile::tempdir().unwrap();
    let strict = t.path().join("strict.yaml");
    std::fs::write(
        &strict,
        "extends: [\"gardefou:recommended\"]\nscorecard:\n  budgetPerOperation: 1\n  grades: {pass: 99, fail: 0}\n",
    )
    .unwrap();
    let s = strict.to_str().unwrap();
    let out = score(&["-r", s, "--min-score", "99", "fixtures/portfolio"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(" fail "), "{}", stdout(&out));
    let ok = score(&["--min-score", "10", "fixtures/portfolio"]);
    assert_eq!(ok.status.code(), Some(0));
    // Some API is below 90.5, the portfolio's mean is not below 85.
    assert_eq!(
        score(&["--min-score", "90.5", "fixtures/portfolio"])
            .status
            .code(),
        Some(1)
    );
    let mean = score(&["--portfolio", "--min-score", "85", "fixtures/portfolio"]);
    assert_eq!(mean.status.code(), Some(0));
    let bad = t.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "extends: [\"gardefou:recommended\"]\nscorecard:\n  categories: {speed: 3}\n",
    )
    .unwrap();
    let out = score(&["-r", bad.to_str().unwrap(), "fixtures/portfolio"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown category `speed`"),
        "{}",
        stderr(&out)
    );
}

/// The default formula spreads real APIs over at least four grades (docs/scoring.md).
#[test]
fn calibration_on_the_corpus() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpus/docs");
    let out = score(&[
        "-f",
        "json",
        "--allow-outside-refs",
        corpus.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let text = std::fs::read_to_string(root().join("docs/schemas/scorecard.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for a in v["apis"].as_array().unwrap() {
        let s = a["score"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&s), "{}", a["name"]);
    }
    let used = v["portfolio"]["grades"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["apis"].as_u64().unwrap() > 0)
        .count();
    assert!(used >= 4, "{}", v["portfolio"]);
    assert!(v["portfolio"]["apis"].as_u64().unwrap() >= 100);
}

/// A rule from a Spectral ruleset feeds the category its `x-gardefou-category` names, else the
/// documented default guessed from its id.
#[test]
fn ruleset_rules_feed_their_category() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: OK}\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("rs.yaml"),
        "rules:\n  house-title:\n    given: $.info\n    severity: error\n    x-gardefou-category: naming\n    then: {field: title, function: pattern, functionOptions: {match: '^[a-z]+$'}}\n  house-license-required:\n    given: $.info\n    severity: warn\n    then: {field: license, function: truthy}\n",
    )
    .unwrap();
    let out = gardefou(
        t.path(),
        &["score", "-r", "rs.yaml", "-f", "json", "api.yaml"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = |cat: &str| {
        v["apis"][0]["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["category"] == cat)
            .unwrap()["findings"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(findings("naming"), 1, "{v}");
    assert_eq!(findings("documentation"), 1, "{v}");
    assert_eq!(findings("validity"), 0, "{v}");
}
