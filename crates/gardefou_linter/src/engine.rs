use std::collections::HashMap;
use std::sync::Mutex;

use gardefou_document::{DocumentSet, FileId};
use rayon::prelude::*;

use crate::config::{ActiveRule, Config, RuleRef, RuleSetting};
use crate::declarative::Shared;
use crate::finding::Finding;
use crate::jsonpath::{select_many, JsonPath, Match, TreeView};
use crate::rule::{Context, Diagnostic, Needs, Unused};

/// Runs every enabled rule over a document set and returns the findings, each once, in a
/// stable order (file, position, rule, message) whatever the number of threads.
pub fn lint<'a>(set: &'a DocumentSet, config: &'a Config) -> Vec<Finding> {
    lint_with_base(set, config, None)
}

/// Like [`lint`], comparing with a previous version of the API (rules such as
/// `versioning-breaking-change-needs-major` need it).
pub fn lint_with_base<'a>(
    set: &'a DocumentSet,
    config: &'a Config,
    base: Option<&'a DocumentSet>,
) -> Vec<Finding> {
    let api = model(set, config);
    lint_api(set, config, base, api)
}

/// The OpenAPI model of the document, when the configuration reads documents as OpenAPI (a
/// metadata or documentation ruleset sees plain YAML or JSON: no model, no format).
fn model<'a>(set: &'a DocumentSet, config: &Config) -> Option<gardefou_model::Api<'a>> {
    if config.target().is_openapi() {
        gardefou_model::build(set)
    } else {
        None
    }
}

/// What [`lint_measured`] returns: the findings and the size of the API they are about.
pub struct Measured {
    /// The findings, in report order.
    pub findings: Vec<Finding>,
    /// Operations under `paths` (0 when the document is not an API description).
    pub operations: usize,
    /// Named schemas (`components/schemas`, Swagger 2.0 `definitions`).
    pub schemas: usize,
}

/// Like [`lint`], and also tells how big the API is (for scorecards), from the same model.
pub fn lint_measured(set: &DocumentSet, config: &Config) -> Measured {
    let api = model(set, config);
    let (operations, schemas) = api
        .as_ref()
        .map_or((0, 0), |a| (a.operations.len(), a.components.schemas.len()));
    Measured {
        findings: lint_api(set, config, None, api),
        operations,
        schemas,
    }
}

