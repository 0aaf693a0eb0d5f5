//! Baselines survive reformatting, reordering and YAML → JSON; `x-gardefou-ignore` applies
//! through `$ref`s, and a suppression that silences nothing is reported.

mod common;
use common::*;

use std::path::Path;

const API: &str = "openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths:
  /orders:
    get:
      operationId: listOrders
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    Order:
      type: object
      properties:
        order_id: {type: string}
";

fn rules_of(out: &std::process::Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            d["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule"].as_str().unwrap().to_string())
        })
        .collect()
}

/// The same JSON value with every object's keys in reverse order, pretty-printed.
fn reordered(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => {
            let mut out = serde_json::Map::new();
            for (k, x) in m.iter().rev() {
                out.insert(k.clone(), reordered(x));
            }
            serde_json::Value::Object(out)
        }
        serde_json::Value::Array(a) => serde_json::Value::Array(a.iter().map(reordered).collect()),
        x => x.clone(),
    }
}

#[test]
fn a_baseline_survives_reformatting_reordering_and_yaml_to_json() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("api.yaml"), API).unwrap();
    let out = gardefou(
        t.path(),
        &[
            "lint",
            "-f",
            "json",
            "--write-baseline",
            "baseline.json",
            "api.yaml",
        ],
    );
    let before = rules_of(&out);
    assert!(before.len() > 5, "{before:?}");

    // The same API as JSON, keys reordered, one new problem added.
    let tree = gardefou_source::parse(
        API,
        gardefou_source::Syntax::Yaml,
        &gardefou_source::Limits::default(),
    )
    .root
    .unwrap()
    .to_json();
    let mut json = reordered(&tree);
    json["paths"]["/orders"]["get"]["operationId"] = serde_json::Value::from("List_Orders");
    std::fs::write(
        t.path().join("api.json"),
        serde_json::to_string_pretty(&json).unwrap(),
    )
    .unwrap();
    std::fs::remove_file(t.path().join("api.yaml")).unwrap();

    let out = gardefou(
        t.path(),
        &[
            "lint",
            "-f",
            "json",
            "--baseline",
            "baseline.json",
            "api.json",
        ],
    );
    let after = rules_of(&out);
    assert_eq!(
        after,
        ["naming-operation-id-casing"],
        "only the new problem is reported"
    );
    assert!(stderr(&out).contains("not shown"), "{}", stderr(&out));
}

