use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::OnceLock;

use gardefou_source::{
    decode, parse, Limits, LineIndex, Node, ParseIssue, ParseIssueKind, PathSeg, Position, Span,
    Syntax, Undecodable, Value,
};

use crate::read::{read_regular, too_large_message, ReadError};
use crate::refs::parse_ref;

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
}

impl std::fmt::Debug for LoadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadOptions")
            .field("limits", &self.limits)
            .field("allow_outside_refs", &self.allow_outside_refs)
            .field("fetch_remote", &self.fetcher.is_some())
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

/// The bytes of a remote document, or why they could not be had.
type Fetched = Result<Vec<u8>, String>;

/// Most remote documents fetched at the same time.
const FETCHES_AT_ONCE: usize = 4;

/// Fetches every URL, [`FETCHES_AT_ONCE`] at a time; the results are in the order of `urls`.
fn fetch_all(fetcher: &dyn Fetch, urls: &[String]) -> Vec<Fetched> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Fetched>>> = urls.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..FETCHES_AT_ONCE.min(urls.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let fetched = fetcher.fetch(url);
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(fetched);
            });
        }
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| Err("not fetched".to_string()))
        })
        .collect()
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

/// Most `$ref` hops followed inside one JSON pointer (a pointer through references).
const MAX_REF_HOPS: usize = 64;

/// Most references in one chain (`a` → `b` → … → a schema). A chain that comes back to a
/// reference it passed is a cycle, whatever its length; one longer than this is refused as such.
const MAX_REF_CHAIN: usize = 10_000;

