//! Breaking-change detection between two versions of an API: every change between the old and
//! the new model, classified breaking / possibly breaking / safe, with where it is in both.
//!
//! Input (what clients send) and output (what they receive) are told apart: narrowing an input
//! or widening an output breaks clients; the reverse is safe.
//!
//! Schemas are compared by meaning, not by text: `$ref`s are followed, `allOf` branches are
//! merged, `nullable: true`, `type: [.., "null"]`, `x-nullable` and a `null` alternative of
//! `oneOf`/`anyOf` are the same thing, and the order of keys, enum values and alternatives does
//! not matter. A change inside a shared schema is reported once, at that schema, with every
//! operation it affects.
//!
//! # Example
//!
//! ```
//! use std::path::Path;
//! use gardefou_diff::{diff, Class, Sides};
//! use gardefou_document::{DocumentSet, LoadOptions};
//!
//! let load = |text: &str| {
//!     DocumentSet::from_text("api.yaml", text.to_string(), Path::new("."), &LoadOptions::default())
//! };
//! let old = load("openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n\
//!                 \x20     responses: {'200': {description: OK}}\n  /pets/{id}:\n    delete:\n\
//!                 \x20     parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n\
//!                 \x20     responses: {'204': {description: Gone}}\n");
//! let new = load("openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n\
//!                 \x20     responses: {'200': {description: OK}}\n");
//! let (old_api, new_api) = (gardefou_model::build(&old).unwrap(), gardefou_model::build(&new).unwrap());
//! let changes = diff(&old_api, &new_api, &Sides { old_set: &old, new_set: &new });
//! let removed = changes.iter().find(|c| c.class == Class::Breaking).expect("a breaking change");
//! assert!(removed.message.contains("/pets/{id}"), "{}", removed.message);
//! assert!(removed.new.is_none(), "a removal has no place in the new version");
//! ```
#![deny(missing_docs)]

mod kinds;
mod operations;
mod schema;

use std::collections::{BTreeSet, HashMap};

use gardefou_document::{DocumentSet, FileId};
use gardefou_model::{Api, At};
use gardefou_source::{PathSeg, Span};

pub use kinds::{class_of, Kind, KINDS};
pub use schema::Direction;

/// How a change affects existing clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Existing clients fail.
    Breaking,
    /// Some existing clients may fail, depending on what they send or expect.
    PossiblyBreaking,
    /// Existing clients keep working.
    Safe,
}

impl Class {
    /// `breaking`, `possibly-breaking` or `safe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::PossiblyBreaking => "possibly-breaking",
            Class::Safe => "safe",
        }
    }
}

/// Where an element is in one of the two documents.
#[derive(Clone, Debug, PartialEq)]
pub struct Loc {
    /// The file.
    pub file: FileId,
    /// The element's span in it.
    pub span: Span,
    /// The element's path inside that file.
    pub path: Vec<PathSeg>,
}

impl Loc {
    /// The place of a model element.
    pub fn of(at: &At<'_>) -> Loc {
        Loc {
            file: at.file,
            span: at.span(),
            path: at.path.clone(),
        }
    }
}

/// One change between the old and the new document.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Stable kebab-case id of the kind of change (`operation-removed`, …).
    pub kind: &'static str,
    /// How it affects clients.
    pub class: Class,
    /// What changed, naming the element.
    pub message: String,
    /// Where the element is in the old document (absent when it was added).
    pub old: Option<Loc>,
    /// Where the element is in the new document (absent when it was removed).
    pub new: Option<Loc>,
    /// The operations the change reaches (`GET /pets`), sorted; one entry for a change made in
    /// an operation itself, every user for a change in a shared component.
    pub affects: Vec<String>,
}

/// Both sides of a comparison.
pub struct Sides<'a> {
    /// The old version.
    pub old_set: &'a DocumentSet,
    /// The new version.
    pub new_set: &'a DocumentSet,
}

/// The changes found so far. A change is identified by its kind and message (the message names
/// the schema or operation where it happened), so meeting it again through another operation
/// only adds that operation to its `affects`.
struct Report {
    changes: Vec<(Change, BTreeSet<String>)>,
    index: HashMap<(&'static str, String), usize>,
    /// The operation being compared, for `affects`.
    current: Option<String>,
    /// Indices of the changes met since the start of the comparison, in order, so a memoized
    /// schema comparison can credit its changes to another operation.
    trail: Vec<usize>,
}

impl Report {
    fn new() -> Report {
        Report {
            changes: Vec::new(),
            index: HashMap::new(),
            current: None,
            trail: Vec::new(),
        }
    }

    fn push(
        &mut self,
        kind: &'static str,
        message: String,
        old: Option<&At<'_>>,
        new: Option<&At<'_>>,
    ) {
        let i = match self.index.get(&(kind, message.clone())) {
            Some(&i) => i,
            None => {
                let i = self.changes.len();
                self.index.insert((kind, message.clone()), i);
                self.changes.push((
                    Change {
                        kind,
                        class: class_of(kind),
                        message,
                        old: old.map(Loc::of),
                        new: new.map(Loc::of),
                        affects: Vec::new(),
                    },
                    BTreeSet::new(),
                ));
                i
            }
        };
        self.credit(i);
    }

    /// Records that the current operation reaches change `i`.
    fn credit(&mut self, i: usize) {
        if let Some(op) = &self.current {
            if !self.changes[i].1.contains(op) {
                self.changes[i].1.insert(op.clone());
            }
        }
        self.trail.push(i);
    }

    fn finish(self) -> Vec<Change> {
        let mut out: Vec<Change> = self
            .changes
            .into_iter()
            .map(|(mut c, affects)| {
                c.affects = affects.into_iter().collect();
                c
            })
            .collect();
        out.sort_by(|a, b| (a.class, a.kind, &a.message).cmp(&(b.class, b.kind, &b.message)));
        out
    }
}

/// All changes from `old` to `new`, in a stable order (class, kind, message).
pub fn diff<'a>(old: &'a Api<'a>, new: &'a Api<'a>, sides: &Sides<'a>) -> Vec<Change> {
    let mut report = Report::new();
    operations::compare(old, new, sides, &mut report);
    report.finish()
}
