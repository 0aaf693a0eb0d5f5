//! `gardefou score`: lint every API, then turn its findings into a scorecard.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint_measured, Severity};
use gardefou_report::{FindingRow, HTML_FINDINGS_PER_API};
use gardefou_score::{portfolio, score_api, ApiScore, Hit, ScoreConfig, Size, LOCATIONS_PER_LOSS};
use rayon::prelude::*;

use crate::cli::{ScoreArgs, ScoreFormat};
use crate::discover::{inputs, Input};

pub fn run(args: ScoreArgs) -> Result<u8> {
    let config = crate::lint::load_config(args.ruleset.clone(), args.functions.limits())?;
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
    let files: Vec<_> = inputs(&args.paths)?
        .into_iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(p),
            Input::Stdin => None,
        })
        .collect();
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
    let mut scored: Vec<(ApiScore, Vec<FindingRow>)> = pool.install(|| {
        files
            .par_iter()
            .with_max_len(1)
            .map(|path| -> Result<(ApiScore, Vec<FindingRow>)> {
                let set = DocumentSet::load(path, &options)?;
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
                let s = score_api(&path.display().to_string(), size, &hits, &score_config);
                progress.inc(1);
                Ok((s, rows))
            })
            .collect::<Result<Vec<_>>>()
    })?;
    progress.finish_and_clear();
    scored.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let (mut scores, findings): (Vec<ApiScore>, Vec<Vec<FindingRow>>) = scored.into_iter().unzip();
    let mut summary = portfolio(&scores, &score_config);
    if let Some(path) = &args.compare {
        let (earlier, mean) = read_earlier(path)?;
        for s in &mut scores {
            s.previous = earlier.get(&s.name).copied();
        }
        let mut removed: Vec<String> = earlier
            .keys()
            .filter(|name| !scores.iter().any(|s| &s.name == *name))
            .cloned()
            .collect();
        removed.sort();
        summary.removed = removed;
        summary.previous = mean;
    }
    let report = match args.format {
        ScoreFormat::Text => gardefou_report::render_scorecard_text(&scores, &summary),
        ScoreFormat::Json => gardefou_report::render_scorecard_json(&scores, &summary),
        ScoreFormat::Markdown => gardefou_report::render_scorecard_markdown(&scores, &summary),
        ScoreFormat::Html => gardefou_report::render_scorecard_html(&scores, &summary, &findings),
    };
    crate::lint::write_report(args.output.as_deref(), &report)?;
    if let Some(min) = args.min_score {
        let below = if args.portfolio {
            summary.score < min
        } else {
            scores.iter().any(|s| s.score < min)
        };
        if below {
            return Ok(1);
        }
    }
    Ok(0)
}

/// API name → score, and the portfolio's mean, from an earlier JSON scorecard.
type Earlier = (std::collections::HashMap<String, f64>, Option<f64>);

fn read_earlier(path: &Path) -> Result<Earlier> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
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
    let scores = apis
        .iter()
        .filter_map(|a| {
            Some((
                a.get("name")?.as_str()?.to_string(),
                a.get("score")?.as_f64()?,
            ))
        })
        .collect();
    Ok((
        scores,
        v.pointer("/portfolio/score").and_then(|s| s.as_f64()),
    ))
}
