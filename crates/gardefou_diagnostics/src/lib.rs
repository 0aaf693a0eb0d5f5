//! What a lint run produces, as plain data: [`Finding`]s with their [`Severity`], scorecard
//! [`Category`] and [`Related`] places, and the file/span/path types that say where.
//!
//! A leaf of the workspace: it depends on `gardefou_source` (spans, paths, file ids) and
//! `serde` only, so the reporters (`gardefou_report`) and the scorecards (`gardefou_score`)
//! read findings without the rule engine or its JavaScript sandbox.
//!
//! # Example
//!
//! ```
//! use gardefou_diagnostics::{Category, FileId, Finding, Severity, Span};
//!
//! let f = Finding {
//!     rule: "info-contact".to_string(),
//!     severity: Severity::parse("warning").unwrap(),
//!     category: Category::parse("documentation").unwrap(),
//!     message: "Info object must have \"contact\" object.".to_string(),
//!     file: FileId(0),
//!     span: Span::new(15, 40),
//!     path: Vec::new(),
//!     help: None,
//!     related: Vec::new(),
//! };
//! assert_eq!((f.severity.as_str(), f.severity.spectral_code()), ("warn", 1));
//! assert!(Severity::Error < f.severity, "the most severe sorts first");
//! ```
#![deny(missing_docs)]

mod collate;
mod finding;

pub use collate::locale_cmp;
pub use finding::{Category, Finding, Related, Severity};
pub use gardefou_source::{FileId, PathSeg, Span};
