//! Comparing a document with its bundle: the same findings (used by `tests/bundle_corpus.rs`;
//! `docs/bundle.md` says the same in prose).
//!
//! A finding is identified by its rule, its message and its **origin**: the node it is on, as
//! (file, JSON pointer inside that file) of the source, and whether it is on the node's key. For
//! a finding of the bundle, the node of the bundle is traced back through the bundle's
//! placements to the source node it was copied from (a key, through the object it is written
//! in). Every (rule, message, origin) must be found on both sides, as many times, except for the
//! differences a bundle makes on purpose, each recognised mechanically and counted; any other
//! difference fails:
//! - `inlined-ref` (source only): a finding on a `$ref` written where OpenAPI allows none (an
//!   operation, `description`, a `properties` map), or on the object holding it, which the
//!   bundle replaced by its target: the reference the finding is about is gone.
//! - `hoisted-name` (bundle only): a finding on a component the bundle added, at
//!   `components.<section>.<name>` exactly (its name; rules on named schemas only).
//! - `adopted-entry` (bundle only): the same on a root section entry that was only a `$ref`
//!   and now holds its target.
//! - `copies` (more in the bundle): the same finding on the same origin once per copy, where the
//!   bundle copies an object that several places shared by `$ref` and OpenAPI has no section
//!   to share it in.
//! - `dereferenced-use` (bundle only, dereferenced): a root component reported unused because
//!   dereferencing replaced the references that used it.
//!
//! Paths of matched findings must be equal, or the bundle's, traced back, must be exactly the
//! source's path in the file the node is in (Spectral reports a node of another file at its
//! path there); nothing looser.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};

use gardefou_bundle::Bundle;
use gardefou_document::DocumentSet;
use gardefou_linter::{lint, Config, Finding};
use gardefou_source::{value_report_start, FileId, Node, PathSeg, Span, Value};

/// A node of a file: file, path inside it, and whether the finding is on its key.
pub type Origin = (FileId, Vec<PathSeg>, bool);

/// The deepest node of `root` (the tree of `text`) that the span is on: its key, the node
/// itself (a YAML block value's finding starts after its key's `:`), or else the deepest node
/// that holds the span's start. (A block sequence and its first item can share a span: the
/// deepest is taken, in the source and in the bundle alike.)
pub fn locate(root: &Node, text: &str, span: Span) -> (Vec<PathSeg>, bool) {
    let mut path = Vec::new();
    let mut node = root;
    let holds =
        |v: &Node| v.span.start <= span.start && span.start < v.span.end.max(v.span.start + 1);
    loop {
        let mut next: Option<(PathSeg, &Node)> = None;
        match &node.value {
            Value::Object(members) => {
                for m in members.iter().rev() {
                    if m.key_span == span {
                        path.push(PathSeg::Key(m.key.clone()));
                        return (path, true);
                    }
                    let v = &m.value;
                    let reported = value_report_start(text, m.key_span, v);
                    if v.span == span
                        || (v.span.end == span.end && reported == span.start)
                        || holds(v)
                    {
                        next = Some((PathSeg::Key(m.key.clone()), v));
                        break;
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    if holds(v) {
                        next = Some((PathSeg::Index(i), v));
                        break;
                    }
                }
            }
            _ => {}
        }
        match next {
            Some((seg, v)) => {
                path.push(seg);
                node = v;
            }
            None => return (path, false),
        }
    }
}

/// Traces paths of the bundle back to the source, through its placements.
pub struct Trace {
    by_at: HashMap<Vec<PathSeg>, (FileId, Vec<PathSeg>)>,
    /// The reference object each placement replaced, by the placement's path in the bundle.
    replaced_at: HashMap<Vec<PathSeg>, (FileId, Vec<PathSeg>)>,
    /// Source nodes copied to more than one place.
    pub copied: HashSet<(FileId, Vec<PathSeg>)>,
    /// Reference objects of the source replaced by their target.
    pub replaced: HashSet<(FileId, Vec<PathSeg>)>,
}

impl Trace {
    pub fn new(bundle: &Bundle) -> Trace {
        let mut by_at = HashMap::new();
        let mut count: HashMap<(FileId, Vec<PathSeg>), usize> = HashMap::new();
        let mut replaced = HashSet::new();
        let mut replaced_at = HashMap::new();
        for p in &bundle.placements {
            by_at.insert(p.at.clone(), (p.file, p.path.clone()));
            *count.entry((p.file, p.path.clone())).or_default() += 1;
            if let Some(r) = &p.replaces {
                replaced.insert(r.clone());
                replaced_at.insert(p.at.clone(), r.clone());
            }
        }
        let copied = count
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(k, _)| k)
            .collect();
        Trace {
            by_at,
            replaced_at,
            copied,
            replaced,
        }
    }

    /// The source node a path of the bundle was copied from.
    pub fn source(&self, at: &[PathSeg]) -> Option<(FileId, Vec<PathSeg>)> {
        (0..=at.len()).rev().find_map(|k| {
            let (file, path) = self.by_at.get(&at[..k])?;
            let mut path = path.clone();
            path.extend(at[k..].iter().cloned());
            Some((*file, path))
        })
    }

    /// The source place of the key of the member at `at`: keys belong to the object they are
    /// written in (a copy that starts at the member's value did not copy its key).
    pub fn key_source(&self, at: &[PathSeg]) -> Option<(FileId, Vec<PathSeg>)> {
        let Some((last, parent)) = at.split_last() else {
            return self.source(at);
        };
        let (file, mut path) = self.source(parent)?;
        path.push(last.clone());
        Some((file, path))
    }

    /// The reference object of the source that the node at `at` of the bundle replaced, if
    /// it is the whole of a copied target: a finding there may be about either.
    pub fn replaced(&self, at: &[PathSeg]) -> Option<&(FileId, Vec<PathSeg>)> {
        self.replaced_at.get(at)
    }

    /// Whether a source node lies inside an object the bundle copied to several places.
    pub fn in_copies(&self, file: FileId, path: &[PathSeg]) -> bool {
        (0..=path.len()).any(|k| self.copied.contains(&(file, path[..k].to_vec())))
    }
}

