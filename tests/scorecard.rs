//! End-to-end behaviour of `gardefou score`: formats, configuration, `--min-score`, and the
//! calibration of the default formula on the real-world corpus.

mod common;
use common::*;

/// The date every scorecard in these tests carries (`SOURCE_DATE_EPOCH`).
const EPOCH: &str = "1700000000";
const DATE: &str = "2023-11-14T22:13:20Z";

/// `gardefou score ARGS` in `cwd`, its date fixed by `SOURCE_DATE_EPOCH`.
fn score_in(cwd: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(cwd)
        .arg("score")
        .args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("NO_COLOR")
        .output()
        .expect("run gardefou")
}

fn score(args: &[&str]) -> std::process::Output {
    score_in(&root(), args)
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/schemas/scorecard.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, v: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn portfolio_text_report() {
    let out = score(&["fixtures/portfolio"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The version changes with releases; the date is fixed by SOURCE_DATE_EPOCH.
    let text = stdout(&out).replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!(text);
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
    let validator = schema_validator();
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
    earlier["apis"][0]["name"] = serde_json::json!("Retired API 1.0");
    earlier["apis"][0]["path"] = serde_json::json!("retired/openapi.yaml");
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
        serde_json::json!(["Retired API 1.0 (retired/openapi.yaml)"])
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
            && md.contains(
                "removed since the last scorecard: Retired API 1.0 (retired/openapi.yaml)"
            ),
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

/// An empty folder, or a glob that matches nothing, is not a perfect portfolio: exit 2 and
/// "no API found", naming what was searched, with or without `--min-score`.
#[test]
fn empty_input_is_an_error() {
    let t = tempfile::tempdir().unwrap();
    let empty = t.path().join("no-apis-here");
    std::fs::create_dir_all(&empty).unwrap();
    // A YAML file that is not OpenAPI is not an API either.
    std::fs::write(empty.join("config.yaml"), "foo: bar\n").unwrap();
    for args in [
        vec!["no-apis-here"],
        vec!["--min-score", "90", "no-apis-here"],
        vec!["-f", "json", "no-apis-here"],
    ] {
        let out = score_in(t.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("no API found") && err.contains("no-apis-here"),
            "{err}"
        );
        assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    }
    for glob in ["no-apis-here/*.yaml", "nowhere/**/*.json"] {
        let out = score_in(t.path(), &["--min-score", "90", glob]);
        assert_eq!(out.status.code(), Some(2), "{glob}");
        let err = stderr(&out);
        assert!(err.contains("no API found") && err.contains(glob), "{err}");
    }
}

/// A folder with good APIs, one file that does not parse and one whose skeleton is broken.
fn mixed_portfolio() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let good = t.path().join("apis/catalogue");
    std::fs::create_dir_all(&good).unwrap();
    std::fs::copy(
        root().join("fixtures/portfolio/catalogue/openapi.yaml"),
        good.join("openapi.yaml"),
    )
    .unwrap();
    std::fs::write(
        t.path().join("apis/broken.yaml"),
        "openapi: 3.0.3\ninfo: {title: Broken\n  version: [1\npaths: {\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("apis/junk.yaml"),
        "openapi: 3.0.3\ninfo: 7\npaths: 12\n",
    )
    .unwrap();
    t
}

/// A document that cannot be parsed (or whose structure is broken) gets F and 0, is flagged
/// in every format, counts as 0 in the mean, and makes `score` exit 2 as `lint` does.
#[test]
fn unparseable_documents_never_flatter() {
    let t = mixed_portfolio();
    let lint = gardefou(t.path(), &["lint", "apis/broken.yaml"]);
    assert_eq!(lint.status.code(), Some(2), "lint: {}", stdout(&lint));
    let alone = score_in(t.path(), &["-f", "json", "apis/catalogue"]);
    assert_eq!(alone.status.code(), Some(0), "{}", stderr(&alone));
    let alone: serde_json::Value = serde_json::from_slice(&alone.stdout).unwrap();
    let good = alone["apis"][0]["score"].as_f64().unwrap();

    let out = score_in(t.path(), &["-f", "json", "apis"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("apis/broken.yaml: cannot be scored (unparseable)")
            && err.contains("apis/junk.yaml: cannot be scored (invalid-structure)"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&schema_validator(), &v);
    let apis = v["apis"].as_array().unwrap();
    assert_eq!(apis.len(), 3);
    let by_path = |p: &str| {
        apis.iter()
            .find(|a| a["path"] == p)
            .unwrap_or_else(|| panic!("no {p} in {v}"))
    };
    for (path, kind) in [
        ("apis/broken.yaml", "unparseable"),
        ("apis/junk.yaml", "invalid-structure"),
    ] {
        let a = by_path(path);
        assert_eq!(a["unparseable"]["kind"], kind, "{a}");
        assert_eq!(a["score"], 0.0, "{a}");
        assert_eq!(a["grade"], "F", "{a}");
        assert!(a["losses"].as_array().unwrap().is_empty(), "{a}");
        for c in a["categories"].as_array().unwrap() {
            assert_eq!(c["score"], 0.0, "{a}");
        }
    }
    assert!(by_path("apis/broken.yaml")["unparseable"]["reason"]
        .as_str()
        .unwrap()
        .contains("apis/broken.yaml:3:10"));
    assert!(by_path("apis/catalogue/openapi.yaml")["unparseable"].is_null());
    // Counted as 0: the mean is the good API's score over three.
    let mean = v["portfolio"]["score"].as_f64().unwrap();
    assert!((mean - good / 3.0).abs() < 0.1, "{mean} vs {good}");
    assert_eq!(v["portfolio"]["unparseable"], 2);
    let f = v["portfolio"]["grades"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["grade"] == "F")
        .unwrap()["apis"]
        .clone();
    assert_eq!(f, 2);

    let text = score_in(t.path(), &["apis"]);
    assert_eq!(text.status.code(), Some(2));
    let text = stdout(&text);
    assert!(
        text.contains("apis/broken.yaml  0.0 F  (0 operations)  UNPARSEABLE")
            && text.contains("cannot be scored (invalid-structure): `info` is an integer")
            && text.contains("2 API(s) cannot be scored"),
        "{text}"
    );
    let md = score_in(t.path(), &["-f", "markdown", "apis"]);
    assert_eq!(md.status.code(), Some(2));
    let md = stdout(&md);
    assert!(
        md.contains("| apis/broken.yaml | 0.0 | F (unparseable) |")
            && md.contains("**Cannot be scored (unparseable):**"),
        "{md}"
    );
    let html = score_in(t.path(), &["-f", "html", "apis"]);
    assert_eq!(html.status.code(), Some(2));
    let html = stdout(&html);
    assert!(
        html.contains("<strong>Cannot be scored (invalid-structure):</strong>")
            && html.contains(" <small>unparseable</small>"),
        "{html}"
    );
    // An unparseable API is below any bar; exit 2 still wins over 1.
    let gated = score_in(t.path(), &["--min-score", "1", "apis"]);
    assert_eq!(gated.status.code(), Some(2));
    assert!(stderr(&gated).contains("apis/junk.yaml  0.0 F"));
}

/// `--min-score` says which APIs are below the bar, on stderr and in the report; with
/// `--portfolio` the mean decides, and the APIs below are still listed.
#[test]
fn min_score_lists_the_apis_below() {
    let out = score(&["-f", "json", "--min-score", "90.5", "fixtures/portfolio"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&schema_validator(), &v);
    let expected: Vec<&serde_json::Value> = v["apis"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["score"].as_f64().unwrap() < 90.5)
        .collect();
    assert!(!expected.is_empty() && expected.len() < 3, "{v}");
    let gate = &v["portfolio"]["min_score"];
    assert_eq!(gate["passed"], false);
    assert_eq!(gate["portfolio"], false);
    let below = gate["below"].as_array().unwrap();
    assert_eq!(below.len(), expected.len(), "{gate}");
    let err = stderr(&out);
    assert!(err.contains("--min-score 90.5: failed"), "{err}");
    for a in v["apis"].as_array().unwrap() {
        let name = a["name"].as_str().unwrap();
        let line = format!(
            "  {name}  {:.1} {}",
            a["score"].as_f64().unwrap(),
            a["grade"].as_str().unwrap()
        );
        let is_below = a["score"].as_f64().unwrap() < 90.5;
        assert_eq!(err.contains(&line), is_below, "{line}: {err}");
        assert_eq!(
            below
                .iter()
                .any(|b| b["path"] == a["path"] && b["name"] == name),
            is_below
        );
    }
    let text = stdout(&score(&["--min-score", "90.5", "fixtures/portfolio"]));
    assert!(
        text.contains(&format!(
            "--min-score 90.5: failed; {} API(s) below it:",
            expected.len()
        )),
        "{text}"
    );
    // The mean passes; the APIs below the bar are listed all the same.
    let mean = score(&[
        "-f",
        "json",
        "--portfolio",
        "--min-score",
        "90.3",
        "fixtures/portfolio",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&mean.stdout).unwrap();
    let portfolio_mean = v["portfolio"]["score"].as_f64().unwrap();
    assert!(portfolio_mean >= 90.3, "{portfolio_mean}");
    assert_eq!(mean.status.code(), Some(0));
    assert_eq!(v["portfolio"]["min_score"]["passed"], true);
    assert_eq!(v["portfolio"]["min_score"]["portfolio"], true);
    assert!(!v["portfolio"]["min_score"]["below"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(stderr(&mean).contains("on the portfolio's mean: passed"));
    let md = stdout(&score(&[
        "-f",
        "markdown",
        "--min-score",
        "90.5",
        "fixtures/portfolio",
    ]));
    assert!(
        md.contains("- Royalties Payments API 1.4.2 — 90.2 A"),
        "{md}"
    );
}

/// Markdown through a CommonMark parser (with GitHub tables): the "removed since" bullets end
/// before the APIs table, which is a table of its own, not text inside the last bullet.
#[test]
fn markdown_table_follows_the_removed_list() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let t = tempfile::tempdir().unwrap();
    let first = score(&["-f", "json", "fixtures/portfolio"]);
    let mut earlier: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    earlier["apis"][0]["path"] = serde_json::json!("retired/openapi.yaml");
    let prev = t.path().join("prev.json");
    std::fs::write(&prev, earlier.to_string()).unwrap();
    let md = stdout(&score(&[
        "-f",
        "markdown",
        "--compare",
        prev.to_str().unwrap(),
        "fixtures/portfolio",
    ]));
    let mut depth_in_list = 0;
    let mut list_ended = false;
    let mut table_after_list = false;
    let mut item_text = String::new();
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::List(_)) => depth_in_list += 1,
            Event::End(TagEnd::List(_)) => {
                depth_in_list -= 1;
                list_ended = true;
            }
            Event::Start(Tag::Table(_)) => {
                assert_eq!(depth_in_list, 0, "a table inside a list:\n{md}");
                table_after_list |= list_ended;
            }
            Event::Text(t) if depth_in_list > 0 => item_text.push_str(&t),
            _ => {}
        }
    }
    assert!(list_ended, "no list:\n{md}");
    assert!(table_after_list, "no table after the list:\n{md}");
    assert!(
        item_text.contains("removed since the last scorecard") && !item_text.contains("Score"),
        "{item_text}"
    );
}

/// A ruleset whose only rule is a validity error on `info`: a large API scores near 100 but its
/// grade is capped at D, and every format says so.
fn capped_api() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let mut doc =
        String::from("openapi: 3.0.3\ninfo: {title: Big Capped API, version: 4.0.0}\npaths:\n");
    for i in 0..30 {
        doc.push_str(&format!(
            "  /things{i}:\n    get:\n      operationId: getThings{i}\n      responses: {{'200': {{description: OK}}}}\n"
        ));
    }
    std::fs::write(t.path().join("api.yaml"), doc).unwrap();
    std::fs::write(
        t.path().join("rs.yaml"),
        "rules:\n  house-title:\n    given: $.info\n    severity: error\n    x-gardefou-category: validity\n    then: {field: title, function: pattern, functionOptions: {match: '^[a-z]+$'}}\n",
    )
    .unwrap();
    t
}

#[test]
fn caps_are_visible_in_every_format() {
    let t = capped_api();
    let json = score_in(t.path(), &["-r", "rs.yaml", "-f", "json", "api.yaml"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let a = &v["apis"][0];
    assert!(a["score"].as_f64().unwrap() >= 90.0, "{a}");
    assert_eq!(a["grade"], "D");
    assert_eq!(
        a["capped_by"],
        serde_json::json!(["validity error → D (house-title)"])
    );
    let marker = "capped by validity error → D (house-title)";
    let text = stdout(&score_in(t.path(), &["-r", "rs.yaml", "api.yaml"]));
    assert!(text.contains(&format!("  grade {marker}\n")), "{text}");
    let md = stdout(&score_in(
        t.path(),
        &["-r", "rs.yaml", "-f", "markdown", "api.yaml"],
    ));
    // In the APIs table, next to the grade, and in the API's section.
    let row = md
        .lines()
        .find(|l| l.starts_with("| Big Capped API 4.0.0"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.contains(&format!("| D ({marker}) |")), "{row}");
    assert!(md.contains(&format!("Grade {marker}.")), "{md}");
    // The badge has the colour of the grade shown (D, orange), not of the score (A, green).
    let html = stdout(&score_in(
        t.path(),
        &["-r", "rs.yaml", "-f", "html", "api.yaml"],
    ));
    let d_badge = "<span class=\"g\" style=\"background:#ef6c00\">D</span>";
    assert_eq!(html.matches(d_badge).count(), 2, "{html}");
    assert!(!html.contains("background:#2e7d32\">D<"), "{html}");
    assert!(html.contains(marker), "{html}");
}

/// APIs are named by `info.title` and `info.version`, their path on a second line; JSON carries
/// all three.
#[test]
fn apis_are_named_by_title_and_version() {
    let t = capped_api();
    let json = score_in(t.path(), &["-r", "rs.yaml", "-f", "json", "api.yaml"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let a = &v["apis"][0];
    assert_eq!(
        (&a["name"], &a["title"], &a["version"], &a["path"]),
        (
            &serde_json::json!("Big Capped API 4.0.0"),
            &serde_json::json!("Big Capped API"),
            &serde_json::json!("4.0.0"),
            &serde_json::json!("api.yaml")
        )
    );
    let text = stdout(&score_in(t.path(), &["-r", "rs.yaml", "api.yaml"]));
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with("Big Capped API"));
    assert!(lines.next().unwrap().starts_with("Big Capped API 4.0.0  "));
    assert_eq!(lines.next(), Some("  api.yaml"), "{text}");
    let md = stdout(&score_in(
        t.path(),
        &["-r", "rs.yaml", "-f", "markdown", "api.yaml"],
    ));
    assert!(
        md.contains("| Big Capped API 4.0.0<br>`api.yaml` |"),
        "{md}"
    );
    assert!(md.contains("## Big Capped API 4.0.0 — "), "{md}");
    let html = stdout(&score_in(
        t.path(),
        &["-r", "rs.yaml", "-f", "html", "api.yaml"],
    ));
    assert!(
        html.contains(">Big Capped API 4.0.0</a><br><small><code>api.yaml</code></small>"),
        "{html}"
    );
    // Without a title, the path is the name.
    std::fs::write(
        t.path().join("untitled.yaml"),
        "openapi: 3.0.3\ninfo: {version: 1.0.0}\npaths: {}\n",
    )
    .unwrap();
    let json = score_in(t.path(), &["-f", "json", "untitled.yaml"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["apis"][0]["name"], "untitled.yaml");
    assert!(v["apis"][0]["title"].is_null());
}

/// Every format says when it was made (SOURCE_DATE_EPOCH fixes it), by which gardefou, with
/// which ruleset.
#[test]
fn every_report_carries_date_version_and_ruleset() {
    let t = capped_api();
    let version = env!("CARGO_PKG_VERSION");
    for format in ["text", "json", "markdown", "html"] {
        for (args, ruleset) in [
            (vec!["api.yaml"], "gardefou:recommended"),
            (vec!["-r", "rs.yaml", "api.yaml"], "rs.yaml"),
        ] {
            let mut all = vec!["-f", format];
            all.extend(args);
            let out = stdout(&score_in(t.path(), &all));
            assert!(out.contains(DATE), "{format}: {out}");
            assert!(out.contains(version), "{format}: {out}");
            assert!(out.contains(ruleset), "{format} {ruleset}: {out}");
            if format == "json" {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert_eq!(v["generated_at"], DATE);
                assert_eq!(v["gardefou_version"], version);
                assert_eq!(v["ruleset"], ruleset);
            }
        }
    }
    // Without SOURCE_DATE_EPOCH, today's date (UTC).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(t.path())
        .args(["score", "-f", "json", "api.yaml"])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let date = v["generated_at"].as_str().unwrap();
    assert!(
        date.len() == 20 && date.ends_with('Z') && date != DATE,
        "{date}"
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(t.path())
        .args(["score", "api.yaml"])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("SOURCE_DATE_EPOCH"));
}

/// A file reached by `$ref` that does not parse leaves a hole in the API: the document is
/// flagged as unparseable, naming that file, rather than scored on what is left.
#[test]
fn an_unparseable_referenced_file_is_flagged() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("openapi.yaml"),
        "openapi: 3.0.3\ninfo: {title: R, version: '1'}\npaths:\n  /a:\n    $ref: './item.yaml'\n",
    )
    .unwrap();
    std::fs::write(t.path().join("item.yaml"), "get: {responses: [\n").unwrap();
    let out = score_in(t.path(), &["-f", "json", "openapi.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &v["apis"][0];
    assert_eq!(a["unparseable"]["kind"], "unparseable", "{a}");
    assert!(
        a["unparseable"]["reason"]
            .as_str()
            .unwrap()
            .contains("item.yaml, reached by `$ref`"),
        "{a}"
    );
    assert_eq!(
        (a["score"].as_f64(), a["grade"].as_str()),
        (Some(0.0), Some("F"))
    );
}