impl DocumentSet {
    /// Loads the document at `path` and every file it references. Fails only when the root
    /// file itself cannot be read; everything else becomes an issue in the set.
    pub fn load(path: &Path, options: &LoadOptions) -> Result<DocumentSet, LoadError> {
        let limit = options.limits.max_file_size;
        let read = read_regular(path, limit);
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
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

    /// Loads, breadth first, every file named by a `$ref` in a loaded file.
    fn load_references(&mut self) {
        let mut next = 0;
        while next < self.files.len() {
            let id = FileId(next as u32);
            next += 1;
            let mut wanted: Vec<String> = Vec::new();
            if let Some(root) = &self.files[id.0 as usize].root {
                collect_refs(root, &mut Vec::new(), &mut |r, _, _, _| {
                    if let Ok(t) = parse_ref(r) {
                        if !t.file.is_empty() && (!t.remote || self.options.fetcher.is_some()) {
                            wanted.push(t.file);
                        }
                    }
                });
            }
            self.prefetch(id, &wanted);
            for file_part in wanted {
                if self.links.contains_key(&(id, file_part.clone())) {
                    continue;
                }
                // A target that cannot be opened is reported by `check_references`.
                match self.open_linked(id, &file_part) {
                    Ok(target) => {
                        self.links.insert((id, file_part), target);
                    }
                    Err(why) => {
                        self.link_errors.insert((id, file_part), why);
                    }
                }
            }
        }
        self.prefetched.clear();
    }

    /// Fetches, a few at once, the remote documents a file's references name that are not
    /// loaded yet, so that slow servers cost about one timeout rather than one each.
    fn prefetch(&mut self, from: FileId, wanted: &[String]) {
        let Some(fetcher) = self.options.fetcher.clone() else {
            return;
        };
        let mut urls: Vec<String> = Vec::new();
        for file_part in wanted {
            if let Some(url) = self.remote_url(from, file_part) {
                let key = PathBuf::from(&url);
                if !self.by_path.contains_key(&key)
                    && !self.prefetched.contains_key(&url)
                    && !urls.contains(&url)
                {
                    urls.push(url);
                }
            }
        }
        if urls.len() < 2 {
            return;
        }
        let results = fetch_all(fetcher.as_ref(), &urls);
        self.prefetched.extend(urls.into_iter().zip(results));
    }

    /// Opens the file a `$ref` names, relative to the referring file; returns why not otherwise.
    fn open_linked(&mut self, from: FileId, file_part: &str) -> Result<FileId, String> {
        if let Some(url) = self.remote_url(from, file_part) {
            return self.open_remote(url);
        }
        let abs = self.locate(from, file_part)?;
        if let Some(&id) = self.by_path.get(&abs) {
            return Ok(id);
        }
        if matches!(self.store, Store::Disk) && abs.is_dir() {
            return Err(format!("`{file_part}` is a directory"));
        }
        let id = FileId(self.files.len() as u32);
        let limit = self.options.limits.max_file_size;
        let (name, read) = match &self.store {
            Store::Disk => (display_name(&abs), read_regular(&abs, limit)),
            Store::Memory(files) => {
                let name = abs
                    .strip_prefix(Self::MEMORY_ROOT)
                    .unwrap_or(&abs)
                    .display()
                    .to_string();
                (name, read_memory(files, &abs, limit))
            }
        };
        let file = match read {
            Ok(bytes) => SourceFile::from_bytes(id, abs.clone(), name, bytes, &self.options),
            // Reported where it is, like any file that cannot be parsed.
            Err(ReadError::TooLarge { size, limit }) => {
                SourceFile::too_large(id, abs.clone(), name, size, limit)
            }
            Err(ReadError::NotRegular(kind)) => {
                return Err(format!(
                    "`{file_part}` is not a regular file ({kind}); only regular files are read"
                ))
            }
            Err(ReadError::Io(e)) => {
                return Err(format!("cannot read `{file_part}`: {}", io_reason(&e)))
            }
        };
        self.files.push(file);
        self.by_path.insert(abs, id);
        Ok(id)
    }

    /// The file a `$ref`'s (local) file part names from `from`: its canonical path, or why it
    /// cannot be had (it does not exist, or is outside the project folder).
    fn locate(&self, from: FileId, file_part: &str) -> Result<PathBuf, String> {
        let base = self
            .file(from)
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let joined = normalize(&base.join(file_part));
        let abs = match &self.store {
            // The file as the `$ref` writes it: a name from the current directory would make
            // the finding's identity (baselines, fingerprints) depend on where gardefou runs.
            Store::Disk => std::fs::canonicalize(&joined)
                .map_err(|e| format!("cannot read `{file_part}`: {}", io_reason(&e)))?,
            Store::Memory(files)
                if files.contains_key(&joined) || joined == self.file(FileId(0)).path =>
            {
                joined
            }
            Store::Memory(_) => {
                return Err(format!(
                    "cannot read `{file_part}`: no such file or directory"
                ))
            }
        };
        if !self.options.allow_outside_refs && !abs.starts_with(&self.root_dir) {
            return Err(format!(
                "`{file_part}` is outside the project folder ({}); references there are refused unless allowed with --allow-outside-refs",
                self.root_dir.display()
            ));
        }
        Ok(abs)
    }

    /// The URL a reference names when it is remote, or written in a remote document.
    fn remote_url(&self, from: FileId, file_part: &str) -> Option<String> {
        match &self.file(from).url {
            Some(base) => Some(join_url(base, file_part)),
            None if is_remote(file_part) => Some(file_part.to_string()),
            None => None,
        }
    }

    fn open_remote(&mut self, url: String) -> Result<FileId, String> {
        let key = PathBuf::from(&url);
        if let Some(&id) = self.by_path.get(&key) {
            return Ok(id);
        }
        let Some(fetcher) = self.options.fetcher.clone() else {
            return Err(format!("`{url}` is a remote reference; gardefou fetches from the network only with --allow-remote-refs"));
        };
        let fetched = match self.prefetched.remove(&url) {
            Some(r) => r,
            None => fetcher.fetch(&url),
        };
        let bytes = fetched.map_err(|e| format!("cannot fetch `{url}`: {e}"))?;
        if bytes.len() > self.options.limits.max_file_size {
            return Err(format!(
                "`{url}` is larger than the {} byte limit",
                self.options.limits.max_file_size
            ));
        }
        let id = FileId(self.files.len() as u32);
        let mut file = SourceFile::from_bytes(id, key.clone(), url.clone(), bytes, &self.options);
        file.url = Some(url);
        self.files.push(file);
        self.by_path.insert(key, id);
        Ok(id)
    }

    /// Checks that every `$ref` of every file resolves; records an issue for each that does not.
    /// Each reference object is resolved once: a chain of references shares the end of its
    /// resolution, so a long chain costs its length, not its length squared.
    fn check_references(&mut self) {
        let mut issues = Vec::new();
        let mut memo: Memo = HashMap::default();
        for file in &self.files {
            let Some(root) = &file.root else { continue };
            collect_refs(root, &mut Vec::new(), &mut |r, span, path, object| {
                if let Err(message) = self.resolve_chain(file.id, object, r, &mut memo) {
                    issues.push(RefIssue {
                        file: file.id,
                        span,
                        path: path.to_vec(),
                        message,
                    });
                }
            });
        }
        self.ref_issues = issues;
        self.resolved = memo
            .into_iter()
            .map(|(k, v)| (k, v.ok().map(|(c, _)| c)))
            .collect();
    }

    /// Resolves the reference object `object` (written in `file`, `$ref: reference`) to its final
    /// target, recording the result, and the length of the chain left, for it and every
    /// reference object on its chain.
    fn resolve_chain(
        &self,
        file: FileId,
        object: &Node,
        reference: &str,
        memo: &mut Memo,
    ) -> Result<(), String> {
        let mut chain: Vec<((FileId, u32), String)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let (mut at_file, mut node, mut r) = (file, object, reference.to_string());
        // The end of the chain: a target and how many references lead to it from there.
        let end: Result<(Cached, usize), String> = loop {
            let key = (at_file, node.span.start);
            if let Some(done) = memo.get(&key) {
                break done.clone();
            }
            if !seen.insert(key) {
                break Err(format!("`{r}` is part of a reference cycle"));
            }
            chain.push((key, r.clone()));
            match self.resolve_once(at_file, &r) {
                Err(e) => break Err(e),
                Ok(t) => match ref_of(t.node) {
                    Some(next) => {
                        r = next.to_string();
                        at_file = t.file;
                        node = t.node;
                    }
                    None => {
                        let cached = Cached {
                            file: t.file,
                            indices: t.indices,
                            path: Arc::new(t.path),
                        };
                        break Ok((cached, 0));
                    }
                },
            }
        };
        // Back up the chain: each reference is one more hop from the target.
        let mut result = end;
        for (key, r) in chain.into_iter().rev() {
            result = match result {
                Ok((c, n)) if n < MAX_REF_CHAIN => Ok((c, n + 1)),
                Ok(_) => Err(format!(
                    "`{r}` starts a chain of more than {MAX_REF_CHAIN} references"
                )),
                Err(e) if e.contains("starts a chain of more than") => Err(format!(
                    "`{r}` starts a chain of more than {MAX_REF_CHAIN} references"
                )),
                Err(e) => Err(e),
            };
            memo.insert(key, result.clone());
        }
        result.map(|_| ())
    }

    /// The node at a path of child indices from a file's root.
    fn node_at(&self, file: FileId, indices: &[u32]) -> Option<&Node> {
        let mut n = self.file(file).root.as_ref()?;
        for &i in indices {
            n = match &n.value {
                Value::Object(members) => &members.get(i as usize)?.value,
                Value::Array(items) => items.get(i as usize)?,
                _ => return None,
            };
        }
        Some(n)
    }

    /// Like [`DocumentSet::deref`], sharing the target's path: the cheap form for traversals.
    pub fn deref_shared(
        &self,
        file: FileId,
        node: &Node,
    ) -> Option<(FileId, &Node, Arc<Vec<PathSeg>>)> {
        if !matches!(node.value, Value::Object(_)) {
            return None;
        }
        // Every `$ref` of the set was resolved at load time: a node not in the table is no
        // reference (or one whose `$ref` is not a string).
        match self.resolved.get(&(file, node.span.start)) {
            Some(Some(c)) => Some((c.file, self.node_at(c.file, &c.indices)?, c.path.clone())),
            Some(None) => None,
            None => None,
        }
    }

    /// The member of `node` (an object of file `file`) with this key, the last one when a key
    /// is duplicated: [`Node::member`], looked up through the key index for large objects, so
    /// walking a path costs its length whatever the size of the objects on the way.
    pub fn member<'a>(
        &self,
        file: FileId,
        node: &'a Node,
        key: &str,
    ) -> Option<&'a gardefou_source::Member> {
        let members = node.as_object()?;
        match self.keys.get(&(file, node.span.start)) {
            Some((n, keys)) if *n == members.len() => members.get(*keys.get(key)? as usize),
            _ => node.member(key),
        }
    }

    /// The file a `$ref`'s file part names from `from`, if it was loaded.
    fn linked(&self, from: FileId, file_part: &str) -> Result<FileId, String> {
        if let Some(&id) = self.links.get(&(from, file_part.to_string())) {
            return Ok(id);
        }
        if let Some(why) = self.link_errors.get(&(from, file_part.to_string())) {
            return Err(why.clone());
        }
        if let Some(url) = self.remote_url(from, file_part) {
            return Err(match self.options.fetcher {
                Some(_) => format!("`{url}` could not be fetched"),
                None => format!("`{url}` is a remote reference; gardefou fetches from the network only with --allow-remote-refs"),
            });
        }
        // Not loaded: say why, as precisely as the file system allows.
        self.locate(from, file_part)?;
        Err(format!("`{file_part}` could not be read"))
    }

    /// Resolves a `$ref` string written in file `from` to its final target, following chains
    /// of references. Errors say why it does not resolve.
    pub fn resolve_str(&self, from: FileId, reference: &str) -> Result<Target<'_>, String> {
        let mut file = from;
        let mut reference = reference.to_string();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..MAX_REF_CHAIN {
            let target = self.resolve_once(file, &reference)?;
            match ref_of(target.node) {
                Some(r) => {
                    if !seen.insert((target.file, target.node.span.start)) {
                        return Err(format!("`{reference}` is part of a reference cycle"));
                    }
                    file = target.file;
                    reference = r.to_string();
                }
                None => return Ok(target),
            }
        }
        Err(format!(
            "`{reference}` ends a chain of more than {MAX_REF_CHAIN} references"
        ))
    }

    /// Follows one `$ref` (not the chain).
    fn resolve_once(&self, from: FileId, reference: &str) -> Result<Target<'_>, String> {
        let target = parse_ref(reference)?;
        if target.remote && self.options.fetcher.is_none() {
            return Err(format!(
                "`{reference}` is a remote reference; gardefou does not fetch from the network unless --allow-remote-refs is given"
            ));
        }
        let file = if target.file.is_empty() {
            from
        } else {
            self.linked(from, &target.file)?
        };
        let f = self.file(file);
        let Some(root) = &f.root else {
            return Err(format!("`{}` could not be parsed", f.name));
        };
        self.walk_pointer(file, root, Vec::new(), &target.pointer, 0)
            .ok_or_else(|| match target.file.is_empty() {
                true => format!("`#{}` does not exist in this document", target.pointer),
                false => format!("`#{}` does not exist in `{}`", target.pointer, f.name),
            })
    }

    /// Walks a JSON pointer, following `$ref`s met on the way (JSON Reference semantics). The
    /// path of the result is its path inside the file it is in.
    fn walk_pointer<'a>(
        &'a self,
        file: FileId,
        start: &'a Node,
        start_path: Vec<PathSeg>,
        pointer: &str,
        depth: usize,
    ) -> Option<Target<'a>> {
        let mut at = Target {
            file,
            node: start,
            path: start_path,
            indices: Vec::new(),
        };
        if pointer.is_empty() {
            return Some(at);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let r = match self.keys.get(&(at.file, at.node.span.start)) {
                // A large object: its `$ref`, if any, from the key index.
                Some(_) => self
                    .member(at.file, at.node, "$ref")
                    .and_then(|m| m.value.as_str()),
                None => ref_of(at.node),
            };
            if let Some(r) = r {
                if depth > MAX_REF_HOPS {
                    return None;
                }
                let t = parse_ref(r).ok()?;
                let f = if t.file.is_empty() {
                    at.file
                } else {
                    self.linked(at.file, &t.file).ok()?
                };
                let root = self.file(f).root.as_ref()?;
                at = self.walk_pointer(f, root, Vec::new(), &t.pointer, depth + 1)?;
            }
            let token = gardefou_source::unescape_pointer_token(raw)?;
            let (node, seg, index) = match &at.node.value {
                Value::Object(members) => {
                    let i = match self.keys.get(&(at.file, at.node.span.start)) {
                        Some((n, keys)) if *n == members.len() => *keys.get(&*token)? as usize,
                        _ => members.iter().rposition(|m| m.key == *token)?,
                    };
                    (&members[i].value, PathSeg::Key(token.into_owned()), i)
                }
                Value::Array(items) => {
                    let i = token.parse::<usize>().ok()?;
                    (items.get(i)?, PathSeg::Index(i), i)
                }
                _ => return None,
            };
            at.node = node;
            at.path.push(seg);
            at.indices.push(index as u32);
        }
        Some(at)
    }

    /// If `node` is a reference object, its final target; otherwise `None`. Broken references
    /// give `None` too (they are reported by `ref_issues`); use [`ref_of`] to tell them apart.
    pub fn deref(&self, file: FileId, node: &Node) -> Option<Target<'_>> {
        ref_of(node)?;
        match self.resolved.get(&(file, node.span.start)) {
            Some(Some(c)) => Some(Target {
                file: c.file,
                node: self.node_at(c.file, &c.indices)?,
                path: (*c.path).clone(),
                indices: c.indices.clone(),
            }),
            Some(None) => None,
            None => self.resolve_str(file, ref_of(node)?).ok(),
        }
    }
}

