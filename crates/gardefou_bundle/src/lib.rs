//! One self-contained OpenAPI definition from a multi-file one, for tools that take a single
//! file (an API gateway's import).
//!
//! External `$ref`s are hoisted into the reusable sections their context calls for
//! (`components.schemas`, `components.responses` …, Swagger 2.0's `definitions`,
//! `parameters` and `responses`), each target once, under a name derived from its file or its
//! fragment and kept unique; the references become internal ones. A `$ref` whose context has
//! no such section (an operation, a 3.0 path item, an extension, `info.description`) is
//! replaced by its target. Internal references of the root document are kept as written.
//! With [`Options::dereference`] every reference is replaced by its target, except those
//! that would make the document infinite: a target on a cycle stays a `$ref` into its section.
//!
//! The bundle is a [`Node`] tree; [`to_yaml`] and [`to_json`] write it out.
//!
//! # Example
//!
//! ```
//! use gardefou_bundle::{bundle, to_yaml, Options};
//! use gardefou_document::{DocumentSet, LoadOptions};
//!
//! let files = vec![
//!     ("api.yaml".to_string(), b"openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'schemas/pet.yaml'}\n".to_vec()),
//!     ("schemas/pet.yaml".to_string(), b"type: object\nproperties:\n  name: {type: string}\n".to_vec()),
//! ];
//! let set = DocumentSet::from_files(files, &LoadOptions::default());
//! let bundled = bundle(&set, &Options::default()).unwrap();
//! let text = to_yaml(&bundled.root);
//! assert!(text.contains("$ref: \"#/components/schemas/pet\""), "{text}");
//! assert!(text.contains("components:\n  schemas:\n    pet:\n      type: object"), "{text}");
//! ```
#![deny(missing_docs)]

mod build;
mod emit;
mod kind;
mod names;
mod write;

use gardefou_document::DocumentSet;
use gardefou_source::{FileId, Node, PathSeg, Span};

pub use kind::{Section, Version};
pub use write::{pointer_ref, to_json, to_yaml};

/// How to bundle.
#[derive(Clone, Debug)]
pub struct Options {
    /// Replace every `$ref` by its target, except on cycles.
    pub dereference: bool,
    /// Deepest nesting of the bundle (it must read back under the same limit).
    pub max_depth: usize,
    /// Most nodes in the bundle (dereferencing a graph can multiply its size).
    pub max_nodes: usize,
    /// Record where each piece of the bundle comes from ([`Bundle::placements`]), for tools
    /// that map places of the bundle back to the files (the recorded paths count against
    /// `max_nodes`).
    pub trace: bool,
}

impl Default for Options {
    fn default() -> Self {
        let limits = gardefou_source::Limits::default();
        Options {
            dereference: false,
            max_depth: limits.max_depth,
            max_nodes: limits.max_nodes,
            trace: false,
        }
    }
}

/// A bundled document.
#[derive(Debug)]
pub struct Bundle {
    /// The document (spans are those of the nodes it was copied from, in their own files).
    pub root: Node,
    /// The root's OpenAPI version.
    pub version: Version,
    /// Where each piece of the bundle comes from, in the order they were written (with
    /// [`Options::trace`]; else only the root): the root document at the empty path first,
    /// then every target copied into the bundle, at its place. A node of the bundle comes from the placement with the longest `at` that is a
    /// prefix of its path, at that placement's `path` followed by the rest of its own.
    pub placements: Vec<Placement>,
    /// The reusable objects added, by section and name.
    pub hoisted: Vec<(Section, String)>,
    /// Things the bundle could not keep exactly as written (not fatal).
    pub warnings: Vec<Problem>,
}

/// A piece of the bundle copied from one place of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// Its path in the bundle.
    pub at: Vec<PathSeg>,
    /// The file it comes from.
    pub file: FileId,
    /// Its path inside that file.
    pub path: Vec<PathSeg>,
    /// The reference object it was copied in place of (file, path inside it), when it
    /// replaces one (inlined, or a section entry that was only a `$ref`).
    pub replaces: Option<(FileId, Vec<PathSeg>)>,
}

/// A problem at a place of one of the files of the set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: FileId,
    /// Where in it.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

/// Why a document could not be bundled: every problem met, in document order.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) prevent bundling; the first: {}", .problems.len(), .problems.first().map_or("", |p| p.message.as_str()))]
pub struct BundleError {
    /// The problems.
    pub problems: Vec<Problem>,
}

/// Bundles the root document of `set` and every file it references into one document.
pub fn bundle(set: &DocumentSet, options: &Options) -> Result<Bundle, BundleError> {
    build::bundle(set, options)
}

/// A JSON pointer of a path, its tokens escaped (`/paths/~1pets/get`).
pub fn pointer(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        match seg {
            PathSeg::Key(k) => out.push_str(&gardefou_source::escape_pointer_token(k)),
            PathSeg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}
