//! `duplicate-key`: an object declares the same key twice.

use gardefou_source::{Node, ParseIssueKind, PathSeg, Span, Value};

use crate::finding::{Category, Related, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta};

static META: RuleMeta = RuleMeta {
    id: "duplicate-key",
    ruleset: "gardefou:core",
    category: Category::Validity,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "An object must not declare the same key twice.",
    peers: &["spectral:parser (duplicate key)", "redocly:struct"],
    docs: RuleDocs {
        what: "Reports every key that appears a second time in the same YAML mapping or JSON object.",
        why: "YAML forbids duplicate keys and JSON leaves their meaning open: most tools keep the last one silently, so one of the two definitions (often a whole path) disappears without anyone noticing.",
        fix: "Remove or merge the repeated key; for paths, merge the operations into one path item.",
        invalid: include_str!("../../../../../fixtures/rules/duplicate-key/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/duplicate-key/valid.yaml"),
    },
};

crate::native_rule!(DuplicateKey, META, Check, |cx, options, out| {
    for file in cx.set.files() {
        for issue in file
            .issues
            .iter()
            .filter(|i| i.kind == ParseIssueKind::DuplicateKey)
        {
            let mut path = Vec::new();
            let related = file
                .root
                .as_ref()
                .and_then(|root| first_definition(root, issue.span, &mut path))
                .map(|span| Related {
                    message: "first defined here".into(),
                    file: file.id,
                    span,
                    path,
                });
            out.push(Diagnostic {
                message: issue.message.clone(),
                file: file.id,
                span: issue.span,
                path: Vec::new(),
                help: None,
                related: related.into_iter().collect(),
            });
        }
    }
});

/// The key span of the first member named like the duplicate whose key is at `dup`, with that
/// member's path in `path`. Only the nodes around `dup` are visited.
fn first_definition(node: &Node, dup: Span, path: &mut Vec<PathSeg>) -> Option<Span> {
    match &node.value {
        Value::Object(members) => {
            if let Some(d) = members.iter().find(|m| m.key_span == dup) {
                let first = members.iter().find(|m| m.key == d.key)?;
                path.push(PathSeg::Key(first.key.clone()));
                return Some(first.key_span);
            }
            let m = members
                .iter()
                .find(|m| m.value.span.start <= dup.start && dup.end <= m.value.span.end)?;
            path.push(PathSeg::Key(m.key.clone()));
            first_definition(&m.value, dup, path)
        }
        Value::Array(items) => {
            let (i, item) = items
                .iter()
                .enumerate()
                .find(|(_, n)| n.span.start <= dup.start && dup.end <= n.span.end)?;
            path.push(PathSeg::Index(i));
            first_definition(item, dup, path)
        }
        _ => None,
    }
}
