//! A document set as JavaScript values, built once per document: the resolved document (every
//! resolvable `$ref` replaced by its target, shared where the document is) and the raw root
//! file. The raw view reuses the resolved objects of every subtree without a `$ref`.
//!
//! As in Spectral, a `$ref` that lies on a cycle of references (its target leads back to it)
//! is not followed: it stays a `{ $ref }` object where the cycle closes, so the resolved view
//! has no object loops (`JSON.stringify` works on any part of it). The same analysis gives the
//! `refMap`s of `documentInventory.graph` ([`graph_json`]).

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use gardefou_document::{ref_of, DocumentSet, FileId};
use gardefou_source::{Node, PathSeg, Value as NodeValue};
use rquickjs::object::Property;
use rquickjs::{Array, Ctx, Object, Result, Value};

/// Every reference object of every file of the set, in document order per file.
struct Refs<'a> {
    list: Vec<(FileId, &'a Node, Vec<PathSeg>)>,
    index: HashMap<*const Node, usize>,
}

fn collect<'a>(
    node: &'a Node,
    file: FileId,
    path: &mut Vec<PathSeg>,
    out: &mut Vec<(FileId, &'a Node, Vec<PathSeg>)>,
) {
    if ref_of(node).is_some() {
        out.push((file, node, path.clone()));
        return;
    }
    match &node.value {
        NodeValue::Object(members) => {
            for m in members {
                path.push(PathSeg::Key(m.key.clone()));
                collect(&m.value, file, path, out);
                path.pop();
            }
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathSeg::Index(i));
                collect(item, file, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The reference objects directly inside `node` (not inside other references' targets).
fn contained(node: &Node, index: &HashMap<*const Node, usize>, out: &mut Vec<usize>) {
    if ref_of(node).is_some() {
        if let Some(&i) = index.get(&(node as *const Node)) {
            out.push(i);
        }
        return;
    }
    match &node.value {
        NodeValue::Object(members) => members.iter().for_each(|m| contained(&m.value, index, out)),
        NodeValue::Array(items) => items.iter().for_each(|i| contained(i, index, out)),
        _ => {}
    }
}

impl<'a> Refs<'a> {
    fn of(set: &'a DocumentSet) -> Refs<'a> {
        let mut list = Vec::new();
        for f in set.files() {
            if let Some(root) = &f.root {
                collect(root, f.id, &mut Vec::new(), &mut list);
            }
        }
        let index = list
            .iter()
            .enumerate()
            .map(|(i, (_, n, _))| (*n as *const Node, i))
            .collect();
        Refs { list, index }
    }

    /// The references on a cycle: those in a strongly connected component (of more than one
    /// reference, or with an edge to itself) of the graph where each reference leads to the
    /// references directly inside its final target.
    fn circular(&self, set: &DocumentSet) -> HashSet<*const Node> {
        let mut by_target: HashMap<*const Node, Vec<usize>> = HashMap::new();
        let edges: Vec<Vec<usize>> = self
            .list
            .iter()
            .map(|(file, node, _)| match set.deref(*file, node) {
                Some(t) => by_target
                    .entry(t.node as *const Node)
                    .or_insert_with(|| {
                        let mut out = Vec::new();
                        contained(t.node, &self.index, &mut out);
                        out
                    })
                    .clone(),
                None => Vec::new(),
            })
            .collect();
        tarjan(&edges)
            .into_iter()
            .filter(|c| c.len() > 1 || edges[c[0]].contains(&c[0]))
            .flatten()
            .map(|i| self.list[i].1 as *const Node)
            .collect()
    }
}

/// Strongly connected components (iterative Tarjan).
fn tarjan(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let (mut stack, mut out, mut next) = (Vec::new(), Vec::new(), 0);
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// The references of `set` that lie on a cycle.
pub fn circular_refs(set: &DocumentSet) -> HashSet<*const Node> {
    Refs::of(set).circular(set)
}

/// A JSON pointer as Spectral's resolver writes it in a `refMap`: `#/a/b`, each token with
/// `~0`/`~1` escapes and percent-encoded as `encodeURIComponent` does.
fn uri_pointer(path: &[PathSeg]) -> String {
    let mut out = String::from("#");
    for seg in path {
        out.push('/');
        match seg {
            PathSeg::Index(i) => out.push_str(&i.to_string()),
            PathSeg::Key(k) => {
                let escaped = k.replace('~', "~0").replace('/', "~1");
                for b in escaped.bytes() {
                    if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                        out.push(b as char);
                    } else {
                        out.push_str(&format!("%{b:02X}"));
                    }
                }
            }
        }
    }
    out
}

/// `a/../b/./c` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `context.documentInventory.graph` as JSON, the shape of Spectral's resolver graph: `nodes`
/// (each file by its absolute path, and each file-and-pointer a reference leads to, with
/// `refMap`: the pointer of each reference in the file that is not on a cycle → where it leads,
/// local targets as written, others as absolute path and fragment), `outgoingEdges`,
/// `incomingEdges` and `circular` (whether any reference is on a cycle).
pub fn graph_json(set: &DocumentSet, circular: &HashSet<*const Node>) -> String {
    use serde_json::{Map, Value as Json};
    let refs = Refs::of(set);
    let name = |f: FileId| set.file(f).path.display().to_string();
    let mut maps: Vec<Map<String, Json>> = vec![Map::new(); set.files().len()];
    let mut targets: Vec<Vec<String>> = vec![Vec::new(); set.files().len()];
    for (file, node, path) in &refs.list {
        let Some(r) = ref_of(node) else { continue };
        // A reference on a cycle has no `refMap` entry; its target is still a node of the graph
        // unless the reference lies inside it (Spectral's resolver skips those outright).
        let on_cycle = circular.contains(&(*node as *const Node));
        if on_cycle
            && set
                .deref(*file, node)
                .is_none_or(|t| t.file == *file && path.starts_with(&t.path))
        {
            continue;
        }
        let (file_part, fragment) = match r.split_once('#') {
            Some((f, frag)) => (f, Some(frag)),
            None => (r, None),
        };
        let (shown, target) = if file_part.is_empty() {
            (r.to_string(), format!("{}{r}", name(*file)))
        } else if file_part.contains("://") {
            (r.to_string(), r.to_string())
        } else {
            let dir = set
                .file(*file)
                .path
                .parent()
                .unwrap_or(Path::new("/"))
                .to_path_buf();
            let abs = normalize(&dir.join(file_part)).display().to_string();
            let full = match fragment {
                Some(f) => format!("{abs}#{f}"),
                None => abs,
            };
            (full.clone(), full)
        };
        if !on_cycle {
            maps[file.0 as usize].insert(uri_pointer(path), Json::String(shown));
        }
        let t = &mut targets[file.0 as usize];
        if !t.contains(&target) {
            t.push(target);
        }
    }
    let mut nodes = Map::new();
    let mut outgoing = Map::new();
    let mut incoming: Map<String, Json> = Map::new();
    let node = |refmap: Map<String, Json>| {
        let mut n = Map::new();
        n.insert("refMap".into(), Json::Object(refmap));
        Json::Object(n)
    };
    for (i, map) in maps.into_iter().enumerate() {
        let file = name(FileId(i as u32));
        nodes.insert(file.clone(), node(map));
        incoming
            .entry(file.clone())
            .or_insert_with(|| Json::Array(Vec::new()));
        outgoing.insert(
            file.clone(),
            Json::Array(targets[i].iter().cloned().map(Json::String).collect()),
        );
        for t in &targets[i] {
            if !nodes.contains_key(t) {
                nodes.insert(t.clone(), node(Map::new()));
                outgoing.insert(t.clone(), Json::Array(Vec::new()));
            }
            if let Json::Array(from) = incoming
                .entry(t.clone())
                .or_insert_with(|| Json::Array(Vec::new()))
            {
                if !from.contains(&Json::String(file.clone())) {
                    from.push(Json::String(file.clone()));
                }
            }
        }
    }
    let mut graph = Map::new();
    graph.insert("nodes".into(), Json::Object(nodes));
    graph.insert("outgoingEdges".into(), Json::Object(outgoing));
    graph.insert("incomingEdges".into(), Json::Object(incoming));
    graph.insert("circular".into(), Json::Bool(!circular.is_empty()));
    Json::Object(graph).to_string()
}

pub struct Converter<'js, 'a> {
    ctx: Ctx<'js>,
    set: &'a DocumentSet,
    memo: HashMap<*const Node, Value<'js>>,
    /// References on a cycle: kept as written.
    circular: &'a HashSet<*const Node>,
}

impl<'js, 'a> Converter<'js, 'a> {
    pub fn new(ctx: Ctx<'js>, set: &'a DocumentSet, circular: &'a HashSet<*const Node>) -> Self {
        Converter {
            ctx,
            set,
            memo: HashMap::new(),
            circular,
        }
    }

    /// `node` as written, `$ref`s not followed.
    fn plain(&self, node: &Node) -> Result<Value<'js>> {
        match &node.value {
            NodeValue::Object(members) => {
                let obj = Object::new(self.ctx.clone())?;
                for m in members {
                    set_member(&obj, &m.key, self.plain(&m.value)?)?;
                }
                Ok(obj.into_value())
            }
            NodeValue::Array(items) => {
                let arr = Array::new(self.ctx.clone())?;
                for (i, item) in items.iter().enumerate() {
                    arr.set(i, self.plain(item)?)?;
                }
                Ok(arr.into_value())
            }
            _ => scalar(&self.ctx, node),
        }
    }

    /// The resolved view of `node` (in `file`).
    pub fn resolved(&mut self, file: FileId, node: &'a Node) -> Result<Value<'js>> {
        let (mut file, mut node) = (file, node);
        // Follow `$ref` chains; a reference that cannot be followed stays an object with `$ref`.
        for _ in 0..64 {
            if ref_of(node).is_none() {
                break;
            }
            if self.circular.contains(&(node as *const Node)) {
                // Where a cycle closes: the reference as written, as Spectral hands it.
                return self.plain(node);
            }
            match self.set.deref(file, node) {
                Some(t) if !std::ptr::eq(t.node, node) => {
                    file = t.file;
                    node = t.node;
                }
                _ => break,
            }
        }
        let key = node as *const Node;
        if let Some(v) = self.memo.get(&key) {
            return Ok(v.clone());
        }
        match &node.value {
            NodeValue::Object(members) => {
                let obj = Object::new(self.ctx.clone())?;
                self.memo.insert(key, obj.clone().into_value());
                for m in members {
                    let v = self.resolved(file, &m.value)?;
                    set_member(&obj, &m.key, v)?;
                }
                Ok(obj.into_value())
            }
            NodeValue::Array(items) => {
                let arr = Array::new(self.ctx.clone())?;
                self.memo.insert(key, arr.clone().into_value());
                for (i, item) in items.iter().enumerate() {
                    let v = self.resolved(file, item)?;
                    arr.set(i, v)?;
                }
                Ok(arr.into_value())
            }
            _ => scalar(&self.ctx, node),
        }
    }

    /// The raw view of the root file: `$ref`s kept as written.
    pub fn raw(&mut self, node: &'a Node) -> Result<Value<'js>> {
        let mut with_refs = HashSet::new();
        mark_refs(node, &mut with_refs);
        self.raw_inner(node, &with_refs)
    }

    fn raw_inner(
        &mut self,
        node: &'a Node,
        with_refs: &HashSet<*const Node>,
    ) -> Result<Value<'js>> {
        let key = node as *const Node;
        if !with_refs.contains(&key) {
            if let Some(v) = self.memo.get(&key) {
                return Ok(v.clone());
            }
        }
        match &node.value {
            NodeValue::Object(members) => {
                let obj = Object::new(self.ctx.clone())?;
                for m in members {
                    let v = self.raw_inner(&m.value, with_refs)?;
                    set_member(&obj, &m.key, v)?;
                }
                Ok(obj.into_value())
            }
            NodeValue::Array(items) => {
                let arr = Array::new(self.ctx.clone())?;
                for (i, item) in items.iter().enumerate() {
                    let v = self.raw_inner(item, with_refs)?;
                    arr.set(i, v)?;
                }
                Ok(arr.into_value())
            }
            _ => scalar(&self.ctx, node),
        }
    }
}

/// Marks every node that is or contains a `$ref` object; returns whether `node` does.
fn mark_refs(node: &Node, out: &mut HashSet<*const Node>) -> bool {
    let mut any = ref_of(node).is_some();
    match &node.value {
        NodeValue::Object(members) => {
            for m in members {
                any |= mark_refs(&m.value, out);
            }
        }
        NodeValue::Array(items) => {
            for i in items {
                any |= mark_refs(i, out);
            }
        }
        _ => {}
    }
    if any {
        out.insert(node as *const Node);
    }
    any
}

fn set_member<'js>(obj: &Object<'js>, key: &str, v: Value<'js>) -> Result<()> {
    if key == "__proto__" {
        // An own property, as JSON.parse makes it, not the prototype.
        obj.prop(
            key,
            Property::from(v).writable().enumerable().configurable(),
        )
    } else {
        obj.set(key, v)
    }
}

fn scalar<'js>(ctx: &Ctx<'js>, node: &Node) -> Result<Value<'js>> {
    Ok(match &node.value {
        NodeValue::Null => Value::new_null(ctx.clone()),
        NodeValue::Bool(b) => Value::new_bool(ctx.clone(), *b),
        NodeValue::Number(n) => Value::new_number(ctx.clone(), n.as_f64()),
        NodeValue::String(s) => rquickjs::String::from_str(ctx.clone(), s)?.into_value(),
        // Containers are handled by the callers.
        NodeValue::Array(_) | NodeValue::Object(_) => Value::new_undefined(ctx.clone()),
    })
}
