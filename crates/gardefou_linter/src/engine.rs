use std::cell::RefCell;
use std::collections::HashMap;

use gardefou_document::{DocumentSet, FileId};

use crate::config::{Config, RuleRef, RuleSetting};
use crate::finding::Finding;
use crate::jsonpath::{select_many, JsonPath, Match, TreeView};
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
    let mut selected = select_all(set, config, version);
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
                let matches = selected.remove(id).unwrap_or_default();
                rule.run_matches(
                    set,
                    version,
                    api.as_ref(),
                    &caches,
                    matches,
                    &mut diagnostics,
                );
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

/// The matches of every declarative rule's `given` paths, computed together: all paths that
/// start with `..` share one walk of the document per view (raw, resolved).
fn select_all<'a>(
    set: &'a DocumentSet,
    config: &'a Config,
    version: Option<gardefou_model::SpecVersion>,
) -> HashMap<&'a str, Vec<Vec<Match<'a>>>> {
    let mut out: HashMap<&str, Vec<Vec<Match<'a>>>> = HashMap::new();
    let Some(root) = set.root().root.as_ref() else {
        return out;
    };
    for resolved in [true, false] {
        let mut owners: Vec<(&str, usize)> = Vec::new();
        let mut paths: Vec<&JsonPath> = Vec::new();
        for (id, active) in config.rules() {
            let RuleRef::Declarative(rule) = &active.rule else {
                continue;
            };
            if rule.resolved != resolved || !rule.applies_to(version) {
                continue;
            }
            if active.setting == RuleSetting::Off && !config.has_overrides() {
                continue;
            }
            let given = rule.given_for(version);
            out.insert(id, vec![Vec::new(); given.len()]);
            for (k, p) in given.iter().enumerate() {
                owners.push((id, k));
                paths.push(p);
            }
        }
        let view = if resolved {
            TreeView::Resolved(set)
        } else {
            TreeView::Raw
        };
        for ((id, k), matches) in owners
            .into_iter()
            .zip(select_many(&paths, FileId(0), root, view))
        {
            if let Some(slot) = out.get_mut(id) {
                slot[k] = matches;
            }
        }
    }
    out
}
