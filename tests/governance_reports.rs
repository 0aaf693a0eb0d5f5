//! `gardefou check`'s output formats: the JSON against its schema, the lint CI formats, the
//! Markdown comment, the HTML dashboard (escaped, self-contained, rendered by Chromium), the
//! compliance beside `gardefou score`'s grades, and the README's quick start.

mod common;
use common::governance::*;
use common::*;

fn compliance_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/schemas/compliance.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap()
}

/// The JSON report matches `docs/schemas/compliance.schema.json` at every stage.
#[test]
fn json_report_matches_its_schema() {
    let validator = compliance_validator();
    for stage in ["create", "update", "deploy", "publish"] {
        let v = json_of(&check(&[
            "fixtures/governance",
            "--stage",
            stage,
            "-f",
            "json",
        ]));
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{stage}: {errors:?}");
        assert_eq!(v["version"], 1);
        assert_eq!(v["generated_at"], "2023-11-14T22:13:20Z");
    }
    // The schema is not vacuous.
    let mut bad = json_of(&check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "json",
    ]));
    bad["apis"][0]["status"] = serde_json::json!("PENDING");
    assert!(!validator.is_valid(&bad));
    let mut bad = json_of(&check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "json",
    ]));
    let i = bad["apis"]
        .as_array()
        .unwrap()
        .iter()
        .position(|a| a["path"].as_str().unwrap().ends_with("LegacyLyrics-0.9.0"))
        .unwrap();
    bad["apis"][i]["policies"][0]["rulesets"][0]["findings"][0]["line"] = serde_json::json!(0);
    assert!(!validator.is_valid(&bad));
}

/// The lint CI formats carry the violations that block the stage, and only those.
#[test]
fn ci_formats_carry_the_blocking_violations() {
    let v = json_of(&check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "json",
    ]));
    let blocking = v["summary"]["blocking"].as_u64().unwrap() as usize;
    let out = check(&["fixtures/governance", "--stage", "publish", "-f", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let sarif = json_of(&out);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), blocking);
    for r in results {
        let text = r["message"]["text"].as_str().unwrap();
        assert!(
            text.ends_with("(blocked by policy `public-apis`)"),
            "{text}"
        );
        assert_eq!(r["level"], "error");
    }
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.iter()
            .any(|u| u.ends_with("LegacyLyrics-0.9.0/api.yaml")),
        "{uris:?}"
    );
    assert!(
        uris.iter()
            .any(|u| u.ends_with("LegacyLyrics-0.9.0/Definitions/swagger.yaml")),
        "{uris:?}"
    );
    let github = stdout(&check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "github",
    ]));
    assert_eq!(
        github.lines().filter(|l| l.starts_with("::error ")).count(),
        blocking,
        "{github}"
    );
    let junit = stdout(&check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "junit",
    ]));
    assert!(junit.contains("<testsuites"), "{junit}");
    let gitlab: serde_json::Value = serde_json::from_str(&stdout(&check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "gitlab",
    ])))
    .unwrap();
    assert_eq!(gitlab.as_array().unwrap().len(), blocking);
    // At create nothing blocks: the CI formats are empty.
    let out = check(&["fixtures/governance", "--stage", "create", "-f", "gitlab"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).trim(), "[]");
}

#[test]
fn markdown_fits_a_pull_request_comment() {
    let out = check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "markdown",
    ]);
    let md = stdout(&out);
    assert!(
        md.starts_with("## API governance at `publish` ⛔ BLOCKED"),
        "{md}"
    );
    assert!(
        md.contains("| ⛔ NON-COMPLIANT (blocks) | LegacyLyrics 0.9.0<br>"),
        "{md}"
    );
    assert!(
        md.contains("<details><summary>LegacyLyrics 0.9.0 — 6 error, 3 warn, 6 blocking</summary>"),
        "{md}"
    );
    assert!(md.len() < 60_000);
    // A portfolio with many violations stays within the comment's budget.
    let mut files: Vec<(String, String)> = vec![(
        ".gardefou.yaml".into(),
        "policies:\n  - name: p\n    appliesTo: {all: true}\n    rulesets: [./r.yaml]\n".into(),
    )];
    files.push(("r.yaml".into(), RULES.into()));
    let mut paths = String::from("openapi: 3.0.3\ninfo: {title: Big, version: 1.0.0}\npaths:\n");
    for i in 0..2000 {
        paths.push_str(&format!(
            "  /p{i}:\n    get:\n      responses: {{'200': {{description: OK}}}}\n"
        ));
    }
    files.push(("big.yaml".into(), paths));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let d = tree(&refs);
    let md = stdout(&check_in(
        d.path(),
        &["--stage", "publish", "-f", "markdown"],
    ));
    assert!(md.len() <= 60_000, "{}", md.len());
    assert!(
        md.contains("violation(s) not listed, to keep this comment under 60,000 characters"),
        "{}",
        &md[md.len() - 300..]
    );
}