#[test]
fn suppressions_apply_through_refs_and_stale_ones_are_reported() {
    let t = tempfile::tempdir().unwrap();
    let api = API.replace(
        "    get:\n      operationId: listOrders\n",
        "    get:\n      x-gardefou-ignore: {naming-property-casing: 'legacy field names, kept for clients'}\n      operationId: listOrders\n",
    );
    let api = api.replace("paths:\n  /orders:\n", "paths:\n  /orders:\n    x-gardefou-ignore: [documentation-operation-summary, no-such-rule]\n");
    std::fs::write(Path::new(t.path()).join("api.yaml"), api).unwrap();
    let out = gardefou(t.path(), &["lint", "-f", "json", "api.yaml"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["documents"][0]["findings"].as_array().unwrap();
    let rules: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    // `order_id` lives in components, reached from the operation through $ref: silenced.
    assert!(!rules.contains(&"naming-property-casing"), "{rules:?}");
    // The path-level ignore silenced the missing summary under it.
    assert!(
        !rules.contains(&"documentation-operation-summary"),
        "{rules:?}"
    );
    // `no-such-rule` silences nothing and names no rule.
    let unused: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "unused-suppression")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert!(unused[0].contains("no-such-rule") && unused[0].contains("not a rule"));
}

/// A duplicate operationId and a duplicate key (`summary`, first defined on line 7).
const DUPLICATE_IDS: &str = "openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths:
  /orders:
    get:
      operationId: listOrders
      summary: List orders
      summary: List all orders
      responses: {'200': {description: OK}}
  /orders/archive:
    get:
      operationId: listOrders
      responses: {'200': {description: OK}}
";

fn findings_of(out: &std::process::Output) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["findings"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn a_baseline_survives_a_line_inserted_above_a_duplicate_operation_id() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("api.yaml"), DUPLICATE_IDS).unwrap();
    let out = gardefou(
        t.path(),
        &[
            "lint",
            "-f",
            "json",
            "--write-baseline",
            "base.json",
            "api.yaml",
        ],
    );
    let before = findings_of(&out);
    assert!(
        before
            .iter()
            .any(|f| f["rule"] == "operation-operationId-unique"),
        "the duplicate operationId is reported"
    );
    let dup = before
        .iter()
        .find(|f| f["rule"] == "duplicate-key")
        .expect("the duplicate key is reported");
    // The place of the first definition is data, not text in the message.
    for f in before
        .iter()
        .filter(|f| f["rule"] == "duplicate-key" || f["rule"] == "operation-operationId-unique")
    {
        let message = f["message"].as_str().unwrap();
        assert!(!message.chars().any(|c| c.is_ascii_digit()), "{message}");
    }
    assert_eq!(dup["related"][0]["message"], "first defined here");
    assert_eq!(dup["related"][0]["start"]["line"], 7);

    // Two lines inserted above both operations: every line number moves.
    let moved = DUPLICATE_IDS.replace(
        "paths:\n",
        "tags:\n  - {name: orders, description: Orders.}\npaths:\n",
    );
    std::fs::write(t.path().join("api.yaml"), &moved).unwrap();
    let out = gardefou(
        t.path(),
        &["lint", "-f", "json", "--baseline", "base.json", "api.yaml"],
    );
    let after: Vec<String> = findings_of(&out)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(after.is_empty(), "nothing new: {after:?}");
    assert!(
        stderr(&out).contains(&format!(
            "{} known finding(s) not shown, 0 fixed",
            before.len()
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_baseline_written_from_one_folder_works_from_another() {
    let t = tempfile::tempdir().unwrap();
    let apis = t.path().join("repo/apis");
    std::fs::create_dir_all(&apis).unwrap();
    // A broken reference too: its message must not name the file from the current directory.
    let doc = format!("{DUPLICATE_IDS}  /missing:\n    $ref: './parts/missing.yaml'\n");
    std::fs::write(apis.join("orders.yaml"), doc).unwrap();
    // Written from the repository's top folder …
    let out = gardefou(
        &t.path().join("repo"),
        &[
            "lint",
            "-f",
            "json",
            "--write-baseline",
            "apis/base.json",
            "apis/orders.yaml",
        ],
    );
    let written = findings_of(&out);
    let count = written.len();
    assert!(
        written.iter().any(|f| f["rule"] == "invalid-ref"),
        "{written:?}"
    );
    // … applied from the documents' folder and from outside the repository.
    for (cwd, baseline, doc) in [
        (apis.clone(), "base.json", "orders.yaml"),
        (
            t.path().to_path_buf(),
            "repo/apis/base.json",
            "repo/apis/orders.yaml",
        ),
    ] {
        let out = gardefou(&cwd, &["lint", "-f", "json", "--baseline", baseline, doc]);
        let left: Vec<String> = findings_of(&out)
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect();
        assert!(left.is_empty(), "from {}: {left:?}", cwd.display());
        assert!(
            stderr(&out).contains(&format!("{count} known finding(s) not shown, 0 fixed")),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn sarif_fingerprints_do_not_move_with_lines_or_folders() {
    let t = tempfile::tempdir().unwrap();
    let apis = t.path().join("apis");
    std::fs::create_dir_all(&apis).unwrap();
    let fingerprints = |cwd: &Path, doc: &str| -> Vec<(String, String)> {
        let out = gardefou(cwd, &["lint", "-f", "sarif", doc]);
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut v: Vec<(String, String)> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["gardefou/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    std::fs::write(apis.join("orders.yaml"), DUPLICATE_IDS).unwrap();
    let first = fingerprints(t.path(), "apis/orders.yaml");
    let out = gardefou(t.path(), &["lint", "-f", "sarif", "apis/orders.yaml"]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dup = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "duplicate-key")
        .unwrap();
    let related = &dup["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "first defined here");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 7);
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "apis/orders.yaml"
    );
    assert_eq!(fingerprints(&apis, "orders.yaml"), first, "another folder");
    std::fs::write(
        apis.join("orders.yaml"),
        DUPLICATE_IDS.replace("paths:\n", "# moved\n\npaths:\n"),
    )
    .unwrap();
    assert_eq!(
        fingerprints(t.path(), "apis/orders.yaml"),
        first,
        "moved lines"
    );
}

#[test]
fn a_finding_about_a_name_points_at_the_key() {
    let t = tempfile::tempdir().unwrap();
    let api = "openapi: 3.0.3
info: {title: Accounts, version: 1.0.0}
paths:
  /user_accounts:
    get:
      operationId: listAccounts
      responses:
        '200':
          description: OK
          headers:
            x_request_id:
              schema: {type: string}
components:
  schemas:
    account:
      description: An account.
      type: object
      properties:
        first_name:
          description: Given name.
          type: string
        holder:
          $ref: '#/components/schemas/account'
";
    std::fs::write(t.path().join("api.yaml"), api).unwrap();
    let out = gardefou(t.path(), &["lint", "-f", "json", "api.yaml"]);
    let findings = findings_of(&out);
    let line_of = |rule: &str| -> Vec<u64> {
        findings
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| f["start"]["line"].as_u64().unwrap())
            .collect()
    };
    // `account:` is on line 15, its first member (`description:`) on line 16.
    assert_eq!(line_of("naming-schema-name-casing"), [15]);
    assert_eq!(line_of("naming-property-casing"), [19]);
    assert_eq!(line_of("naming-path-segment-casing"), [4]);
    assert_eq!(line_of("naming-header-casing"), [11]);
    let schema = findings
        .iter()
        .find(|f| f["rule"] == "naming-schema-name-casing")
        .unwrap();
    assert_eq!(schema["start"]["column"], 5);
    assert_eq!(schema["end"]["column"], 12, "the key `account` itself");

    // The human format underlines the key.
    let out = gardefou(t.path(), &["lint", "--no-color", "api.yaml"]);
    let text = stdout(&out);
    let at = text.find("[naming-schema-name-casing]").unwrap();
    assert!(
        text[at..].contains("--> api.yaml:15:5\n   |\n15 |     account:\n   |     ^^^^^^^"),
        "{}",
        &text[at..]
    );
}

#[test]
fn a_suppression_on_info_silences_info_contact() {
    let t = tempfile::tempdir().unwrap();
    let api = "openapi: 3.0.3
info:
  title: T
  version: 1.0.0
  description: What the API is for.
  x-gardefou-ignore: [info-contact, documentation-info-contact]
paths: {}
components:
  schemas:
    account:
      x-gardefou-ignore: [naming-schema-name-casing]
      type: object
";
    std::fs::write(t.path().join("api.yaml"), api).unwrap();
    let plain = api
        .replace(
            "  x-gardefou-ignore: [info-contact, documentation-info-contact]\n",
            "",
        )
        .replace("      x-gardefou-ignore: [naming-schema-name-casing]\n", "");
    std::fs::write(t.path().join("plain.yaml"), plain).unwrap();
    let rules = |doc: &str| -> Vec<String> {
        let out = gardefou(t.path(), &["lint", "-f", "json", doc]);
        findings_of(&out)
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let without = rules("plain.yaml");
    // `documentation-info-contact` is an alias of `info-contact` now: its entry names that rule.
    for r in ["info-contact", "naming-schema-name-casing"] {
        assert!(
            without.iter().any(|x| x == r),
            "{r} fires without the suppression"
        );
    }
    let with = rules("api.yaml");
    for r in [
        "info-contact",
        "documentation-info-contact",
        "naming-schema-name-casing",
        "unused-suppression",
    ] {
        assert!(!with.iter().any(|x| x == r), "{r}: {with:?}");
    }
}

/// A ruleset's `baseline:` is the default of `--baseline`: not written yet, it hides nothing;
/// `--write-baseline` records every finding (the configured baseline is not applied first);
/// then `lint` hides them; `--baseline` on the command line wins; a `baseline:` that is not a
/// path is a ruleset error at its line and column.
#[test]
fn the_ruleset_names_the_baseline_lint_applies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::create_dir(d.join("ci")).unwrap();
    std::fs::write(d.join("api.yaml"), API).unwrap();
    std::fs::write(
        d.join(".gardefou.yaml"),
        "extends: [gardefou:recommended]\nbaseline: ci/known.json\n",
    )
    .unwrap();
    let all = gardefou(d, &["lint", "api.yaml", "-f", "json"]);
    assert!(!rules_of(&all).is_empty());
    assert!(!stderr(&all).contains("baseline"), "{}", stderr(&all));

    let wrote = gardefou(
        d,
        &["lint", "api.yaml", "--write-baseline", "ci/known.json"],
    );
    assert_eq!(wrote.status.code(), Some(0), "{}", stderr(&wrote));
    let out = gardefou(d, &["lint", "api.yaml", "-f", "json"]);
    assert_eq!(rules_of(&out), Vec::<String>::new());
    assert_eq!(out.status.code(), Some(0));
    let n = rules_of(&all).len();
    assert!(
        stderr(&out).contains(&format!("ci/known.json: {n} known finding(s) not shown")),
        "{}",
        stderr(&out)
    );

    std::fs::write(d.join("empty.json"), r#"{"version": 2, "findings": []}"#).unwrap();
    let out = gardefou(
        d,
        &["lint", "api.yaml", "-f", "json", "--baseline", "empty.json"],
    );
    assert_eq!(rules_of(&out), rules_of(&all));

    std::fs::write(
        d.join(".gardefou.yaml"),
        "extends: [gardefou:recommended]\nbaseline: [a]\n",
    )
    .unwrap();
    let out = gardefou(d, &["lint", "api.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains(".gardefou.yaml:2:11: `baseline` must be the path of a baseline file"),
        "{}",
        stderr(&out)
    );
}
