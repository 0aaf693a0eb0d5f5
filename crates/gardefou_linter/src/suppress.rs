//! In-document suppressions: `x-gardefou-ignore` on any object silences the named rules for
//! that object (a finding reported at the object itself, at its key or at the place of a key it
//! lacks included), everything under it and everything it reaches through `$ref`.

use std::collections::HashSet;

use gardefou_document::{DocumentSet, FileId};
use gardefou_source::{Node, PathSeg, Span, Value};

use crate::finding::Finding;
use crate::jsonpath::Seg;

/// A part of a file a suppression covers: the findings of that file whose path is under
/// `path`, or whose position is in `span`.
#[derive(Clone, Debug)]
pub struct Region {
    pub file: FileId,
    /// From the object's key (when it has one) to its end.
    pub span: Span,
    /// The object's path in `file`.
    pub path: Vec<PathSeg>,
}

impl Region {
    fn covers(&self, f: &Finding) -> bool {
        self.file == f.file
            && ((self.span.start <= f.span.start && f.span.start <= self.span.end)
                || (f.path.len() >= self.path.len()
                    && self
                        .path
                        .iter()
                        .zip(&f.path)
                        .all(|(a, b)| a.to_string() == b.to_string())))
    }
}

/// One `x-gardefou-ignore` entry: a rule, the regions it covers, and where it is written.
pub struct Suppression {
    pub rule: String,
    /// The object and everything reached through its `$ref`s.
    pub regions: Vec<Region>,
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
        visit(set, file.id, root, None, &mut path, &mut out);
    }
    out
}

/// `path` is borrowed from the tree while walking: it is copied only for a suppression found.
fn visit<'a>(
    set: &DocumentSet,
    file: FileId,
    node: &'a Node,
    key: Option<Span>,
    path: &mut Vec<Seg<'a>>,
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
                let span = match key {
                    Some(k) => Span::new(k.start as usize, node.span.end as usize),
                    None => node.span,
                };
                let owned: Vec<PathSeg> = path.iter().map(|s| s.to_path_seg()).collect();
                let mut regions = vec![Region {
                    file,
                    span,
                    path: owned.clone(),
                }];
                reached(set, file, node, &mut regions, &mut HashSet::new(), 0);
                for (rule, span) in rules {
                    let mut p = owned.clone();
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
                path.push(Seg::Key(&m.key));
                visit(set, file, &m.value, Some(m.key_span), path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                visit(set, file, item, None, path, out);
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
    regions: &mut Vec<Region>,
    seen: &mut HashSet<(FileId, u32)>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    if let Some((tf, tn, path)) = set.deref_shared(file, node) {
        if seen.insert((tf, tn.span.start)) {
            regions.push(Region {
                file: tf,
                span: tn.span,
                path: path.as_ref().clone(),
            });
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
                && s.regions.iter().any(|r| r.covers(f))
            {
                s.used = true;
                keep = false;
            }
        }
        keep
    });
}
