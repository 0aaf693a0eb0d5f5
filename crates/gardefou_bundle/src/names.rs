//! Names of hoisted objects (readable, unique in their section, the same for the same input)
//! and the targets that lie on reference cycles.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use gardefou_document::DocumentSet;
use gardefou_source::{FileId, PathSeg};

use crate::kind::Section;

/// Folder names that say what a file holds rather than what it is about: skipped when a name
/// needs a folder to tell two files apart.
const GENERIC_FOLDERS: [&str; 22] = [
    "models",
    "model",
    "schemas",
    "schema",
    "parameters",
    "params",
    "responses",
    "examples",
    "headers",
    "components",
    "definitions",
    "requestbodies",
    "request_bodies",
    "links",
    "callbacks",
    "paths",
    "shared",
    "common",
    "spec",
    "specs",
    "resources",
    "openapi",
];

/// The names taken in each section.
#[derive(Default)]
pub(crate) struct Names {
    taken: HashMap<Section, HashSet<String>>,
    /// The next numeric suffix to try, by section and name (many files of one name stay
    /// linear).
    next: HashMap<(Section, String), usize>,
}

impl Names {
    /// Marks a name as taken (an entry the root already has).
    pub fn take(&mut self, section: Section, name: &str) {
        self.taken
            .entry(section)
            .or_default()
            .insert(name.to_string());
    }

    /// The first free name among `candidates`, else the first one with the first free
    /// numeric suffix (`pet_2`, `pet_3` …); taken from then on.
    pub fn pick(&mut self, section: Section, candidates: &[String]) -> String {
        let taken = self.taken.entry(section).or_default();
        let name = match candidates.iter().find(|c| !taken.contains(*c)) {
            Some(free) => free.clone(),
            None => {
                let base = &candidates[0];
                let next = self.next.entry((section, base.clone())).or_insert(2);
                let name = (*next..)
                    .map(|n| format!("{base}_{n}"))
                    .find(|c| !taken.contains(c))
                    .expect("a free suffix");
                *next = name[base.len() + 1..].parse::<usize>().unwrap_or(*next) + 1;
                name
            }
        };
        taken.insert(name.clone());
        name
    }
}

/// A component name as OpenAPI 3 allows them (`^[a-zA-Z0-9.\-_]+$`): any other character
/// becomes `_`.
pub(crate) fn sanitize(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' => c,
            _ => '_',
        })
        .collect();
    match out.trim_matches('.').is_empty() {
        true => "component".to_string(),
        false => out,
    }
}

/// The names a target may take, best first: the fragment's last token (or the file's name
/// without extension for a whole file); then, for a fragment, the file name and the token;
/// then the nearest telling folder before each.
pub(crate) fn candidates(set: &DocumentSet, file: FileId, path: &[PathSeg]) -> Vec<String> {
    let f = set.file(file);
    let stem = Path::new(&f.path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| f.name.clone());
    let stem = sanitize(&stem);
    let base = match path {
        [] => stem.clone(),
        [.., PathSeg::Key(parent), PathSeg::Index(i)] => sanitize(&format!("{parent}_{i}")),
        [.., PathSeg::Key(k)] => sanitize(k),
        [.., PathSeg::Index(i)] => format!("{stem}_{i}"),
    };
    let mut out = vec![base.clone()];
    if !path.is_empty() && stem != base {
        out.push(format!("{stem}_{base}"));
    }
    let root_dir = set.root().path.parent().map(Path::to_path_buf);
    let folders = Path::new(&f.path)
        .parent()
        .into_iter()
        .flat_map(Path::ancestors)
        .take_while(|d| root_dir.as_ref().is_none_or(|r| d.starts_with(r) && d != r))
        .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !GENERIC_FOLDERS.contains(&n.to_ascii_lowercase().as_str()))
        .take(2);
    let mut last = out.last().cloned().unwrap_or_default();
    for folder in folders {
        last = format!("{}_{last}", sanitize(&folder));
        out.push(last.clone());
    }
    out
}

/// Which nodes of a graph (each node's edges) lie on a cycle: in a strongly connected
/// component of more than one node, or with an edge to itself (Tarjan's algorithm, without
/// recursion).
pub(crate) fn cycles(edges: &[&[usize]]) -> Vec<bool> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = vec![false; n];
    let mut next = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(start, 0usize)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(top) = work.last_mut() {
            let v = top.0;
            if let Some(&w) = edges[v].get(top.1) {
                top.1 += 1;
                if w == v {
                    out[v] = true;
                }
                if index[w] == usize::MAX {
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
                loop {
                    let w = stack.pop().expect("on the stack");
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    for w in component {
                        out[w] = true;
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found_without_recursion() {
        // 0 → 1 → 2 → 1, 3 → 3, 4 → 0
        let e: Vec<Vec<usize>> = vec![vec![1], vec![2], vec![1], vec![3], vec![0]];
        let refs: Vec<&[usize]> = e.iter().map(Vec::as_slice).collect();
        assert_eq!(cycles(&refs), [false, true, true, true, false]);
        // A long chain that closes: deep, no stack overflow.
        let n = 200_000;
        let e: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let refs: Vec<&[usize]> = e.iter().map(Vec::as_slice).collect();
        assert!(cycles(&refs).iter().all(|&c| c));
    }

    #[test]
    fn names_are_sanitized_and_suffixed() {
        assert_eq!(sanitize("Pet Store/v2"), "Pet_Store_v2");
        assert_eq!(sanitize(""), "component");
        let mut names = Names::default();
        names.take(Section::Schemas, "pet");
        let c = vec!["pet".to_string(), "store_pet".to_string()];
        assert_eq!(names.pick(Section::Schemas, &c), "store_pet");
        assert_eq!(names.pick(Section::Schemas, &c), "pet_2");
        assert_eq!(names.pick(Section::Schemas, &c), "pet_3");
        // Sections are separate.
        assert_eq!(names.pick(Section::Responses, &c), "pet");
    }
}
