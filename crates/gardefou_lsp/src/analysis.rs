//! Linting for the editor: each root document is loaded with the unsaved text of every open
//! file, linted, and its findings turned into LSP diagnostics grouped by the file they are in,
//! so a problem in a referenced file shows in that file.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use gardefou_document::{DocumentSet, FileId, LoadOptions};
use gardefou_linter::{Config, Finding, Severity};
use gardefou_source::{PathSeg, Span};
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Url,
};

/// Where a rule's documentation is, for `codeDescription.href`.
pub type DocsLink = dyn Fn(&str) -> Option<Url> + Send + Sync;

/// One run of the linter: these roots, with these open files.
pub struct Job {
    /// The edit count when the job was made; a result made before the latest edit is dropped.
    pub generation: u64,
    /// The root documents to lint.
    pub roots: Vec<PathBuf>,
    /// The open files' unsaved text, by canonical path.
    pub overlay: Arc<HashMap<PathBuf, Vec<u8>>>,
    /// The ruleset.
    pub config: Arc<Config>,
    /// Where rule docs are.
    pub docs: Arc<DocsLink>,
    /// The ruleset's baseline, when it names one: the findings it records are not shown.
    pub baseline: Option<Arc<gardefou_report::baseline::Baseline>>,
}

/// What linting one root gave.
pub struct RootResult {
    /// The root.
    pub root: PathBuf,
    /// Every file of its document set (the root first): the files whose diagnostics it owns.
    pub files: Vec<PathBuf>,
    /// Its diagnostics, by file.
    pub diagnostics: HashMap<PathBuf, Vec<Diagnostic>>,
}

/// What a job gave.
pub struct Outcome {
    /// The job's generation.
    pub generation: u64,
    /// One result per root that could be read (a deleted root has none).
    pub results: Vec<RootResult>,
    /// The roots of the job, read or not.
    pub roots: Vec<PathBuf>,
}

/// The options a root is loaded with: the defaults, plus the open files.
pub fn load_options(overlay: &Arc<HashMap<PathBuf, Vec<u8>>>) -> LoadOptions {
    LoadOptions {
        overlay: Some(overlay.clone()),
        ..LoadOptions::default()
    }
}

/// Runs a job.
pub fn run(job: &Job) -> Outcome {
    let options = load_options(&job.overlay);
    let mut results = Vec::new();
    for root in &job.roots {
        let Ok(set) = DocumentSet::load(root, &options) else {
            continue;
        };
        let mut findings = gardefou_linter::lint(&set, &job.config);
        if let Some(b) = &job.baseline {
            // Each root meets the whole baseline: a file two roots reach hides in both.
            (**b).clone().hide(&set, &mut findings);
        }
        results.push(root_result(
            root.clone(),
            &set,
            &findings,
            job.docs.as_ref(),
        ));
    }
    Outcome {
        generation: job.generation,
        results,
        roots: job.roots.clone(),
    }
}

