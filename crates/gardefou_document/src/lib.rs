//! The document set: a root OpenAPI document plus every file it reaches through `$ref`,
//! each loaded once, with reference resolution across files.
//!
//! # Example
//!
//! ```
//! use std::path::Path;
//! use gardefou_document::{DocumentSet, LoadOptions};
//!
//! let text = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths: {}\n\
//!             components:\n  schemas:\n    Pet: {$ref: 'pet.yaml'}\n";
//! let set = DocumentSet::from_text("api.yaml", text.to_string(), Path::new("."), &LoadOptions::default());
//! assert_eq!(set.root().name, "api.yaml");
//! // `pet.yaml` does not exist: the reference is reported where it is written.
//! let issue = &set.ref_issues()[0];
//! assert!(issue.message.contains("pet.yaml"), "{}", issue.message);
//! assert_eq!(set.place(issue.file, issue.span.start), "api.yaml:6:17");
//! ```
#![deny(missing_docs)]

mod read;
mod refs;
mod roots;
mod set;

pub use read::{
    read_head, read_limited, read_regular, read_regular_to_string, special_kind, too_large_message,
    ReadError,
};
pub use refs::{parse_ref, RefTarget};
pub use roots::{head_names_openapi, is_openapi_root_text};
pub use set::{
    join_url, ref_of, DocumentSet, Fetch, FileId, LoadError, LoadOptions, RefIssue, SourceFile,
    Target,
};