/// A portfolio whose names, labels, rule ids and messages carry markup.
fn hostile_portfolio() -> tempfile::TempDir {
    tree(&[
        (
            ".gardefou.yaml",
            "labels:\n  \"<b>label</b>\": [\"**\"]\npolicies:\n  - name: \"<script>alert(1)</script>\"\n    description: \"<img src=x onerror=alert(2)>\"\n    appliesTo: {all: true}\n    rulesets: [./r.yaml]\n",
        ),
        (
            "r.yaml",
            "x-gardefou-target: metadata\nrules:\n  \"<i>rule</i>\":\n    given: $.data\n    severity: error\n    message: \"<script>alert(3)</script> {{value}}\"\n    then: {field: owner, function: truthy}\n",
        ),
        (
            "<script>p</script>/api.yaml",
            "type: api\ndata: {name: \"<script>alert(4)</script>\", version: \"&amp;\", tags: [\"<u>tag</u>\"]}\n",
        ),
        ("<script>p</script>/Definitions/swagger.yaml", OAS),
    ])
}

/// User text in the dashboard is escaped: the only script is the page's own table sorter.
#[test]
fn html_escapes_user_text() {
    let d = hostile_portfolio();
    let html = stdout(&check_in(d.path(), &["--stage", "publish", "-f", "html"]));
    for planted in [
        "alert(1)",
        "alert(2)",
        "alert(3)",
        "alert(4)",
        "&lt;u&gt;tag&lt;/u&gt;",
        "&lt;b&gt;label&lt;/b&gt;",
        "&lt;i&gt;rule&lt;/i&gt;",
    ] {
        assert!(html.contains(planted), "{planted} not shown: {html}");
    }
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(html.contains("<script>document.querySelectorAll('table.sortable')"));
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>label"), "{html}");
    assert!(html.contains("&amp;amp;"), "{html}");
    // Markdown shows it as text (escaped) or inside code spans, where markup is inert.
    let md = stdout(&check_in(
        d.path(),
        &["--stage", "publish", "-f", "markdown"],
    ));
    assert!(md.contains("\\<script\\>alert(4)\\</script\\>"), "{md}");
    assert!(md.contains("\\<script\\>alert(3)"), "{md}");
    assert!(md.contains("| `<script>alert(1)</script>` |"), "{md}");
    let outside_code: String = md
        .split('`')
        .step_by(2)
        .collect::<String>()
        .replace("\\<", "");
    assert!(
        !outside_code.contains("<script") && !outside_code.contains("<u>"),
        "{outside_code}"
    );
}

#[test]
fn html_is_a_self_contained_dashboard() {
    let html = stdout(&check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "html",
    ]));
    assert!(html.starts_with("<!DOCTYPE html>"));
    for absent in [
        "<script src",
        "src=\"http",
        "href=\"http",
        "<link",
        "@import",
        "url(",
    ] {
        assert!(!html.contains(absent), "{absent}");
    }
    for part in [
        "aria-label=\"Policy adherence\"",
        "aria-label=\"API compliance\"",
        "<h2>API compliance details</h2>",
        "<h2>Policy adherence details</h2>",
        "<table class=\"sortable\">",
        "href=\"#api-0\"",
        "id=\"api-0\"",
        ">NON-COMPLIANT</span>",
        ">NOT-APPLICABLE</span>",
        ">UNAPPLIED</span>",
        ">FAILED</span>",
        ">BLOCK</span>",
        "LegacyLyrics-0.9.0/api.yaml:10:15",
    ] {
        assert!(html.contains(part), "no {part}");
    }
}

/// The dashboard as headless Chromium renders it: a screenshot of a sensible size, written to
/// `target/governance-dashboard.png` to look at. Skipped where Chromium is not installed.
#[test]
fn html_dashboard_renders_in_chromium() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        skip_unavailable("no chromium on this machine");
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("dashboard.html");
    let out = check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let shot = root().join("target/governance-dashboard.png");
    let _ = std::fs::remove_file(&shot);
    let run = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", t.path().join("profile").display()),
            "--window-size=1280,2400",
            &format!("--screenshot={}", shot.display()),
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_eq!(width, 1280);
    assert!(png.len() > 20_000, "a blank page? {} bytes", png.len());
}

