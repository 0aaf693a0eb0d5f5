//! The normalized, version-agnostic API model built over a [`DocumentSet`].
//!
//! Swagger 2.0, OpenAPI 3.0, 3.1 and 3.2 all map to one shape, so a rule is written once for
//! every version. Every element keeps where it is: the file and node it was read from
//! (after following `$ref`s) and its path in the resolved root document, as Spectral reports it.
//!
//! # Example
//!
//! ```
//! use std::path::Path;
//! use gardefou_document::{DocumentSet, LoadOptions};
//! use gardefou_model::{build, SpecVersion};
//!
//! // Swagger 2.0: `host`, `basePath` and `schemes` become a server, like 3.x `servers`.
//! let text = "swagger: '2.0'\ninfo: {title: Pets, version: '1'}\nhost: api.example.com\n\
//!             basePath: /v1\nschemes: [https]\npaths:\n  /pets:\n    get:\n\
//!             \x20     responses: {'200': {description: OK}}\n";
//! let set = DocumentSet::from_text("api.yaml", text.to_string(), Path::new("."), &LoadOptions::default());
//! let api = build(&set).expect("an OpenAPI document");
//! assert_eq!(api.version, SpecVersion::Swagger2);
//! assert_eq!(api.servers[0].url, "https://api.example.com/v1");
//! assert_eq!(api.operations[0].method, "get");
//! assert_eq!(api.operations[0].responses[0].code, "200");
//! ```
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