fn origin_of(set: &DocumentSet, f: &Finding) -> Origin {
    let file = set.file(f.file);
    match &file.root {
        Some(root) => {
            let (path, key) = locate(root, &file.text, f.span);
            (f.file, path, key)
        }
        None => (f.file, Vec::new(), false),
    }
}

/// Whether a path is an entry of a section of reusable objects (`components.schemas.Pet`,
/// 2.0 `definitions.Pet`).
fn is_slot(path: &[PathSeg]) -> bool {
    let key = |i: usize| match path.get(i) {
        Some(PathSeg::Key(k)) => k.as_str(),
        _ => "",
    };
    match path.len() {
        3 => key(0) == "components",
        2 => matches!(key(0), "definitions" | "parameters" | "responses"),
        _ => false,
    }
}

fn pointer(path: &[PathSeg]) -> String {
    gardefou_bundle::pointer(path)
}

/// What comparing the findings of a document and its bundle under one ruleset found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub source: usize,
    pub bundle: usize,
    /// Matched pairs with equal paths.
    pub same_path: usize,
    /// Matched pairs whose bundle path, traced back to the source, is the source finding's
    /// path in the file it is in (Spectral reports a node of another file at its path there).
    pub traced_path: usize,
    /// Differences on purpose, by kind (see the module's documentation).
    pub explained: BTreeMap<&'static str, usize>,
    /// Everything else: failures.
    pub unexplained: Vec<String>,
}

type Key = (String, String, Origin);

