use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::OnceLock;

use gardefou_source::{
    decode, parse, Limits, LineIndex, Node, ParseIssue, ParseIssueKind, PathSeg, Position, Span,
    Syntax, Undecodable, Value,
};

use crate::read::{read_regular, too_large_message, ReadError};

mod link;
mod paths;
mod resolve;

use link::Fetched;
use paths::{normalize, project_root, read_memory};
pub use resolve::{ref_of, Target};
use resolve::{Cached, PairHasher};

/// Index of a file in a [`DocumentSet`]; the root document is always `FileId(0)`. Defined in
/// `gardefou_source` so that findings can name a file without the document crate.
pub use gardefou_source::FileId;

/// Fetches a remote document for a `$ref` (`http(s)://…`). The document crate has no network
/// code of its own: the caller provides this, and only when the user opted in.
pub trait Fetch: Send + Sync {
    /// The bytes at `url`, or why they cannot be had.
    fn fetch(&self, url: &str) -> Result<Vec<u8>, String>;
}

/// How a document set is loaded.
#[derive(Clone, Default)]
pub struct LoadOptions {
    /// Limits on size, depth, nodes and alias expansion, for every file read.
    pub limits: Limits,
    /// Allow `$ref`s to files outside the root document's directory tree.
    pub allow_outside_refs: bool,
    /// Follow remote `$ref`s with this fetcher; `None` (the default): remote references are
    /// reported, never fetched.
    pub fetcher: Option<Arc<dyn Fetch>>,
    /// Files whose current text is not the one on disk (an editor's unsaved buffers), by
    /// canonical path: read from here instead of the disk, under the same size limit.
    pub overlay: Option<Arc<HashMap<PathBuf, Vec<u8>>>>,
}

impl std::fmt::Debug for LoadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadOptions")
            .field("limits", &self.limits)
            .field("allow_outside_refs", &self.allow_outside_refs)
            .field("fetch_remote", &self.fetcher.is_some())
            .field(
                "overlay_files",
                &self.overlay.as_ref().map_or(0, |o| o.len()),
            )
            .finish()
    }
}

fn is_remote(file_part: &str) -> bool {
    file_part.starts_with("http://") || file_part.starts_with("https://")
}

