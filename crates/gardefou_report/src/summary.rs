//! What every human-facing report ends with (or, with `--summary`, consists of): the findings
//! counted per rule, per severity and per document, the ruleset that ran, and which findings a
//! capped report printed.

use gardefou_diagnostics::{Category, Severity};

use crate::text::plain;
use crate::LintedDocument;

/// What a run was, for the reports that say it.
#[derive(Clone, Debug, Default)]
pub struct RunInfo {
    /// The ruleset used: its file as found, or a built-in name (`gardefou:recommended`).
    pub ruleset: String,
    /// The rules that ran, by id: enabled, not skipped, and applying to the version of at
    /// least one linted document.
    pub rules: Vec<String>,
    /// Findings the display filters (`--only`, `--min-severity`) left out of the reports; they
    /// still count for the exit code.
    pub hidden: usize,
    /// Whether a job summary (`--summary-file`) is written too (the GitHub annotations point
    /// at it).
    pub summary_file: bool,
}

/// How much of the findings a text report prints.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shown {
    /// At most this many findings (the most severe first); `None`: all of them.
    pub max_problems: Option<usize>,
    /// Only the summary, no finding.
    pub summary_only: bool,
}

/// Findings of one rule at one severity.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleCount {
    /// The rule id.
    pub rule: String,
    /// The severity its findings were reported at.
    pub severity: Severity,
    /// The rule's scorecard category.
    pub category: Category,
    /// How many findings.
    pub count: usize,
}

/// The findings of a run, counted.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Per rule and severity (a rule whose severity an `overrides` entry changes for some
    /// documents has a row per severity), most findings first, then by rule id.
    pub rules: Vec<RuleCount>,
    /// Errors, warnings, info, hints.
    pub severities: [usize; 4],
    /// Per document (its name), in the order of the run.
    pub documents: Vec<(String, [usize; 4])>,
}

