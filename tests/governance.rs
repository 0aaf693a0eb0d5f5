//! End-to-end behaviour of `gardefou check`: labels, policies, stages, apictl projects, the
//! compliance statuses and exit codes, on `fixtures/governance` and on small portfolios built
//! here. The output formats are in `tests/governance_reports.rs`.

mod common;
use common::governance::*;
use common::*;

#[test]
fn fixture_text_report() {
    let out = check(&["fixtures/governance", "--stage", "publish"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out).replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!(text);
    assert!(
        text.ends_with("\nBLOCKED: 6 violation(s) block publish\n"),
        "{text}"
    );
    let out = check(&["fixtures/governance", "--stage", "publish", "-f", "json"]);
    assert_eq!(stderr(&out), "gardefou: 6 violation(s) block publish\n");
}

/// Every stage of the fixture: create and update never block, deploy and publish do (the
/// public policy blocks errors there).
#[test]
fn exit_codes_per_stage() {
    let mut errors = Vec::new();
    for (stage, code) in [("create", 0), ("update", 0), ("deploy", 1), ("publish", 1)] {
        let out = check(&["fixtures/governance", "--stage", stage, "-f", "json"]);
        assert_eq!(out.status.code(), Some(code), "{stage}: {}", stderr(&out));
        let v = json_of(&out);
        assert_eq!(v["stage"], stage);
        assert_eq!(v["blocked"], code == 1, "{stage}");
        let blocking = v["summary"]["blocking"].as_u64().unwrap();
        assert_eq!(blocking > 0, code == 1, "{stage}");
        errors.push(v["summary"]["violations"]["error"].as_u64().unwrap());
    }
    // The house policies find the same violations at every stage, only what they do changes;
    // wso2:best-practices adds its own at create and update.
    assert_eq!(errors[0], errors[1]);
    assert_eq!((errors[2], errors[3]), (6, 6));
    assert!(errors[0] > 6, "{errors:?}");
    // `--stage` is required and checked.
    let out = check(&["fixtures/governance"]);
    assert_eq!(out.status.code(), Some(2));
    let out = check(&["fixtures/governance", "--stage", "launch"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_status_value_is_reached() {
    let v = json_of(&check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "json",
    ]));
    assert_eq!(
        statuses(&v["apis"], "/status"),
        ["COMPLIANT", "NON-COMPLIANT", "NOT-APPLICABLE"]
    );
    assert_eq!(
        statuses(&v["policies"], "/status"),
        ["FOLLOWED", "UNAPPLIED", "VIOLATED"]
    );
    let rulesets: Vec<serde_json::Value> = v["apis"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["policies"].as_array().unwrap().clone())
        .flat_map(|p| p["rulesets"].as_array().unwrap().clone())
        .collect();
    assert_eq!(
        statuses(&serde_json::Value::from(rulesets), "/status"),
        ["FAILED", "PASSED", "UNAPPLIED"]
    );
    // The summary counts agree with the lists.
    assert_eq!(v["summary"]["apis"]["total"], 6);
    assert_eq!(v["summary"]["apis"]["not_applicable"], 1);
    // retired-apis (no API has its label) and wso2:best-practices (create and update only).
    assert_eq!(v["summary"]["policies"]["unapplied"], 2);
    let playground = api(&v, "playground.yaml");
    assert_eq!(playground["status"], "NOT-APPLICABLE");
    assert_eq!(playground["policies"].as_array().unwrap().len(), 0);
    let reporting = api(&v, "usage-reporting.yaml");
    let metadata = &reporting["policies"][0]["rulesets"][1];
    assert_eq!(
        (&metadata["status"], &metadata["target"]),
        (&"UNAPPLIED".into(), &"metadata".into())
    );
}

/// A violation in `api.yaml` points at its file, line and column, and at its JSON path there.
#[test]
fn findings_in_api_yaml_are_at_the_right_line() {
    let v = json_of(&check(&[
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "json",
    ]));
    let lyrics = api(&v, "LegacyLyrics-0.9.0");
    let file = "fixtures/governance/apis/public/LegacyLyrics-0.9.0/api.yaml";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let findings: Vec<&serde_json::Value> = lyrics["policies"][0]["rulesets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap())
        .collect();
    let http = findings
        .iter()
        .find(|f| f["rule"] == "metadata-https-only")
        .unwrap();
    // Where `http` is written in `transport: [http, https]`, counted here.
    let line = text.lines().position(|l| l.contains("transport:")).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find("http").unwrap() + 1;
    assert_eq!(http["file"], file);
    assert_eq!(
        (http["line"].as_u64(), http["column"].as_u64()),
        (Some(line as u64), Some(column as u64))
    );
    assert_eq!(http["path"], serde_json::json!(["data", "transport", "0"]));
    assert_eq!(http["action"], "block");
    // A notify-only severity at publish (warn has no action).
    let description = findings
        .iter()
        .find(|f| f["rule"] == "metadata-description")
        .unwrap();
    assert_eq!(description["action"], "notify");
    // The policy's `target: metadata` runs a ruleset without one on api.yaml.
    let feeds = api(&v, "PartnerFeeds-1.2.0");
    let throttling = &feeds["policies"][0]["rulesets"][2];
    assert_eq!(throttling["target"], "metadata");
    let f = &throttling["findings"][0];
    assert!(
        f["file"]
            .as_str()
            .unwrap()
            .ends_with("PartnerFeeds-1.2.0/api.yaml"),
        "{f}"
    );
    assert_eq!(f["rule"], "throttling-subscription-plans");
    // A document's finding is in its document.yaml.
    let d = tree(&[
        (".gardefou.yaml", "policies:\n  - name: docs\n    appliesTo: {all: true}\n    rulesets: [./docs.yaml]\n"),
        ("docs.yaml", "x-gardefou-target: documentation\nrules:\n  doc-summary:\n    given: $.docs[*].data\n    severity: error\n    then: {field: summary, function: truthy}\n"),
        ("p/api.yaml", "type: api\ndata: {name: P, version: 1.0.0}\n"),
        ("p/Definitions/swagger.yaml", OAS),
        ("p/Docs/Guide/document.yaml", "type: document\ndata:\n  name: Guide\n  summary: ''\n"),
    ]);
    let v = json_of(&check_in(d.path(), &["--stage", "publish", "-f", "json"]));
    let f = &v["apis"][0]["policies"][0]["rulesets"][0]["findings"][0];
    assert_eq!(f["file"], "p/Docs/Guide/document.yaml", "{v}");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(4), Some(12))
    );
    // The path is in the document's own file.
    assert_eq!(f["path"], serde_json::json!(["data", "summary"]));
}

/// Labels come from the `labels:` globs, `info.x-gardefou-labels` and the project's metadata
/// (`data.tags`, `data.labels` as names or `{name}` objects), each with where it comes from.
#[test]
fn label_resolution() {
    let d = tree(&[
        (
            ".gardefou.yaml",
            "labels:\n  partner: [\"apis/partners/**\"]\n  single: apis/loose.yaml\npolicies: []\n",
        ),
        (
            "apis/partners/acme/api.yaml",
            "type: api\ndata:\n  name: Acme\n  tags: [feeds, partner]\n  labels: [{name: gold}, silver]\n",
        ),
        ("apis/partners/acme/Definitions/swagger.yaml", OAS),
        (
            "apis/loose.yaml",
            "openapi: 3.0.3\ninfo:\n  title: Loose\n  version: 1.0.0\n  x-gardefou-labels: [internal, finance]\npaths: {}\n",
        ),
        ("elsewhere/api.yaml", OAS),
    ]);
    let v = json_of(&check_in(d.path(), &["--stage", "create", "-f", "json"]));
    let labels = |tail: &str| -> Vec<(String, Vec<String>)> {
        api(&v, tail)["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["name"].as_str().unwrap().to_string(),
                    l["from"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|s| s.as_str().unwrap().to_string())
                        .collect(),
                )
            })
            .collect()
    };
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        labels("acme"),
        [
            ("feeds".into(), s(&["api.yaml data.tags"])),
            ("gold".into(), s(&["api.yaml data.labels"])),
            (
                "partner".into(),
                s(&["labels: apis/partners/**", "api.yaml data.tags"])
            ),
            ("silver".into(), s(&["api.yaml data.labels"])),
        ]
    );
    assert_eq!(
        labels("loose.yaml"),
        [
            ("finance".into(), s(&["info.x-gardefou-labels"])),
            ("internal".into(), s(&["info.x-gardefou-labels"])),
            ("single".into(), s(&["labels: apis/loose.yaml"])),
        ]
    );
    assert!(labels("elsewhere/api.yaml").is_empty());
    // A malformed `x-gardefou-labels` is a problem with its place: exit 2.
    let d = tree(&[
        (".gardefou.yaml", "policies: []\n"),
        ("a.yaml", "openapi: 3.0.3\ninfo:\n  title: A\n  version: '1'\n  x-gardefou-labels: {a: 1}\npaths: {}\n"),
    ]);
    let out = check_in(d.path(), &["--stage", "create"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a.yaml:5:22: `x-gardefou-labels` must be a list of label names"),
        "{}",
        stderr(&out)
    );
}

