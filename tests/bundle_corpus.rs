//! `gardefou bundle` on real multi-file descriptions: the bundle loads as one file, lints to
//! the same findings as its source, and `diff` finds nothing between them.

mod bundle_support;
mod common;
use common::*;

use std::collections::HashSet;
use std::path::Path;

use gardefou_bundle::{bundle, to_json, to_yaml, Options};
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::Config;

/// Bundles `root`, checks the bundle and compares its findings; returns a printable report.
fn check(root: &Path, spectral: Option<&Path>) -> String {
    let t0 = std::time::Instant::now();
    let set = DocumentSet::load(root, &LoadOptions::default()).unwrap();
    let loaded = t0.elapsed();
    let options = Options {
        trace: true,
        ..Options::default()
    };
    let b = bundle(&set, &options).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    let bundled = t0.elapsed() - loaded;
    let json = root.extension().is_some_and(|e| e == "json");
    let (name, text) = match json {
        true => ("bundle.json", to_json(&b.root).unwrap()),
        false => ("bundle.yaml", to_yaml(&b.root)),
    };
    let bset = DocumentSet::from_files(
        vec![(name.to_string(), text.into_bytes())],
        &LoadOptions::default(),
    );
    assert!(
        bset.root().issues.is_empty(),
        "{:?}",
        &bset.root().issues[..1]
    );
    assert!(
        bset.ref_issues().is_empty(),
        "{:?}",
        &bset.ref_issues()[..1]
    );
    assert_eq!(bset.files().len(), 1);
    let spectral: Option<HashSet<(String, String)>> = spectral.map(|p| {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["code"].as_str().unwrap().to_string(),
                    r["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    });
    let mut report = format!(
        "{}: {} files, load {loaded:?}, bundle {bundled:?}, {} hoisted\n",
        root.display(),
        set.files().len(),
        b.hoisted.len()
    );
    for name in ["spectral:oas", "gardefou:recommended"] {
        let config = Config::builtin(name).unwrap();
        let o = bundle_support::compare(&set, &b, &bset, &config, spectral.as_ref());
        report += &format!("  {name}: {o:#?}\n");
    }
    let (Some(old), Some(new)) = (gardefou_model::build(&set), gardefou_model::build(&bset)) else {
        panic!("no model");
    };
    let changes = gardefou_diff::diff(
        &old,
        &new,
        &gardefou_diff::Sides {
            old_set: &set,
            new_set: &bset,
        },
    );
    report += &format!(
        "  diff: {} changes {:?}\n",
        changes.len(),
        changes
            .iter()
            .take(3)
            .map(|c| &c.message)
            .collect::<Vec<_>>()
    );
    report += &format!("  total {:?}\n", t0.elapsed());
    report
}

#[test]
fn digitalocean_bundles_to_the_same_findings() {
    let Some(shared) = shared() else { return };
    let root = shared.join("corpus/docs/digitalocean/DigitalOcean-public.v2.yaml");
    let spectral = shared.join("corpus/spectral/digitalocean__DigitalOcean-public.v2.yaml.json");
    let r = check(&root, Some(&spectral));
    eprintln!("{r}");
}
