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
