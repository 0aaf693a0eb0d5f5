//! Where a path of the document leads: property paths (`a.b[0]`), `$ref`s followed in the
//! resolved view, and Spectral's reporting place (the deepest node that exists, with the
//! missing rest of the path).

use gardefou_document::{ref_of, DocumentSet, FileId};
use gardefou_source::{Node, PathSeg, Span, Value};

use crate::jsonpath::TreeView;

/// Splits a property path (`a.b[0]['c.d']`) into segments.
pub fn parse_props(field: &str) -> Result<Vec<PathSeg>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    out.push(PathSeg::Key(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    out.push(PathSeg::Key(std::mem::take(&mut cur)));
                }
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                let inner = inner.trim();
                if let Some(q) = inner
                    .strip_prefix(['\'', '"'])
                    .and_then(|s| s.strip_suffix(['\'', '"']))
                {
                    out.push(PathSeg::Key(q.to_string()));
                } else if let Ok(i) = inner.parse::<usize>() {
                    out.push(PathSeg::Index(i));
                } else if !inner.is_empty() {
                    out.push(PathSeg::Key(inner.to_string()));
                } else {
                    return Err(format!("bad field `{field}`"));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(PathSeg::Key(cur));
    }
    if out.is_empty() {
        return Err(format!("empty field `{field}`"));
    }
    Ok(out)
}

/// Follows a `$ref` in the resolved view.
pub(super) fn follow<'a>(
    set: &'a DocumentSet,
    view: TreeView<'a>,
    file: FileId,
    node: &'a Node,
) -> (FileId, &'a Node, Option<Vec<PathSeg>>) {
    if matches!(view, TreeView::Resolved(_)) && ref_of(node).is_some() {
        if let Some(t) = set.deref(file, node) {
            return (t.file, t.node, Some(t.path));
        }
    }
    (file, node, None)
}

/// Where a path of the (resolved) document leads: the deepest node that exists along it, its
/// file and its path inside that file.
pub struct Located<'a> {
    /// The file of that node.
    pub file: FileId,
    /// The node.
    pub node: &'a Node,
    /// Its span.
    pub span: Span,
    /// Its path inside its file.
    pub path: Vec<PathSeg>,
    /// The trailing segments of the logical path that do not exist (Spectral's missing
    /// property path is `path` followed by them).
    pub missing: Vec<PathSeg>,
}

/// Where `path` of the (resolved) document leads, in `view`.
pub fn locate<'a>(
    set: &'a DocumentSet,
    view: TreeView<'a>,
    root: &'a Node,
    logical: &[PathSeg],
) -> Located<'a> {
    let (mut file, mut node, mut phys) = (FileId(0), root, Vec::new());
    // The key of the member the current node is the value of, for Spectral's start position.
    let mut key: Option<Span> = None;
    // Nodes walked so far: a `$ref` back to one of them is a cycle, which the resolved document
    // keeps as a `$ref` (as JSONPath walked it), so it is reported where it is written.
    let mut walked: Vec<&Node> = vec![root];
    // How many segments exist in the (resolved) document: Spectral's `getClosestJsonPath`.
    let mut consumed = 0;
    for (idx, seg) in logical.iter().enumerate() {
        let member = match (seg, &node.value) {
            (PathSeg::Key(k), Value::Object(_)) => set.member(file, node, k),
            (PathSeg::Index(i), Value::Object(_)) => set.member(file, node, &i.to_string()),
            _ => None,
        };
        let child = match (seg, &node.value) {
            (_, Value::Object(_)) => member.map(|m| &m.value),
            (PathSeg::Index(i), Value::Array(items)) => items.get(*i),
            (PathSeg::Key(k), Value::Array(items)) => {
                k.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            _ => None,
        };
        let Some(child) = child else { break };
        consumed = idx + 1;
        key = member.map(|m| m.key_span);
        let next_is_ref_key = matches!(logical.get(idx + 1), Some(PathSeg::Key(k)) if k == "$ref");
        phys.push(seg.clone());
        if next_is_ref_key {
            node = child;
            continue;
        }
        let (f, n, p) = follow(set, view, file, child);
        if p.is_some() && walked.iter().any(|w| std::ptr::eq(*w, n)) {
            node = child;
            walked.push(node);
            continue;
        }
        file = f;
        node = n;
        walked.push(node);
        if let Some(p) = p {
            // Reported as the target is where it is written: from its own key.
            key = key_span(set, file, &p);
            phys = p;
        }
    }
    let mut missing = logical[consumed..].to_vec();
    if matches!(view, TreeView::Resolved(_)) {
        match through_ref(set, root, &logical[..consumed]) {
            Through::None => return locate_raw(set, root, logical),
            // Spectral's walk consumes the path it maps as it goes (`traverseObjUntilRef`
            // shifts it): a path that ends on the `$ref` leaves nothing to name the missing
            // properties by, and the property is the target's own name.
            Through::AtEnd => missing.clear(),
            Through::Midway => {}
        }
    }
    let mut span = node.span;
    if phys.is_empty() {
        // A whole document is reported from its first byte (comments included), as Spectral does.
        span.start = 0;
    }
    if let Some(k) = key {
        span.start = gardefou_source::value_report_start(&set.file(file).text, k, node);
    }
    Located {
        file,
        node,
        span,
        path: phys,
        missing,
    }
}

