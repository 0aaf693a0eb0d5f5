//! Real rulesets that ship JavaScript functions, run unchanged, against what Spectral 6.16.3
//! reports with them: Baloise (extends Zalando; 6 functions) and Red Hat's rhoas (3 functions,
//! extends spectral:oas), on every APIs.guru document of the corpus. Spectral's outputs are
//! kept in `fixtures/spectral-js/` (made by `tools/spectral_js_oracle.sh`).

mod common;
use common::*;

use std::collections::BTreeMap;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint, Config};

/// (rule, path, 0-based line) → how many times.
type Bag = BTreeMap<(String, String, u64), usize>;

fn add(bag: &mut Bag, key: (String, String, u64)) {
    *bag.entry(key).or_insert(0) += 1;
}

fn compare(name: &str, ruleset: &str) {
    let Some(shared) = shared() else { return };
    let config = Config::load(&shared.join(ruleset)).unwrap_or_else(|e| panic!("{e}"));
    let oracle_dir = root().join("fixtures/spectral-js").join(name);
    let mut files: Vec<_> = std::fs::read_dir(&oracle_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (mut matched, mut ours_total, mut theirs_total) = (0usize, 0usize, 0usize);
    let mut same_message = 0usize;
    let mut misses: Vec<String> = Vec::new();
    let mut documents = 0;
    let mut crashed: Vec<String> = Vec::new();
    for file in &files {
        let doc_name = file
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .replace("__", "/");
        let doc = shared.join("corpus/docs").join(&doc_name);
        let oracle: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        // Spectral aborted on this document (a ruleset function threw): nothing to compare.
        // gardefou reports such a throw as a finding of its rule and goes on.
        if let Some(e) = oracle.get("spectralError") {
            crashed.push(format!("{doc_name}: {e}"));
            continue;
        }
        let mut theirs = Bag::new();
        let mut their_messages = BTreeMap::new();
        for f in oracle.as_array().unwrap() {
            let path = f[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| match s {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join("/");
            let key = (
                f[0].as_str().unwrap().to_string(),
                path,
                f[2].as_u64().unwrap(),
            );
            their_messages.insert(key.clone(), f[4].as_str().unwrap().to_string());
            add(&mut theirs, key);
        }
        let set = DocumentSet::load(&doc, &LoadOptions::default()).unwrap();
        let mut ours = Bag::new();
        let mut our_messages = BTreeMap::new();
        for f in lint(&set, &config) {
            let path = f
                .path
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("/");
            let line = set.file(f.file).position(f.span.start).line as u64 - 1;
            let key = (f.rule.clone(), path, line);
            our_messages.insert(key.clone(), f.message.clone());
            add(&mut ours, key);
        }
        for (k, n) in &ours {
            let m = theirs.get(k).copied().unwrap_or(0);
            matched += m.min(*n);
            if m < *n {
                misses.push(format!("{doc_name}: extra {k:?} {:?}", our_messages.get(k)));
            }
            if m > 0 && our_messages.get(k) == their_messages.get(k) {
                same_message += m.min(*n);
            } else if m > 0 {
                misses.push(format!(
                    "{doc_name}: message of {k:?}: ours {:?}, Spectral {:?}",
                    our_messages.get(k),
                    their_messages.get(k)
                ));
            }
        }
        for (k, n) in &theirs {
            if ours.get(k).copied().unwrap_or(0) < *n {
                misses.push(format!(
                    "{doc_name}: missing {k:?} {:?}",
                    their_messages.get(k)
                ));
            }
        }
        ours_total += ours.values().sum::<usize>();
        theirs_total += theirs.values().sum::<usize>();
        documents += 1;
    }
    let precision = matched as f64 / ours_total.max(1) as f64;
    let recall = matched as f64 / theirs_total.max(1) as f64;
    eprintln!(
        "{name}: {documents} documents, Spectral {theirs_total}, gardefou {ours_total}, matched {matched} \
         (same message {same_message}); precision {precision:.4}, recall {recall:.4}"
    );
    for c in &crashed {
        eprintln!("  Spectral aborted on {c}");
    }
    for m in misses.iter().take(
        std::env::var("SHOW")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(15),
    ) {
        eprintln!("  {m}");
    }
    assert!(documents >= 20, "only {documents} documents");
    assert!(
        theirs_total >= 100,
        "the oracle is too thin: {theirs_total}"
    );
    assert!(
        precision >= 0.99 && recall >= 0.99,
        "{name}: precision {precision:.4}, recall {recall:.4}"
    );
    assert!(
        same_message as f64 >= 0.99 * matched as f64,
        "{name}: messages differ: {same_message}/{matched}"
    );
}

#[test]
fn baloise_matches_spectral_on_the_corpus() {
    compare(
        "baloise",
        "reference/rulesets/baloise-spectral-rules-1.5.0/baloise.yml",
    );
}

#[test]
fn rhoas_matches_spectral_on_the_corpus() {
    compare(
        "rhoas",
        "reference/rulesets/rhoas-spectral-ruleset-0.3.1/ruleset.yaml",
    );
}
