//! Source text, line index and the spanned node tree shared by every gardefou crate.
//!
//! YAML 1.2 and JSON parse into one [`Node`] type whose every node, keys included, carries a
//! byte [`Span`]. Line and column numbers are computed on demand from a [`LineIndex`].
//!
//! # Example
//!
//! ```
//! use gardefou_source::{parse, LineIndex, Limits, Syntax};
//!
//! let text = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\n";
//! let parsed = parse(text, Syntax::Yaml, &Limits::default());
//! assert!(parsed.issues.is_empty());
//! let root = parsed.root.unwrap();
//! let title = root.get("info").and_then(|i| i.get("title")).unwrap();
//! assert_eq!(title.as_str(), Some("Pets"));
//! // Every node knows where it is written.
//! let at = LineIndex::new(text).position(text, title.span.start);
//! assert_eq!((at.line, at.column), (2, 15));
//! ```
#![deny(missing_docs)]

mod file_id;
mod issue;
mod json;
mod limits;
mod lines;
mod node;
mod parse;
mod pointer;
mod span;
mod yaml;

pub use file_id::FileId;
pub use issue::{ParseIssue, ParseIssueKind};
pub use limits::Limits;
pub use lines::{LineIndex, Position};
pub use node::{repeats_a_key, value_report_start, Member, Node, Number, Value};
pub use parse::{decode, parse, Parsed, Syntax, Undecodable};
pub use pointer::{escape_pointer_token, unescape_pointer_token, PathSeg};
pub use span::Span;
