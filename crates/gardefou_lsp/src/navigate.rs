//! Navigation in one file: the node under the cursor, go to a `$ref`'s target, the places that
//! reference a component, the outline, hovers.

use gardefou_document::{ref_of, DocumentSet, FileId};
use gardefou_source::{Member, Node, Value};
use lsp_types::{DocumentSymbol, Location, Range, SymbolKind};

use crate::analysis::uri_of;
use crate::position::LineMap;

/// The chain of nodes from the root to the innermost one whose span holds `offset`, with the
/// member each was reached through (none for array items and the root).
pub fn nodes_at(root: &Node, offset: u32) -> Vec<(Option<&Member>, &Node)> {
    let mut chain = vec![(None, root)];
    let mut node = root;
    loop {
        let next = match &node.value {
            Value::Object(members) => members
                .iter()
                .find(|m| {
                    (m.key_span.start <= offset && offset <= m.key_span.end)
                        || (m.value.span.start <= offset && offset <= m.value.span.end)
                })
                .map(|m| (Some(m), &m.value)),
            Value::Array(items) => items
                .iter()
                .find(|n| n.span.start <= offset && offset <= n.span.end)
                .map(|n| (None, n)),
            _ => None,
        };
        match next {
            Some((m, n)) if !std::ptr::eq(n, node) => {
                chain.push((m, n));
                node = n;
            }
            _ => return chain,
        }
    }
}

/// The reference object under the cursor: the object whose `$ref` key or value holds `offset`.
pub fn reference_at(root: &Node, offset: u32) -> Option<&Node> {
    let chain = nodes_at(root, offset);
    for (i, (member, _)) in chain.iter().enumerate().rev() {
        if let Some(m) = member {
            if m.key == "$ref" && m.value.as_str().is_some() && i > 0 {
                return Some(chain[i - 1].1);
            }
        }
    }
    None
}

/// The range of a target node for navigation: its key where it has one (`Pet:` rather than the
/// whole schema), else the node.
pub fn target_range(set: &DocumentSet, file: FileId, indices: &[u32], node: &Node) -> Range {
    let f = set.file(file);
    let map = LineMap::new(&f.text);
    let span = key_span(f.root.as_ref(), indices).unwrap_or(node.span);
    map.range(&f.text, span.start as usize, span.end as usize)
}

/// The key span of the member at `indices` (child indices from the root), when its parent is
/// an object.
fn key_span(root: Option<&Node>, indices: &[u32]) -> Option<gardefou_source::Span> {
    let (last, parents) = indices.split_last()?;
    let mut node = root?;
    for &i in parents {
        node = match &node.value {
            Value::Object(m) => &m.get(i as usize)?.value,
            Value::Array(a) => a.get(i as usize)?,
            _ => return None,
        };
    }
    node.as_object()?.get(*last as usize).map(|m| m.key_span)
}

/// Where the `$ref` under the cursor leads (the end of its chain), in the root file of `set`.
pub fn definition(set: &DocumentSet, offset: u32) -> Option<Location> {
    let root = set.root().root.as_ref()?;
    let reference = reference_at(root, offset)?;
    let target = set.deref(FileId(0), reference)?;
    let range = target_range(set, target.file, &target.indices, target.node);
    Some(Location::new(uri_of(&set.file(target.file).path)?, range))
}

