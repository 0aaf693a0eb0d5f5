use gardefou_document::DocumentSet;

use crate::config::{Config, RuleSetting};
use crate::finding::Finding;
use crate::rule::Context;
use crate::rules::all_rules;

/// Runs every enabled rule over a document set and returns the findings in a stable order
/// (file, position, rule, message).
pub fn lint(set: &DocumentSet, config: &Config) -> Vec<Finding> {
    let api = gardefou_model::build(set);
    let cx = Context {
        set,
        api: api.as_ref(),
    };
    let format = api.as_ref().map(|a| a.version.format_name());
    let mut findings = Vec::new();
    let mut diagnostics = Vec::new();
    for rule in all_rules() {
        let meta = rule.meta();
        let RuleSetting::On(severity) = config.setting(meta.id) else {
            continue;
        };
        if !meta.formats.is_empty() {
            let Some(format) = format else { continue };
            let applies = meta
                .formats
                .iter()
                .any(|f| *f == format || (*f == "oas3" && format.starts_with("oas3")));
            if !applies {
                continue;
            }
        }
        diagnostics.clear();
        rule.check(&cx, &mut diagnostics);
        findings.extend(diagnostics.drain(..).map(|d| Finding {
            rule: meta.id.to_string(),
            severity,
            category: meta.category,
            message: d.message,
            file: d.file,
            span: d.span,
            path: d.path,
            help: d.help,
        }));
    }
    findings.sort_by(|a, b| {
        (a.file, a.span.start, &a.rule, &a.message).cmp(&(
            b.file,
            b.span.start,
            &b.rule,
            &b.message,
        ))
    });
    findings
}
