//! Helpers of the bundler's tests: documents held in memory, bundled and read back.
#![allow(dead_code)]

use gardefou_bundle::{bundle, to_json, to_yaml, Bundle, BundleError, Options};
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_source::{Node, Value};

pub fn set(list: &[(&str, &str)]) -> DocumentSet {
    let files = list
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    DocumentSet::from_files(files, &LoadOptions::default())
}

pub fn try_bundle(list: &[(&str, &str)], options: &Options) -> Result<Bundle, BundleError> {
    bundle(&set(list), options)
}

/// The bundle as YAML, after checking that it reads back (as YAML and as JSON) to the same
/// tree, as one file whose every `$ref` resolves inside it.
pub fn bundled(list: &[(&str, &str)], options: &Options) -> String {
    let b = try_bundle(list, options).unwrap_or_else(|e| panic!("{e}: {:?}", e.problems));
    let yaml = to_yaml(&b.root);
    let json = to_json(&b.root).unwrap();
    for (name, text) in [("bundle.yaml", &yaml), ("bundle.json", &json)] {
        let back = DocumentSet::from_files(
            vec![(name.to_string(), text.as_bytes().to_vec())],
            &LoadOptions::default(),
        );
        assert!(
            back.root().issues.is_empty(),
            "{:?}\n{text}",
            back.root().issues
        );
        assert!(
            back.ref_issues().is_empty(),
            "{:?}\n{text}",
            back.ref_issues()
        );
        assert_eq!(back.files().len(), 1, "{text}");
        assert_eq!(
            back.root().root.as_ref().map(Node::to_json),
            Some(b.root.to_json())
        );
    }
    yaml
}

pub fn yaml(list: &[(&str, &str)]) -> String {
    bundled(list, &Options::default())
}

pub fn deref(list: &[(&str, &str)]) -> String {
    bundled(
        list,
        &Options {
            dereference: true,
            ..Options::default()
        },
    )
}

/// Every `$ref` string of a tree.
pub fn refs(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Object(members) => {
            for m in members {
                match (&*m.key, m.value.as_str()) {
                    ("$ref", Some(r)) => out.push(r.to_string()),
                    _ => refs(&m.value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

/// The messages of a failed bundle, each with its place (`file:line:col: message`).
pub fn errors(list: &[(&str, &str)]) -> Vec<String> {
    let s = set(list);
    match bundle(&s, &Options::default()) {
        Ok(b) => panic!("bundled: {}", to_yaml(&b.root)),
        Err(e) => e
            .problems
            .iter()
            .map(|p| format!("{}: {}", s.place(p.file, p.span.start), p.message))
            .collect(),
    }
}

pub const HEAD30: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";
pub const HEAD31: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n";
