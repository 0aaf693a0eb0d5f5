use gardefou_source::Position;
use serde_json::{json, Value};

use crate::LintedDocument;

/// Version of the `--format json` output shape; bumped on any incompatible change.
pub const JSON_FORMAT_VERSION: u32 = 1;

fn position(p: Position) -> Value {
    json!({"line": p.line, "column": p.column, "utf16Column": p.utf16_column, "offset": p.offset})
}

/// gardefou's own JSON: per document, every finding with rule, severity, category, message,
/// file, JSON path, 1-based positions and help; then totals by severity.
pub fn render_json(docs: &[LintedDocument<'_>]) -> String {
    let mut totals = [0usize; 4];
    let documents: Vec<Value> = docs
        .iter()
        .map(|d| {
            let findings: Vec<Value> = d
                .findings
                .iter()
                .map(|f| {
                    totals[f.severity as usize] += 1;
                    let file = d.set.file(f.file);
                    json!({
                        "rule": f.rule,
                        "severity": f.severity.as_str(),
                        "category": f.category.as_str(),
                        "message": f.message,
                        "file": file.name,
                        "path": f.path.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                        "start": position(file.position(f.span.start)),
                        "end": position(file.position(f.span.end)),
                        "help": f.help,
                        "related": f.related.iter().map(|r| {
                            let rf = d.set.file(r.file);
                            json!({
                                "message": r.message,
                                "file": rf.name,
                                "path": r.path.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                                "start": position(rf.position(r.span.start)),
                                "end": position(rf.position(r.span.end)),
                            })
                        }).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({"document": d.set.root().name, "findings": findings})
        })
        .collect();
    let out = json!({
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "gardefou", "version": env!("CARGO_PKG_VERSION")},
        "documents": documents,
        "summary": {"error": totals[0], "warn": totals[1], "info": totals[2], "hint": totals[3]},
    });
    let mut s = serde_json::to_string_pretty(&out).expect("JSON values serialize");
    s.push('\n');
    s
}