/// Where a `$ref` leads: the file, the node, and the node's path inside that file.
#[derive(Clone, Debug)]
pub struct Target<'a> {
    /// The file the target is in.
    pub file: FileId,
    /// The target node.
    pub node: &'a Node,
    /// Its path inside that file.
    pub path: Vec<PathSeg>,
    /// Child indices from the file's root to the node.
    pub indices: Vec<u32>,
}

/// Each reference object's resolution at load time, with the number of references on its chain.
type Memo = HashMap<(FileId, u32), Result<(Cached, usize), String>>;

/// A resolved `$ref`, kept from loading so traversals do not walk pointers again.
#[derive(Clone, Debug)]
struct Cached {
    file: FileId,
    indices: Vec<u32>,
    path: Arc<Vec<PathSeg>>,
}

/// The `$ref` string of a reference object.
pub fn ref_of(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Object(members) => members
            .iter()
            .find(|m| m.key == "$ref")
            .and_then(|m| m.value.as_str()),
        _ => None,
    }
}

/// Called with a `$ref` string, the span of the string, its path and the reference object.
type RefVisitor<'a, 'f> = dyn FnMut(&'a str, Span, &[PathSeg], &'a Node) + 'f;

/// Calls `f` with every `$ref` string value in the tree, its span and its path.
fn collect_refs<'a>(node: &'a Node, path: &mut Vec<PathSeg>, f: &mut RefVisitor<'a, '_>) {
    match &node.value {
        Value::Object(members) => {
            for m in members {
                if let (true, Some(s)) = (m.key == "$ref", m.value.as_str()) {
                    path.push(PathSeg::Key(m.key.clone()));
                    f(s, m.value.span, path, node);
                    path.pop();
                } else if matches!(m.value.value, Value::Object(_) | Value::Array(_)) {
                    path.push(PathSeg::Key(m.key.clone()));
                    collect_refs(&m.value, path, f);
                    path.pop();
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if matches!(item.value, Value::Object(_) | Value::Array(_)) {
                    path.push(PathSeg::Index(i));
                    collect_refs(item, path, f);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// The folder `$ref`s may reach without `--allow-outside-refs`: the document's own folder,
/// widened to the current directory when the document is under it, and to the enclosing git
/// work tree when there is one. A description split as `spec/` + `common/` in one repository
/// resolves; `../../etc/passwd` does not.
fn project_root(doc_dir: &Path) -> PathBuf {
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
fn read_memory(
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

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Removes `.` and resolves `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
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
fn display_name(abs: &Path) -> String {
    if let Ok(cwd) = std::env::current_dir() {
        let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
        if let Ok(rel) = abs.strip_prefix(&cwd) {
            return rel.display().to_string();
        }
    }
    abs.display().to_string()
}

/// A fast hasher for the (file, offset) keys of the reference table (looked up for every node
/// a resolved traversal visits).
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
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
