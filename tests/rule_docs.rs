//! The rule catalogue in `docs/rules/` matches the rules' metadata (regenerate with
//! `GARDEFOU_UPDATE_DOCS=1 cargo test --test rule_docs`), and every rule's documented examples
//! behave as documented: the invalid one is reported, the valid one is not.

mod common;
use common::*;

use std::path::Path;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::catalogue::{catalogue_page, page_file, rule_page};
use gardefou_linter::{all_rules, lint_with_base, Config};

#[test]
fn generated_rule_docs_are_up_to_date() {
    let dir = root().join("docs/rules");
    let update = std::env::var_os("GARDEFOU_UPDATE_DOCS").is_some();
    let mut expected = vec![("README.md".to_string(), catalogue_page())];
    for r in all_rules() {
        expected.push((page_file(r.meta().id), rule_page(*r)));
    }
    // An old id that is an alias now keeps a page saying what it names.
    for a in gardefou_linter::ALIASES {
        assert!(
            gardefou_linter::find_rule(a.id).is_none(),
            "`{}` is both a rule and an alias",
            a.id
        );
        for t in a.targets {
            assert!(
                gardefou_linter::find_rule(t).is_some(),
                "alias `{}` names `{t}`, which is not a rule",
                a.id
            );
        }
        expected.push((page_file(a.id), gardefou_linter::catalogue::alias_page(a)));
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    // No page for a rule that no longer exists.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !expected.iter().any(|(n, _)| *n == name) {
            stale.push(format!("{name} (no such rule)"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule docs (run GARDEFOU_UPDATE_DOCS=1 cargo test --test rule_docs): {stale:?}"
    );
}

/// Lints an example; an example of two YAML documents is a base version, then the new one.
fn findings_of(rule: &str, text: &str) -> Vec<String> {
    let (base_text, doc_text) = match text.split_once("\n---\n") {
        Some((b, d)) => (Some(b), d),
        None => (None, text),
    };
    let options = LoadOptions::default();
    let set = DocumentSet::from_text(
        "example.yaml",
        doc_text.to_string(),
        Path::new("."),
        &options,
    );
    let base = base_text
        .map(|b| DocumentSet::from_text("base.yaml", b.to_string(), Path::new("."), &options));
    let config = Config::all_builtin();
    lint_with_base(&set, &config, base.as_ref())
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.message)
        .collect()
}

#[test]
fn every_documented_example_behaves_as_documented() {
    let mut wrong = Vec::new();
    for r in all_rules() {
        let m = r.meta();
        if findings_of(m.id, m.docs.invalid).is_empty() {
            wrong.push(format!("{}: the invalid example is not reported", m.id));
        }
        let valid = findings_of(m.id, m.docs.valid);
        if !valid.is_empty() {
            wrong.push(format!(
                "{}: the valid example is reported: {valid:?}",
                m.id
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
