//! Real third-party Spectral rulesets load unchanged. Baloise's extends Zalando's; all its rules,
//! those with the ruleset's JavaScript functions included, give Spectral's findings on a fixture.

mod common;
use common::*;

use std::collections::BTreeMap;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint, Config};

#[test]
fn baloise_extends_zalando_and_gives_spectrals_findings() {
    let Some(shared) = shared() else { return };
    let ruleset = shared.join("reference/rulesets/baloise-spectral-rules-1.5.0/baloise.yml");
    let config = Config::load(&ruleset).expect("the Baloise ruleset loads");
    let doc = root().join("fixtures/rulesets/baloise/api.yaml");
    let set = DocumentSet::load(&doc, &LoadOptions::default()).unwrap();
    let ours: Vec<(String, String, u32)> = lint(&set, &config)
        .iter()
        .map(|f| {
            let path = f
                .path
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("/");
            (
                f.rule.clone(),
                path,
                set.file(f.file).position(f.span.start).line - 1,
            )
        })
        .collect();
    let oracle: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/rulesets/baloise/spectral-6.16.3.json"))
            .unwrap(),
    )
    .unwrap();
    let spectral: Vec<(String, String, u32)> = oracle
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
                .join("/");
            (
                f["code"].as_str().unwrap().to_string(),
                path,
                f["range"]["start"]["line"].as_u64().unwrap() as u32,
            )
        })
        .collect();
    let count = |v: &[(String, String, u32)]| {
        let mut m = BTreeMap::new();
        for x in v {
            *m.entry(x.clone()).or_insert(0) += 1;
        }
        m
    };
    assert!(spectral.len() >= 15, "the fixture exercises the ruleset");
    assert_eq!(count(&ours), count(&spectral));
}

#[test]
fn red_hat_rhoas_ruleset_loads_and_runs() {
    let Some(shared) = shared() else { return };
    let ruleset = shared.join("reference/rulesets/rhoas-spectral-ruleset-0.3.1/ruleset.yaml");
    let config = Config::load(&ruleset).expect("the rhoas ruleset loads");
    let doc = root().join("fixtures/portfolio/royalties/openapi.yaml");
    let set = DocumentSet::load(&doc, &LoadOptions::default()).unwrap();
    let findings = lint(&set, &config);
    assert!(
        findings.iter().any(|f| f.rule.starts_with("rhoas-")),
        "rhoas rules ran"
    );
}
