//! Baselines on the command line: `lint --write-baseline FILE` records a run's findings,
//! `lint --baseline FILE` (or the ruleset's `baseline:`) reports only new ones. What identifies
//! a finding, and the file's format: `gardefou_report::baseline`.

use std::path::Path;

use anyhow::{Context, Result};
use gardefou_linter::Finding;
use gardefou_report::baseline::{self, Baseline};
use gardefou_report::ReportedDocument;

/// The folder the documents of the baseline at `path` are named from: the baseline's own.
fn anchor(path: &Path) -> Result<std::path::PathBuf> {
    baseline::anchor_of(path)
        .with_context(|| format!("cannot find the folder of the baseline {}", path.display()))
}

/// Writes the findings of a run as a baseline; returns how many it recorded.
pub fn write(path: &Path, linted: &[(ReportedDocument, Vec<Finding>)]) -> Result<usize> {
    let anchor = anchor(path)?;
    let items: Vec<_> = linted
        .iter()
        .flat_map(|(set, findings)| findings.iter().map(|f| baseline::entry(set, f, &anchor)))
        .collect();
    let n = items.len();
    std::fs::write(path, baseline::render(items))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(n)
}

/// Removes the findings recorded in the baseline; returns (hidden, fixed since the baseline),
/// or `None` when there was no baseline to apply.
/// The baseline is read as documents are: only a regular file, no larger than `max_size`
/// (`--max-file-size`), checked before and while reading. With `missing_is_empty` (a baseline
/// the ruleset names, which the language server creates on its first "Add to baseline"), a
/// file that does not exist yet hides nothing.
pub fn apply(
    path: &Path,
    linted: &mut [(ReportedDocument, Vec<Finding>)],
    max_size: usize,
    missing_is_empty: bool,
) -> Result<Option<(usize, usize)>> {
    if missing_is_empty && !path.exists() {
        return Ok(None);
    }
    let text = gardefou_document::read_regular_to_string(path, max_size)
        .with_context(|| format!("cannot read the baseline {}", path.display()))?;
    let cwd = std::env::current_dir().and_then(std::fs::canonicalize).ok();
    let mut b = Baseline::parse(&text, anchor(path)?, cwd.as_deref())
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut hidden = 0;
    for (set, findings) in linted.iter_mut() {
        hidden += b.hide(set, findings);
    }
    Ok(Some((hidden, b.unmet())))
}
