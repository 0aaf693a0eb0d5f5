use std::io::{self, Write};

use gardefou_source::Position;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

use crate::stream::{write_pretty, Items};
use crate::LintedDocument;

/// Version of the `--format json` output shape; bumped on any incompatible change.
pub const JSON_FORMAT_VERSION: u32 = 1;

fn position(p: Position) -> Value {
    json!({"line": p.line, "column": p.column, "utf16Column": p.utf16_column, "offset": p.offset})
}

/// gardefou's own JSON: per document, every finding with rule, severity, category, message,
/// file, JSON path, 1-based positions and help; then totals by severity.
pub fn render_json(docs: &[LintedDocument<'_>]) -> String {
    let mut out = Vec::new();
    write_json(docs, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`render_json`], written to `out` finding by finding (no tree of the whole report).
pub fn write_json(docs: &[LintedDocument<'_>], out: &mut dyn Write) -> io::Result<()> {
    let mut totals = [0usize; 4];
    for f in docs.iter().flat_map(|d| d.findings) {
        totals[f.severity as usize] += 1;
    }
    write_pretty(out, &Report { docs, totals })
}

struct Report<'r, 'a> {
    docs: &'r [LintedDocument<'a>],
    totals: [usize; 4],
}

impl Serialize for Report<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.totals;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("version", &JSON_FORMAT_VERSION)?;
        m.serialize_entry(
            "tool",
            &json!({"name": "gardefou", "version": env!("CARGO_PKG_VERSION")}),
        )?;
        m.serialize_entry("documents", &Items::new(self.docs.iter().map(Document)))?;
        m.serialize_entry(
            "summary",
            &json!({"error": t[0], "warn": t[1], "info": t[2], "hint": t[3]}),
        )?;
        m.end()
    }
}

struct Document<'r, 'a>(&'r LintedDocument<'a>);

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("document", &d.doc.root().name)?;
        m.serialize_entry(
            "findings",
            &Items::new(d.findings.iter().map(|f| finding(d, f))),
        )?;
        m.end()
    }
}

/// One finding as JSON (a small tree, dropped once written).
fn finding(d: &LintedDocument<'_>, f: &gardefou_diagnostics::Finding) -> Value {
    let file = d.doc.file(f.file);
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
            let rf = d.doc.file(r.file);
            json!({
                "message": r.message,
                "file": rf.name,
                "path": r.path.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "start": position(rf.position(r.span.start)),
                "end": position(rf.position(r.span.end)),
            })
        }).collect::<Vec<_>>(),
    })
}
