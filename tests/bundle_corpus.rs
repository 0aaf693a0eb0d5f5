//! `gardefou bundle` on real multi-file descriptions (the DigitalOcean description, every
//! multi-file document of `../shared/corpus` and of `fixtures/`): the bundle loads as one
//! file whose every `$ref` is internal, lints to the same findings as its source with
//! `spectral:oas` and with `gardefou:recommended` (compared as `tests/bundle_support` says),
//! and `diff` finds no change between them. Dereferenced bundles too.

mod bundle_support;
mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gardefou_bundle::{bundle, to_json, to_yaml, Options};
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::Config;

/// The corpus's documents are trusted: their references may leave their own folder (as
/// `lint --allow-outside-refs` allows).
fn trusted() -> LoadOptions {
    LoadOptions {
        allow_outside_refs: true,
        ..LoadOptions::default()
    }
}

/// What checking one document measured.
struct Checked {
    report: String,
    bundle_time: Duration,
    outcomes: Vec<(&'static str, bundle_support::Outcome)>,
}

/// Both rulesets.
const RULESETS: [&str; 2] = ["spectral:oas", "gardefou:recommended"];

/// Bundles `root` (dereferenced or not), writes it (as JSON or YAML), loads the bundle,
/// compares its findings with the source's under `rulesets` and diffs the two. Panics on any
/// failure.
fn check(root: &Path, dereference: bool, rulesets: &[&'static str], json: bool) -> Checked {
    let set = DocumentSet::load(root, &trusted()).unwrap();
    let options = Options {
        trace: true,
        dereference,
        ..Options::default()
    };
    let start = Instant::now();
    let b = bundle(&set, &options).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    let (name, text) = match json {
        true => ("bundle.json", to_json(&b.root).unwrap()),
        false => ("bundle.yaml", to_yaml(&b.root)),
    };
    let bundle_time = start.elapsed();
    let bset = DocumentSet::from_files(
        vec![(name.to_string(), text.into_bytes())],
        &LoadOptions::default(),
    );
    let shown = format!("{} (dereference: {dereference})", root.display());
    assert!(
        bset.root().issues.is_empty(),
        "{shown}: {:?}",
        bset.root().issues
    );
    assert!(
        bset.ref_issues().is_empty(),
        "{shown}: {:?}",
        bset.ref_issues()
    );
    assert_eq!(bset.files().len(), 1, "{shown}");
    assert_eq!(
        bset.root().root.as_ref().map(|n| n.to_json()),
        Some(b.root.to_json()),
        "{shown}: the text does not read back as the bundle"
    );
    let mut report = format!(
        "{shown}: {} files, {} hoisted, bundled and written in {bundle_time:?}\n",
        set.files().len(),
        b.hoisted.len()
    );
    let mut outcomes = Vec::new();
    for &name in rulesets {
        let config = Config::builtin(name).unwrap();
        let o = bundle_support::compare(&set, &b, &bset, &config, dereference);
        report += &format!("  {name}: {o:?}\n");
        assert!(
            o.unexplained.is_empty(),
            "{shown}, {name}: {:#?}",
            o.unexplained
        );
        outcomes.push((name, o));
    }
    let (Some(old), Some(new)) = (gardefou_model::build(&set), gardefou_model::build(&bset)) else {
        panic!("{shown}: not an API");
    };
    let sides = gardefou_diff::Sides {
        old_set: &set,
        new_set: &bset,
    };
    let changes = gardefou_diff::diff(&old, &new, &sides);
    let messages: Vec<&str> = changes.iter().map(|c| c.message.as_str()).collect();
    assert!(changes.is_empty(), "{shown}: diff finds {messages:#?}");
    Checked {
        report,
        bundle_time,
        outcomes,
    }
}

fn digitalocean() -> Option<PathBuf> {
    let shared = shared()?;
    Some(shared.join("corpus/docs/digitalocean/DigitalOcean-public.v2.yaml"))
}

/// The issue's bar: the ≈2,900-file DigitalOcean description.
#[test]
fn digitalocean_bundles_to_the_same_findings() {
    let Some(root) = digitalocean() else { return };
    let start = Instant::now();
    let c = check(&root, false, &RULESETS, false);
    eprintln!("{}  whole check: {:?}", c.report, start.elapsed());
    // The comparison compared something: thousands of findings, nearly all matched.
    for (name, o) in &c.outcomes {
        assert!(o.same_path + o.traced_path > 600, "{name}: {o:?}");
    }
    // Release builds bundle it in about 0.1 s; anything near this is a regression.
    assert!(
        c.bundle_time < Duration::from_secs(10),
        "{:?}",
        c.bundle_time
    );
}

/// Dereferenced (21 MB as YAML): written as JSON, which reads faster, and linted with
/// `spectral:oas` only, to keep the test short; both rulesets and YAML run on the dereferenced
/// small documents of the sweep below.
#[test]
fn digitalocean_dereferenced_loads_and_lints_the_same() {
    let Some(root) = digitalocean() else { return };
    let c = check(&root, true, &RULESETS[..1], true);
    eprintln!("{}", c.report);
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(p);
        }
    }
}