/// A policy governs the APIs with one of its labels (or all, with `all: true`), at its
/// stages only.
#[test]
fn a_policy_applies_or_not() {
    let d = tree(&[
        (
            ".gardefou.yaml",
            "labels:\n  public: [\"public/**\"]\npolicies:\n  - name: public\n    appliesTo: {labels: [public]}\n    rulesets: [./rules.yaml]\n  - name: everyone\n    appliesTo: {all: true}\n    stages: [publish]\n    rulesets: [./rules.yaml]\n    actions:\n      - {stage: publish, severity: error, action: block}\n",
        ),
        ("rules.yaml", RULES),
        ("public/a.yaml", OAS),
        ("private/b.yaml", OAS),
    ]);
    let v = json_of(&check_in(d.path(), &["--stage", "deploy", "-f", "json"]));
    let governing = |v: &serde_json::Value, tail: &str| -> Vec<String> {
        api(v, tail)["policies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(governing(&v, "a.yaml"), ["public"]);
    assert!(governing(&v, "b.yaml").is_empty());
    assert_eq!(api(&v, "b.yaml")["status"], "NOT-APPLICABLE");
    // `everyone` is evaluated at publish only: unapplied at deploy, and nothing blocks.
    assert_eq!(v["policies"][1]["status"], "UNAPPLIED");
    assert_eq!(v["blocked"], false);
    let out = check_in(d.path(), &["--stage", "publish", "-f", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(governing(&v, "a.yaml"), ["public", "everyone"]);
    assert_eq!(governing(&v, "b.yaml"), ["everyone"]);
    assert_eq!(v["policies"][1]["non_compliant"], 2);
    // `public` has no action: its violations notify, even at publish.
    let a = api(&v, "a.yaml");
    assert_eq!(a["policies"][0]["blocking"], 0);
    assert_eq!(a["policies"][1]["blocking"], 1);
}

/// `block` at create or update is refused where it is written, as are the other mistakes of
/// a policy; the check cannot be made (exit 2).
#[test]
fn block_is_refused_at_create_and_mistakes_point_into_the_file() {
    let d = tree(&[
        (
            ".gardefou.yaml",
            "policies:\n  - name: p\n    appliesTo: {all: true}\n    rulesets: [gardefou:versioning]\n    actions:\n      - {stage: create, severity: error, action: block}\n      - {stage: update, severity: warn, action: block}\n",
        ),
        ("a.yaml", OAS),
    ]);
    let out = check_in(d.path(), &["--stage", "publish"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with(
            "gardefou: error: ./.gardefou.yaml:6:50: policy `p`: `block` is refused at `create`"
        ),
        "{err}"
    );
    assert!(
        lines[1].starts_with(
            "gardefou: error: ./.gardefou.yaml:7:49: policy `p`: `block` is refused at `update`"
        ),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    let d = tree(&[
        (
            ".gardefou.yaml",
            "labels: [public]\npolicies:\n  - name: p\n    appliesTo: {labels: [x]}\n    rulesets: [gardefou:nope, ./absent.yaml, ./bad.yaml]\n  - name: p\n    appliesTo: {all: true}\n    rulesets: [gardefou:versioning]\n  - wso2:none\n  - name: q\n    appliesTo: {all: false}\n    rulesets: []\n    actions: [{stage: publish, severity: loud, action: block}]\n",
        ),
        ("bad.yaml", "rules:\n  r: {given: 1}\n"),
        ("a.yaml", OAS),
    ]);
    let out = check_in(d.path(), &["--stage", "publish"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out).replace("gardefou: error: ", "");
    let expect = [
        "./.gardefou.yaml:1:9: `labels` must be a map",
        "./.gardefou.yaml:9:5: unknown built-in policy `wso2:none` (known: wso2:best-practices)",
        "./.gardefou.yaml:11:22: policy `q`: `all` must be `true`",
        "./.gardefou.yaml:12:15: policy `q`: `rulesets` must be a non-empty list",
        "./.gardefou.yaml:13:42: policy `q`: unknown severity `loud`",
        "./.gardefou.yaml:5:16: policy `p`: unknown built-in ruleset `gardefou:nope`",
        "./.gardefou.yaml:5:31: policy `p`: ruleset `./absent.yaml` not found",
        "./.gardefou.yaml:5:46: policy `p`: ruleset `./bad.yaml` cannot be used:",
        "./bad.yaml:2:",
        "./.gardefou.yaml:6:5: a second policy named `p` (the first is on line 3)",
    ];
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), expect.len(), "{err}");
    for (line, want) in lines.iter().zip(expect) {
        assert!(
            line.starts_with(want) || line.contains(want.trim_start_matches("./")),
            "{line}\n  wanted {want}"
        );
    }
}

#[test]
fn nothing_to_check_and_no_policies() {
    let d = tree(&[
        (".gardefou.yaml", "policies: []\n"),
        ("notes.yaml", "a: 1\n"),
    ]);
    let out = check_in(d.path(), &["--stage", "publish"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no API found"), "{}", stderr(&out));
    // APIs but no policy: every API is not applicable, and that is not a failure.
    std::fs::write(d.path().join("a.yaml"), OAS).unwrap();
    let out = check_in(d.path(), &["--stage", "publish", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("no `policies:`"), "{}", stderr(&out));
    assert_eq!(json_of(&out)["apis"][0]["status"], "NOT-APPLICABLE");
    // An unreadable definition: its check is incomplete (exit 2), whatever blocks.
    let d = tree(&[
        (
            ".gardefou.yaml",
            "policies:\n  - name: p\n    appliesTo: {all: true}\n    rulesets: [./r.yaml]\n",
        ),
        ("r.yaml", RULES),
        ("p/api.yaml", "type: api\ndata: {name: P}\n"),
        ("p/Definitions/swagger.yaml", "openapi: 3.0.3\ninfo: [\n"),
    ]);
    let out = check_in(d.path(), &["--stage", "create"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("p/Definitions/swagger.yaml:"),
        "{}",
        stderr(&out)
    );
}

/// WSO2's default policy, built in: every API at create and update, its REST design
/// guidelines on the definition and its management guidelines on `api.yaml`, notify only.
#[test]
fn wso2_best_practices_is_built_in() {
    let d = tree(&[(".gardefou.yaml", "policies: [wso2:best-practices]\n")]);
    let src = root().join("fixtures/governance/apis/public/LegacyLyrics-0.9.0");
    for f in ["api.yaml", "Definitions/swagger.yaml"] {
        let to = d.path().join("LegacyLyrics").join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(f), to).unwrap();
    }
    let out = check_in(d.path(), &["--stage", "update", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json_of(&out);
    let p = &v["apis"][0]["policies"][0];
    assert_eq!(p["name"], "wso2:best-practices");
    assert_eq!(p["status"], "VIOLATED");
    assert_eq!(p["blocking"], 0);
    let rulesets: Vec<(&str, &str)> = p["rulesets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["target"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rulesets,
        [
            ("wso2:rest-api-design-guidelines", "definition"),
            ("wso2:api-management-guidelines", "metadata")
        ]
    );
    let metadata = &p["rulesets"][1]["findings"];
    let insecure = metadata
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "api-no-insecure-transports")
        .unwrap_or_else(|| panic!("{metadata}"));
    assert_eq!(insecure["file"], "./LegacyLyrics/api.yaml");
    assert_eq!(
        (insecure["line"].as_u64(), insecure["column"].as_u64()),
        (Some(10), Some(15))
    );
    // Not evaluated at deploy or publish.
    let v = json_of(&check_in(d.path(), &["--stage", "publish", "-f", "json"]));
    assert_eq!(v["policies"][0]["status"], "UNAPPLIED");
    assert_eq!(v["apis"][0]["status"], "NOT-APPLICABLE");
}

/// A ruleset file in WSO2's own format (`ruleType`, `rulesetContent`) runs unchanged in a
/// policy, on the target its `ruleType` names.
#[test]
fn a_wso2_ruleset_file_runs_on_its_rule_type() {
    let d = tree(&[
        (
            ".gardefou.yaml",
            "policies:\n  - name: p\n    appliesTo: {all: true}\n    rulesets: [./house.yaml]\n",
        ),
        (
            "house.yaml",
            "name: House metadata\nruleCategory: SPECTRAL\nruleType: API_METADATA\nartifactType: REST_API\nprovider: house\nrulesetContent:\n  rules:\n    api-description:\n      given: $.data\n      severity: error\n      then: {field: description, function: truthy}\n",
        ),
        ("p/api.yaml", "type: api\ndata:\n  name: P\n"),
        ("p/Definitions/swagger.yaml", OAS),
    ]);
    let v = json_of(&check_in(d.path(), &["--stage", "create", "-f", "json"]));
    let r = &v["apis"][0]["policies"][0]["rulesets"][0];
    assert_eq!(r["target"], "metadata", "{v}");
    assert_eq!(r["findings"][0]["file"], "./p/api.yaml");
    assert_eq!(r["findings"][0]["line"], 2);
}
