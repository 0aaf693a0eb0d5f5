//! A finding's identity, shared by baselines and SARIF `partialFingerprints`: its rule, its
//! document named relative to an anchor folder (without the `.yaml`/`.yml`/`.json` extension,
//! so YAML → JSON keeps it), its JSON path and its message. Messages carry no positions (those
//! are in the finding's related locations), so inserting lines or running from another folder
//! does not change an identity.

use std::path::{Component, Path, PathBuf};

use crate::DocumentNames;
use gardefou_diagnostics::Finding;

/// (rule, document, JSON path joined by `/`, message).
pub type Identity = (String, String, String, String);

/// The identity of `f`, its document named relative to `anchor` (an absolute folder).
pub fn identity<S: DocumentNames + ?Sized>(set: &S, f: &Finding, anchor: &Path) -> Identity {
    let document = match set.url_and_path(f.file) {
        (Some(url), _) => without_extension(url.to_string()),
        (None, path) => document_name(path, anchor),
    };
    (
        f.rule.clone(),
        document,
        slash_path(&f.path),
        f.message.clone(),
    )
}

/// How a baseline names the document at `path`: relative to `anchor`, without its `.yaml`,
/// `.yml` or `.json` extension (so converting the file keeps its findings).
pub fn document_name(path: &Path, anchor: &Path) -> String {
    without_extension(relative(path, anchor))
}

fn without_extension(name: String) -> String {
    match name.rsplit_once('.') {
        Some((stem, "yaml" | "yml" | "json")) if !stem.ends_with('/') => stem.to_string(),
        _ => name,
    }
}

/// A finding's JSON path as `paths//pets/get` (segments joined by `/`, unescaped).
pub fn slash_path(path: &[gardefou_source::PathSeg]) -> String {
    path.iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` relative to `base` (both absolute), with `/` separators and `..` where `path` is not
/// under `base`.
pub fn relative(path: &Path, base: &Path) -> String {
    let path = normalize(path);
    let base = normalize(base);
    let (p, b): (Vec<_>, Vec<_>) = (path.components().collect(), base.components().collect());
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// `.` and `..` removed lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The folder SARIF and GitLab fingerprints name documents from: the git work tree enclosing
/// `file` (the root document), else the root document's own folder — never the current
/// directory, so the same files give the same fingerprints wherever gardefou runs.
pub fn repository_root(file: &Path) -> PathBuf {
    file.ancestors()
        .skip(1)
        .find(|d| d.join(".git").exists())
        .or_else(|| file.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b/c.yaml"), Path::new("/a")),
            "b/c.yaml"
        );
        assert_eq!(
            relative(Path::new("/a/b/c.yaml"), Path::new("/a/d")),
            "../b/c.yaml"
        );
        assert_eq!(
            relative(Path::new("/a/./b/../c.yaml"), Path::new("/a/")),
            "c.yaml"
        );
    }
}
