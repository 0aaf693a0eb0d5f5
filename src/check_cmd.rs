//! `gardefou check`: every API under the paths evaluated against the policies that govern it
//! at a lifecycle stage. Exit 1 when a `block` action fires, 2 when the check cannot be made
//! (bad ruleset or policies, no API, an unreadable document), 0 otherwise.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use gardefou_document::LoadOptions;
use gardefou_governance::{render, Api, ApiResult, Governance, LoadSettings};
use gardefou_linter::Config;
use gardefou_report::text::plain;
use gardefou_report::{LintedDocument, ReportedDocument};
use rayon::prelude::*;

use crate::cli::{CheckArgs, CheckFormat};

pub fn run(args: CheckArgs) -> Result<u8> {
    let stage = args.stage.stage();
    let remote = args.allow_remote_rulesets.then(|| {
        std::sync::Arc::new(crate::fetch::HttpFetcher::new(
            gardefou_source::Limits::default().max_file_size,
            10,
            30,
        )) as std::sync::Arc<dyn gardefou_document::Fetch>
    });
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let ruleset = args.ruleset.clone().or_else(|| nearest_ruleset(&paths));
    // The ruleset is loaded as `lint` loads it, so that every key of it is checked.
    let config =
        crate::lint::load_config(ruleset.clone(), args.functions.limits(), remote.clone())?;
    let settings = LoadSettings {
        js_limits: args.functions.limits(),
        remote,
    };
    let governance = Governance::of(&config, &settings)?;
    let ruleset_name = crate::filters::ruleset_name(&config, ruleset.as_deref());
    let options = LoadOptions {
        allow_outside_refs: args.allow_outside_refs,
        ..LoadOptions::default()
    };
    let files = gardefou_governance::discover(&paths, options.limits.max_file_size)?;
    if files.is_empty() {
        let searched: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        anyhow::bail!(
            "no API found in {} (looked for apictl projects with api.yaml|json, and .yaml, .yml and .json files with a top-level `openapi` or `swagger` key); there is nothing to check",
            searched.join(", ")
        );
    }
    if governance.as_ref().is_none_or(|g| g.policies.is_empty()) {
        crate::output::stderr(&format!(
            "gardefou: {} has no `policies:`; no policy governs any API (every API is NOT-APPLICABLE)",
            plain(&ruleset_name)
        ));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(crate::STACK_SIZE)
        .build()
        .context("cannot start worker threads")?;
    // The CI formats point into the documents: they are kept for those only.
    let ci = match args.format {
        CheckFormat::Sarif => Some(Ci::Sarif),
        CheckFormat::Junit => Some(Ci::Junit),
        CheckFormat::Github => Some(Ci::Github),
        CheckFormat::Gitlab => Some(Ci::Gitlab),
        _ => None,
    };
    let keep = ci.is_some();
    let evaluated: Vec<(Option<Api>, ApiResult)> = pool.install(|| {
        files
            .into_par_iter()
            .with_max_len(1)
            .map(|f| {
                let api = Api::load(f, governance.as_ref(), &options);
                let result = gardefou_governance::evaluate(&api, governance.as_ref(), stage);
                (keep.then_some(api), result)
            })
            .collect()
    });
    let (apis, results): (Vec<Option<Api>>, Vec<ApiResult>) = evaluated.into_iter().unzip();
    let apis: Vec<Api> = apis.into_iter().flatten().collect();
    let report = gardefou_governance::report(governance.as_ref(), &ruleset_name, stage, results);
    let meta = render::Meta {
        generated_at: crate::score_cmd::report_date()?,
        gardefou_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let target = args.output.as_deref();
    let text = match (args.format, ci) {
        (_, Some(ci)) => ci_report(ci, &apis, &report.apis, governance.as_ref(), &ruleset_name),
        (CheckFormat::Json, _) => render::render_json(&report, &meta),
        (CheckFormat::Markdown, _) => render::render_markdown(&report, &meta),
        (CheckFormat::Html, _) => render::render_html(&report, &meta),
        _ => render::render_text(&report, &meta),
    };
    crate::lint::write_report(target, &text)?;
    if let Some(db) = &args.history {
        crate::serve_cmd::record(
            db,
            &config,
            &ruleset_name,
            &paths,
            stage,
            args.functions.limits(),
        )?;
    }
    let mut unreadable = false;
    for r in &report.apis {
        for p in &r.problems {
            unreadable = true;
            crate::output::stderr(&format!("gardefou: {}", plain(p)));
        }
    }
    if unreadable {
        return Ok(2);
    }
    // The text report ends with the verdict; the others get it on standard error.
    if report.blocked && (args.format != CheckFormat::Text || args.output.is_some()) {
        crate::output::stderr(&format!(
            "gardefou: {} violation(s) block {}",
            report.blocking,
            stage.as_str()
        ));
    }
    Ok(u8::from(report.blocked))
}

/// The nearest ruleset file from the first path upwards (a portfolio carries its policies),
/// else from the current directory.
fn nearest_ruleset(paths: &[PathBuf]) -> Option<PathBuf> {
    let first = paths.first()?;
    let dir = if first.is_dir() {
        first.clone()
    } else {
        first
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    gardefou_linter::discover::find_ruleset(&dir)
        .or_else(|| gardefou_linter::discover::find_ruleset(&std::env::current_dir().ok()?))
}

/// A lint CI format.
#[derive(Clone, Copy)]
enum Ci {
    Sarif,
    Junit,
    Github,
    Gitlab,
}

/// The lint CI formats, carrying the violations that block the stage.
fn ci_report(
    format: Ci,
    apis: &[Api],
    results: &[ApiResult],
    governance: Option<&Governance>,
    ruleset: &str,
) -> String {
    let mut blocking = Vec::new();
    let by_path: std::collections::HashMap<&str, &Api> =
        apis.iter().map(|a| (a.path.as_str(), a)).collect();
    for r in results {
        let Some(api) = by_path.get(r.path.as_str()) else {
            continue;
        };
        for (t, findings) in r.blocking_findings() {
            if let Some(set) = api.target(t) {
                blocking.push((set, findings));
            }
        }
    }
    let reduced: Vec<ReportedDocument> = blocking
        .iter()
        .map(|(set, findings)| ReportedDocument::new(set, findings))
        .collect();
    let docs: Vec<LintedDocument<'_>> = blocking
        .iter()
        .zip(&reduced)
        .map(|((_, findings), doc)| LintedDocument { doc, findings })
        .collect();
    let mut rules: Vec<String> = governance
        .iter()
        .flat_map(|g| &g.rulesets)
        .flat_map(|r| {
            r.config
                .rules()
                .filter(|(_, a)| a.setting != gardefou_linter::RuleSetting::Off)
                .map(|(id, _)| id.to_string())
        })
        .collect();
    rules.sort();
    rules.dedup();
    let run = gardefou_report::RunInfo {
        ruleset: ruleset.to_string(),
        rules,
        hidden: 0,
        summary_file: false,
    };
    let configs: Vec<&Config> = governance
        .iter()
        .flat_map(|g| &g.rulesets)
        .map(|r| &r.config)
        .collect();
    let core = Config::recommended();
    let info = |id: &str| {
        let config = configs
            .iter()
            .find(|c| c.rules().any(|(r, _)| r == id))
            .copied()
            .unwrap_or(&core);
        let (summary, help, help_uri, category, severity) = config.describe(id);
        gardefou_report::RuleInfo {
            summary,
            help,
            help_uri,
            category: category.as_str(),
            severity,
        }
    };
    match format {
        Ci::Sarif => gardefou_report::render_sarif(&docs, &info),
        Ci::Junit => gardefou_report::render_junit(&docs, &run),
        Ci::Github => gardefou_report::render_github(&docs, &run),
        Ci::Gitlab => gardefou_report::render_gitlab(&docs),
    }
}
