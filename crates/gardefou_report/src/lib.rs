//! Reporters: one file per output format. They only render; nothing here decides what is a
//! finding or prints to a stream.
//!
//! # Example
//!
//! ```
//! use std::path::Path;
//! use gardefou_diagnostics::{Category, FileId, Finding, Severity, Span};
//! use gardefou_document::{DocumentSet, LoadOptions};
//! use gardefou_report::{render_stylish, LintedDocument, ReportedDocument, RunInfo, Shown};
//!
//! let text = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n\
//!             \x20     responses: {'200': {description: OK}}\n";
//! let set = DocumentSet::from_text("api.yaml", text.to_string(), Path::new("."), &LoadOptions::default());
//! // Findings come from `gardefou_linter::lint`; a reporter only needs their data.
//! let at = text.find("get:").unwrap();
//! let findings = [Finding {
//!     rule: "path-params".to_string(),
//!     severity: Severity::Error,
//!     category: Category::Validity,
//!     message: "Operation must define parameter \"{id}\" as expected by path \"/pets/{id}\".".to_string(),
//!     file: FileId(0),
//!     span: Span::new(at, at + 3),
//!     path: Vec::new(),
//!     help: None,
//!     related: Vec::new(),
//! }];
//! let run = RunInfo { ruleset: "spectral:oas".into(), ..RunInfo::default() };
//! let doc = ReportedDocument::new(&set, &findings);
//! let docs = [LintedDocument { doc: &doc, findings: &findings }];
//! let report = render_stylish(&docs, &run, Shown::default());
//! assert!(report.lines().any(|l| l.starts_with("api.yaml:5:5") && l.contains("path-params")), "{report}");
//! ```
#![deny(missing_docs)]

pub mod baseline;
mod ci;
mod human;
mod identity;
mod json;
mod reported;
mod sarif;
mod scorecard;
mod spectral_json;
mod stream;
mod summary;
pub mod text;

use gardefou_diagnostics::Finding;

pub use ci::{
    render_github, render_gitlab, render_junit, render_markdown, render_stylish, MarkdownBudget,
    GITHUB_ANNOTATIONS_PER_KIND, PR_COMMENT, STEP_SUMMARY,
};
pub use human::render_human;
pub use identity::{
    document_name, identity, normalize, relative, repository_root, slash_path, Identity,
};
pub use json::{render_json, write_json};
pub use reported::{DocumentNames, ReportedDocument, ReportedFile};
pub use sarif::{render_sarif, write_sarif, RuleInfo};
pub use scorecard::{
    gate_summary, render_scorecard_html, render_scorecard_json, render_scorecard_markdown,
    render_scorecard_text, FindingRow, ReportMeta, HTML_FINDINGS_PER_API,
};
pub use spectral_json::render_spectral_json;
pub use summary::{render_summary_text, thousands, RuleCount, RunInfo, Shown, Summary};

/// One linted document: what the reports need of it, and its findings.
pub struct LintedDocument<'a> {
    /// The document, reduced to what reporting its findings needs.
    pub doc: &'a ReportedDocument,
    /// Its findings, in report order.
    pub findings: &'a [Finding],
}

/// The 0-based line and UTF-16 character of a byte offset in a file of the set (Spectral's and
/// LSP's convention).
pub(crate) fn spectral_position(doc: &ReportedDocument, f: &Finding, offset: u32) -> (u32, u32) {
    let p = doc.file(f.file).position(offset);
    (p.line - 1, p.utf16_column - 1)
}
