use annotate_snippets::{AnnotationKind, Element, Group, Level, Origin, Renderer, Snippet};
use gardefou_diagnostics::{Finding, Severity};

use crate::reported::{ceil_char, floor_char};
use crate::summary::{more_line, render_summary_text, selected, RunInfo, Shown, Summary};
use crate::text::plain;
use crate::{LintedDocument, ReportedFile};

/// rustc-style diagnostics: `severity[rule]: message`, `--> file:line:col`, the source line
/// with the span underlined; then the summary (rules, documents, totals). Capped at
/// `shown.max_problems` findings (the most severe), with a line saying how many more there are.
pub fn render_human(
    docs: &[LintedDocument<'_>],
    color: bool,
    run: &RunInfo,
    shown: Shown,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let summary = Summary::of(docs);
    if !shown.summary_only {
        let picked = selected(docs, shown.max_problems);
        for &(d, i) in &picked {
            out.push_str(&render_one(&docs[d], &docs[d].findings[i], &renderer));
            out.push_str("\n\n");
        }
        if let Some(more) = more_line(summary.total(), picked.len()) {
            out.push_str(&more);
            out.push('\n');
        }
    }
    out.push_str(&render_summary_text(&summary, run));
    out
}

fn render_one(d: &LintedDocument<'_>, f: &Finding, renderer: &Renderer) -> String {
    let file = d.doc.file(f.file);
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warn => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE,
    };
    let title = format!("{} [{}]", plain(&f.message), plain(&f.rule));
    let path_text = f
        .path
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(".");
    let label = if path_text.is_empty() {
        String::new()
    } else {
        format!("at {}", plain(&path_text))
    };
    let mut elements = snippet(file, f.span, label, AnnotationKind::Primary);
    if let Some(help) = &f.help {
        elements.push(Level::HELP.message(plain(help)).into());
    }
    let mut groups =
        vec![Group::with_title(level.primary_title(title.as_str())).elements(elements)];
    // Related places, rustc's way: `note: first defined here` with its own `--> file:line:col`.
    for r in &f.related {
        let elements = snippet(
            d.doc.file(r.file),
            r.span,
            String::new(),
            AnnotationKind::Context,
        );
        groups.push(
            Group::with_title(Level::NOTE.secondary_title(plain(&r.message))).elements(elements),
        );
    }
    renderer.render(&groups).to_string()
}

/// The source line of `span` (cut to a window around it when very long) with the span
/// underlined, headed by `--> file:line:col`.
fn snippet<'a>(
    file: &'a ReportedFile,
    span: gardefou_source::Span,
    label: String,
    kind: AnnotationKind,
) -> Vec<Element<'a>> {
    let mut elements: Vec<Element<'a>> = Vec::new();
    // File names and source lines are document text: their control characters are shown.
    let name = plain(&file.name);
    let Some(excerpt) = file.excerpt(span.start).filter(|_| !file.empty) else {
        elements.push(Origin::path(name).into());
        return elements;
    };
    let start = file.position(span.start);
    let line = excerpt.line;
    let (from, to) = (excerpt.from, excerpt.from + excerpt.text.len());
    let at = (span.start as usize).clamp(from, to);
    let raw = excerpt.text.as_str();
    let span_start = at - from;
    let span_end = (span.end as usize).clamp(at, to) - from;
    let span_end = if span_end > span_start {
        span_end
    } else {
        ceil_char(raw, (span_start + 1).min(raw.len()))
    };
    // The span moves to where its characters are in the shown text.
    let (text, span_start, span_end) = shown(raw, span_start, span_end);
    let mut snippet = Snippet::source(text).line_start(line + 1);
    if excerpt.whole_start {
        snippet = snippet.path(name);
    } else {
        elements.push(
            Origin::path(name)
                .line(start.line as usize)
                .char_column(start.column as usize)
                .into(),
        );
    }
    elements.push(
        snippet
            .annotation(kind.span(span_start..span_end).label(label))
            .into(),
    );
    elements
}

/// `text` with its hostile characters shown (see [`plain`]), and the byte range `start..end`
/// of `text` mapped into it.
fn shown(text: &str, start: usize, end: usize) -> (String, usize, usize) {
    let start = floor_char(text, start.min(text.len()));
    let end = ceil_char(text, end.clamp(start, text.len()));
    let before = plain(&text[..start]);
    let inside = plain(&text[start..end]);
    let after = plain(&text[end..]);
    let (start, end) = (before.len(), before.len() + inside.len());
    (format!("{before}{inside}{after}"), start, end)
}
