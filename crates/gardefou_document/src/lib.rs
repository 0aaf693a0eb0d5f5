//! The document set: a root OpenAPI document plus every file it reaches through `$ref`,
//! each loaded once, with reference resolution across files.
#![deny(missing_docs)]

mod read;
mod refs;
mod set;

pub use read::{
    read_head, read_limited, read_regular, read_regular_to_string, special_kind, too_large_message,
    ReadError,
};
pub use refs::{parse_ref, RefTarget};
pub use set::{
    join_url, ref_of, DocumentSet, Fetch, FileId, LoadError, LoadOptions, RefIssue, SourceFile,
    Target,
};
