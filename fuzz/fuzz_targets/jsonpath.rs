//! JSONPath (Spectral's dialect): the first line of the input is a path, the rest a document
//! (YAML or JSON; `DEFAULT_DOCUMENT` when there is none). The path is parsed and, when it parses,
//! evaluated over the raw tree and over the resolved view. Nothing may panic; in the raw view
//! every match is reached by its chain of steps (each step a child of the one before, by the key
//! or index it names), no node is matched twice, and spans lie inside the text.
#![no_main]

use std::collections::HashSet;

use gardefou_document::{DocumentSet, FileId, LoadOptions};
use gardefou_fuzz::DEFAULT_DOCUMENT;
use gardefou_linter::jsonpath::{parse_path, MatchTarget, Seg, TreeView};
use gardefou_source::{Node, Value};
use libfuzzer_sys::fuzz_target;

/// Whether `child` is the child of `parent` that `seg` names.
fn is_child(parent: &Node, seg: Seg<'_>, child: &Node) -> bool {
    match (&parent.value, seg) {
        (Value::Object(members), Seg::Key(k)) => members
            .iter()
            .any(|m| m.key == k && std::ptr::eq(&m.value, child)),
        (Value::Array(items), Seg::Index(i)) => {
            items.get(i).is_some_and(|n| std::ptr::eq(n, child))
        }
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (path, doc) = input.split_once('\n').unwrap_or((input, ""));
    let Ok(path) = parse_path(path) else {
        return;
    };
    let doc = if doc.trim().is_empty() {
        DEFAULT_DOCUMENT
    } else {
        doc
    };
    let set = DocumentSet::from_files(
        vec![("doc.yaml".to_string(), doc.as_bytes().to_vec())],
        &LoadOptions::default(),
    );
    let Some(root) = set.root().root.as_ref() else {
        return;
    };
    let text = &set.root().text;
    let mut seen = HashSet::new();
    for m in path.select(FileId(0), root, TreeView::Raw) {
        for pair in m.steps().windows(2) {
            let seg = pair[1]
                .seg
                .expect("a step below the root has a key or index");
            assert!(
                is_child(pair[0].node, seg, pair[1].node),
                "step {seg:?} of {} is not a child of the step before",
                m.pointer()
            );
        }
        assert!(
            seen.insert((m.node() as *const Node, m.target == MatchTarget::Key)),
            "{} matched twice",
            m.pointer()
        );
        let span = m.span();
        assert!(span.start <= span.end && span.end as usize <= text.len());
        let _ = m.physical_path();
    }
    for m in path.select(FileId(0), root, TreeView::Resolved(&set)) {
        let _ = (m.pointer(), m.physical_path(), m.span());
    }
});
