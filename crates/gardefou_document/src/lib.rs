//! The document set: a root OpenAPI document plus every file it reaches through `$ref`,
//! each loaded once, with reference resolution across files.

mod refs;
mod set;

pub use refs::{parse_ref, RefTarget};
pub use set::{
    ref_of, DocumentSet, Fetch, FileId, LoadError, LoadOptions, RefIssue, SourceFile, Target,
};
