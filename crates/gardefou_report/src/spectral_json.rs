use serde_json::{json, Value};

use crate::{spectral_position, LintedDocument};

/// Spectral's `--format json` shape: an array of `{code, path, message, severity, range,
/// source}` with 0-based lines and UTF-16 characters.
pub fn render_spectral_json(docs: &[LintedDocument<'_>]) -> String {
    let mut out: Vec<Value> = Vec::new();
    let mut keys: Vec<(String, u32, u32, String, String)> = Vec::new();
    for d in docs {
        for f in d.findings {
            let (sl, sc) = spectral_position(d.doc, f, f.span.start);
            let (el, ec) = spectral_position(d.doc, f, f.span.end);
            keys.push((
                d.doc.file(f.file).name.clone(),
                sl,
                sc,
                f.rule.clone(),
                f.path
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join("\u{0}"),
            ));
            out.push(json!({
                "code": f.rule,
                "path": f.path.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "message": f.message,
                "severity": f.severity.spectral_code(),
                "range": {
                    "start": {"line": sl, "character": sc},
                    "end": {"line": el, "character": ec},
                },
                "source": d.doc.file(f.file).name,
            }));
        }
    }
    // Spectral's order: by source (as JavaScript's `localeCompare` orders names), then
    // position, rule and path.
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (&keys[a], &keys[b]);
        locale_cmp(&ka.0, &kb.0)
            .then(ka.1.cmp(&kb.1))
            .then(ka.2.cmp(&kb.2))
            .then_with(|| locale_cmp(&ka.3, &kb.3))
            .then_with(|| ka.4.cmp(&kb.4))
    });
    let sorted: Vec<Value> = order.into_iter().map(|i| out[i].take()).collect();
    let mut s = serde_json::to_string_pretty(&Value::Array(sorted)).expect("JSON values serialize");
    s.push('\n');
    s
}

pub use gardefou_diagnostics::locale_cmp;

#[cfg(test)]
mod tests {
    use super::locale_cmp;
    use std::cmp::Ordering::Less;

    #[test]
    fn orders_like_locale_compare() {
        assert_eq!(
            locale_cmp("addons_update_plan.yml", "addons_update.yml"),
            Less
        );
        assert_eq!(
            locale_cmp("apps_get_instances.yml", "apps_get_instanceSize.yml"),
            Less
        );
        assert_eq!(locale_cmp("1-clicks/a.yml", "account/a.yml"), Less);
        assert_eq!(
            locale_cmp("DigitalOcean-public.v2.yaml", "resources/x.yml"),
            Less
        );
    }
}
