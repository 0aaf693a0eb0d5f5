//! What the server knows between messages: the workspace folder, the open files and their
//! unsaved text, the root documents, the ruleset, and the diagnostics it has published.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gardefou_linter::Config;
use lsp_types::Diagnostic;

/// An open file.
pub struct OpenDoc {
    /// The client's version of its text.
    pub version: i32,
    /// Its text, as the editor has it.
    pub text: String,
}

/// The ruleset in force and, when the last attempt to load one failed, why.
pub struct Ruleset {
    /// The ruleset file, when one was found (else `gardefou:recommended`).
    pub path: Option<PathBuf>,
    /// The last configuration that loaded.
    pub config: Arc<Config>,
    /// The problems of the ruleset file, when the last load failed.
    pub error: Option<gardefou_linter::ConfigError>,
}

/// The server's state.
pub struct Workspace {
    /// The workspace folder, when the client gave one.
    pub folder: Option<PathBuf>,
    /// Open files by canonical path.
    pub open: HashMap<PathBuf, OpenDoc>,
    /// Root documents found in the folder.
    pub discovered: BTreeSet<PathBuf>,
    /// For each root linted, the files of its document set.
    pub reach: HashMap<PathBuf, Vec<PathBuf>>,
    /// For each root linted, its diagnostics by file.
    pub by_root: HashMap<PathBuf, HashMap<PathBuf, Arc<Vec<Diagnostic>>>>,
    /// What was last published, by file: the list of `by_root` itself when one root has the
    /// file (tens of thousands of diagnostics on a large description are not copied).
    pub published: HashMap<PathBuf, Arc<Vec<Diagnostic>>>,
    /// The ruleset.
    pub ruleset: Ruleset,
    /// Counts edits, opens and reloads: a lint made before the latest one is not published.
    pub generation: u64,
}

/// The canonical form of a path, or the path itself when it does not exist (yet).
pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Workspace {
    /// The unsaved text of every open file.
    pub fn overlay(&self) -> Arc<HashMap<PathBuf, Vec<u8>>> {
        Arc::new(
            self.open
                .iter()
                .map(|(p, d)| (p.clone(), d.text.clone().into_bytes()))
                .collect(),
        )
    }

    /// The baseline the ruleset names, as the editor has it now (its unsaved text when open).
    pub fn baseline(&self) -> Option<crate::baseline::BaselineFile> {
        let path = self.ruleset.config.baseline.as_ref()?;
        crate::baseline::BaselineFile::read(path, &|p| self.open.get(p).map(|d| d.text.clone()))
    }

    /// Whether a file is a root document: by its open text when open, else as discovered.
    pub fn is_root(&self, path: &Path) -> bool {
        match self.open.get(path) {
            Some(doc) => gardefou_document::is_openapi_root_text(&doc.text),
            None => self.discovered.contains(path),
        }
    }

    /// Every root: those discovered and the open files that are roots.
    pub fn roots(&self) -> BTreeSet<PathBuf> {
        let mut roots: BTreeSet<PathBuf> = self
            .discovered
            .iter()
            .filter(|p| self.is_root(p))
            .cloned()
            .collect();
        roots.extend(self.open.keys().filter(|p| self.is_root(p)).cloned());
        roots
    }

    /// The roots to lint again when `path` changed: itself when it is a root, and every root
    /// whose document set holds it.
    pub fn roots_reaching(&self, path: &Path) -> BTreeSet<PathBuf> {
        let mut out: BTreeSet<PathBuf> = self
            .reach
            .iter()
            .filter(|(_, files)| files.iter().any(|f| f == path))
            .map(|(r, _)| r.clone())
            .collect();
        if self.is_root(path) {
            out.insert(path.to_path_buf());
        }
        out
    }

    /// Every diagnostic of `file` over all roots, each once (shared when one root has them).
    pub fn diagnostics_of(&self, file: &Path) -> Arc<Vec<Diagnostic>> {
        let mut roots: Vec<&PathBuf> = self
            .by_root
            .iter()
            .filter(|(_, d)| d.get(file).is_some_and(|d| !d.is_empty()))
            .map(|(r, _)| r)
            .collect();
        roots.sort();
        match roots[..] {
            [] => return Arc::new(Vec::new()),
            [only] => return Arc::clone(&self.by_root[only][file]),
            _ => {}
        }
        // Through several roots: the same problem once. Diagnostics are compared only with
        // those at the same place with the same rule (comparing each with all was quadratic:
        // seconds for the 30,000 diagnostics of a 13 MB description).
        let mut out: Vec<Diagnostic> = Vec::new();
        let mut at: HashMap<(u32, u32, u32, u32, String), Vec<usize>> = HashMap::new();
        for r in roots {
            for d in self.by_root[r][file].iter() {
                let code = match &d.code {
                    Some(lsp_types::NumberOrString::String(s)) => s.clone(),
                    Some(lsp_types::NumberOrString::Number(n)) => n.to_string(),
                    None => String::new(),
                };
                let (s, e) = (d.range.start, d.range.end);
                let same = at
                    .entry((s.line, s.character, e.line, e.character, code))
                    .or_default();
                if !same.iter().any(|&i| out[i] == *d) {
                    same.push(out.len());
                    out.push(d.clone());
                }
            }
        }
        Arc::new(out)
    }

    /// Forgets a root (deleted, or no longer a root); returns the files it had diagnostics in.
    pub fn forget_root(&mut self, root: &Path) -> Vec<PathBuf> {
        self.reach.remove(root);
        self.by_root
            .remove(root)
            .map(|d| d.into_keys().collect())
            .unwrap_or_default()
    }
}

/// The canonical path of a `file:` URI.
pub fn path_of(uri: &lsp_types::Url) -> Option<PathBuf> {
    uri.to_file_path().ok().map(|p| canonical(&p))
}

/// Root documents under `folder`, as `lint DIR` finds them (`.gitignore` respected, hidden
/// files skipped, links not followed).
pub fn discover_roots(folder: &Path) -> BTreeSet<PathBuf> {
    let limit = gardefou_source::Limits::default().max_file_size;
    let mut out = BTreeSet::new();
    let walker = ignore::WalkBuilder::new(folder)
        .require_git(false)
        .hidden(true)
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !matches!(ext.as_str(), "yaml" | "yml" | "json") {
            continue;
        }
        let root = match gardefou_document::read_regular(path, limit) {
            Ok(bytes) => {
                String::from_utf8(bytes).is_ok_and(|t| gardefou_document::is_openapi_root_text(&t))
            }
            Err(gardefou_document::ReadError::TooLarge { .. }) => {
                gardefou_document::read_head(path, 64 * 1024).is_ok_and(|h| {
                    gardefou_document::head_names_openapi(&String::from_utf8_lossy(&h))
                })
            }
            Err(_) => false,
        };
        if root {
            out.insert(canonical(path));
        }
    }
    out
}
