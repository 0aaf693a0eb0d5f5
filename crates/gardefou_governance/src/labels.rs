//! An API's labels, from three places: the `labels:` globs of the ruleset file (matched against
//! the API's folder or file and its metadata and definition files, relative to the ruleset
//! file's folder), `info.x-gardefou-labels` in its definition, and the apictl metadata's
//! `data.labels` and `data.tags`.

use std::path::{Component, Path};

use gardefou_document::DocumentSet;
use gardefou_source::Node;

use crate::api::{Api, Label};
use crate::load::Governance;

/// The labels of `api`, sorted by name, each with where it comes from. A malformed
/// `x-gardefou-labels` is a problem (the API's policies cannot be known).
pub(crate) fn resolve(
    api: &Api,
    governance: Option<&Governance>,
    problems: &mut Vec<String>,
) -> Vec<Label> {
    let mut out: Vec<Label> = Vec::new();
    let mut add = |name: &str, from: String| {
        if name.trim().is_empty() {
            return;
        }
        match out.iter_mut().find(|l| l.name == name) {
            Some(l) => {
                if !l.from.contains(&from) {
                    l.from.push(from);
                }
            }
            None => out.push(Label {
                name: name.to_string(),
                from: vec![from],
            }),
        }
    };
    if let Some(g) = governance {
        let places: Vec<&Path> = std::iter::once(api.files.path.as_path())
            .chain(api.files.metadata.as_deref())
            .chain(api.files.definition.as_deref())
            .collect();
        let rel: Vec<String> = places.iter().filter_map(|p| relative(p, &g.base)).collect();
        for l in &g.labels {
            if let Some(glob) = l
                .patterns
                .iter()
                .zip(0..)
                .find(|(_, i)| rel.iter().any(|r| matches(&l.matcher, *i, r)))
                .map(|(p, _)| p)
            {
                add(&l.label, format!("labels: {glob}"));
            }
        }
    }
    if let Some(set) = &api.definition {
        if let Some(n) = root(set).and_then(|r| r.get("info")?.get("x-gardefou-labels")) {
            match strings(n) {
                Some(names) => {
                    for name in names {
                        add(name, "info.x-gardefou-labels".into());
                    }
                }
                None => problems.push(format!(
                    "{}: `x-gardefou-labels` must be a list of label names",
                    set.place(set.root().id, n.span.start)
                )),
            }
        }
    }
    if let Some(set) = &api.metadata {
        let file = set
            .root()
            .path
            .file_name()
            .map_or_else(|| "api.yaml".into(), |n| n.to_string_lossy().into_owned());
        if let Some(data) = root(set).and_then(|r| r.get("data")) {
            for key in ["labels", "tags"] {
                let Some(items) = data.get(key).and_then(Node::as_array) else {
                    continue;
                };
                for item in items {
                    // Labels are names, or objects with a name (as the Publisher exports them).
                    if let Some(name) = item.as_str().or_else(|| item.get_str("name")) {
                        add(name, format!("{file} data.{key}"));
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn root(set: &DocumentSet) -> Option<&Node> {
    set.root().root.as_ref()
}

fn strings(n: &Node) -> Option<Vec<&str>> {
    if let Some(s) = n.as_str() {
        return Some(vec![s]);
    }
    n.as_array()?.iter().map(Node::as_str).collect()
}

/// Whether glob `i` of `set` matches `path`.
fn matches(set: &globset::GlobSet, i: usize, path: &str) -> bool {
    set.matches(path).contains(&i)
}

/// `path` relative to `base`, `/`-separated, when it is under it.
fn relative(path: &Path, base: &Path) -> Option<String> {
    let abs = |p: &Path| std::fs::canonicalize(p).ok();
    let (path, base) = (abs(path)?, abs(base)?);
    let rel = path.strip_prefix(&base).ok()?;
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Some(parts.join("/"))
}
