//! `--format sarif` is valid SARIF 2.1.0 (checked against the OASIS schema in
//! `../shared/spec/sarif`) and carries what code scanning needs.

mod common;
use common::*;

#[test]
fn sarif_is_valid_and_complete() {
    let Some(shared) = shared() else { return };
    let text = std::fs::read_to_string(shared.join("spec/sarif/sarif-schema-2.1.0.json")).unwrap();
    // The official schema has a language-tag pattern that is not a valid regular expression for
    // Rust engines (`…]?$`); it is not used by our output, so it is replaced by its intent.
    let text = text.replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap();
    for fixture in [
        "fixtures/lint/openapi-3.0.yaml",
        "fixtures/lint/multi-file/root.yaml",
        "fixtures/portfolio",
    ] {
        let out = gardefou(&root(), &["lint", "-f", "sarif", fixture]);
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{fixture}: {errors:?}");
        let run = &log["runs"][0];
        let results = run["results"].as_array().unwrap();
        assert!(!results.is_empty(), "{fixture}");
        for r in results {
            assert!(r["partialFingerprints"]["gardefou/v1"]
                .as_str()
                .is_some_and(|f| f.len() == 16));
            assert!(
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap()
                    >= 1
            );
            let id = r["ruleId"].as_str().unwrap();
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(run["tool"]["driver"]["rules"][index]["id"], id);
        }
    }
    // A finding in a referenced file points at that file.
    let out = gardefou(
        &root(),
        &["lint", "-f", "sarif", "fixtures/lint/multi-file/root.yaml"],
    );
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(
            |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "fixtures/lint/multi-file/parts/pets.yaml"
        ));
}
