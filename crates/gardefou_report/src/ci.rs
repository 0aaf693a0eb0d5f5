//! Formats for CI systems: JUnit XML, GitHub workflow annotations, GitLab Code Quality, a
//! one-line-per-finding `stylish` text, and Markdown for pull-request comments.

use gardefou_linter::{Finding, Severity};
use serde_json::json;

use crate::text::{github_data, github_property, md_code, md_message, plain, xml};
use crate::LintedDocument;

fn location(d: &LintedDocument<'_>, f: &Finding) -> (String, u32, u32) {
    let file = d.set.file(f.file);
    let p = file.position(f.span.start);
    (file.name.clone(), p.line, p.column)
}

/// JUnit XML: one test suite per document, one failing test case per finding (a document
/// without findings is one passing case).
pub fn render_junit(docs: &[LintedDocument<'_>]) -> String {
    let total: usize = docs.iter().map(|d| d.findings.len().max(1)).sum();
    let failures: usize = docs.iter().map(|d| d.findings.len()).sum();
    let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gardefou\" tests=\"{total}\" failures=\"{failures}\">\n");
    for d in docs {
        let name = xml(&d.set.root().name);
        out.push_str(&format!(
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\">\n",
            d.findings.len().max(1),
            d.findings.len()
        ));
        if d.findings.is_empty() {
            out.push_str(&format!(
                "    <testcase classname=\"{name}\" name=\"no problems\"/>\n"
            ));
        }
        for f in d.findings {
            let (file, line, col) = location(d, f);
            out.push_str(&format!(
                "    <testcase classname=\"{name}\" name=\"{} {}:{line}:{col}\">\n      <failure type=\"{}\" message=\"{}\">{}:{line}:{col} {} [{}]</failure>\n    </testcase>\n",
                xml(&f.rule),
                xml(&file),
                f.severity.as_str(),
                xml(&f.message),
                xml(&file),
                xml(&f.message),
                xml(&f.rule)
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
pub fn render_github(docs: &[LintedDocument<'_>]) -> String {
    let mut out = String::new();
    for d in docs {
        for f in d.findings {
            let (file, line, col) = location(d, f);
            let kind = match f.severity {
                Severity::Error => "error",
                Severity::Warn => "warning",
                _ => "notice",
            };
            out.push_str(&format!(
                "::{kind} file={},line={line},col={col},title={}::{}\n",
                github_property(&file),
                github_property(&f.rule),
                github_data(&f.message)
            ));
        }
    }
    out
}

/// GitLab Code Quality report (a JSON array of CodeClimate-style issues).
pub fn render_gitlab(docs: &[LintedDocument<'_>]) -> String {
    let mut issues = Vec::new();
    for d in docs {
        let anchor = crate::repository_root(&d.set.root().path);
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
                "fingerprint": crate::sarif::fingerprint(d.set, f, &anchor),
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

/// One line per finding: `file:line:col severity message [rule]`.
pub fn render_stylish(docs: &[LintedDocument<'_>]) -> String {
    let mut out = String::new();
    for d in docs {
        for f in d.findings {
            let (file, line, col) = location(d, f);
            out.push_str(&format!(
                "{}:{line}:{col} {} {} [{}]\n",
                plain(&file),
                f.severity.as_str(),
                plain(&f.message),
                plain(&f.rule)
            ));
        }
    }
    out
}

/// Markdown for a pull-request comment: totals, then a table of findings per document.
pub fn render_markdown(docs: &[LintedDocument<'_>]) -> String {
    let count = |s: Severity| {
        docs.iter()
            .flat_map(|d| d.findings.iter())
            .filter(|f| f.severity == s)
            .count()
    };
    let mut out = format!(
        "## gardefou\n\n{} error(s), {} warning(s), {} info, {} hint(s) in {} document(s).\n",
        count(Severity::Error),
        count(Severity::Warn),
        count(Severity::Info),
        count(Severity::Hint),
        docs.len()
    );
    for d in docs {
        if d.findings.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n### {}\n\n| severity | rule | where | message |\n|---|---|---|---|\n",
            md_code(&d.set.root().name, false)
        ));
        for f in d.findings {
            let (file, line, col) = location(d, f);
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                f.severity.as_str(),
                md_code(&f.rule, true),
                md_code(&format!("{file}:{line}:{col}"), true),
                md_message(&f.message, true)
            ));
        }
    }
    out
}
