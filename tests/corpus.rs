//! Every document of the real-world corpus (`../shared/corpus/docs`) loads, and the
//! multi-file DigitalOcean description resolves across its files.

mod common;
use common::*;

use std::path::Path;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint, Config};

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
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

#[test]
fn every_corpus_file_parses_and_every_root_builds_a_model() {
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    walk(&shared.join("corpus/docs"), &mut files);
    assert!(files.len() > 3000, "corpus has {} files", files.len());
    let mut roots = 0;
    for f in &files {
        let text = gardefou_source::decode(std::fs::read(f).unwrap()).unwrap();
        let syntax = gardefou_source::Syntax::guess(&f.to_string_lossy(), &text);
        let parsed = gardefou_source::parse(&text, syntax, &gardefou_source::Limits::default());
        let fatal: Vec<_> = parsed.issues.iter().filter(|i| i.kind.is_fatal()).collect();
        assert!(fatal.is_empty(), "{}: {:?}", f.display(), fatal);
        let root = parsed.root.expect("non-empty");
        if root.get("openapi").is_some() || root.get("swagger").is_some() {
            let set = DocumentSet::load(f, &LoadOptions::default()).unwrap();
            assert!(
                gardefou_model::build(&set).is_some(),
                "{}: no model",
                f.display()
            );
            roots += 1;
        }
    }
    assert!(roots >= 152, "found {roots} root documents");
}

/// The default ruleset (`gardefou:recommended`, every built-in rule family) runs on every root
/// document of the corpus without a crash, and finds something on each real API.
#[test]
fn the_recommended_ruleset_runs_on_every_corpus_document() {
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    walk(&shared.join("corpus/docs"), &mut files);
    let config = Config::recommended();
    let mut linted = 0;
    for f in files {
        let text = gardefou_source::decode(std::fs::read(&f).unwrap()).unwrap();
        if !(text.contains("\"openapi\"") || text.contains("openapi:") || text.contains("swagger"))
        {
            continue;
        }
        let set = DocumentSet::load(&f, &LoadOptions::default()).unwrap();
        if gardefou_model::build(&set).is_none() {
            continue;
        }
        let findings = lint(&set, &config);
        assert!(
            findings.iter().all(|x| !x.message.is_empty()),
            "{}",
            f.display()
        );
        linted += 1;
    }
    assert!(linted >= 152, "linted {linted} documents");
}

#[test]
fn digitalocean_resolves_across_its_files() {
    let Some(shared) = shared() else { return };
    let root = shared.join("corpus/docs/digitalocean/DigitalOcean-public.v2.yaml");
    let set = DocumentSet::load(&root, &LoadOptions::default()).unwrap();
    assert!(
        set.files().len() > 1000,
        "loaded {} files",
        set.files().len()
    );
    assert!(
        set.ref_issues().is_empty(),
        "{:?}",
        &set.ref_issues()[..set.ref_issues().len().min(5)]
    );
    let api = gardefou_model::build(&set).unwrap();
    assert!(
        api.operations.len() > 250,
        "{} operations",
        api.operations.len()
    );
    // Operations live in referenced files, and know it.
    let op = api
        .operations
        .iter()
        .find(|o| o.operation_id == Some("droplets_list"))
        .expect("droplets_list");
    assert!(
        set.file(op.at.file).name.ends_with(".yml") || set.file(op.at.file).name.ends_with(".yaml")
    );
    assert_ne!(op.at.file.0, 0);
}

#[test]
fn a_finding_in_a_referenced_file_is_reported_at_that_files_line() {
    let Some(shared) = shared() else { return };
    let src = shared.join("corpus/docs/digitalocean");
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&src, tmp.path());
    // Plant a broken reference inside a file that the root only reaches through `$ref`s.
    let target = tmp.path().join("resources/droplets/droplets_list.yml");
    let text = std::fs::read_to_string(&target).unwrap();
    let planted = text.replacen(
        "operationId: droplets_list",
        "operationId: droplets_list\nx-planted:\n  $ref: './no-such-file.yml'",
        1,
    );
    assert_ne!(text, planted);
    std::fs::write(&target, &planted).unwrap();
    let line = planted
        .lines()
        .position(|l| l.contains("no-such-file"))
        .unwrap() as u32
        + 1;

    let set = DocumentSet::load(
        &tmp.path().join("DigitalOcean-public.v2.yaml"),
        &LoadOptions::default(),
    )
    .unwrap();
    let findings = lint(&set, &Config::recommended());
    let f = findings
        .iter()
        .find(|f| f.rule == "invalid-ref" && f.message.contains("no-such-file"))
        .expect("planted finding reported");
    let file = set.file(f.file);
    assert!(
        file.name.ends_with("resources/droplets/droplets_list.yml"),
        "{}",
        file.name
    );
    assert_eq!(file.position(f.span.start).line, line);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
