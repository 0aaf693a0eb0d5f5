//! Formats for CI systems: JUnit XML, GitHub workflow annotations, GitLab Code Quality, a
//! one-line-per-finding `stylish` text, and Markdown for pull-request comments.

use std::collections::BTreeMap;

use gardefou_diagnostics::{Finding, Severity};
use serde_json::json;

use crate::summary::{
    last_line, more_line, plural, render_summary_text, ruleset_text, selected, thousands,
    totals_text, RunInfo, Shown, Summary,
};
use crate::text::{github_data, github_property, md_code, md_message, plain, xml};
use crate::LintedDocument;

fn location(d: &LintedDocument<'_>, f: &Finding) -> (String, u32, u32) {
    let file = d.doc.file(f.file);
    let p = file.position(f.span.start);
    (file.name.clone(), p.line, p.column)
}

/// JUnit XML grouped by rule: one test suite per rule that ran (and per rule with findings),
/// by rule id; each finding is a failing test case (`classname` the document, `name` the
/// place); a rule without findings is one passing case, `no problems`.
pub fn render_junit(docs: &[LintedDocument<'_>], run: &RunInfo) -> String {
    let mut by_rule: BTreeMap<&str, Vec<(&LintedDocument<'_>, &Finding)>> = BTreeMap::new();
    for rule in &run.rules {
        by_rule.entry(rule.as_str()).or_default();
    }
    for d in docs {
        for f in d.findings {
            by_rule.entry(f.rule.as_str()).or_default().push((d, f));
        }
    }
    let total: usize = by_rule.values().map(|f| f.len().max(1)).sum();
    let failures: usize = by_rule.values().map(Vec::len).sum();
    let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gardefou\" tests=\"{total}\" failures=\"{failures}\">\n");
    for (rule, findings) in &by_rule {
        let rule = xml(rule);
        out.push_str(&format!(
            "  <testsuite name=\"{rule}\" tests=\"{}\" failures=\"{}\">\n",
            findings.len().max(1),
            findings.len()
        ));
        if findings.is_empty() {
            out.push_str(&format!(
                "    <testcase classname=\"{rule}\" name=\"no problems\"/>\n"
            ));
        }
        for (d, f) in findings {
            let (file, line, col) = location(d, f);
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}:{line}:{col}\">\n      <failure type=\"{}\" message=\"{}\">{}:{line}:{col} {} [{rule}]</failure>\n    </testcase>\n",
                xml(&d.doc.root().name),
                xml(&file),
                f.severity.as_str(),
                xml(&f.message),
                xml(&file),
                xml(&f.message),
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// How many annotations of each kind (error, warning, notice) GitHub displays for one step
/// (and 50 per job): "10 warning annotations, 10 error annotations, and 10 notice annotations
/// per step", actions/toolkit `docs/problem-matchers.md`. Annotations past these are dropped.
pub const GITHUB_ANNOTATIONS_PER_KIND: usize = 10;

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), no more
/// than GitHub displays: the first 10 errors, then 10 warnings, then 9 info and hint findings
/// as notices, and one notice with the totals (and how many were not annotated).
pub fn render_github(docs: &[LintedDocument<'_>], run: &RunInfo) -> String {
    let mut out = String::new();
    let summary = Summary::of(docs);
    let kinds: [(&str, &[Severity], usize); 3] = [
        ("error", &[Severity::Error], GITHUB_ANNOTATIONS_PER_KIND),
        ("warning", &[Severity::Warn], GITHUB_ANNOTATIONS_PER_KIND),
        // One notice is the summary.
        (
            "notice",
            &[Severity::Info, Severity::Hint],
            GITHUB_ANNOTATIONS_PER_KIND - 1,
        ),
    ];
    let mut annotated = 0;
    for (kind, severities, cap) in kinds {
        let picked = docs
            .iter()
            .flat_map(|d| d.findings.iter().map(move |f| (d, f)))
            .filter(|(_, f)| severities.contains(&f.severity))
            .take(cap);
        for (d, f) in picked {
            let (file, line, col) = location(d, f);
            out.push_str(&format!(
                "::{kind} file={},line={line},col={col},title={}::{}\n",
                github_property(&file),
                github_property(&f.rule),
                github_data(&f.message)
            ));
            annotated += 1;
        }
    }
    let mut text = last_line(&summary, run);
    text.truncate(text.trim_end_matches(['.', '\n']).len());
    text.push_str(&format!("; {}.", ruleset_text(run)));
    let left = summary.total() - annotated;
    if left > 0 {
        text.push_str(&format!(
            " {} annotated, {} not (GitHub shows {GITHUB_ANNOTATIONS_PER_KIND} annotations of each kind per step); {}.",
            thousands(annotated),
            thousands(left),
            if run.summary_file {
                "the job summary lists more"
            } else {
                "`gardefou lint --summary-file \"$GITHUB_STEP_SUMMARY\"` lists more in the job summary"
            }
        ));
    }
    out.push_str(&format!(
        "::notice title=gardefou::{}\n",
        github_data(&text)
    ));
    out
}

/// GitLab Code Quality report (a JSON array of CodeClimate-style issues).
pub fn render_gitlab(docs: &[LintedDocument<'_>]) -> String {
    let mut issues = Vec::new();
    for d in docs {
        let anchor = crate::repository_root(&d.doc.root().path);
        for f in d.findings {
            let (file, line, _) = location(d, f);
            let severity = match f.severity {
                Severity::Error => "major",
                Severity::Warn => "minor",
                _ => "info",
            };
            let path = crate::identity::slash_path(&f.path);
            issues.push(json!({
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": crate::sarif::fingerprint(d.doc, f, &anchor),
                "severity": severity,
                "categories": [f.category.as_str()],
                "location": {"path": file, "lines": {"begin": line}},
                "other_locations": [],
                "content": {"body": format!("at {path}")},
            }));
        }
    }
    let mut s = serde_json::to_string_pretty(&issues).expect("JSON values serialize");
    s.push('\n');
    s
}

/// One line per finding (`file:line:col severity message [rule]`; capped like the human
/// format), then the summary.
pub fn render_stylish(docs: &[LintedDocument<'_>], run: &RunInfo, shown: Shown) -> String {
    let mut out = String::new();
    let summary = Summary::of(docs);
    if !shown.summary_only {
        let picked = selected(docs, shown.max_problems);
        for &(d, i) in &picked {
            let (d, f) = (&docs[d], &docs[d].findings[i]);
            let (file, line, col) = location(d, f);
            out.push_str(&format!(
                "{}:{line}:{col} {} {} [{}]\n",
                plain(&file),
                f.severity.as_str(),
                plain(&f.message),
                plain(&f.rule)
            ));
        }
        if let Some(more) = more_line(summary.total(), picked.len()) {
            out.push_str(&more);
        }
        if !picked.is_empty() {
            out.push('\n');
        }
    }
    out.push_str(&render_summary_text(&summary, run));
    out
}

/// The most a Markdown report may hold, and what to call that limit when it is reached.
#[derive(Clone, Copy, Debug)]
pub struct MarkdownBudget {
    /// Bytes (so never more characters than that).
    pub bytes: usize,
    /// The limit, for the note that says findings were left out.
    pub why: &'static str,
}

/// A pull-request comment: GitHub takes at most 65,536 characters.
pub const PR_COMMENT: MarkdownBudget = MarkdownBudget {
    bytes: 60_000,
    why: "to keep this comment under 60,000 characters",
};

/// A GitHub job summary (`$GITHUB_STEP_SUMMARY`): at most 1 MiB per step.
pub const STEP_SUMMARY: MarkdownBudget = MarkdownBudget {
    bytes: 1_000_000,
    why: "to keep this job summary under GitHub's 1 MiB",
};

/// The longest message a Markdown table cell shows, in characters; longer ones are cut (`…`).
const MARKDOWN_MESSAGE_CHARS: usize = 500;

/// Room kept for the closing note.
const MARKDOWN_NOTE_BYTES: usize = 400;

/// Markdown for a pull-request comment or a job summary: the totals and the ruleset, a table per
/// rule and severity (and per document, for several), then the first findings (the most
/// severe first) in a table per document, as many as `budget` holds (and `shown.max_problems`
/// allows), with a note of how many were left out.
pub fn render_markdown(
    docs: &[LintedDocument<'_>],
    run: &RunInfo,
    shown: Shown,
    budget: MarkdownBudget,
) -> String {
    let summary = Summary::of(docs);
    let files = summary.documents.len();
    let mut out = String::from("## gardefou\n\n");
    if summary.total() == 0 {
        out.push_str(&format!("No problems in {files} document{}", plural(files)));
    } else {
        out.push_str(&format!(
            "{} in {} document{}",
            totals_text(&summary.severities),
            thousands(files),
            plural(files)
        ));
    }
    out.push_str(&format!(
        "; ruleset {}, {} rule{} ran.\n",
        md_code(&run.ruleset, false),
        thousands(run.rules.len()),
        plural(run.rules.len())
    ));
    if run.hidden > 0 {
        out.push_str(&format!(
            "\n{} {}hidden by `--only`/`--min-severity` (they still count for the exit code).\n",
            thousands(run.hidden),
            if summary.total() == 0 { "" } else { "more " }
        ));
    }
    // The summary tables take at most a third of the budget.
    let summary_room = budget.bytes / 3;
    if !summary.rules.is_empty() {
        out.push_str("\n| rule | severity | category | count |\n|---|---|---|--:|\n");
        let mut rows = 0;
        for r in &summary.rules {
            let row = format!(
                "| {} | {} | {} | {} |\n",
                md_code(&r.rule, true),
                r.severity.as_str(),
                r.category.as_str(),
                thousands(r.count)
            );
            if out.len() + row.len() + MARKDOWN_NOTE_BYTES > summary_room {
                break;
            }
            out.push_str(&row);
            rows += 1;
        }
        if rows < summary.rules.len() {
            let rest = &summary.rules[rows..];
            out.push_str(&format!(
                "| … {} more rules | | | {} |\n",
                thousands(rest.len()),
                thousands(rest.iter().map(|r| r.count).sum())
            ));
        }
    }
    if files > 1 && summary.total() > 0 {
        out.push_str(
            "\n| document | errors | warnings | info | hints | total |\n|---|--:|--:|--:|--:|--:|\n",
        );
        let mut rows = 0;
        for (name, c) in &summary.documents {
            let row = format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                md_code(name, true),
                thousands(c[0]),
                thousands(c[1]),
                thousands(c[2]),
                thousands(c[3]),
                thousands(c.iter().sum())
            );
            if out.len() + row.len() + MARKDOWN_NOTE_BYTES > 2 * summary_room {
                break;
            }
            out.push_str(&row);
            rows += 1;
        }
        if rows < files {
            out.push_str(&format!(
                "| … {} more documents | | | | | |\n",
                thousands(files - rows)
            ));
        }
    }
    if shown.summary_only || summary.total() == 0 {
        return out;
    }
    // The findings, most severe first, while they fit; then shown per document in its order.
    let heading = |d: &LintedDocument<'_>| {
        format!(
            "\n### {}\n\n| severity | rule | where | message |\n|---|---|---|---|\n",
            md_code(&d.doc.root().name, false)
        )
    };
    let mut used = out.len() + MARKDOWN_NOTE_BYTES;
    let mut rows: Vec<Vec<(usize, String)>> = vec![Vec::new(); docs.len()];
    let mut printed = 0;
    let mut by_size = false;
    let mut order: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| (0..doc.findings.len()).map(move |i| (d, i)))
        .collect();
    order.sort_by_key(|&(d, i)| docs[d].findings[i].severity);
    if let Some(max) = shown.max_problems {
        order.truncate(max);
    }
    for (d, i) in order {
        let doc = &docs[d];
        let f = &doc.findings[i];
        let p = doc.doc.file(f.file).position(f.span.start);
        let place = if f.file == doc.doc.root().id {
            format!("{}:{}", p.line, p.column)
        } else {
            format!("{}:{}:{}", doc.doc.file(f.file).name, p.line, p.column)
        };
        let row = format!(
            "| {} | {} | {} | {} |\n",
            f.severity.as_str(),
            md_code(&f.rule, true),
            md_code(&place, true),
            md_message(&cut(&f.message, MARKDOWN_MESSAGE_CHARS), true)
        );
        let cost = row.len()
            + if rows[d].is_empty() {
                heading(doc).len()
            } else {
                0
            };
        if used + cost > budget.bytes {
            by_size = true;
            break;
        }
        used += cost;
        rows[d].push((i, row));
        printed += 1;
    }
    for (d, mut doc_rows) in rows.into_iter().enumerate() {
        if doc_rows.is_empty() {
            continue;
        }
        doc_rows.sort_by_key(|(i, _)| *i);
        out.push_str(&heading(&docs[d]));
        for (_, row) in doc_rows {
            out.push_str(&row);
        }
    }
    let total = summary.total();
    if printed < total {
        let why = if by_size {
            budget.why.to_string()
        } else {
            "by `--max-problems`".to_string()
        };
        out.push_str(&format!(
            "\n**{} of {} problems shown** (the most severe first); {} left out {why}. Run `gardefou lint` (or `-f sarif`) for all of them.\n",
            thousands(printed),
            thousands(total),
            thousands(total - printed),
        ));
    }
    out
}

/// `s` cut to at most `max` characters, with `…` when it was cut.
fn cut(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]).into(),
        None => s.into(),
    }
}