/// Resolves a relative reference against the URL of the document it is written in.
pub fn join_url(base: &str, rel: &str) -> String {
    if is_remote(rel) {
        return rel.to_string();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let (origin, path) = base.split_at(host_end);
    let mut segments: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    format!("{origin}/{}", segments.join("/"))
}

/// One file of a document set: its text, its tree and what went wrong reading it.
#[derive(Debug)]
pub struct SourceFile {
    /// Its id in the set (the root is the first).
    pub id: FileId,
    /// The path the file was read from (absolute for referenced files).
    pub path: PathBuf,
    /// The name shown to users: the path as given on the command line, or relative to the
    /// current directory.
    pub name: String,
    /// The text as read (decoded to UTF-8).
    pub text: String,
    /// The tree, absent when the text could not be parsed.
    pub root: Option<Node>,
    /// Parse issues (syntax, encoding, limits, duplicate keys), in order.
    pub issues: Vec<ParseIssue>,
    /// The URL the file was fetched from, for remote documents.
    pub url: Option<String>,
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    fn new(id: FileId, path: PathBuf, name: String, text: String, options: &LoadOptions) -> Self {
        let syntax = Syntax::guess(&name, &text);
        let parsed = parse(&text, syntax, &options.limits);
        SourceFile {
            id,
            path,
            name,
            text,
            root: parsed.root,
            issues: parsed.issues,
            url: None,
            lines: OnceLock::new(),
        }
    }

    /// A file that was not read or not decoded; `text` is what could be read before the issue
    /// (so the issue has a line and column), often nothing.
    fn unreadable(
        id: FileId,
        path: PathBuf,
        name: String,
        issue: ParseIssue,
        text: String,
    ) -> Self {
        SourceFile {
            id,
            path,
            name,
            text,
            root: None,
            issues: vec![issue],
            url: None,
            lines: OnceLock::new(),
        }
    }

    /// A file from its bytes: decoded and parsed, or unreadable with the decoding issue.
    fn from_bytes(
        id: FileId,
        path: PathBuf,
        name: String,
        bytes: Vec<u8>,
        options: &LoadOptions,
    ) -> Self {
        match decode(bytes) {
            Ok(text) => SourceFile::new(id, path, name, text, options),
            Err(Undecodable { issue, text }) => SourceFile::unreadable(id, path, name, issue, text),
        }
    }

    /// A file over the size limit, not read.
    fn too_large(id: FileId, path: PathBuf, name: String, size: Option<u64>, limit: usize) -> Self {
        let issue = ParseIssue {
            kind: ParseIssueKind::Limit,
            message: too_large_message(size, limit),
            span: Span::empty(0),
        };
        SourceFile::unreadable(id, path, name, issue, String::new())
    }

    /// The line index, built on first use.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// The position of a byte offset of the file's text.
    pub fn position(&self, offset: u32) -> Position {
        self.lines().position(&self.text, offset)
    }
}

/// A `$ref` that cannot be followed: missing file, bad pointer, remote or refused target, cycle.
#[derive(Clone, Debug, PartialEq)]
pub struct RefIssue {
    /// The file the `$ref` is in.
    pub file: FileId,
    /// Span of the `$ref` value.
    pub span: Span,
    /// Path of the `$ref` member inside its file.
    pub path: Vec<PathSeg>,
    /// What is wrong with it.
    pub message: String,
}

/// A root document that cannot be read at all (problems inside a readable file are issues of the set instead).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A FIFO, device, socket or kernel pseudo-file: never opened for reading.
    #[error("{path}: not a regular file ({kind})")]
    NotRegular {
        /// The path, as given.
        path: String,
        /// What it is instead (`fifo`, `character device`, …).
        kind: &'static str,
    },
    /// Reading the file failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path, as given.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Where the files named by `$ref`s are read from.
#[derive(Debug, Default)]
enum Store {
    /// The file system.
    #[default]
    Disk,
    /// A fixed set of files, by their path under [`DocumentSet::MEMORY_ROOT`]; nothing else
    /// exists (see [`DocumentSet::from_files`]).
    Memory(HashMap<PathBuf, Vec<u8>>),
}

/// A root document and every file reachable from it through `$ref`.
#[derive(Debug)]
pub struct DocumentSet {
    files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, FileId>,
    /// (file, file part of a `$ref`) → the file it names, when it could be loaded.
    links: HashMap<(FileId, String), FileId>,
    /// (file, file part of a `$ref`) → why the file it names could not be opened.
    link_errors: HashMap<(FileId, String), String>,
    ref_issues: Vec<RefIssue>,
    /// Every `$ref` of every file, resolved once: (file, span start of the reference object).
    resolved: HashMap<(FileId, u32), Option<Cached>, BuildHasherDefault<PairHasher>>,
    /// Key indexes of the large objects (see [`INDEXED_MEMBERS`]), so that pointers through an
    /// object with many members (`#/components/schemas/X` among 100,000 schemas) cost one
    /// lookup, not a scan: (file, span start of the object) → (member count, key → last index).
    keys: HashMap<(FileId, u32), KeyIndex, BuildHasherDefault<PairHasher>>,
    root_dir: PathBuf,
    options: LoadOptions,
    /// Remote documents fetched ahead of opening, by URL (only while loading).
    prefetched: HashMap<String, Fetched>,
    store: Store,
}

/// Objects with at least this many members get a key index at load.
const INDEXED_MEMBERS: usize = 32;

/// An object's member count and, for each key, the index of its last member with that key.
type KeyIndex = (usize, HashMap<Box<str>, u32>);

/// Indexes the keys of every object of `node` with at least [`INDEXED_MEMBERS`] members.
fn index_keys(
    file: FileId,
    node: &Node,
    out: &mut HashMap<(FileId, u32), KeyIndex, BuildHasherDefault<PairHasher>>,
) {
    match &node.value {
        Value::Object(members) => {
            if members.len() >= INDEXED_MEMBERS {
                let mut keys = HashMap::with_capacity(members.len());
                for (i, m) in members.iter().enumerate() {
                    keys.insert(m.key.as_str().into(), i as u32);
                }
                out.insert((file, node.span.start), (members.len(), keys));
            }
            for m in members {
                index_keys(file, &m.value, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                index_keys(file, item, out);
            }
        }
        _ => {}
    }
}

impl DocumentSet {
    /// Loads the document at `path` and every file it references. Fails only when the root
    /// file itself cannot be read; everything else becomes an issue in the set.
    pub fn load(path: &Path, options: &LoadOptions) -> Result<DocumentSet, LoadError> {
        let limit = options.limits.max_file_size;
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let read = match &options.overlay {
            Some(files) if files.contains_key(&abs) => read_memory(files, &abs, limit),
            _ => read_regular(path, limit),
        };
        let name = path.display().to_string();
        let root_dir = project_root(abs.parent().unwrap_or(Path::new("/")));
        let root = match read {
            Ok(bytes) => SourceFile::from_bytes(FileId(0), abs, name, bytes, options),
            Err(ReadError::TooLarge { size, limit }) => {
                SourceFile::too_large(FileId(0), abs, name, size, limit)
            }
            Err(ReadError::NotRegular(kind)) => {
                return Err(LoadError::NotRegular { path: name, kind })
            }
            Err(ReadError::Io(source)) => return Err(LoadError::Io { path: name, source }),
        };
        Ok(Self::finish(root, root_dir, options))
    }

    /// A document set from bytes read elsewhere (standard input), decoded like a file's;
    /// relative `$ref`s resolve against `base_dir`.
    pub fn from_bytes(
        name: &str,
        bytes: Vec<u8>,
        base_dir: &Path,
        options: &LoadOptions,
    ) -> DocumentSet {
        let path = base_dir.join(name);
        let root = SourceFile::from_bytes(FileId(0), path, name.to_string(), bytes, options);
        let root_dir = project_root(
            &std::fs::canonicalize(base_dir).unwrap_or_else(|_| base_dir.to_path_buf()),
        );
        Self::finish(root, root_dir, options)
    }

    /// A document set from text (standard input, tests); relative `$ref`s resolve against `base_dir`.
    pub fn from_text(
        name: &str,
        text: String,
        base_dir: &Path,
        options: &LoadOptions,
    ) -> DocumentSet {
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        let path = base_dir.join(name);
        let root = SourceFile::new(FileId(0), path, name.to_string(), text, options);
        let root_dir = project_root(
            &std::fs::canonicalize(base_dir).unwrap_or_else(|_| base_dir.to_path_buf()),
        );
        Self::finish(root, root_dir, options)
    }

    /// The folder the files of [`DocumentSet::from_files`] are in (it exists nowhere).
    pub const MEMORY_ROOT: &'static str = "/<memory>";

    /// A document set from files held in memory, which the file system never sees: `files` are
    /// (name, bytes) with names relative to a virtual project folder, `/`-separated
    /// (`"api.yaml"`, `"schemas/pet.json"`); the first is the root document (an empty list is
    /// an empty one). `$ref`s resolve among these files only, exactly as among files on disk:
    /// a name not in the list does not exist, one outside the folder (`"../x.yaml"`) is
    /// refused unless `options` allow references outside the project, the size limit applies.
    /// Remote references still go to `options.fetcher`. Files are decoded and parsed only when a
    /// `$ref` reaches them. For tests, fuzzing and tools that hold the files already.
    pub fn from_files(files: Vec<(String, Vec<u8>)>, options: &LoadOptions) -> DocumentSet {
        let root_dir = PathBuf::from(Self::MEMORY_ROOT);
        let mut store = HashMap::new();
        let mut root: Option<(PathBuf, String, Vec<u8>)> = None;
        for (name, bytes) in files {
            let path = normalize(&root_dir.join(&name));
            if root.is_none() {
                root = Some((path, name, bytes));
            } else {
                store.entry(path).or_insert(bytes);
            }
        }
        let (path, name, bytes) = root.unwrap_or_else(|| {
            (
                root_dir.join("document.yaml"),
                "document.yaml".into(),
                Vec::new(),
            )
        });
        let limit = options.limits.max_file_size;
        let root = match bytes.len() > limit {
            true => SourceFile::too_large(FileId(0), path, name, Some(bytes.len() as u64), limit),
            false => SourceFile::from_bytes(FileId(0), path, name, bytes, options),
        };
        Self::finish_in(root, root_dir, options, Store::Memory(store))
    }

    fn finish(root: SourceFile, root_dir: PathBuf, options: &LoadOptions) -> DocumentSet {
        Self::finish_in(root, root_dir, options, Store::Disk)
    }

    fn finish_in(
        root: SourceFile,
        root_dir: PathBuf,
        options: &LoadOptions,
        store: Store,
    ) -> DocumentSet {
        let mut set = DocumentSet {
            by_path: HashMap::from([(root.path.clone(), FileId(0))]),
            files: vec![root],
            links: HashMap::new(),
            link_errors: HashMap::new(),
            ref_issues: Vec::new(),
            resolved: HashMap::default(),
            keys: HashMap::default(),
            root_dir,
            options: options.clone(),
            prefetched: HashMap::new(),
            store,
        };
        set.load_references();
        let mut keys = HashMap::default();
        for file in &set.files {
            if let Some(root) = &file.root {
                index_keys(file.id, root, &mut keys);
            }
        }
        set.keys = keys;
        set.check_references();
        set
    }

    /// The root document (the file given).
    pub fn root(&self) -> &SourceFile {
        &self.files[0]
    }

    /// The file `id`.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// `file:line:column` of a byte offset in one of the files, as messages show a place.
    pub fn place(&self, id: FileId, offset: u32) -> String {
        let file = self.file(id);
        let p = file.position(offset);
        format!("{}:{}:{}", file.name, p.line, p.column)
    }

    /// Every file, the root first, then in the order references reached them.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The `$ref`s that cannot be followed, in the order they were met.
    pub fn ref_issues(&self) -> &[RefIssue] {
        &self.ref_issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        list.iter()
            .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    fn messages(set: &DocumentSet) -> Vec<String> {
        set.ref_issues().iter().map(|i| i.message.clone()).collect()
    }

    #[test]
    fn in_memory_files_resolve_across_folders() {
        let set = DocumentSet::from_files(
            files(&[
                ("api.yaml", "a:\n  $ref: 'schemas/pet.yaml#/Pet'\n"),
                (
                    "schemas/pet.yaml",
                    "Pet:\n  id:\n    $ref: '../common.json#/Id'\n",
                ),
                ("common.json", r#"{"Id": {"type": "integer"}}"#),
            ]),
            &LoadOptions::default(),
        );
        assert_eq!(messages(&set), Vec::<String>::new());
        let names: Vec<&str> = set.files().iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["api.yaml", "schemas/pet.yaml", "common.json"]);
        let root = set.root().root.as_ref().unwrap();
        let pet = set.deref(FileId(0), root.get("a").unwrap()).unwrap();
        assert_eq!(set.file(pet.file).name, "schemas/pet.yaml");
        let id = set.deref(pet.file, pet.node.get("id").unwrap()).unwrap();
        assert_eq!(set.file(id.file).name, "common.json");
        assert_eq!(id.node.get_str("type"), Some("integer"));
        // A reference back to the root names the root, not a second copy of it.
        let back = DocumentSet::from_files(
            files(&[
                ("api.yaml", "a:\n  $ref: 'b.yaml'\nc: 1\n"),
                ("b.yaml", "$ref: 'api.yaml#/c'\n"),
            ]),
            &LoadOptions::default(),
        );
        assert_eq!(back.files().len(), 2);
        assert_eq!(messages(&back), Vec::<String>::new());
    }

    #[test]
    fn in_memory_files_never_reach_the_disk_nor_leave_their_folder() {
        let set = DocumentSet::from_files(
            files(&[
                // Cargo.toml exists beside the test's working directory; it is not in the set.
                (
                    "api.yaml",
                    "a: {$ref: 'Cargo.toml'}\nb: {$ref: '../x.yaml'}\nc: {$ref: 'big.yaml'}\n",
                ),
                ("../x.yaml", "x: 1\n"),
                ("big.yaml", &format!("x: '{}'\n", "x".repeat(100))),
            ]),
            &LoadOptions {
                limits: Limits {
                    max_file_size: 100,
                    ..Limits::default()
                },
                ..LoadOptions::default()
            },
        );
        let m = messages(&set);
        assert_eq!(m.len(), 3, "{m:?}");
        assert_eq!(m[0], "cannot read `Cargo.toml`: no such file or directory");
        assert!(
            m[1].starts_with("`../x.yaml` is outside the project folder (/<memory>)"),
            "{m:?}"
        );
        // Too large: loaded as a file whose only issue is the limit, so its pointer cannot resolve.
        let big = set.files().iter().find(|f| f.name == "big.yaml").unwrap();
        assert_eq!(big.issues[0].kind, ParseIssueKind::Limit);
        assert_eq!(m[2], "`big.yaml` could not be parsed");
        // Allowed outside the folder, the file is found.
        let outside = DocumentSet::from_files(
            files(&[
                ("api.yaml", "b: {$ref: '../x.yaml#/x'}\n"),
                ("../x.yaml", "x: 1\n"),
            ]),
            &LoadOptions {
                allow_outside_refs: true,
                ..LoadOptions::default()
            },
        );
        assert_eq!(messages(&outside), Vec::<String>::new());
    }

    #[test]
    fn in_memory_cycles_are_cycles() {
        let set = DocumentSet::from_files(
            files(&[
                ("a.yaml", "x: {$ref: 'b.yaml#/y'}\n"),
                ("b.yaml", "y: {$ref: 'a.yaml#/x'}\n"),
            ]),
            &LoadOptions::default(),
        );
        let m = messages(&set);
        assert!(
            !m.is_empty() && m.iter().all(|m| m.contains("reference cycle")),
            "{m:?}"
        );
        let empty = DocumentSet::from_files(Vec::new(), &LoadOptions::default());
        assert!(empty.root().root.is_none());
    }
}
