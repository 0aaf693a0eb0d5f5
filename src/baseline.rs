//! Baselines: record today's findings, then report only new ones. A finding is identified by
//! its rule, its document named relative to the baseline file's folder (without the
//! extension), its JSON path and its message — never by positions, and no message carries one —
//! so inserting lines, reordering keys, converting YAML to JSON or running gardefou from
//! another folder keeps it (`gardefou_report::identity`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use gardefou_document::DocumentSet;
use gardefou_linter::Finding;
use gardefou_report::{identity, Identity};
use serde_json::json;

/// Version of the baseline file. Version 1 named documents relative to the current directory.
const VERSION: u64 = 2;

/// The folder the documents of the baseline at `path` are named from: the baseline's own.
fn anchor(path: &Path) -> Result<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::canonicalize(&dir)
        .with_context(|| format!("cannot find the folder of the baseline {}", path.display()))
}

/// Writes the findings of a run as a baseline; returns how many it recorded.
pub fn write(path: &Path, linted: &[(DocumentSet, Vec<Finding>)]) -> Result<usize> {
    let anchor = anchor(path)?;
    let mut items = Vec::new();
    for (set, findings) in linted {
        for f in findings {
            let (rule, file, p, message) = identity(set, f, &anchor);
            items.push(json!({"rule": rule, "file": file, "path": p, "message": message}));
        }
    }
    let n = items.len();
    let v = json!({"version": VERSION, "tool": "gardefou", "findings": items});
    std::fs::write(path, serde_json::to_string_pretty(&v)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(n)
}

/// Removes the findings recorded in the baseline; returns (hidden, fixed since the baseline).
/// The baseline is read as documents are: only a regular file, no larger than `max_size`
/// (`--max-file-size`), checked before and while reading.
pub fn apply(
    path: &Path,
    linted: &mut [(DocumentSet, Vec<Finding>)],
    max_size: usize,
) -> Result<(usize, usize)> {
    let text = gardefou_document::read_regular_to_string(path, max_size)
        .with_context(|| format!("cannot read the baseline {}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a gardefou baseline", path.display()))?;
    let Some(items) = v.get("findings").and_then(|f| f.as_array()) else {
        bail!(
            "{}: not a gardefou baseline (no `findings`)",
            path.display()
        );
    };
    let anchor = anchor(path)?;
    // Version 1 named documents from the directory gardefou ran in: assume it is this one.
    let v1_base = (v.get("version").and_then(|x| x.as_u64()) == Some(1))
        .then(|| std::env::current_dir().and_then(std::fs::canonicalize).ok())
        .flatten();
    let mut known: HashMap<Identity, usize> = HashMap::new();
    for i in items {
        let s = |k: &str| {
            i.get(k)
                .and_then(|x| x.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let mut file = s("file");
        if let Some(cwd) = &v1_base {
            file = gardefou_report::relative(&cwd.join(&file), &anchor);
        }
        *known
            .entry((s("rule"), file, s("path"), s("message")))
            .or_default() += 1;
    }
    let mut hidden = 0;
    for (set, findings) in linted.iter_mut() {
        findings.retain(|f| match known.get_mut(&identity(set, f, &anchor)) {
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