impl Summary {
    /// Counts the findings of `docs`.
    pub fn of(docs: &[LintedDocument<'_>]) -> Summary {
        let mut rules: std::collections::BTreeMap<(&str, Severity), (Category, usize)> =
            Default::default();
        let mut severities = [0usize; 4];
        let mut documents = Vec::with_capacity(docs.len());
        for d in docs {
            let mut counts = [0usize; 4];
            for f in d.findings {
                counts[f.severity as usize] += 1;
                rules
                    .entry((f.rule.as_str(), f.severity))
                    .or_insert((f.category, 0))
                    .1 += 1;
            }
            for (total, n) in severities.iter_mut().zip(counts) {
                *total += n;
            }
            documents.push((d.doc.root().name.clone(), counts));
        }
        let mut rules: Vec<RuleCount> = rules
            .into_iter()
            .map(|((rule, severity), (category, count))| RuleCount {
                rule: rule.to_string(),
                severity,
                category,
                count,
            })
            .collect();
        // Stable: equal counts stay in rule-id, then severity, order.
        rules.sort_by_key(|r| std::cmp::Reverse(r.count));
        Summary {
            rules,
            severities,
            documents,
        }
    }

    /// Every finding counted.
    pub fn total(&self) -> usize {
        self.severities.iter().sum()
    }
}

/// `9236` as `9,236`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `9,236 problems (4 errors, 9,184 warnings, 43 info, 5 hints)`.
pub(crate) fn totals_text(s: &[usize; 4]) -> String {
    let problems: usize = s.iter().sum();
    format!(
        "{} problem{} ({} error{}, {} warning{}, {} info, {} hint{})",
        thousands(problems),
        plural(problems),
        thousands(s[0]),
        plural(s[0]),
        thousands(s[1]),
        plural(s[1]),
        thousands(s[2]),
        thousands(s[3]),
        plural(s[3])
    )
}

/// `ruleset gardefou:recommended, 57 rules ran`.
pub(crate) fn ruleset_text(run: &RunInfo) -> String {
    format!(
        "ruleset {}, {} rule{} ran",
        plain(&run.ruleset),
        thousands(run.rules.len()),
        plural(run.rules.len())
    )
}

/// The last line of a text report: the totals, and what the display filters hid.
pub(crate) fn last_line(summary: &Summary, run: &RunInfo) -> String {
    let files = summary.documents.len();
    let mut line = if summary.total() == 0 && run.hidden > 0 {
        format!("No problems shown in {files} document{}", plural(files))
    } else if summary.total() == 0 {
        format!("No problems in {files} document{}", plural(files))
    } else {
        format!(
            "{} in {} document{}",
            totals_text(&summary.severities),
            thousands(files),
            plural(files)
        )
    };
    if run.hidden > 0 {
        line.push_str(&format!(
            "; {} {}hidden by --only/--min-severity (they still count for the exit code)",
            thousands(run.hidden),
            if summary.total() == 0 { "" } else { "more " }
        ));
    }
    line.push_str(".\n");
    line
}

/// Indices `(document, finding)` of the findings a report capped at `max` prints: the most
/// severe first (errors, then warnings …, each in document order), returned in document order.
pub(crate) fn selected(docs: &[LintedDocument<'_>], max: Option<usize>) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| (0..doc.findings.len()).map(move |i| (d, i)))
        .collect();
    if let Some(max) = max.filter(|&m| m < all.len()) {
        // Stable: document order within a severity.
        all.sort_by_key(|&(d, i)| docs[d].findings[i].severity);
        all.truncate(max);
        all.sort_unstable();
    }
    all
}

/// `… and 9,136 more; use --max-problems 0 for all.` when the report was capped.
pub(crate) fn more_line(total: usize, printed: usize) -> Option<String> {
    (printed < total).then(|| {
        format!(
            "… and {} more; use --max-problems 0 for all.\n",
            thousands(total - printed)
        )
    })
}

/// The summary as plain text: a table of rules (`rule  severity  category  count`), then, for
/// several documents, a table of documents, then the totals line.
pub fn render_summary_text(summary: &Summary, run: &RunInfo) -> String {
    let mut out = format!("Summary: {}\n", ruleset_text(run));
    if !summary.rules.is_empty() {
        let rows: Vec<[String; 4]> = summary
            .rules
            .iter()
            .map(|r| {
                [
                    plain(&r.rule).into_owned(),
                    r.severity.as_str().to_string(),
                    r.category.as_str().to_string(),
                    thousands(r.count),
                ]
            })
            .collect();
        let head = ["rule", "severity", "category", "count"].map(String::from);
        table(&mut out, &head, &rows, 3);
    }
    if summary.documents.len() > 1 && summary.total() > 0 {
        let mut docs: Vec<&(String, [usize; 4])> = summary.documents.iter().collect();
        docs.sort_by_key(|d| std::cmp::Reverse(d.1.iter().sum::<usize>()));
        let rows: Vec<[String; 6]> = docs
            .iter()
            .map(|(name, c)| {
                [
                    plain(name).into_owned(),
                    thousands(c[0]),
                    thousands(c[1]),
                    thousands(c[2]),
                    thousands(c[3]),
                    thousands(c.iter().sum()),
                ]
            })
            .collect();
        let head = ["document", "errors", "warnings", "info", "hints", "total"].map(String::from);
        out.push('\n');
        table(&mut out, &head, &rows, 1);
    }
    out.push('\n');
    out.push_str(&last_line(summary, run));
    out
}

/// A table indented by two spaces, columns padded to their widest cell; columns from
/// `numbers_from` on are right-aligned.
fn table<const N: usize>(
    out: &mut String,
    head: &[String; N],
    rows: &[[String; N]],
    numbers_from: usize,
) {
    let mut widths = [0usize; N];
    for row in std::iter::once(head).chain(rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(head).chain(rows) {
        let mut line = String::from(" ");
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i] - cell.chars().count());
            line.push(' ');
            if i >= numbers_from {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if i + 1 < N {
                    line.push_str(&pad);
                }
            }
            if i + 1 < N {
                line.push(' ');
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(9136), "9,136");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
