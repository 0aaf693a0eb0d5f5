use serde_json::{json, Value};

use crate::{spectral_position, LintedDocument};

/// Spectral's `--format json` shape: an array of `{code, path, message, severity, range,
/// source}` with 0-based lines and UTF-16 characters.
pub fn render_spectral_json(docs: &[LintedDocument<'_>]) -> String {
    let mut out: Vec<Value> = Vec::new();
    let mut keys: Vec<(String, u32, u32, String, String)> = Vec::new();
    for d in docs {
        for f in d.findings {
            let (sl, sc) = spectral_position(d.set, f, f.span.start);
            let (el, ec) = spectral_position(d.set, f, f.span.end);
            keys.push((
                d.set.file(f.file).name.clone(),
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
                "source": d.set.file(f.file).name,
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

/// Primary weight of a character in the Unicode root collation, as JavaScript's
/// `localeCompare` uses it: punctuation first (in its collation order), then digits, then
/// letters case-insensitively.
fn weight(c: char) -> u32 {
    const PUNCT: &str = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
    if let Some(i) = PUNCT.find(c) {
        return 1 + i as u32;
    }
    if c.is_ascii_digit() {
        return 100 + c as u32 - '0' as u32;
    }
    if c.is_alphabetic() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        return 1000 + lower as u32;
    }
    if c.is_whitespace() {
        return 0;
    }
    200 + c as u32 % 700
}

/// Orders two names as `a.localeCompare(b)` does for ASCII file names: by primary weights,
/// then lower case before upper case, then code points.
pub fn locale_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let pa = a.chars().map(weight);
    let pb = b.chars().map(weight);
    pa.cmp(pb)
        .then_with(|| {
            let ta = a.chars().map(|c| c.is_uppercase());
            let tb = b.chars().map(|c| c.is_uppercase());
            ta.cmp(tb)
        })
        .then_with(|| a.cmp(b))
}

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
