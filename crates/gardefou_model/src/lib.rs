//! The normalized, version-agnostic API model built over a [`DocumentSet`].
//!
//! Swagger 2.0, OpenAPI 3.0, 3.1 and 3.2 all map to one shape, so a rule is written once for
//! every version. Every element keeps where it is: the file and node it was read from
//! (after following `$ref`s) and its path in the resolved root document, as Spectral reports it.
#![deny(missing_docs)]

mod at;
mod build;
mod model;
mod version;

pub use at::{At, Key};
pub use build::build;
pub use model::*;
pub use version::SpecVersion;

pub use gardefou_document::{DocumentSet, FileId};
