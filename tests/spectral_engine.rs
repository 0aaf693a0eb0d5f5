//! Small cases that each pin one behaviour of Spectral's rule engine (where a finding is
//! reported, how `field` applies, how messages are templated, what a ruleset may hold), run
//! through the binary against what Spectral 6.16.3 reports for them. Each case is a folder of
//! `fixtures/spectral-engine/` with `ruleset.yaml`, `doc.yaml` or `doc.json`, and Spectral's
//! output in `spectral-6.16.3.json` (made by `tools/spectral_engine_oracle.sh`).

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::Path;

/// (rule, path, start line, start character, severity, message, file name) → how many times.
type Bag = BTreeMap<(String, String, u64, u64, u64, String, String), usize>;

fn row(
    code: &str,
    path: &[serde_json::Value],
    line: u64,
    ch: u64,
    sev: u64,
    msg: &str,
    file: &str,
) -> (String, String, u64, u64, u64, String, String) {
    let path = path
        .iter()
        .map(|s| match s {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/");
    (code.into(), path, line, ch, sev, msg.into(), file.into())
}

fn check(case: &str) {
    let dir = root().join("fixtures/spectral-engine").join(case);
    let doc = ["doc.yaml", "doc.json"]
        .into_iter()
        .find(|d| dir.join(d).is_file())
        .expect("a doc.yaml or doc.json");
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("spectral-6.16.3.json")).unwrap())
            .unwrap();
    let out = gardefou(
        &dir,
        &["lint", "-f", "spectral-json", "-r", "ruleset.yaml", doc],
    );
    if let Some(e) = oracle.get("spectralError") {
        assert_eq!(
            out.status.code(),
            Some(2),
            "{case}: Spectral refuses the ruleset ({e})"
        );
        return;
    }
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{case}: {}",
        stderr(&out)
    );
    let mut theirs = Bag::new();
    for f in oracle.as_array().unwrap() {
        let k = row(
            f[0].as_str().unwrap(),
            f[1].as_array().unwrap(),
            f[2].as_u64().unwrap(),
            f[3].as_u64().unwrap(),
            f[4].as_u64().unwrap(),
            f[5].as_str().unwrap(),
            f[6].as_str().unwrap(),
        );
        *theirs.entry(k).or_default() += 1;
    }
    let ours_json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut ours = Bag::new();
    for f in ours_json.as_array().unwrap() {
        let source = f["source"].as_str().unwrap();
        let k = row(
            f["code"].as_str().unwrap(),
            f["path"].as_array().unwrap(),
            f["range"]["start"]["line"].as_u64().unwrap(),
            f["range"]["start"]["character"].as_u64().unwrap(),
            f["severity"].as_u64().unwrap(),
            f["message"].as_str().unwrap(),
            Path::new(source).file_name().unwrap().to_str().unwrap(),
        );
        *ours.entry(k).or_default() += 1;
    }
    let only_ours: Vec<_> = ours
        .keys()
        .filter(|k| ours[*k] > theirs.get(*k).copied().unwrap_or(0))
        .collect();
    let only_theirs: Vec<_> = theirs
        .keys()
        .filter(|k| theirs[*k] > ours.get(*k).copied().unwrap_or(0))
        .collect();
    assert!(
        only_ours.is_empty() && only_theirs.is_empty(),
        "{case}: gardefou only {only_ours:#?}\nSpectral only {only_theirs:#?}"
    );
}

#[test]
fn field_is_ignored_on_a_target_that_is_not_an_object() {
    check("field-on-string");
}

#[test]
fn create_ruleset_function_with_options_null_loads() {
    check("options-null");
}

#[test]
fn schema_options_with_unresolvable_refs_load() {
    check("schema-missing-ref");
}

#[test]
fn alphabetical_reports_where_spectral_does() {
    check("alphabetical");
}

#[test]
fn recommended_false_leaves_a_root_rule_off() {
    check("recommended-false");
    check("recommended-false-all");
}

#[test]
fn findings_through_refs_are_reported_where_spectral_maps_them() {
    check("ref-locations");
}

#[test]
fn message_templates_render_as_spectral_renders_them() {
    check("message-vars");
}
