use serde_json::{json, Value};

use crate::{spectral_position, LintedDocument};

/// Spectral's `--format json` shape: an array of `{code, path, message, severity, range,
/// source}` with 0-based lines and UTF-16 characters.
pub fn render_spectral_json(docs: &[LintedDocument<'_>]) -> String {
    let mut out: Vec<Value> = Vec::new();
    for d in docs {
        for f in d.findings {
            let (sl, sc) = spectral_position(d.set, f, f.span.start);
            let (el, ec) = spectral_position(d.set, f, f.span.end);
            out.push(json!({
                "code": f.rule,
                "path": f.path.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "message": f.message,
                "severity": f.severity.spectral_code(),
                "range": {
                    "start": {"line": sl, "character": sc},
                    "end": {"line": el, "character": ec},
                },
                "source": d.set.file(f.file).name,
            }));
        }
    }
    let mut s = serde_json::to_string_pretty(&Value::Array(out)).expect("JSON values serialize");
    s.push('\n');
    s
}
