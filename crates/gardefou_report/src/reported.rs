//! What a report needs of a linted document, without the document: each file's name, path and
//! URL, the positions of the offsets the findings point at, and the excerpt of source a snippet
//! shows. A run over thousands of documents keeps one of these per document (its size follows
//! the findings) and drops each document set, with its text and trees, as soon as the document
//! is linted.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use gardefou_diagnostics::Finding;
use gardefou_document::{DocumentSet, FileId, SourceFile};
use gardefou_source::{Position, Span};

/// Longest stretch of a line shown in a snippet; longer lines are cut around the finding.
pub(crate) const WINDOW: usize = 160;

/// A linted document reduced to what the reporters read.
#[derive(Debug, Clone)]
pub struct ReportedDocument {
    root: FileId,
    files: HashMap<FileId, ReportedFile>,
    fatal: bool,
}

/// One file of a [`ReportedDocument`]: the root, or a file a finding points into.
#[derive(Debug, Clone)]
pub struct ReportedFile {
    /// Its id in the document set.
    pub id: FileId,
    /// The path it was read from.
    pub path: PathBuf,
    /// The name shown to users.
    pub name: String,
    /// The URL it was fetched from, for remote documents.
    pub url: Option<String>,
    /// Whether its text was empty (nothing read).
    pub(crate) empty: bool,
    positions: BTreeMap<u32, Position>,
    excerpts: HashMap<u32, Excerpt>,
}

/// The part of a line a snippet shows for a span starting at some offset.
#[derive(Debug, Clone)]
pub(crate) struct Excerpt {
    /// 0-based line of the span's start.
    pub line: usize,
    /// Byte offset in the file where `text` starts.
    pub from: usize,
    /// Whether `text` starts at the start of its line (else it was cut).
    pub whole_start: bool,
    /// The shown text, as in the file.
    pub text: String,
}

impl ReportedDocument {
    /// Reduces `set` to what reporting `findings` needs: positions of their spans (and of
    /// their related places) and the source excerpts of snippets.
    pub fn new(set: &DocumentSet, findings: &[Finding]) -> Self {
        let root = set.root();
        let mut files = HashMap::new();
        files.insert(root.id, ReportedFile::of(root));
        for f in findings {
            let spans =
                std::iter::once((f.file, f.span)).chain(f.related.iter().map(|r| (r.file, r.span)));
            for (id, span) in spans {
                let source = set.file(id);
                let file = files.entry(id).or_insert_with(|| ReportedFile::of(source));
                file.add(source, span);
            }
        }
        ReportedDocument {
            root: root.id,
            files,
            fatal: root.issues.iter().any(|i| i.kind.is_fatal()),
        }
    }

    /// The root file.
    pub fn root(&self) -> &ReportedFile {
        &self.files[&self.root]
    }

    /// The file `id`: the root, or one a finding given to [`ReportedDocument::new`] points
    /// into.
    ///
    /// # Panics
    /// For any other file.
    pub fn file(&self, id: FileId) -> &ReportedFile {
        self.files
            .get(&id)
            .expect("a file of the findings the document was reduced for")
    }

    /// Whether the root could not be read (a fatal parse issue).
    pub fn unreadable(&self) -> bool {
        self.fatal
    }
}

impl ReportedFile {
    fn of(file: &SourceFile) -> Self {
        ReportedFile {
            id: file.id,
            path: file.path.clone(),
            name: file.name.clone(),
            url: file.url.clone(),
            empty: file.text.is_empty(),
            positions: BTreeMap::new(),
            excerpts: HashMap::new(),
        }
    }

    fn add(&mut self, file: &SourceFile, span: Span) {
        // Every offset a reporter asks the position of.
        for offset in [span.start, span.end, span.end.max(span.start)] {
            self.positions
                .entry(offset)
                .or_insert_with(|| file.position(offset));
        }
        if !self.empty {
            self.excerpts
                .entry(span.start)
                .or_insert_with(|| Excerpt::of(file, span.start));
        }
    }

