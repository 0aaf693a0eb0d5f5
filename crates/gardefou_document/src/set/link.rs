//! Loading the files that `$ref`s name: breadth first from the root, local files inside the
//! allowed folder, in-memory sets, and remote documents fetched a few at a time.

use std::path::{Path, PathBuf};

use super::paths::{display_name, io_reason, normalize, read_memory};
use super::resolve::collect_refs;
use super::{is_remote, join_url, DocumentSet, Fetch, FileId, SourceFile, Store};
use crate::read::{read_regular, ReadError};
use crate::refs::parse_ref;

/// The bytes of a remote document, or why they could not be had.
pub(super) type Fetched = Result<Vec<u8>, String>;

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

impl DocumentSet {
    /// Loads, breadth first, every file named by a `$ref` in a loaded file.
    pub(super) fn load_references(&mut self) {
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
            Store::Disk => (
                display_name(&abs),
                match &self.options.overlay {
                    Some(files) if files.contains_key(&abs) => read_memory(files, &abs, limit),
                    _ => read_regular(&abs, limit),
                },
            ),
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
    pub(super) fn locate(&self, from: FileId, file_part: &str) -> Result<PathBuf, String> {
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

    /// The loaded file that a `$ref`'s file part written in `from` names, if it was loaded
    /// (through that reference or any other): for strings that name files without being
    /// `$ref`s, such as a discriminator's `mapping` values. Nothing is read.
    pub fn loaded_file(&self, from: FileId, file_part: &str) -> Option<FileId> {
        if let Some(&id) = self.links.get(&(from, file_part.to_string())) {
            return Some(id);
        }
        if let Some(url) = self.remote_url(from, file_part) {
            return self.by_path.get(&PathBuf::from(url)).copied();
        }
        let abs = self.locate(from, file_part).ok()?;
        self.by_path.get(&abs).copied()
    }

    /// The URL a reference names when it is remote, or written in a remote document.
    pub(super) fn remote_url(&self, from: FileId, file_part: &str) -> Option<String> {
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
}
