//! Baselines: record today's findings, then report only new ones. A finding is identified by
//! its rule, its document named relative to the baseline file's folder (without the
//! extension), its JSON path and its message — never by positions, and no message carries one —
//! so inserting lines, reordering keys, converting YAML to JSON or running gardefou from
//! another folder keeps it ([`identity`]).
//!
//! The file is JSON: `{"version": 2, "tool": "gardefou", "findings": [{rule, file, path,
//! message}, …]}`. The command line writes and applies it (`lint --write-baseline`,
//! `--baseline`, or the ruleset's `baseline:`); the language server applies it and adds one
//! finding at a time to it ("Add to baseline").

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::DocumentNames;
use gardefou_diagnostics::Finding;
use serde_json::{json, Value};

use crate::identity::{identity, relative, Identity};

/// Version of the baseline file. Version 1 named documents relative to the current directory.
pub const VERSION: u64 = 2;

/// A baseline file that is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError(pub String);

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BaselineError {}

/// The folder the documents of the baseline at `path` are named from: the baseline's own,
/// made absolute and canonical (it must exist).
pub fn anchor_of(path: &Path) -> std::io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::canonicalize(dir)
}

/// The findings a baseline records, counted by identity.
#[derive(Debug, Clone)]
pub struct Baseline {
    anchor: PathBuf,
    known: HashMap<Identity, usize>,
}

impl Baseline {
    /// A baseline that records nothing (a configured baseline not written yet).
    pub fn empty(anchor: PathBuf) -> Self {
        Baseline {
            anchor,
            known: HashMap::new(),
        }
    }

    /// Reads a baseline's text. `anchor` is the baseline's folder ([`anchor_of`]); `cwd` is
    /// where a version 1 baseline (documents named from the directory gardefou ran in) is
    /// taken to have been written.
    pub fn parse(text: &str, anchor: PathBuf, cwd: Option<&Path>) -> Result<Self, BaselineError> {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| BaselineError(format!("not a gardefou baseline: {e}")))?;
        let Some(items) = v.get("findings").and_then(|f| f.as_array()) else {
            return Err(BaselineError(
                "not a gardefou baseline (no `findings`)".into(),
            ));
        };
        let v1_base = (v.get("version").and_then(|x| x.as_u64()) == Some(1))
            .then_some(cwd)
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
            if let Some(cwd) = v1_base {
                file = relative(&cwd.join(&file), &anchor);
            }
            *known
                .entry((s("rule"), file, s("path"), s("message")))
                .or_default() += 1;
        }
        Ok(Baseline { anchor, known })
    }

    /// The folder its documents are named from.
    pub fn anchor(&self) -> &Path {
        &self.anchor
    }

    /// Removes from `findings` (of `set`) those the baseline records, each recorded finding
    /// hiding one; returns how many it removed.
    pub fn hide<S: DocumentNames + ?Sized>(
        &mut self,
        set: &S,
        findings: &mut Vec<Finding>,
    ) -> usize {
        let mut hidden = 0;
        findings.retain(
            |f| match self.known.get_mut(&identity(set, f, &self.anchor)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    hidden += 1;
                    false
                }
                _ => true,
            },
        );
        hidden
    }

    /// How many recorded findings no [`Baseline::hide`] call has met yet: fixed since.
    pub fn unmet(&self) -> usize {
        self.known.values().sum()
    }

    /// Whether it records the finding with this identity.
    pub fn records(&self, id: &Identity) -> bool {
        self.known.get(id).is_some_and(|n| *n > 0)
    }
}

/// The baseline entry of one finding (its document named from `anchor`).
pub fn entry<S: DocumentNames + ?Sized>(set: &S, f: &Finding, anchor: &Path) -> Value {
    entry_of(&identity(set, f, anchor))
}

/// The baseline entry of an identity.
pub fn entry_of((rule, file, path, message): &Identity) -> Value {
    json!({"rule": rule, "file": file, "path": path, "message": message})
}

/// A baseline file's text holding these entries.
pub fn render(entries: Vec<Value>) -> String {
    let v = json!({"version": VERSION, "tool": "gardefou", "findings": entries});
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// The text of the baseline `text` (none, or blank: a new file) with `entry` added at the end
/// of its findings; the rest of the file is kept as it was read.
pub fn with_entry(text: Option<&str>, entry: Value) -> Result<String, BaselineError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(render(vec![entry]));
    };
    let mut v: Value = serde_json::from_str(text)
        .map_err(|e| BaselineError(format!("not a gardefou baseline: {e}")))?;
    let Some(items) = v.get_mut("findings").and_then(|f| f.as_array_mut()) else {
        return Err(BaselineError(
            "not a gardefou baseline (no `findings`)".into(),
        ));
    };
    items.push(entry);
    Ok(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(rule: &str, file: &str) -> Identity {
        (rule.into(), file.into(), "paths//a".into(), "m".into())
    }

    #[test]
    fn an_entry_is_added_to_a_new_or_existing_file_and_read_back() {
        let first = with_entry(None, entry_of(&id("r1", "api"))).unwrap();
        let second = with_entry(Some(&first), entry_of(&id("r2", "api"))).unwrap();
        let b = Baseline::parse(&second, PathBuf::from("/p"), None).unwrap();
        assert!(b.records(&id("r1", "api")) && b.records(&id("r2", "api")));
        assert!(!b.records(&id("r3", "api")));
        assert_eq!(b.unmet(), 2);
        let v: Value = serde_json::from_str(&second).unwrap();
        assert_eq!(v["version"], VERSION);
    }

    #[test]
    fn a_file_that_is_not_a_baseline_is_refused() {
        for text in ["[]", "{\"version\": 2}", "not json"] {
            assert!(with_entry(Some(text), json!({})).is_err(), "{text}");
            assert!(Baseline::parse(text, PathBuf::from("/p"), None).is_err());
        }
    }

    #[test]
    fn version_1_names_documents_from_the_directory_it_ran_in() {
        let text = r#"{"version": 1, "findings": [{"rule": "r", "file": "apis/api", "path": "paths//a", "message": "m"}]}"#;
        let b = Baseline::parse(text, PathBuf::from("/w/apis"), Some(Path::new("/w"))).unwrap();
        assert!(b.records(&id("r", "api")));
    }
}
