use std::cell::RefCell;

use gardefou_document::DocumentSet;

use crate::config::{Config, RuleRef, RuleSetting};
use crate::finding::Finding;
use crate::rule::Context;

/// Runs every enabled rule over a document set and returns the findings, each once, in a
/// stable order (file, position, rule, message).
pub fn lint(set: &DocumentSet, config: &Config) -> Vec<Finding> {
    let api = gardefou_model::build(set);
    let version = api.as_ref().map(|a| a.version);
    let cx = Context {
        set,
        api: api.as_ref(),
    };
    let caches = RefCell::new(crate::example::Caches::default());
    let mut findings = Vec::new();
    let mut diagnostics = Vec::new();
    for (id, active) in config.rules() {
        if active.setting == RuleSetting::Off && !config.has_overrides() {
            continue;
        }
        diagnostics.clear();
        match &active.rule {
            RuleRef::Native(rule) => {
                let meta = rule.meta();
                if let Some(formats) = meta.formats_parsed() {
                    let Some(v) = version else { continue };
                    if !formats.iter().any(|f| f.matches(v)) {
                        continue;
                    }
                }
                rule.check(&cx, &mut diagnostics);
            }
            RuleRef::Declarative(rule) => {
                if !rule.applies_to(version) {
                    continue;
                }
                rule.run(set, version, api.as_ref(), &caches, &mut diagnostics);
            }
        }
        let category = active.rule.category();
        for d in diagnostics.drain(..) {
            let setting = if config.has_overrides() {
                config.setting_for(id, &set.root().path, &d.path)
            } else {
                active.setting
            };
            let RuleSetting::On(severity) = setting else {
                continue;
            };
            findings.push(Finding {
                rule: id.to_string(),
                severity,
                category,
                message: d.message,
                file: d.file,
                span: d.span,
                path: d.path,
                help: d.help,
            });
        }
    }
    findings.sort_by(|a, b| {
        (a.file, a.span.start, &a.rule, &a.path, &a.message).cmp(&(
            b.file,
            b.span.start,
            &b.rule,
            &b.path,
            &b.message,
        ))
    });
    // Spectral reports a finding once per rule, place and message, however many paths lead to it.
    findings.dedup_by(|a, b| {
        a.rule == b.rule
            && a.file == b.file
            && a.path == b.path
            && a.message == b.message
            && a.span == b.span
    });
    findings
}