/// Every reference object of every file of `set` whose final target is the node of file `path`
/// starting at `start`: where its `$ref` value is written.
pub fn references_to(set: &DocumentSet, path: &std::path::Path, start: u32) -> Vec<Location> {
    let mut out = Vec::new();
    for file in set.files() {
        let Some(root) = &file.root else { continue };
        let Some(uri) = uri_of(&file.path) else {
            continue;
        };
        let mut map: Option<LineMap> = None;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            match &node.value {
                Value::Object(members) => {
                    if ref_of(node).is_some() {
                        if let Some(t) = set.deref(file.id, node) {
                            if t.node.span.start == start && set.file(t.file).path == path {
                                let m = node.member("$ref").expect("a reference");
                                let map = map.get_or_insert_with(|| LineMap::new(&file.text));
                                out.push(Location::new(
                                    uri.clone(),
                                    map.range(
                                        &file.text,
                                        m.value.span.start as usize,
                                        m.value.span.end as usize,
                                    ),
                                ));
                            }
                        }
                    }
                    stack.extend(members.iter().map(|m| &m.value));
                }
                Value::Array(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
    }
    out
}

/// The node a "find references" at `offset` is about: a member value whose key or value holds
/// the cursor, taken at the depth of a component (`components/<section>/<name>`,
/// `definitions/<name>` …) when the cursor is inside one, else the innermost member.
pub fn referenced_node(root: &Node, offset: u32) -> Option<&Node> {
    let chain = nodes_at(root, offset);
    let keys: Vec<&str> = chain
        .iter()
        .skip(1)
        .map(|(m, _)| m.map_or("", |m| m.key.as_str()))
        .collect();
    let depth = match keys.first() {
        Some(&"components") => 3,
        Some(&"definitions" | &"parameters" | &"responses" | &"securityDefinitions" | &"paths") => {
            2
        }
        _ => chain.len() - 1,
    };
    chain.get(depth.min(chain.len() - 1)).map(|(_, n)| *n)
}

/// The outline of a file: top-level keys, with paths and their operations, components and
/// their entries, Swagger 2.0's definitions and the like as children.
pub fn symbols(text: &str, root: &Node) -> Vec<DocumentSymbol> {
    let map = LineMap::new(text);
    let Some(members) = root.as_object() else {
        return Vec::new();
    };
    members
        .iter()
        .map(|m| {
            let children = match m.key.as_str() {
                "paths" | "webhooks" => entries(text, &map, &m.value, SymbolKind::NAMESPACE, |p| {
                    entries(text, &map, p, SymbolKind::METHOD, |_| Vec::new())
                        .into_iter()
                        .filter(|s| is_method(&s.name))
                        .collect()
                }),
                "components" => entries(text, &map, &m.value, SymbolKind::MODULE, |section| {
                    entries(text, &map, section, SymbolKind::STRUCT, |_| Vec::new())
                }),
                "definitions" | "parameters" | "responses" | "securityDefinitions" => {
                    entries(text, &map, &m.value, SymbolKind::STRUCT, |_| Vec::new())
                }
                _ => Vec::new(),
            };
            symbol(text, &map, m, SymbolKind::MODULE, children)
        })
        .collect()
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" | "query"
    )
}

fn entries(
    text: &str,
    map: &LineMap,
    node: &Node,
    kind: SymbolKind,
    children: impl Fn(&Node) -> Vec<DocumentSymbol>,
) -> Vec<DocumentSymbol> {
    node.as_object()
        .unwrap_or_default()
        .iter()
        .map(|m| symbol(text, map, m, kind, children(&m.value)))
        .collect()
}

#[allow(deprecated)] // `deprecated` is a required field of the struct, itself deprecated
fn symbol(
    text: &str,
    map: &LineMap,
    m: &Member,
    kind: SymbolKind,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let start = m.key_span.start.min(m.value.span.start) as usize;
    let end = m.value.span.end.max(m.key_span.end) as usize;
    let detail = m
        .value
        .get_str("summary")
        .or_else(|| m.value.get_str("title"))
        .or_else(|| m.value.get_str("operationId"))
        .map(|s| s.chars().take(80).collect());
    DocumentSymbol {
        name: if m.key.is_empty() {
            "\"\"".into()
        } else {
            m.key.clone()
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: map.range(text, start, end),
        selection_range: map.range(text, m.key_span.start as usize, m.key_span.end as usize),
        children: (!children.is_empty()).then_some(children),
    }
}

/// A Markdown summary of the target of the `$ref` under the cursor.
pub fn reference_hover(set: &DocumentSet, offset: u32) -> Option<(String, gardefou_source::Span)> {
    let root = set.root().root.as_ref()?;
    let reference = reference_at(root, offset)?;
    let r = ref_of(reference)?;
    let span = reference.member("$ref")?.value.span;
    let out = match set.deref(FileId(0), reference) {
        Some(t) => {
            let file = set.file(t.file);
            let line = file.position(t.node.span.start).line;
            let mut s = format!("**`{r}`** — `{}` line {line}\n", file.name);
            if let Some(ty) = t.node.get_str("type") {
                s.push_str(&format!("\ntype: `{ty}`"));
            }
            for key in ["title", "summary", "description"] {
                if let Some(v) = t.node.get_str(key) {
                    let short: String = v.chars().take(300).collect();
                    s.push_str(&format!("\n\n{short}"));
                    break;
                }
            }
            if let Some(props) = t.node.get("properties").and_then(Node::as_object) {
                let names: Vec<String> = props
                    .iter()
                    .take(12)
                    .map(|m| format!("`{}`", m.key))
                    .collect();
                let more = props.len().saturating_sub(12);
                s.push_str(&format!("\n\nproperties: {}", names.join(", ")));
                if more > 0 {
                    s.push_str(&format!(" and {more} more"));
                }
            }
            s
        }
        None => format!("**`{r}`** does not resolve"),
    };
    Some((out, span))
}
