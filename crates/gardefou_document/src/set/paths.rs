//! Paths of the files of a set: the folder `$ref`s may reach, lexical normalisation, the name
//! a file is shown by, and reading an in-memory file like one on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::read::ReadError;

/// The folder `$ref`s may reach without `--allow-outside-refs`: the document's own folder,
/// widened to the current directory when the document is under it, and to the enclosing git
/// work tree when there is one. A description split as `spec/` + `common/` in one repository
/// resolves; `../../etc/passwd` does not.
pub(super) fn project_root(doc_dir: &Path) -> PathBuf {
    let mut root = doc_dir.to_path_buf();
    if let Some(git) = doc_dir.ancestors().find(|d| d.join(".git").exists()) {
        root = git.to_path_buf();
    }
    if let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) {
        if doc_dir.starts_with(&cwd) && root.starts_with(&cwd) {
            root = cwd;
        }
    }
    root
}

/// Reads an in-memory file like [`read_regular`] reads one from disk.
pub(super) fn read_memory(
    files: &HashMap<PathBuf, Vec<u8>>,
    path: &Path,
    limit: usize,
) -> Result<Vec<u8>, ReadError> {
    let bytes = files
        .get(path)
        .ok_or_else(|| ReadError::Io(std::io::ErrorKind::NotFound.into()))?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge {
            size: Some(bytes.len() as u64),
            limit,
        });
    }
    Ok(bytes.clone())
}

pub(super) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Removes `.` and resolves `..` without touching the file system.
pub(super) fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A path relative to the current directory when it is under it, else absolute.
pub(super) fn display_name(abs: &Path) -> String {
    if let Ok(cwd) = std::env::current_dir() {
        let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
        if let Ok(rel) = abs.strip_prefix(&cwd) {
            return rel.display().to_string();
        }
    }
    abs.display().to_string()
}
