//! In-document suppressions: `x-gardefou-ignore` on any object silences the named rules for
//! that object, everything under it and everything it reaches through `$ref`.

use std::collections::HashSet;

use gardefou_document::{DocumentSet, FileId};
use gardefou_source::{Node, PathSeg, Span, Value};

use crate::finding::Finding;

/// One `x-gardefou-ignore` entry: a rule, the regions it covers, and where it is written.
pub struct Suppression {
    pub rule: String,
    /// (file, byte range) of the object and of everything reached through its `$ref`s.
    pub regions: Vec<(FileId, Span)>,
    pub file: FileId,
    pub span: Span,
    pub path: Vec<PathSeg>,
    pub used: bool,
}

/// Every suppression of the document set.
pub fn collect(set: &DocumentSet) -> Vec<Suppression> {
    let mut out = Vec::new();
    for file in set.files() {
        let Some(root) = &file.root else { continue };
        let mut path = Vec::new();
        visit(set, file.id, root, &mut path, &mut out);
    }
    out
}

fn visit(
    set: &DocumentSet,
    file: FileId,
    node: &Node,
    path: &mut Vec<PathSeg>,
    out: &mut Vec<Suppression>,
) {
    match &node.value {
        Value::Object(members) => {
            if let Some(m) = members.iter().find(|m| m.key == "x-gardefou-ignore") {
                let rules: Vec<(String, Span)> = match &m.value.value {
                    Value::Array(items) => items
                        .iter()
                        .filter_map(|i| i.as_str().map(|s| (s.to_string(), i.span)))
                        .collect(),
                    Value::Object(map) => map.iter().map(|e| (e.key.clone(), e.key_span)).collect(),
                    Value::String(s) => vec![(s.clone(), m.value.span)],
                    _ => Vec::new(),
                };
                let mut regions = vec![(file, node.span)];
                reached(set, file, node, &mut regions, &mut HashSet::new(), 0);
                for (rule, span) in rules {
                    let mut p = path.clone();
                    p.push(PathSeg::Key(m.key.clone()));
                    out.push(Suppression {
                        rule,
                        regions: regions.clone(),
                        file,
                        span,
                        path: p,
                        used: false,
                    });
                }
            }
            for m in members {
                path.push(PathSeg::Key(m.key.clone()));
                visit(set, file, &m.value, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathSeg::Index(i));
                visit(set, file, item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The targets of every `$ref` under `node`, transitively.
fn reached(
    set: &DocumentSet,
    file: FileId,
    node: &Node,
    regions: &mut Vec<(FileId, Span)>,
    seen: &mut HashSet<(FileId, u32)>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    if let Some((tf, tn, _)) = set.deref_shared(file, node) {
        if seen.insert((tf, tn.span.start)) {
            regions.push((tf, tn.span));
            reached(set, tf, tn, regions, seen, depth + 1);
        }
        return;
    }
    match &node.value {
        Value::Object(members) => {
            for m in members {
                reached(set, file, &m.value, regions, seen, depth + 1);
            }
        }
        Value::Array(items) => {
            for i in items {
                reached(set, file, i, regions, seen, depth + 1);
            }
        }
        _ => {}
    }
}

/// Removes the suppressed findings, marking the suppressions that were used.
pub fn apply(findings: &mut Vec<Finding>, suppressions: &mut [Suppression]) {
    findings.retain(|f| {
        let mut keep = true;
        for s in suppressions.iter_mut() {
            if crate::rules::aliases::names_rule(&s.rule, &f.rule)
                && s.regions.iter().any(|(file, span)| {
                    *file == f.file && span.start <= f.span.start && f.span.start <= span.end
                })
            {
                s.used = true;
                keep = false;
            }
        }
        keep
    });
}