/// The diagnostics of one linted document set.
pub fn root_result(
    root: PathBuf,
    set: &DocumentSet,
    findings: &[Finding],
    docs: &DocsLink,
) -> RootResult {
    let files: Vec<PathBuf> = set.files().iter().map(|f| f.path.clone()).collect();
    let mut diagnostics: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
    let mut edges: Option<Vec<RefEdge>> = None;
    // Made once per file and per rule, not once per finding (30,000 on a large description).
    let mut uris: HashMap<FileId, Option<Url>> = HashMap::new();
    let mut links: HashMap<&str, Option<Url>> = HashMap::new();
    let mut uri = |id: FileId| {
        uris.entry(id)
            .or_insert_with(|| uri_of(&set.file(id).path))
            .clone()
    };
    for f in findings {
        let file = set.file(f.file);
        if file.url.is_some() {
            continue;
        }
        if uri(f.file).is_none() {
            continue;
        }
        let range = range_in(set, f.file, f.span);
        let mut related: Vec<DiagnosticRelatedInformation> = f
            .related
            .iter()
            .filter_map(|r| {
                Some(DiagnosticRelatedInformation {
                    location: Location::new(uri(r.file)?, range_in(set, r.file, r.span)),
                    message: r.message.clone(),
                })
            })
            .collect();
        if f.file != FileId(0) {
            let edges = edges.get_or_insert_with(|| ref_edges(set));
            for e in ref_chain(edges, f.file, &f.path) {
                if let Some(hop_uri) = uri(e.from) {
                    related.push(DiagnosticRelatedInformation {
                        location: Location::new(hop_uri, range_in(set, e.from, e.span)),
                        message: format!(
                            "reached from `{}` through `$ref: {}`",
                            set.root().name,
                            e.text
                        ),
                    });
                }
            }
        }
        let message = match &f.help {
            Some(help) => format!("{}\nhelp: {help}", f.message),
            None => f.message.clone(),
        };
        diagnostics
            .entry(file.path.clone())
            .or_default()
            .push(Diagnostic {
                range,
                severity: Some(severity(f.severity)),
                code: Some(NumberOrString::String(f.rule.clone())),
                code_description: links
                    .entry(f.rule.as_str())
                    .or_insert_with(|| docs(&f.rule))
                    .clone()
                    .map(|href| CodeDescription { href }),
                source: Some("gardefou".into()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                tags: None,
                data: Some(crate::baseline::diagnostic_data(&f.path, &f.message)),
            });
    }
    RootResult {
        root,
        files,
        diagnostics,
    }
}

/// The LSP range of a span of a file, on the line index the file keeps.
fn range_in(set: &DocumentSet, file: FileId, span: Span) -> lsp_types::Range {
    let f = set.file(file);
    crate::position::range(f.lines(), &f.text, span.start as usize, span.end as usize)
}

/// The LSP severity of a gardefou severity.
pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warn => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A file URI for a path.
pub fn uri_of(path: &std::path::Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

/// A `$ref` of a document set: where it is written and where it leads.
pub struct RefEdge {
    /// The file it is written in.
    pub from: FileId,
    /// The path of the reference object in that file.
    pub from_path: Vec<PathSeg>,
    /// The span of its `$ref` value.
    pub span: Span,
    /// The reference, as written.
    pub text: String,
    /// The file of its final target.
    pub to: FileId,
    /// The target's path in that file.
    pub to_path: Vec<PathSeg>,
}

/// Every reference of every file of `set`.
pub fn ref_edges(set: &DocumentSet) -> Vec<RefEdge> {
    let mut out = Vec::new();
    for file in set.files() {
        let Some(root) = &file.root else { continue };
        let mut stack: Vec<(&gardefou_source::Node, Vec<PathSeg>)> = vec![(root, Vec::new())];
        while let Some((node, path)) = stack.pop() {
            match &node.value {
                gardefou_source::Value::Object(members) => {
                    if let Some(m) = members.iter().find(|m| m.key == "$ref") {
                        if let (Some(text), Some(t)) = (m.value.as_str(), set.deref(file.id, node))
                        {
                            out.push(RefEdge {
                                from: file.id,
                                from_path: path.clone(),
                                span: m.value.span,
                                text: text.to_string(),
                                to: t.file,
                                to_path: t.path,
                            });
                        }
                    }
                    for m in members {
                        let mut p = path.clone();
                        p.push(PathSeg::Key(m.key.clone()));
                        stack.push((&m.value, p));
                    }
                }
                gardefou_source::Value::Array(items) => {
                    for (i, n) in items.iter().enumerate() {
                        let mut p = path.clone();
                        p.push(PathSeg::Index(i));
                        stack.push((n, p));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The `$ref`s that lead from the root to the node at `path` of file `file` (a path inside
/// that file), root first: for each file on the way, a reference from another file whose
/// target holds the node (one from nearer the root preferred).
pub fn ref_chain<'e>(edges: &'e [RefEdge], file: FileId, path: &[PathSeg]) -> Vec<&'e RefEdge> {
    let mut out = Vec::new();
    let (mut f, mut p) = (file, path.to_vec());
    for _ in 0..64 {
        if f == FileId(0) {
            break;
        }
        let into = |e: &&RefEdge| e.to == f && e.from != f && p.starts_with(&e.to_path);
        let Some(e) = edges
            .iter()
            .filter(into)
            .min_by_key(|e| (e.from.0, e.from_path.len()))
        else {
            break;
        };
        if out.iter().any(|o: &&RefEdge| std::ptr::eq(*o, e)) {
            break;
        }
        out.push(e);
        f = e.from;
        p = e.from_path.clone();
    }
    out.reverse();
    out
}
