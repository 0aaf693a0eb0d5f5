//! `x-gardefou-target`: a metadata or documentation ruleset lints its documents as plain YAML or
//! JSON (WSO2's `API_METADATA` / `API_DOCUMENTATION` rulesets), with findings at file:line:col.

mod common;

use std::path::Path;

use common::{gardefou, stderr, stdout};

/// An `api.yaml` as `apictl export` writes it (shortened), with a name WSO2 refuses.
const API_YAML: &str = "\
type: api
version: v4.5.0
data:
  name: Pizza Shack API
  context: /pizzashack
  version: 1.0.0
  tags: []
";

/// A metadata ruleset: one rule without formats, one with (which never runs on metadata).
const METADATA: &str = "\
x-gardefou-target: metadata
rules:
  api-name-no-special-characters:
    severity: error
    given: $.data.name
    then: {function: pattern, functionOptions: {match: '^[a-zA-Z0-9-_.]+$'}}
  only-on-openapi:
    formats: [oas3]
    given: $.data
    then: {field: name, function: falsy}
";

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn a_metadata_ruleset_lints_api_yaml_as_plain_yaml() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[("api.yaml", API_YAML), ("metadata.yaml", METADATA)],
    );
    let o = gardefou(
        dir.path(),
        &["lint", "api.yaml", "-r", "metadata.yaml", "-f", "stylish"],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{}", stderr(&o));
    // The rule's finding at the name's line and column, nothing else: no
    // `unrecognized-format`, and the rule limited to `oas3` does not run.
    assert!(
        out.starts_with("api.yaml:4:9 error \"Pizza Shack API\" must match the pattern"),
        "{out}"
    );
    assert!(out.contains("[api-name-no-special-characters]"), "{out}");
    assert!(!out.contains("unrecognized-format"), "{out}");
    assert!(!out.contains("only-on-openapi"), "{out}");
    let json = gardefou(
        dir.path(),
        &["lint", "api.yaml", "-r", "metadata.yaml", "-f", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = report["documents"][0]["findings"].as_array().unwrap();
    let got: Vec<(String, String, u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(
            "api-name-no-special-characters".to_string(),
            "api.yaml".to_string(),
            4,
            9
        )]
    );
    assert_eq!(findings[0]["path"], serde_json::json!(["data", "name"]));
}

#[test]
fn the_same_document_under_a_definition_ruleset_is_not_an_api_description() {
    let dir = tempfile::tempdir().unwrap();
    let definition = METADATA.replace("x-gardefou-target: metadata\n", "");
    write(
        dir.path(),
        &[("api.yaml", API_YAML), ("definition.yaml", &definition)],
    );
    let o = gardefou(
        dir.path(),
        &["lint", "api.yaml", "-r", "definition.yaml", "-f", "stylish"],
    );
    let out = stdout(&o);
    assert!(out.contains("unrecognized-format"), "{out}");
    assert!(out.contains("api-name-no-special-characters"), "{out}");
}

#[test]
fn an_openapi_document_under_a_metadata_ruleset_gets_no_openapi_checks() {
    let dir = tempfile::tempdir().unwrap();
    // Broken as OpenAPI (no `info`, `paths` a list), fine for the metadata rule.
    let doc = "openapi: 3.0.3\npaths: []\ndata:\n  name: pizza\n";
    let ruleset = "x-gardefou-target: metadata\nextends: [./metadata.yaml]\n";
    write(
        dir.path(),
        &[
            ("openapi.yaml", doc),
            ("metadata.yaml", METADATA),
            ("child.yaml", ruleset),
        ],
    );
    let o = gardefou(dir.path(), &["lint", "openapi.yaml", "-r", "child.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // The rule limited to `oas3` does not run either: the document has no format.
    assert!(!stdout(&o).contains("only-on-openapi"), "{}", stdout(&o));
}

#[test]
fn a_bad_target_is_a_ruleset_error_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("api.yaml", API_YAML),
            ("bad.yaml", "rules: {}\nx-gardefou-target: api_metadata\n"),
            (
                "mixed.yaml",
                "x-gardefou-target: metadata\nextends: spectral:oas\n",
            ),
        ],
    );
    let o = gardefou(dir.path(), &["lint", "api.yaml", "-r", "bad.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "bad.yaml:2:20: `x-gardefou-target` must be definition, metadata or documentation"
        ),
        "{}",
        stderr(&o)
    );
    let o = gardefou(dir.path(), &["lint", "api.yaml", "-r", "mixed.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("mixed.yaml:2:10: `spectral:oas` is a definition ruleset, and this ruleset's `x-gardefou-target` is metadata"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn under_a_directory_a_metadata_ruleset_reads_the_projects_api_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("apis/PizzaShackAPI-1.0.0");
    std::fs::create_dir_all(project.join("Definitions")).unwrap();
    write(&project, &[("api.yaml", API_YAML)]);
    write(
        &project.join("Definitions"),
        &[(
            "swagger.yaml",
            "openapi: 3.0.3\ninfo: {title: Pizza, version: 1.0.0}\npaths: {}\ndata: {name: x y}\n",
        )],
    );
    write(dir.path(), &[("metadata.yaml", METADATA)]);
    let o = gardefou(
        dir.path(),
        &["lint", "apis", "-r", "metadata.yaml", "-f", "stylish"],
    );
    let out = stdout(&o);
    assert!(
        out.starts_with("apis/PizzaShackAPI-1.0.0/api.yaml:4:9 error"),
        "{out}{}",
        stderr(&o)
    );
    assert!(!out.contains("swagger.yaml"), "{out}");
    assert!(out.contains("in 1 document"), "{out}");
    // A definition ruleset reads the OpenAPI definition, and not the api.yaml.
    let definition = METADATA.replace("x-gardefou-target: metadata\n", "");
    write(dir.path(), &[("definition.yaml", &definition)]);
    let o = gardefou(
        dir.path(),
        &["lint", "apis", "-r", "definition.yaml", "-f", "stylish"],
    );
    let out = stdout(&o);
    assert!(out.contains("Definitions/swagger.yaml:4:"), "{out}");
    assert!(!out.contains("api.yaml"), "{out}");
}
