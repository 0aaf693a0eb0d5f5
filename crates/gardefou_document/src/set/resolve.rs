//! Following `$ref`s: every reference checked once at load (chains share their ends, cycles
//! and over-long chains refused), JSON pointers walked through references, and the table of
//! resolutions that traversals read.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

use gardefou_source::{Node, PathSeg, Span, Value};

use super::{DocumentSet, FileId, RefIssue};
use crate::refs::parse_ref;

/// Most `$ref` hops followed inside one JSON pointer (a pointer through references).
const MAX_REF_HOPS: usize = 64;

/// Most references in one chain (`a` → `b` → … → a schema). A chain that comes back to a
/// reference it passed is a cycle, whatever its length; one longer than this is refused as such.
const MAX_REF_CHAIN: usize = 10_000;

impl DocumentSet {
    /// Checks that every `$ref` of every file resolves; records an issue for each that does not.
    /// Each reference object is resolved once: a chain of references shares the end of its
    /// resolution, so a long chain costs its length, not its length squared.
    pub(super) fn check_references(&mut self) {
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
pub(super) struct Cached {
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
pub(super) fn collect_refs<'a>(
    node: &'a Node,
    path: &mut Vec<PathSeg>,
    f: &mut RefVisitor<'a, '_>,
) {
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

/// A fast hasher for the (file, offset) keys of the reference table (looked up for every node
/// a resolved traversal visits).
#[derive(Default)]
pub(super) struct PairHasher(u64);

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