/// How Spectral's `traverseObjUntilRef` reaches the end of a path (which exists in the
/// resolved document) in the root file as written.
enum Through {
    /// No `$ref` taken: reported where it is written (a `$ref` with sibling keys where the
    /// path ends, or whose sibling the path goes into, included).
    None,
    /// A `$ref` met where the path goes on past it (or, as Spectral gives up, a path that is
    /// not in the file).
    Midway,
    /// The path ends on a `$ref` object without sibling keys.
    AtEnd,
}

fn through_ref(set: &DocumentSet, root: &Node, path: &[PathSeg]) -> Through {
    let mut node = root;
    for seg in path {
        match raw_child(set, node, seg) {
            Some((child, _)) => node = child,
            None => return Through::Midway,
        }
    }
    match &node.value {
        Value::Object(members) if members.len() == 1 && ref_of(node).is_some() => Through::AtEnd,
        _ => Through::None,
    }
}

/// A member or item of a node of the root file as written, with the key's span.
fn raw_child<'a>(
    set: &DocumentSet,
    node: &'a Node,
    seg: &PathSeg,
) -> Option<(&'a Node, Option<Span>)> {
    match (seg, &node.value) {
        (PathSeg::Key(k), Value::Object(_)) => set
            .member(FileId(0), node, k)
            .map(|m| (&m.value, Some(m.key_span))),
        (PathSeg::Index(i), Value::Object(_)) => set
            .member(FileId(0), node, &i.to_string())
            .map(|m| (&m.value, Some(m.key_span))),
        (PathSeg::Index(i), Value::Array(items)) => items.get(*i).map(|n| (n, None)),
        (PathSeg::Key(k), Value::Array(items)) => k
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get(i))
            .map(|n| (n, None)),
        _ => None,
    }
}

/// The deepest node along `logical` in the root file as written, no `$ref` followed.
fn locate_raw<'a>(set: &'a DocumentSet, root: &'a Node, logical: &[PathSeg]) -> Located<'a> {
    let (mut node, mut path, mut key) = (root, Vec::new(), None);
    for seg in logical {
        let Some((child, k)) = raw_child(set, node, seg) else {
            break;
        };
        node = child;
        key = k;
        path.push(seg.clone());
    }
    let mut span = node.span;
    if path.is_empty() {
        span.start = 0;
    }
    if let Some(k) = key {
        span.start = gardefou_source::value_report_start(&set.file(FileId(0)).text, k, node);
    }
    let missing = logical[path.len()..].to_vec();
    Located {
        file: FileId(0),
        node,
        span,
        path,
        missing,
    }
}

pub(super) fn key_span(set: &DocumentSet, file: FileId, path: &[PathSeg]) -> Option<Span> {
    let (last, parent) = path.split_last()?;
    let mut n = set.file(file).root.as_ref()?;
    for s in parent {
        n = match s {
            PathSeg::Key(k) => &set.member(file, n, k)?.value,
            PathSeg::Index(i) => n.index(*i)?,
        };
    }
    match last {
        PathSeg::Key(k) => set.member(file, n, k).map(|m| m.key_span),
        PathSeg::Index(_) => None,
    }
}
