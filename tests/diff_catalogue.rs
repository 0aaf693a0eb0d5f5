//! The catalogue of `gardefou diff` against oasdiff's: every oasdiff check a kind names exists,
//! and the generated part of `docs/diff.md` is up to date.

mod common;
use common::*;

use std::collections::BTreeMap;

use gardefou_diff::{Class, KINDS};

const MARKER: &str = "fixtures/oasdiff/checks.tsv by tests/diff_catalogue.rs: do not edit; run\n`GARDEFOU_BLESS=1 cargo test --release --test diff_catalogue` after changing the kinds. -->\n";

/// oasdiff's checks: id → (level, area).
fn oasdiff() -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(root().join("fixtures/oasdiff/checks.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t"))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), (f[1].to_string(), f[3].to_string()))
        })
        .collect()
}

fn level_of(class: Class) -> &'static str {
    match class {
        Class::Breaking => "ERR",
        Class::PossiblyBreaking => "WARN",
        Class::Safe => "INFO",
    }
}

fn generated() -> String {
    let checks = oasdiff();
    let mut out = String::new();
    out.push_str("\n## The kinds of change\n\n");
    out.push_str("oasdiff's levels: ERR is breaking, WARN possibly breaking, INFO safe; a level in bold differs from gardefou's class.\n\n");
    out.push_str("| kind | class | what | oasdiff checks |\n|---|---|---|---|\n");
    for k in KINDS {
        let ours = level_of(k.class);
        let theirs: Vec<String> = k
            .oasdiff
            .iter()
            .map(|id| {
                let level = &checks[*id].0;
                match level == ours {
                    true => format!("`{id}` ({level})"),
                    false => format!("`{id}` (**{level}**)"),
                }
            })
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            k.id,
            k.class.as_str(),
            k.summary.replace('|', "\\|"),
            if theirs.is_empty() {
                "—".to_string()
            } else {
                theirs.join(", ")
            }
        ));
    }
    let covered: std::collections::BTreeSet<&str> = KINDS
        .iter()
        .flat_map(|k| k.oasdiff.iter().copied())
        .collect();
    let mut by_area: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (id, (_, area)) in &checks {
        let e = by_area.entry(area.as_str()).or_default();
        e.1 += 1;
        e.0 += usize::from(covered.contains(id.as_str()));
    }
    out.push_str(&format!(
        "\n## oasdiff's checks covered\n\n{} of oasdiff's {} checks have a gardefou kind.\n\n| area | covered | checks |\n|---|---|---|\n",
        covered.len(),
        checks.len()
    ));
    for (area, (c, t)) in &by_area {
        out.push_str(&format!("| {area} | {c} | {t} |\n"));
    }
    out.push_str("\n<details><summary>oasdiff checks with no gardefou kind</summary>\n\n");
    for (id, (level, _)) in &checks {
        if !covered.contains(id.as_str()) {
            out.push_str(&format!("- `{id}` ({level})\n"));
        }
    }
    out.push_str("\n</details>\n");
    out
}

#[test]
fn every_named_oasdiff_check_exists() {
    let checks = oasdiff();
    assert!(checks.len() > 500, "{} checks", checks.len());
    for k in KINDS {
        for id in k.oasdiff {
            assert!(
                checks.contains_key(*id),
                "{}: no oasdiff check `{id}`",
                k.id
            );
        }
    }
}

#[test]
fn kinds_are_unique_and_documented() {
    let mut ids: Vec<&str> = KINDS.iter().map(|k| k.id).collect();
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "a kind is listed twice");
    let path = root().join("docs/diff.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let at = doc
        .find(MARKER)
        .expect("docs/diff.md has the generated marker")
        + MARKER.len();
    let want = generated();
    if std::env::var_os("GARDEFOU_BLESS").is_some() {
        std::fs::write(&path, format!("{}{want}", &doc[..at])).unwrap();
        return;
    }
    assert!(
        doc[at..] == want,
        "docs/diff.md is stale: run GARDEFOU_BLESS=1 cargo test --release --test diff_catalogue"
    );
}