    /// The position of an offset a finding points at (its start or end, or a related
    /// place's). Any other offset gets the position of the nearest one before it.
    pub fn position(&self, offset: u32) -> Position {
        match self.positions.range(..=offset).next_back() {
            Some((_, p)) => *p,
            None => Position {
                line: 1,
                column: 1,
                utf16_column: 1,
                offset: 0,
            },
        }
    }

    /// The excerpt of the line a span starting at `start` is on.
    pub(crate) fn excerpt(&self, start: u32) -> Option<&Excerpt> {
        self.excerpts.get(&start)
    }
}

impl Excerpt {
    fn of(file: &SourceFile, start: u32) -> Self {
        let line = (file.position(start).line - 1) as usize;
        let range = file.lines().line_range(&file.text, line);
        let at = (start as usize).clamp(range.start, range.end);
        // Very long lines are cut to a window around the finding.
        let (from, to) = if range.end - range.start > WINDOW {
            let from = floor_char(&file.text, at.saturating_sub(WINDOW / 4).max(range.start));
            (from, floor_char(&file.text, (from + WINDOW).min(range.end)))
        } else {
            (range.start, range.end)
        };
        Excerpt {
            line,
            from,
            whole_start: from == range.start,
            text: file.text[from..to].to_string(),
        }
    }
}

/// How a finding's document is named in its identity (baselines, fingerprints).
pub trait DocumentNames {
    /// The URL (remote documents) and the path of the file `id`.
    fn url_and_path(&self, id: FileId) -> (Option<&str>, &Path);
}

impl DocumentNames for DocumentSet {
    fn url_and_path(&self, id: FileId) -> (Option<&str>, &Path) {
        let f = self.file(id);
        (f.url.as_deref(), &f.path)
    }
}

impl DocumentNames for ReportedDocument {
    fn url_and_path(&self, id: FileId) -> (Option<&str>, &Path) {
        let f = self.file(id);
        (f.url.as_deref(), &f.path)
    }
}

pub(crate) fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(crate) fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use gardefou_diagnostics::{Category, Severity};
    use gardefou_document::LoadOptions;

    fn finding(at: usize, len: usize) -> Finding {
        Finding {
            rule: "r".to_string(),
            severity: Severity::Warn,
            category: Category::Design,
            message: "m".to_string(),
            file: FileId(0),
            span: Span::new(at, at + len),
            path: Vec::new(),
            help: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn positions_and_excerpts_are_the_documents() {
        let text = "openapi: 3.1.0\ninfo:\n  title: \u{e9}t\u{e9} \u{1f600} x\n  version: '1'\n";
        let set = DocumentSet::from_text(
            "api.yaml",
            text.to_string(),
            Path::new("."),
            &LoadOptions::default(),
        );
        let at = text.find('x').unwrap();
        let findings = [finding(at, 1)];
        let doc = ReportedDocument::new(&set, &findings);
        let source = set.root();
        for offset in [at as u32, at as u32 + 1] {
            assert_eq!(doc.root().position(offset), source.position(offset));
        }
        let e = doc.root().excerpt(at as u32).unwrap();
        assert_eq!((e.line, e.whole_start), (2, true));
        assert_eq!(e.text, "  title: \u{e9}t\u{e9} \u{1f600} x");
        assert_eq!(doc.root().name, "api.yaml");
        assert!(!doc.unreadable());
    }

    #[test]
    fn a_long_line_keeps_only_a_window() {
        let text = format!(
            "{{\"openapi\": \"3.1.0\", \"x\": \"{}\"}}",
            "a".repeat(100_000)
        );
        let set = DocumentSet::from_text(
            "api.json",
            text.clone(),
            Path::new("."),
            &LoadOptions::default(),
        );
        let findings = [finding(50_000, 3)];
        let doc = ReportedDocument::new(&set, &findings);
        let e = doc.root().excerpt(50_000).unwrap();
        assert!(e.text.len() <= WINDOW && !e.whole_start, "{}", e.text.len());
        assert_eq!(&text[e.from..e.from + e.text.len()], e.text);
        assert!(e.from <= 50_000 && 50_000 < e.from + e.text.len());
    }
}