fn lint_api<'a>(
    set: &'a DocumentSet,
    config: &'a Config,
    base: Option<&'a DocumentSet>,
    api: Option<gardefou_model::Api<'a>>,
) -> Vec<Finding> {
    let base_api = base.and_then(|b| model(b, config));
    let version = api.as_ref().map(|a| a.version);
    let cx = Context {
        set,
        api: api.as_ref(),
        base: base
            .zip(base_api.as_ref())
            .map(|(set, api)| crate::rule::Base { set, api }),
    };
    let caches = Mutex::new(crate::example::Caches::default());
    let dispatch = config.dispatch();
    let all: Vec<(&str, &ActiveRule)> = config.rules().collect();
    let target = config.target();
    let runs = |active: &ActiveRule| active.setting != RuleSetting::Off || config.has_overrides();
    // Selecting the `given`s that walk the resolved tree (`..`) is the longest single task; it
    // runs beside everything that does not wait for it: the native rules, the rules on the raw
    // view and those whose paths go straight down.
    let walks = |active: &ActiveRule| match &active.rule {
        RuleRef::Declarative(r) => {
            r.resolved
                && r.given_for(version).iter().any(|p| {
                    p.segments
                        .iter()
                        .any(|s| matches!(s, crate::jsonpath::Segment::Descendant(_)))
                })
        }
        RuleRef::Native(_) => false,
    };
    let jobs_of = |selected: &mut HashMap<&'a str, Vec<Vec<Match<'a>>>>,
                   late: bool|
     -> Vec<(&'a str, &'a ActiveRule, Vec<Vec<Match<'a>>>)> {
        all.iter()
            .filter(|(_, active)| runs(active))
            .filter(|(id, _)| !target.skips_rule(id))
            .filter(|(_, active)| match &active.rule {
                // Visitors run in the shared walk, the unused-suppression rules after the others.
                RuleRef::Native(r) => matches!(r.needs(), Needs::Check(_)),
                RuleRef::Declarative(_) => true,
            })
            .filter(|(_, active)| walks(active) == late)
            .map(|(id, active)| (*id, *active, selected.remove(id).unwrap_or_default()))
            .collect()
    };
    // Native rules that asked for model nodes share one walk of the model (one parallel job);
    // every other rule is a job of its own.
    let run_visitors = || -> Vec<(&str, &ActiveRule, Vec<Diagnostic>)> {
        let Some(api) = api.as_ref() else {
            return Vec::new();
        };
        // Per rule position: its visitor and options when it visits this document.
        let visitors: Vec<Option<(&dyn crate::rule::Visitor, crate::rule::Options<'_>)>> = all
            .iter()
            .map(|(id, active)| match &active.rule {
                RuleRef::Native(r) if active.applies_to(Some(api.version)) => match r.needs() {
                    Needs::Visit(_, v) => Some((v, dispatch.options(id))),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let mut outs: Vec<Vec<Diagnostic>> = vec![Vec::new(); all.len()];
        let mut listening = vec![false; all.len()];
        for i in dispatch.by_kind.values().flatten() {
            listening[*i] = visitors[*i].is_some();
        }
        crate::walk::walk(api, set, &mut |node| {
            let Some(rules) = dispatch.by_kind.get(&node.kind()) else {
                return;
            };
            for &i in rules {
                if let Some((visitor, options)) = visitors[i] {
                    visitor.visit(node, &cx, options, &mut outs[i]);
                }
            }
        });
        all.iter()
            .zip(outs)
            .zip(listening)
            .filter(|(_, on)| *on)
            .map(|(((id, active), d), _)| (*id, *active, d))
            .collect()
    };
    let run_one = |(id, active, matches): (&'a str, &'a ActiveRule, Vec<Vec<Match<'a>>>)| {
        let mut diagnostics = Vec::new();
        match &active.rule {
            RuleRef::Native(rule) => {
                if let (true, Needs::Check(checker)) = (active.applies_to(version), rule.needs()) {
                    checker.check(&cx, dispatch.options(id), &mut diagnostics);
                }
            }
            RuleRef::Declarative(rule) => {
                if active.applies_to(version) {
                    let shared = Shared {
                        set,
                        version,
                        api: api.as_ref(),
                        caches: &caches,
                        js: None,
                    };
                    run_in_chunks(rule, shared, matches, &mut diagnostics);
                }
            }
        }
        (id, active, diagnostics)
    };
    // Rules with ruleset JavaScript functions run in sandboxes holding the document: one per
    // worker, as many workers as threads (a sandbox runs one call at a time), each taking the
    // next rule from a shared queue.
    let scripted_rule =
        |active: &ActiveRule| matches!(&active.rule, RuleRef::Declarative(r) if !r.js.is_empty());
    let run_scripted = |scripted: Vec<ScriptJob<'a>>| -> Vec<(&str, &ActiveRule, Vec<Diagnostic>)> {
        if scripted.is_empty() {
            return Vec::new();
        }
        let mut roots: Vec<std::path::PathBuf> = Vec::new();
        for (_, active, _) in &scripted {
            if let RuleRef::Declarative(r) = &active.rule {
                for f in &r.js {
                    if !roots.contains(&f.root) {
                        roots.push(f.root.clone());
                    }
                }
            }
        }
        let queue = ScriptQueue::new(scripted);
        let workers = rayon::current_num_threads().clamp(1, queue.len());
        let work = || {
            let mut done = Vec::new();
            // Made on the first rule taken: a worker that finds the queue empty converts nothing.
            let mut session: Option<crate::functions::js::JsSession> = None;
            while let Some((id, active, matches)) = queue.take() {
                let mut diagnostics = Vec::new();
                if let RuleRef::Declarative(rule) = &active.rule {
                    if active.applies_to(version) {
                        let session = session.get_or_insert_with(|| {
                            crate::functions::js::JsSession::new(
                                set,
                                roots.clone(),
                                config.js_limits.clone(),
                                config.js_generation,
                            )
                        });
                        session.begin_rule(set, &rule.js_context());
                        let shared = Shared {
                            set,
                            version,
                            api: api.as_ref(),
                            caches: &caches,
                            js: Some(session),
                        };
                        rule.run_matches(&shared, matches, &mut diagnostics);
                    }
                }
                done.push((id, active, diagnostics));
            }
            done
        };
        (0..workers)
            .into_par_iter()
            .with_max_len(1)
            .map(|_| work())
            .flatten()
            .collect()
    };
    // First the selection of the resolved walks, and beside it every rule that does not wait
    // for it (rules with ruleset JavaScript functions wait: their sandboxes are made once).
    let run_all = |jobs: Vec<ScriptJob<'a>>| -> Vec<(&str, &ActiveRule, Vec<Diagnostic>)> {
        jobs.into_par_iter().with_max_len(1).map(run_one).collect()
    };
    let (mut late_selected, (mut per_rule, mut scripted)) = rayon::join(
        || select_all(set, config, version, &[true], &walks),
        || {
            let mut selected = select_all(set, config, version, &[true, false], &|a| !walks(a));
            let (scripted, early): (Vec<_>, Vec<_>) = jobs_of(&mut selected, false)
                .into_iter()
                .partition(|(_, active, _)| scripted_rule(active));
            let (mut done, visited) = rayon::join(|| run_all(early), run_visitors);
            done.extend(visited);
            (done, scripted)
        },
    );
    let (late_scripted, late): (Vec<_>, Vec<_>) = jobs_of(&mut late_selected, true)
        .into_iter()
        .partition(|(_, active, _)| scripted_rule(active));
    scripted.extend(late_scripted);
    let (done, scripted) = rayon::join(|| run_all(late), || run_scripted(scripted));
    per_rule.extend(done);
    per_rule.extend(scripted);
    free_beside(caches.into_inner().unwrap_or_else(|e| e.into_inner()));
    let mut findings = Vec::new();
    for (id, active, diagnostics) in per_rule {
        let category = active.rule.category();
        for d in diagnostics {
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
                related: d.related,
            });
        }
    }
    // In-document suppressions, then the report of those that silenced nothing.
    let mut suppressions = crate::suppress::collect(set);
    if !suppressions.is_empty() {
        crate::suppress::apply(&mut findings, &mut suppressions);
        let reporters: Vec<(&str, &ActiveRule, &dyn crate::rule::UnusedChecker)> = all
            .iter()
            .filter_map(|(id, active)| match (&active.rule, active.setting) {
                (RuleRef::Native(r), RuleSetting::On(_)) => match r.needs() {
                    Needs::Unused(checker) => Some((*id, *active, checker)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        if !reporters.is_empty() {
            let unused: Vec<Unused<'_>> = suppressions
                .iter()
                .filter(|s| !s.used)
                .map(|s| Unused {
                    rule: &s.rule,
                    known: crate::rules::find_rule(&s.rule).is_some()
                        || crate::rules::aliases::find_alias(&s.rule).is_some()
                        || config.rules().any(|(id, _)| id == s.rule),
                    file: s.file,
                    span: s.span,
                    path: &s.path,
                })
                .collect();
            for (id, active, checker) in reporters {
                let RuleSetting::On(severity) = active.setting else {
                    continue;
                };
                let mut diagnostics = Vec::new();
                checker.report(&unused, &mut diagnostics);
                findings.extend(diagnostics.into_iter().map(|d| Finding {
                    rule: id.to_string(),
                    severity,
                    category: active.rule.category(),
                    message: d.message,
                    file: d.file,
                    span: d.span,
                    path: d.path,
                    help: d.help,
                    related: d.related,
                }));
            }
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

/// Matches of one rule beyond which they are checked in parallel chunks: one rule can be most
/// of a document's time (`oas3-valid-media-example`: ~90 ms of GitHub's lint, on one core
/// while the other idled).
const CHUNKED_FROM: usize = 256;

/// Runs a rule (without JavaScript functions) on its matches, in chunks that the pool's
/// threads share when there are many. The diagnostics come in the order of the matches, as
/// from one run.
fn run_in_chunks<'a>(
    rule: &'a crate::declarative::DeclRule,
    shared: Shared<'a>,
    matches: Vec<Vec<Match<'a>>>,
    out: &mut Vec<Diagnostic>,
) {
    let count: usize = matches.iter().map(Vec::len).sum();
    let chunks = (rayon::current_num_threads() * 4).min(count / (CHUNKED_FROM / 4));
    if count < CHUNKED_FROM || chunks < 2 || shared.js.is_some() {
        rule.run_matches(&shared, matches, out);
        return;
    }
    let Shared {
        set,
        version,
        api,
        caches,
        ..
    } = shared;
    let all: Vec<Match<'a>> = matches.into_iter().flatten().collect();
    let size = all.len().div_ceil(chunks);
    let parts: Vec<Vec<Diagnostic>> = all
        .par_chunks(size)
        .map(|part| {
            let mut diagnostics = Vec::new();
            let shared = Shared {
                set,
                version,
                api,
                caches,
                js: None,
            };
            rule.run_matches(&shared, vec![part.to_vec()], &mut diagnostics);
            diagnostics
        })
        .collect();
    out.extend(parts.into_iter().flatten());
}

/// Frees the example caches on a thread of their own when they hold compiled validators:
/// freeing GitHub's ~850 took about 40 ms at the end of each lint, which the findings (and
/// the language server's diagnostics) need not wait for. Inline when no thread can start.
fn free_beside(caches: crate::example::Caches) {
    if caches.compiled() < 16 {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("gardefou-free".into())
        .spawn(move || drop(caches));
}

/// The rules with JavaScript functions, handed out one at a time to the sandboxes' workers,
/// those with the most matches first (a rough measure of their cost, so that a long rule does
/// not start last).
struct ScriptQueue<'a>(Mutex<std::vec::IntoIter<ScriptJob<'a>>>, usize);

type ScriptJob<'a> = (&'a str, &'a ActiveRule, Vec<Vec<Match<'a>>>);

impl<'a> ScriptQueue<'a> {
    fn new(mut jobs: Vec<ScriptJob<'a>>) -> ScriptQueue<'a> {
        jobs.sort_by_key(|(_, _, m)| std::cmp::Reverse(m.iter().map(Vec::len).sum::<usize>()));
        let len = jobs.len();
        ScriptQueue(Mutex::new(jobs.into_iter()), len)
    }

    fn len(&self) -> usize {
        self.1
    }

    fn take(&self) -> Option<ScriptJob<'a>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).next()
    }
}

/// The matches of the `given` paths of the declarative rules that `keep` accepts, in the
/// `views` named (`true`: resolved, `false`: raw), computed together: paths sharing a prefix
/// share its evaluation, and `..` segments share one walk of the document. Two views are
/// walked in parallel.
fn select_all<'a>(
    set: &'a DocumentSet,
    config: &'a Config,
    version: Option<gardefou_model::SpecVersion>,
    views: &[bool],
    keep: &(dyn Fn(&ActiveRule) -> bool + Sync),
) -> HashMap<&'a str, Vec<Vec<Match<'a>>>> {
    let Some(root) = set.root().root.as_ref() else {
        return HashMap::new();
    };
    let view_matches = |resolved: bool| -> Vec<(&'a str, Vec<Vec<Match<'a>>>)> {
        let mut owners: Vec<(&'a str, usize)> = Vec::new();
        let mut paths: Vec<&'a JsonPath> = Vec::new();
        let mut out: Vec<(&'a str, Vec<Vec<Match<'a>>>)> = Vec::new();
        for (id, active) in config.rules() {
            let RuleRef::Declarative(rule) = &active.rule else {
                continue;
            };
            if rule.resolved != resolved || !active.applies_to(version) {
                continue;
            }
            if active.setting == RuleSetting::Off && !config.has_overrides() {
                continue;
            }
            if !keep(active) {
                continue;
            }
            let given = rule.given_for(version);
            out.push((id, vec![Vec::new(); given.len()]));
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
        let index: HashMap<&str, usize> = out
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        for ((id, k), matches) in owners
            .into_iter()
            .zip(select_many(&paths, FileId(0), root, view))
        {
            if let Some(&i) = index.get(id) {
                out[i].1[k] = matches;
            }
        }
        out
    };
    match views {
        [one] => view_matches(*one).into_iter().collect(),
        _ => {
            let (resolved, raw) = rayon::join(|| view_matches(true), || view_matches(false));
            resolved.into_iter().chain(raw).collect()
        }
    }
}
