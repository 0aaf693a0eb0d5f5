//! SARIF 2.1.0 (for GitHub code scanning and other SARIF consumers): rule descriptors from the
//! rules' metadata, results with UTF-16 regions and stable partial fingerprints.

use std::io::{self, Write};
use std::path::Path;

use gardefou_diagnostics::{Finding, Severity};
use gardefou_document::FileId;

use crate::ReportedDocument;
use gardefou_source::Span;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

use crate::stream::{write_pretty, Items};
use crate::LintedDocument;

/// What SARIF shows about a rule.
pub struct RuleInfo {
    /// The rule's one-line summary (`shortDescription`).
    pub summary: String,
    /// Longer help (`fullDescription` and `help`), when known.
    pub help: Option<String>,
    /// The rule's documentation page (`helpUri`), when the ruleset names one.
    pub help_uri: Option<String>,
    /// Its scorecard category (a rule property).
    pub category: &'static str,
    /// Its default severity (`defaultConfiguration.level`).
    pub severity: Severity,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// FNV-1a, 64 bits, of the finding's identity (rule, document relative to `anchor`, JSON path,
/// message): it does not move when lines are inserted above a finding or when gardefou runs
/// from another folder.
pub(crate) fn fingerprint(set: &ReportedDocument, f: &Finding, anchor: &Path) -> String {
    let (rule, document, path, message) = crate::identity(set, f, anchor);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [rule, document, path, message] {
        for b in part.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// A SARIF region of a span of a file of the set (1-based lines, UTF-16 columns).
fn region(set: &ReportedDocument, file: FileId, span: Span) -> Value {
    let file = set.file(file);
    let (s, e) = (
        file.position(span.start),
        file.position(span.end.max(span.start)),
    );
    json!({
        "startLine": s.line,
        "startColumn": s.utf16_column,
        "endLine": e.line.max(s.line),
        "endColumn": if e.line > s.line || e.utf16_column > s.utf16_column { e.utf16_column } else { s.utf16_column + 1 },
    })
}

/// The working directory as a `file:` URI ending in `/`: relative artifact URIs resolve
/// against it.
fn src_root() -> String {
    let cwd = std::env::current_dir()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let cwd = cwd.replace('\\', "/");
    let sep = if cwd.starts_with('/') { "" } else { "/" };
    format!("file://{sep}{}/", uri(cwd.trim_end_matches('/')))
}

/// Where a file is: relative to `%SRCROOT%` when its name is relative, an absolute `file:` URI
/// otherwise.
fn artifact(name: &str) -> Value {
    if name.starts_with('/') {
        json!({"uri": format!("file://{}", uri(name))})
    } else {
        json!({"uri": uri(name), "uriBaseId": "%SRCROOT%"})
    }
}

/// A file name as a relative URI reference.
fn uri(name: &str) -> String {
    if name == "<stdin>" {
        return "stdin".into();
    }
    name.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '#' => "%23".to_string(),
            '%' => "%25".to_string(),
            '\\' => "/".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Renders the findings as one SARIF run. `describe` gives the metadata of a rule id.
pub fn render_sarif(docs: &[LintedDocument<'_>], describe: &dyn Fn(&str) -> RuleInfo) -> String {
    let mut out = Vec::new();
    write_sarif(docs, describe, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`render_sarif`], written to `out` result by result (no tree of the whole log).
pub fn write_sarif(
    docs: &[LintedDocument<'_>],
    describe: &dyn Fn(&str) -> RuleInfo,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut rule_ids: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.findings.iter().map(|f| f.rule.as_str()))
        .collect();
    rule_ids.sort();
    rule_ids.dedup();
    let rules: Vec<Value> = rule_ids.iter().map(|id| rule(id, describe(id))).collect();
    let log = Log {
        docs,
        rule_ids: &rule_ids,
        rules,
    };
    write_pretty(out, &log)
}

/// A rule descriptor.
fn rule(id: &str, info: RuleInfo) -> Value {
    let mut r = json!({
        "id": id,
        "name": id,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.help.clone().unwrap_or_else(|| info.summary.clone())},
        "defaultConfiguration": {"level": level(info.severity)},
        "properties": {"category": info.category, "tags": [info.category]},
    });
    if info.category == "security" {
        // GitHub code scanning ranks security alerts by this score (0.0–10.0).
        let score = match info.severity {
            Severity::Error => "8.0",
            Severity::Warn => "5.5",
            Severity::Info => "3.0",
            Severity::Hint => "1.0",
        };
        r["properties"]["security-severity"] = json!(score);
    }
    if let Some(h) = &info.help {
        r["help"] = json!({"text": h});
    }
    if let Some(u) = &info.help_uri {
        r["helpUri"] = json!(u);
    }
    r
}

/// One result (a small tree, dropped once written).
fn result(d: &LintedDocument<'_>, f: &Finding, rule_ids: &[&str], anchor: &Path) -> Value {
    let file = d.doc.file(f.file);
    let index = rule_ids.binary_search(&f.rule.as_str()).unwrap_or(0);
    let mut result = json!({
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(&file.name),
                "region": region(d.doc, f.file, f.span),
            }
        }],
        "partialFingerprints": {"gardefou/v1": fingerprint(d.doc, f, anchor)},
    });
    if !f.path.is_empty() {
        result["locations"][0]["logicalLocations"] = json!([{"fullyQualifiedName": f.path.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(".")}]);
    }
    if !f.related.is_empty() {
        result["relatedLocations"] = f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "id": i + 1,
                    "physicalLocation": {
                        "artifactLocation": artifact(&d.doc.file(r.file).name),
                        "region": region(d.doc, r.file, r.span),
                    },
                    "message": {"text": r.message},
                })
            })
            .collect();
    }
    result
}

/// The SARIF log: one run.
struct Log<'r, 'a> {
    docs: &'r [LintedDocument<'a>],
    rule_ids: &'r [&'r str],
    rules: Vec<Value>,
}

impl Serialize for Log<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("$schema", "https://json.schemastore.org/sarif-2.1.0.json")?;
        m.serialize_entry("version", "2.1.0")?;
        m.serialize_entry("runs", &[Run(self)])?;
        m.end()
    }
}

struct Run<'l, 'r, 'a>(&'l Log<'r, 'a>);

impl Serialize for Run<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let log = self.0;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry(
            "tool",
            &json!({"driver": {
                "name": "gardefou",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": log.rules,
            }}),
        )?;
        m.serialize_entry("columnKind", "utf16CodeUnits")?;
        m.serialize_entry(
            "originalUriBaseIds",
            &json!({"%SRCROOT%": {"uri": src_root()}}),
        )?;
        let results = log.docs.iter().flat_map(|d| {
            let anchor = crate::repository_root(&d.doc.root().path);
            d.findings
                .iter()
                .map(move |f| result(d, f, log.rule_ids, &anchor))
        });
        m.serialize_entry("results", &Items::new(results))?;
        m.end()
    }
}