/// Lints `source` and the loaded bundle text (`bset`) with `config` and compares them.
pub fn compare(
    source: &DocumentSet,
    bundle: &Bundle,
    bset: &DocumentSet,
    config: &Config,
    dereferenced: bool,
) -> Outcome {
    let trace = Trace::new(bundle);
    let fs = lint(source, config);
    let fb = lint(bset, config);
    let mut out = Outcome {
        source: fs.len(),
        bundle: fb.len(),
        ..Outcome::default()
    };
    let key_s = |f: &Finding| -> Key { (f.rule.clone(), f.message.clone(), origin_of(source, f)) };
    let key_b = |f: &Finding| -> Option<Key> {
        let (_, at, key) = origin_of(bset, f);
        let (file, path) = match key {
            true => trace.key_source(&at)?,
            false => trace.source(&at)?,
        };
        Some((f.rule.clone(), f.message.clone(), (file, path, key)))
    };
    let mut s_by: HashMap<Key, Vec<&Finding>> = HashMap::new();
    for f in &fs {
        s_by.entry(key_s(f)).or_default().push(f);
    }
    let mut b_by: HashMap<Key, Vec<&Finding>> = HashMap::new();
    for f in &fb {
        // On a node that replaced a reference object: the finding may be the source's on
        // that reference (a rule that reads the raw document saw the `$ref` there).
        let (_, at, key) = origin_of(bset, f);
        let on_reference = trace.replaced(&at).map(|(file, path)| {
            (
                f.rule.clone(),
                f.message.clone(),
                (*file, path.clone(), key),
            )
        });
        match on_reference
            .filter(|k| s_by.contains_key(k))
            .or_else(|| key_b(f))
        {
            Some(k) => b_by.entry(k).or_default().push(f),
            None => out
                .unexplained
                .push(format!("bundle finding not traced: {f:?}")),
        }
    }
    let explain = |out: &mut Outcome, why: &'static str, n: usize| {
        *out.explained.entry(why).or_default() += n;
    };
    for (k, s_list) in &s_by {
        let (file, path, _) = &k.2;
        let Some(b_list) = b_by.get(k) else {
            let on_replaced = trace.replaced.iter().any(|(rf, rp)| {
                *rf == *file
                    && (path.starts_with(rp)
                        || (rp.len() == path.len() + 1 && rp.starts_with(path)))
            });
            if on_replaced {
                explain(&mut out, "inlined-ref", s_list.len());
            } else {
                for f in s_list {
                    out.unexplained.push(format!(
                        "only in the source: {} {:?} at {} {} (origin {}{})",
                        f.rule,
                        f.message,
                        source.place(f.file, f.span.start),
                        pointer(&f.path),
                        pointer(&k.2 .1),
                        if k.2 .2 { ", its key" } else { "" }
                    ));
                }
            }
            continue;
        };
        if s_list.len() != b_list.len() {
            if b_list.len() > s_list.len() && trace.in_copies(*file, path) {
                explain(&mut out, "copies", b_list.len().abs_diff(s_list.len()));
            } else {
                out.unexplained.push(format!(
                    "{} in the source, {} in the bundle: {} {:?} at {}",
                    s_list.len(),
                    b_list.len(),
                    k.0,
                    k.1,
                    s_list[0].file.0
                ));
            }
        }
        // Paths, pair by pair in report order.
        for (s, b) in s_list.iter().zip(b_list.iter()) {
            if s.path == b.path {
                out.same_path += 1;
                continue;
            }
            let traced = match k.2 .2 {
                true => trace.key_source(&b.path),
                false => trace.source(&b.path),
            };
            if traced == Some((s.file, s.path.clone())) {
                out.traced_path += 1;
                continue;
            }
            out.unexplained.push(format!(
                "paths of {} {:?}: source {} in {}, bundle {} (traced back: {:?})",
                s.rule,
                s.message,
                pointer(&s.path),
                source.file(s.file).name,
                pointer(&b.path),
                traced.map(|(f, p)| (source.file(f).name.clone(), pointer(&p)))
            ));
        }
    }
    for (k, b_list) in &b_by {
        if s_by.contains_key(k) {
            continue;
        }
        let hoisted_at = b_list.iter().all(|b| {
            bundle.hoisted.iter().any(|(section, name)| {
                let mut at: Vec<PathSeg> = section
                    .location(bundle.version)
                    .unwrap_or_default()
                    .into_iter()
                    .map(PathSeg::from)
                    .collect();
                at.push(PathSeg::Key(name.clone()));
                b.path == at
            })
        });
        // Dereferencing replaced the references that used a component of the root.
        let unused = dereferenced
            && matches!(k.0.as_str(), "oas3-unused-component" | "oas2-unused-definition")
            && k.2 .0 == FileId(0)
            && b_list.iter().all(|b| {
                b.path == k.2 .1
                    && matches!(b.path.first(), Some(PathSeg::Key(s)) if s == "components" || s == "definitions")
            });
        // A section entry of the root that was only a `$ref` holds its target now (adopted,
        // or a dereferenced copy): an object of its own, under the entry's name.
        let adopted = b_list.iter().all(|b| {
            (2..=b.path.len().min(3)).any(|n| {
                let slot = &b.path[..n];
                trace.replaced(slot).is_some_and(|(file, path)| {
                    *file == FileId(0) && path.as_slice() == slot && is_slot(slot)
                })
            })
        });
        if hoisted_at {
            explain(&mut out, "hoisted-name", b_list.len());
        } else if unused {
            explain(&mut out, "dereferenced-use", b_list.len());
        } else if adopted {
            explain(&mut out, "adopted-entry", b_list.len());
        } else {
            for f in b_list {
                out.unexplained.push(format!(
                    "only in the bundle: {} {:?} at {} (from {}:{}{})",
                    f.rule,
                    f.message,
                    pointer(&f.path),
                    source.file(k.2 .0).name,
                    pointer(&k.2 .1),
                    if k.2 .2 { ", its key" } else { "" }
                ));
            }
        }
    }
    out.unexplained.sort();
    out
}
