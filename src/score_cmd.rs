//! `gardefou score`: lint every API, then turn its findings into a scorecard.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint_measured, Severity};
use gardefou_report::text::plain;
use gardefou_report::{FindingRow, ReportMeta, HTML_FINDINGS_PER_API};
use gardefou_score::{portfolio, score_api, ApiScore, Hit, ScoreConfig, Size, LOCATIONS_PER_LOSS};
use rayon::prelude::*;

use crate::cli::{ScoreArgs, ScoreFormat};
use crate::discover::{inputs, Input};

pub fn run(args: ScoreArgs) -> Result<u8> {
    let remote_rulesets = args.allow_remote_rulesets.then(|| {
        std::sync::Arc::new(crate::fetch::HttpFetcher::new(
            gardefou_source::Limits::default().max_file_size,
            10,
            30,
        )) as std::sync::Arc<dyn gardefou_document::Fetch>
    });
    let config = crate::lint::load_config(
        args.ruleset.clone(),
        args.functions.limits(),
        remote_rulesets,
    )?;
    let score_config = match &config.scorecard {
        Some(v) => ScoreConfig::from_value(v).with_context(|| {
            format!(
                "in {}",
                config
                    .source
                    .as_deref()
                    .unwrap_or(Path::new("the ruleset"))
                    .display()
            )
        })?,
        None => ScoreConfig::default(),
    };
    let options = LoadOptions {
        allow_outside_refs: args.allow_outside_refs,
        ..LoadOptions::default()
    };
    let meta = ReportMeta {
        generated_at: report_date()?,
        gardefou_version: env!("CARGO_PKG_VERSION").to_string(),
        ruleset: config.source.as_deref().map_or_else(
            || "gardefou:recommended".to_string(),
            |p| p.display().to_string(),
        ),
    };
    let inputs = inputs(&args.paths, options.limits.max_file_size)?;
    if inputs.is_empty() {
        let searched = if args.paths.is_empty() {
            "the current directory".to_string()
        } else {
            args.paths
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        anyhow::bail!(
            "no API found in {searched} (looked for .yaml, .yml and .json files with a top-level \
             `openapi` or `swagger` key); there is nothing to score"
        );
    }
    let stdin_text = if inputs.contains(&Input::Stdin) {
        Some(crate::lint::read_stdin(options.limits.max_file_size)?)
    } else {
        None
    };
    let files = inputs;
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(crate::STACK_SIZE)
        .build()
        .context("cannot start worker threads")?;
    let progress = if std::io::stderr().is_terminal() && files.len() > 1 {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("scoring {bar:30} {pos}/{len} APIs {elapsed}")
                .expect("a valid progress template"),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let keep_findings = matches!(args.format, ScoreFormat::Html);
    // Each API is reduced to its scorecard row (and the findings the HTML report lists) as soon
    // as it is linted; its document set is dropped before the worker loads the next.
    let sized: Vec<(&Input, u64)> = files
        .iter()
        .map(|i| (i, crate::schedule::size_of(i, stdin_text.as_deref())))
        .collect();
    let mut scored: Vec<(ApiScore, Vec<FindingRow>)> = crate::schedule::each(
        &pool,
        &sized,
        |input| -> Result<(ApiScore, Vec<FindingRow>)> {
            let input: &Input = input;
            let set = match input {
                Input::File(path) => DocumentSet::load(path, &options)?,
                Input::Stdin => DocumentSet::from_bytes(
                    "<stdin>",
                    stdin_text.clone().unwrap_or_default(),
                    Path::new("."),
                    &options,
                ),
            };
            let measured = lint_measured(&set, &config);
            let findings = measured.findings;
            let size = Size {
                operations: measured.operations,
                schemas: measured.schemas,
            };
            // The HTML report lists the first findings of each API (and counts the rest).
            let rows = if keep_findings {
                findings
                    .iter()
                    .take(HTML_FINDINGS_PER_API)
                    .map(|f| FindingRow {
                        rule: f.rule.clone(),
                        severity: f.severity,
                        location: set.place(f.file, f.span.start),
                        message: f.message.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            // Only the first few places of each rule are shown: format just those.
            let mut seen: HashMap<(&str, Severity), usize> = HashMap::new();
            let hits: Vec<Hit> = findings
                .iter()
                .map(|f| {
                    let n = seen.entry((f.rule.as_str(), f.severity)).or_insert(0);
                    *n += 1;
                    let location =
                        (*n <= LOCATIONS_PER_LOSS).then(|| set.place(f.file, f.span.start));
                    Hit {
                        rule: f.rule.clone(),
                        category: f.category,
                        severity: f.severity,
                        location,
                    }
                })
                .collect();
            let (title, version) = gardefou_score::info(&set);
            let mut s =
                score_api(&set.root().name, size, &hits, &score_config).with_info(title, version);
            if let Some(why) = gardefou_score::assess(&set) {
                s = s.unscorable(why, &score_config);
            }
            progress.inc(1);
            Ok((s, rows))
        },
    )
    .into_iter()
    .collect::<Result<Vec<_>>>()?;
    progress.finish_and_clear();
    let compliance = compliance(&config, &args, &files, &options, &pool)?;
    for (s, _) in &mut scored {
        let key = std::fs::canonicalize(&s.path).ok();
        s.compliance = key.and_then(|k| compliance.get(&k).cloned());
    }
    scored.sort_by(|a, b| {
        (a.0.name.as_str(), a.0.path.as_str()).cmp(&(b.0.name.as_str(), b.0.path.as_str()))
    });
    let (mut scores, findings): (Vec<ApiScore>, Vec<Vec<FindingRow>>) = scored.into_iter().unzip();
    let mut summary = portfolio(&scores, &score_config);
    if let Some(path) = &args.compare {
        let (earlier, mean) = read_earlier(path)?;
        for s in &mut scores {
            s.previous = earlier.get(&s.path).map(|(score, _)| *score);
        }
        let mut removed: Vec<String> = earlier
            .iter()
            .filter(|(path, _)| !scores.iter().any(|s| &s.path == *path))
            .map(|(path, (_, name))| {
                if name == path {
                    path.clone()
                } else {
                    format!("{name} ({path})")
                }
            })
            .collect();
        removed.sort();
        summary.removed = removed;
        summary.previous = mean;
    }
    summary.gate = args
        .min_score
        .map(|min| gardefou_score::gate(&scores, &summary, min, args.portfolio));
    let report = match args.format {
        ScoreFormat::Text => gardefou_report::render_scorecard_text(&scores, &summary, &meta),
        ScoreFormat::Json => gardefou_report::render_scorecard_json(&scores, &summary, &meta),
        ScoreFormat::Markdown => {
            gardefou_report::render_scorecard_markdown(&scores, &summary, &meta)
        }
        ScoreFormat::Html => {
            gardefou_report::render_scorecard_html(&scores, &summary, &findings, &meta)
        }
    };
    crate::lint::write_report(args.output.as_deref(), &report)?;
    if let Some(db) = &args.history {
        let paths: Vec<std::path::PathBuf> = files
            .iter()
            .filter_map(|i| match i {
                Input::File(p) => Some(p.clone()),
                Input::Stdin => None,
            })
            .collect();
        crate::serve_cmd::record(
            db,
            &config,
            &meta.ruleset,
            &paths,
            args.stage.stage(),
            args.functions.limits(),
        )?;
    }
    let unscorable: Vec<&ApiScore> = scores.iter().filter(|s| s.unparseable.is_some()).collect();
    for s in &unscorable {
        if let Some(u) = &s.unparseable {
            crate::output::stderr(&format!(
                "gardefou: {}: cannot be scored ({}): {}; it scores 0 (grade {})",
                plain(&s.path),
                u.kind.as_str(),
                plain(&u.reason),
                plain(&s.grade)
            ));
        }
    }
    let mut failed = false;
    if let Some(g) = &summary.gate {
        failed = !g.passed;
        if failed || !g.below.is_empty() {
            crate::output::stderr(&format!("gardefou: {}", gardefou_report::gate_summary(g)));
            for b in &g.below {
                if b.name == b.path {
                    crate::output::stderr(&format!(
                        "  {}  {:.1} {}",
                        plain(&b.name),
                        b.score,
                        plain(&b.grade)
                    ));
                } else {
                    crate::output::stderr(&format!(
                        "  {}  {:.1} {}  ({})",
                        plain(&b.name),
                        b.score,
                        plain(&b.grade),
                        plain(&b.path)
                    ));
                }
            }
        }
    }
    // Like `lint`: a document that cannot be read means the tool could not do its job.
    if !unscorable.is_empty() {
        return Ok(2);
    }
    Ok(u8::from(failed))
}

/// Each scored file's compliance with the ruleset's policies at `--stage` (by canonical path
/// of its definition), as `gardefou check` evaluates it; empty when the ruleset has no
/// policies.
fn compliance(
    config: &gardefou_linter::Config,
    args: &ScoreArgs,
    files: &[Input],
    options: &LoadOptions,
    pool: &rayon::ThreadPool,
) -> Result<HashMap<std::path::PathBuf, gardefou_score::Compliance>> {
    let settings = gardefou_governance::LoadSettings {
        js_limits: args.functions.limits(),
        remote: None,
    };
    let Some(governance) = gardefou_governance::Governance::of(config, &settings)? else {
        return Ok(HashMap::new());
    };
    if governance.policies.is_empty() {
        return Ok(HashMap::new());
    }
    let stage = args.stage.stage();
    let paths: Vec<std::path::PathBuf> = files
        .iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(p.clone()),
            Input::Stdin => None,
        })
        .collect();
    let apis = gardefou_governance::discover(&paths, options.limits.max_file_size)?;
    let found: Vec<(std::path::PathBuf, gardefou_score::Compliance)> = pool.install(|| {
        apis.into_par_iter()
            .with_max_len(1)
            .filter_map(|f| {
                let definition = std::fs::canonicalize(f.definition.as_ref()?).ok()?;
                let api = gardefou_governance::Api::load(f, Some(&governance), options);
                let r = gardefou_governance::evaluate(&api, Some(&governance), stage);
                Some((
                    definition,
                    gardefou_score::Compliance {
                        status: r.status.as_str().to_string(),
                        stage: stage.as_str().to_string(),
                    },
                ))
            })
            .collect()
    });
    Ok(found.into_iter().collect())
}

/// The report's date: `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when set, else now; as an
/// RFC 3339 date-time in UTC.
pub(crate) fn report_date() -> Result<String> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse::<i64>().with_context(|| {
            format!("SOURCE_DATE_EPOCH must be a number of seconds since 1970, not `{v}`")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(rfc3339(seconds))
}

/// `2023-11-14T22:13:20Z` for 1700000000.
fn rfc3339(seconds: i64) -> String {
    gardefou_serve::rfc3339_seconds(seconds)
}

/// API path → (score, name), and the portfolio's mean, from an earlier JSON scorecard.
type Earlier = (HashMap<String, (f64, String)>, Option<f64>);

fn read_earlier(path: &Path) -> Result<Earlier> {
    let text = gardefou_document::read_regular_to_string(
        path,
        gardefou_source::Limits::default().max_file_size,
    )
    .with_context(|| format!("cannot read {}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not a JSON scorecard (make one with `gardefou score -f json`)",
            path.display()
        )
    })?;
    let apis = v.get("apis").and_then(|a| a.as_array()).with_context(|| {
        format!(
            "{}: no `apis` array; not a gardefou scorecard",
            path.display()
        )
    })?;
    // Scorecards before `path` existed named each API by its path.
    let scores = apis
        .iter()
        .filter_map(|a| {
            let name = a.get("name")?.as_str()?.to_string();
            let key = a
                .get("path")
                .and_then(|p| p.as_str())
                .map_or_else(|| name.clone(), str::to_string);
            Some((key, (a.get("score")?.as_f64()?, name)))
        })
        .collect();
    Ok((
        scores,
        v.pointer("/portfolio/score").and_then(|s| s.as_f64()),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_dates() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(super::rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(super::rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(super::rfc3339(4_107_542_399), "2100-02-28T23:59:59Z");
    }
}