/// `gardefou score` shows each API's compliance beside its grade when the ruleset has
/// policies (at `--stage`, publish by default), and the scorecard stays valid.
#[test]
fn score_shows_compliance_beside_the_grade() {
    let ruleset = "fixtures/governance/.gardefou.yaml";
    let score = |extra: &[&str]| {
        let mut args = vec!["score", "-r", ruleset, "-f", "json", "fixtures/governance"];
        args.extend_from_slice(extra);
        let out = gardefou(&root(), &args);
        json_of(&out)
    };
    let v = score(&[]);
    let of = |v: &serde_json::Value, tail: &str| api(v, tail)["compliance"].clone();
    assert_eq!(
        of(&v, "LegacyLyrics-0.9.0/Definitions/swagger.yaml"),
        serde_json::json!({"status": "NON-COMPLIANT", "stage": "publish"})
    );
    assert_eq!(
        of(&v, "WorksCatalogue-1.0.0/Definitions/swagger.yaml")["status"],
        "COMPLIANT"
    );
    assert_eq!(of(&v, "playground.yaml")["status"], "NOT-APPLICABLE");
    let text = std::fs::read_to_string(root().join("docs/schemas/scorecard.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap();
    assert!(
        validator.is_valid(&v),
        "{:?}",
        validator
            .iter_errors(&v)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    // At create the partner API's warnings still make it non-compliant; `--stage` is reported.
    let v = score(&["--stage", "create"]);
    assert_eq!(
        of(&v, "PartnerFeeds-1.2.0/Definitions/swagger.yaml")["stage"],
        "create"
    );
    // The text report says it beside the grade.
    let out = gardefou(&root(), &["score", "-r", ruleset, "fixtures/governance"]);
    assert!(
        stdout(&out).contains("  NON-COMPLIANT at publish (gardefou check)"),
        "{}",
        stdout(&out)
    );
    let md = stdout(&gardefou(
        &root(),
        &[
            "score",
            "-r",
            ruleset,
            "-f",
            "markdown",
            "fixtures/governance",
        ],
    ));
    assert!(md.contains("| API | Score | Grade | Compliance |"), "{md}");
    // Without policies, nothing is added.
    let v = json_of(&gardefou(
        &root(),
        &["score", "-f", "json", "fixtures/portfolio"],
    ));
    assert!(v["apis"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a.get("compliance").is_none()));
}

/// The fixture's `.gardefou.yaml` is valid under `gardefou schema`, which knows `labels` and
/// `policies` (and refuses `block` at create).
#[test]
fn the_ruleset_schema_knows_labels_and_policies() {
    let schema: serde_json::Value =
        serde_json::from_slice(&gardefou(&root(), &["schema"]).stdout).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap();
    let yaml = |text: &str| {
        let parsed =
            gardefou_source::parse(text, gardefou_source::Syntax::Yaml, &Default::default());
        parsed.root.unwrap().to_json()
    };
    let text = std::fs::read_to_string(root().join("fixtures/governance/.gardefou.yaml")).unwrap();
    let v = yaml(&text);
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let bad = yaml("policies:\n  - name: p\n    appliesTo: {all: true}\n    rulesets: [gardefou:versioning]\n    actions: [{stage: create, severity: error, action: block}]\n");
    assert!(!validator.is_valid(&bad));
    let builtin = yaml("policies: [wso2:best-practices]\nlabels: {public: [\"apis/**\"]}\n");
    assert!(validator.is_valid(&builtin));
}

/// The README's quick start shows what `gardefou check fixtures/governance --stage publish`
/// really prints (the version aside).
#[test]
fn the_readme_shows_the_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = "$ gardefou check fixtures/governance --stage publish\n";
    let at = readme.find(start).expect("the quick start's check") + start.len();
    let shown = &readme[at..at + readme[at..].find("$ echo $?\n1\n").expect("its exit code")];
    let out = check(&["fixtures/governance", "--stage", "publish"]);
    assert_eq!(out.status.code(), Some(1));
    let version = |s: &str| {
        let first = s.lines().next().unwrap_or("");
        let cut = first.rfind("(gardefou ").map_or(first.len(), |i| i);
        format!("{}{}", &first[..cut], &s[first.len()..])
    };
    assert_eq!(
        version(shown),
        version(&stdout(&out)),
        "README.md is stale: paste the output of `gardefou check fixtures/governance --stage publish`"
    );
}