/// Every root document of the corpus and of the fixtures: multi-file ones are checked like
/// DigitalOcean (both modes); one with a broken reference is refused, with exactly the
/// loader's problems at their places; a single file bundles to itself.
#[test]
fn every_document_of_the_corpus_and_fixtures_bundles_faithfully() {
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    walk(&shared.join("corpus/docs"), &mut files);
    walk(&root().join("fixtures"), &mut files);
    files.sort();
    let (mut multi, mut refused, mut single) = (0, 0, 0);
    for f in files {
        if f.to_string_lossy().contains("digitalocean/") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        if !gardefou_document::is_openapi_root_text(&text) {
            continue;
        }
        let set = DocumentSet::load(&f, &trusted()).unwrap();
        if set.root().issues.iter().any(|i| i.kind.is_fatal()) {
            continue;
        }
        match bundle(&set, &Options::default()) {
            Err(e) => {
                assert!(!set.ref_issues().is_empty(), "{}: {e}", f.display());
                for p in &e.problems {
                    let known = set
                        .ref_issues()
                        .iter()
                        .any(|i| i.file == p.file && i.span == p.span && i.message == p.message);
                    assert!(known, "{}: {p:?}", f.display());
                }
                refused += 1;
            }
            Ok(b) if set.files().len() > 1 => {
                assert!(
                    !b.hoisted.is_empty() || b.placements.len() > 1,
                    "{}",
                    f.display()
                );
                for dereference in [false, true] {
                    let json = f.extension().is_some_and(|e| e == "json");
                    eprint!("{}", check(&f, dereference, &RULESETS, json).report);
                }
                multi += 1;
            }
            Ok(b) => {
                let source = set.root().root.as_ref().map(|n| n.to_json());
                assert_eq!(Some(b.root.to_json()), source, "{}", f.display());
                single += 1;
            }
        }
    }
    eprintln!("{multi} multi-file documents checked, {refused} refused, {single} single files");
    assert!(
        multi >= 4 && refused >= 5 && single >= 150,
        "{multi} {refused} {single}"
    );
}

/// The comparison can fail: a bundle that loses a finding, or gains one, is caught.
#[test]
fn the_comparison_catches_a_bundle_that_changes_the_findings() {
    let files = vec![
        (
            "api.yaml".to_string(),
            b"openapi: 3.0.3\ninfo: {title: T, version: '1', description: d}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'pet.yaml'}\n".to_vec(),
        ),
        (
            "pet.yaml".to_string(),
            b"type: object\nproperties:\n  pet_name: {type: string}\n".to_vec(),
        ),
    ];
    let set = DocumentSet::from_files(files, &LoadOptions::default());
    let options = Options {
        trace: true,
        ..Options::default()
    };
    let b = bundle(&set, &options).unwrap();
    let config = Config::builtin("gardefou:recommended").unwrap();
    let outcome = |text: String| {
        let bset = DocumentSet::from_files(
            vec![("b.yaml".into(), text.into_bytes())],
            &LoadOptions::default(),
        );
        bundle_support::compare(&set, &b, &bset, &config, false)
    };
    let text = to_yaml(&b.root);
    assert!(outcome(text.clone()).unexplained.is_empty());
    let lost = outcome(text.replace("pet_name:", "petName:"));
    assert_eq!(lost.unexplained.len(), 1, "{lost:?}");
    assert!(
        lost.unexplained[0].starts_with("only in the source: naming-property-casing"),
        "{lost:?}"
    );
    let gained = outcome(text.replace("operationId: listPets", "operationId: list_pets"));
    assert!(
        gained
            .unexplained
            .iter()
            .any(|u| u.starts_with("only in the bundle: naming-operation-id-casing")),
        "{gained:?}"
    );
}
