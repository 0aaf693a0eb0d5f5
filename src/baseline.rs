//! Baselines: record today's findings, then report only new ones. A finding is identified by
//! its rule, its document (without the extension), its JSON path and its message — not by
//! line numbers — so moving lines, reordering keys or converting YAML to JSON keeps it.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use gardefou_document::DocumentSet;
use gardefou_linter::Finding;
use serde_json::json;

type Identity = (String, String, String, String);

fn identity(set: &DocumentSet, f: &Finding) -> Identity {
    let name = &set.file(f.file).name;
    let stem = match name.rsplit_once('.') {
        Some((s, "yaml" | "yml" | "json")) => s.to_string(),
        _ => name.clone(),
    };
    let path = f
        .path
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join("/");
    (f.rule.clone(), stem, path, f.message.clone())
}

/// Writes the findings of a run as a baseline.
pub fn write(path: &Path, linted: &[(DocumentSet, Vec<Finding>)]) -> Result<()> {
    let mut items = Vec::new();
    for (set, findings) in linted {
        for f in findings {
            let (rule, file, p, message) = identity(set, f);
            items.push(json!({"rule": rule, "file": file, "path": p, "message": message}));
        }
    }
    let v = json!({"version": 1, "tool": "gardefou", "findings": items});
    std::fs::write(path, serde_json::to_string_pretty(&v)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Removes the findings recorded in the baseline; returns (hidden, fixed since the baseline).
pub fn apply(path: &Path, linted: &mut [(DocumentSet, Vec<Finding>)]) -> Result<(usize, usize)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the baseline {}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a gardefou baseline", path.display()))?;
    let Some(items) = v.get("findings").and_then(|f| f.as_array()) else {
        bail!(
            "{}: not a gardefou baseline (no `findings`)",
            path.display()
        );
    };
    let mut known: HashMap<Identity, usize> = HashMap::new();
    for i in items {
        let s = |k: &str| {
            i.get(k)
                .and_then(|x| x.as_str())
                .unwrap_or_default()
                .to_string()
        };
        *known
            .entry((s("rule"), s("file"), s("path"), s("message")))
            .or_default() += 1;
    }
    let mut hidden = 0;
    for (set, findings) in linted.iter_mut() {
        findings.retain(|f| match known.get_mut(&identity(set, f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                hidden += 1;
                false
            }
            _ => true,
        });
    }
    let fixed = known.values().sum();
    Ok((hidden, fixed))
}
