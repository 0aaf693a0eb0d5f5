//! `$ref` resolution across an in-memory file set (`split_files`: NUL-separated files, each its
//! name on the first line). The set is loaded with `DocumentSet::from_files` (the disk is never
//! read), every reference object of every file is dereferenced, the API model is built and the
//! resolved view is walked. Nothing may panic; every reference issue lies inside its file.
#![no_main]

use gardefou_document::{ref_of, DocumentSet, FileId, LoadOptions};
use gardefou_fuzz::{check_tree, split_files};
use gardefou_linter::jsonpath::{parse_path, TreeView};
use gardefou_source::{Node, Value};
use libfuzzer_sys::fuzz_target;

fn deref_all(set: &DocumentSet, file: FileId, node: &Node) {
    if ref_of(node).is_some() {
        if let Some(t) = set.deref(file, node) {
            assert!(
                ref_of(t.node).is_none(),
                "a dereferenced target is itself a reference"
            );
            assert_eq!(
                set.file(t.file)
                    .root
                    .as_ref()
                    .and_then(|r| r.pointer(&pointer(&t.path)))
                    .map(|n| n as *const Node),
                Some(t.node as *const Node),
                "the target's path does not lead to it"
            );
        }
        let _ = set.deref_shared(file, node);
    }
    match &node.value {
        Value::Object(members) => members.iter().for_each(|m| deref_all(set, file, &m.value)),
        Value::Array(items) => items.iter().for_each(|n| deref_all(set, file, n)),
        _ => {}
    }
}

fn pointer(path: &[gardefou_source::PathSeg]) -> String {
    path.iter()
        .map(|s| format!("/{}", gardefou_source::escape_pointer_token(&s.to_string())))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let set = DocumentSet::from_files(split_files(data), &LoadOptions::default());
    for f in set.files() {
        check_tree(&f.text, f.root.as_ref(), &f.issues);
    }
    for issue in set.ref_issues() {
        let text = &set.file(issue.file).text;
        assert!(issue.span.end as usize <= text.len(), "{issue:?}");
        let _ = set.place(issue.file, issue.span.start);
    }
    for f in set.files() {
        if let Some(root) = &f.root {
            deref_all(&set, f.id, root);
        }
    }
    let _ = gardefou_model::build(&set);
    if let Some(root) = set.root().root.as_ref() {
        let all = parse_path("$..*").expect("a valid path");
        let _ = all.select(FileId(0), root, TreeView::Resolved(&set)).len();
    }
});
