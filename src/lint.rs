use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint_with_base, Config, Finding, Severity};
use gardefou_report::{LintedDocument, ReportedDocument};
use gardefou_source::Limits;

use crate::cli::{FailSeverity, Format, FormatSpec, LintArgs, MinSeverity};
use crate::discover::{inputs_for, Input};

fn find_ruleset() -> Option<PathBuf> {
    gardefou_linter::discover::find_ruleset(&std::env::current_dir().ok()?)
}

/// The given ruleset, else the nearest one, else `gardefou:recommended`.
pub(crate) fn load_config(
    ruleset: Option<PathBuf>,
    limits: gardefou_linter::JsLimits,
    remote: Option<std::sync::Arc<dyn gardefou_document::Fetch>>,
) -> Result<Config> {
    let config = match ruleset.or_else(find_ruleset) {
        // `-r spectral:oas`: a built-in ruleset by name, unless a file has that name.
        Some(path) if !path.exists() && path.to_str().and_then(Config::builtin).is_some() => {
            path.to_str().and_then(Config::builtin).expect("checked")
        }
        Some(path) => Config::load_with(&path, limits, remote)?,
        None => Config::recommended(),
    };
    Ok(config)
}

/// Writes a report to a file, or to standard output.
pub(crate) fn write_report(path: Option<&Path>, report: &str) -> Result<()> {
    match path {
        Some(path) => std::fs::write(path, report)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => crate::output::stdout(report)?,
    }
    Ok(())
}

/// Writes a report to a file, or to standard output, as `write` produces it.
pub(crate) fn stream_report(
    path: Option<&Path>,
    write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    match path {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, file);
            write(&mut out)
                .and_then(|()| std::io::Write::flush(&mut out))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => crate::output::stdout_with(write)?,
    }
    Ok(())
}

/// Standard input, read no further than the file size limit (exit 2 past it).
pub(crate) fn read_stdin(limit: usize) -> Result<Vec<u8>> {
    gardefou_document::read_limited(std::io::stdin().lock(), limit).map_err(|e| match e {
        gardefou_document::ReadError::TooLarge { limit, .. } => anyhow::anyhow!(
            "<stdin>: standard input is larger than the {limit} byte limit (--max-file-size)"
        ),
        e => anyhow::anyhow!("cannot read standard input: {e}"),
    })
}

pub fn run(args: LintArgs) -> Result<u8> {
    let remote_rulesets = args.allow_remote_rulesets.then(|| {
        std::sync::Arc::new(crate::fetch::HttpFetcher::new(
            args.max_file_size,
            args.remote_timeout,
            args.remote_deadline,
        )) as std::sync::Arc<dyn gardefou_document::Fetch>
    });
    let config = load_config(
        args.ruleset.clone(),
        args.functions.limits(),
        remote_rulesets,
    )?;
    let skip = crate::filters::rule_ids("--skip", &args.skip, &config)?;
    let only = crate::filters::rule_ids("--only", &args.only, &config)?;
    let options = LoadOptions {
        limits: Limits {
            max_depth: args.max_depth,
            max_file_size: args.max_file_size,
            max_alias_nodes: args.max_alias_nodes,
            ..Limits::default()
        },
        allow_outside_refs: args.allow_outside_refs,
        fetcher: args.allow_remote_refs.then(|| {
            std::sync::Arc::new(crate::fetch::HttpFetcher::new(
                args.max_file_size,
                args.remote_timeout,
                args.remote_deadline,
            )) as std::sync::Arc<dyn gardefou_document::Fetch>
        }),
        overlay: None,
    };
    let base = match &args.base {
        Some(spec) => Some(crate::diff_cmd::load_version(spec, &options)?),
        None => None,
    };
    let inputs = inputs_for(&args.paths, args.max_file_size, config.target())?;
    let mut stdin_text = None;
    if inputs.contains(&Input::Stdin) {
        stdin_text = Some(read_stdin(args.max_file_size)?);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(crate::STACK_SIZE)
        .build()
        .context("cannot start worker threads")?;
    // Each document is reduced to its findings and what reporting them needs as soon as it is
    // linted: its tree and text are dropped before the worker takes the next one.
    let sized: Vec<(&Input, u64)> = inputs
        .iter()
        .map(|i| (i, crate::schedule::size_of(i, stdin_text.as_deref())))
        .collect();
    let results = crate::schedule::each(&pool, &sized, |input| -> Result<Linted> {
        let set = match *input {
            Input::File(path) => DocumentSet::load(path, &options)?,
            Input::Stdin => {
                let bytes = stdin_text.clone().unwrap_or_default();
                DocumentSet::from_bytes("<stdin>", bytes, Path::new("."), &options)
            }
        };
        let findings = lint_with_base(&set, &config, base.as_ref());
        let version = crate::filters::version_of(&config, &set);
        let doc = ReportedDocument::new(&set, &findings);
        Ok((doc, findings, version))
    });
    let mut linted = Vec::new();
    let mut versions = Vec::new();
    for r in results {
        let (doc, mut findings, version) = r?;
        // `--skip`: as if the ruleset turned the rules off.
        if !skip.is_empty() {
            findings.retain(|f| !skip.contains(&f.rule));
        }
        linted.push((doc, findings));
        versions.push(version);
    }
    // Writing a baseline records the findings: the run succeeded, whatever they are (exit 0,
    // or 2 when a document could not be read).
    let mut wrote_baseline = false;
    if let Some(path) = &args.write_baseline {
        let n = crate::baseline::write(path, &linted)?;
        crate::output::stderr(&format!(
            "gardefou: baseline {}: {n} finding(s) recorded",
            path.display()
        ));
        wrote_baseline = true;
    }
    // `--baseline FILE`, else the ruleset's `baseline:` (not while writing a new baseline,
    // which records every finding; a configured file not written yet hides nothing).
    let configured = config
        .baseline
        .as_ref()
        .filter(|_| args.baseline.is_none() && args.write_baseline.is_none());
    if let Some(path) = args.baseline.as_ref().or(configured) {
        let missing_is_empty = args.baseline.is_none();
        let applied =
            crate::baseline::apply(path, &mut linted, args.max_file_size, missing_is_empty)?;
        if let Some((hidden, fixed)) = applied {
            crate::output::stderr(&format!(
                "gardefou: baseline {}: {hidden} known finding(s) not shown, {fixed} fixed since",
                path.display()
            ));
        }
    }
    // The exit code is decided on every finding not skipped, before the display filters.
    let code = exit_code(&linted, args.fail_severity, wrote_baseline);
    let min_severity = args.min_severity.map(|m| match m {
        MinSeverity::Error => Severity::Error,
        MinSeverity::Warn => Severity::Warn,
        MinSeverity::Info => Severity::Info,
        MinSeverity::Hint => Severity::Hint,
    });
    let mut hidden = 0;
    if !only.is_empty() || min_severity.is_some() {
        for (_, findings) in &mut linted {
            let before = findings.len();
            findings.retain(|f| {
                (only.is_empty() || only.contains(&f.rule))
                    && min_severity.is_none_or(|m| f.severity <= m)
            });
            hidden += before - findings.len();
        }
    }
    let run = gardefou_report::RunInfo {
        ruleset: crate::filters::ruleset_name(&config, args.ruleset.as_deref()),
        rules: crate::filters::rules_ran(&config, &versions, &skip),
        hidden,
        summary_file: args.summary_file.is_some(),
    };
    let docs: Vec<LintedDocument<'_>> = linted
        .iter()
        .map(|(doc, findings)| LintedDocument { doc, findings })
        .collect();
    let mut specs = args.format.clone();
    if specs.is_empty() {
        specs.push(FormatSpec {
            format: Format::Human,
            file: None,
        });
    }
    if specs.iter().filter(|s| s.file.is_none()).count() > 1 {
        anyhow::bail!(
            "only one format can go to {}; give the others a file with `-f FORMAT=FILE`",
            args.output
                .as_ref()
                .map_or("standard output".to_string(), |p| p.display().to_string())
        );
    }
    for spec in &specs {
        let target = spec.file.as_ref().or(args.output.as_ref());
        let to_terminal = target.is_none() && std::io::stdout().is_terminal();
        let choice = if args.no_color {
            crate::cli::ColorChoice::Never
        } else {
            args.color
        };
        let color = choice.enabled(to_terminal);
        // `--max-problems`: 0 is all; unset, a terminal gets the first 100.
        let max_problems = match args.max_problems {
            Some(0) => None,
            Some(n) => Some(n),
            None if to_terminal => Some(TERMINAL_MAX_PROBLEMS),
            None => None,
        };
        let shown = gardefou_report::Shown {
            max_problems,
            summary_only: args.summary,
        };
        let target = target.map(PathBuf::as_path);
        match spec.format {
            // The machine formats that can be large are written finding by finding.
            Format::Json => stream_report(target, &|out| gardefou_report::write_json(&docs, out))?,
            Format::Sarif => stream_report(target, &|out| {
                gardefou_report::write_sarif(&docs, &|id| rule_info(&config, id), out)
            })?,
            format => write_report(target, &render(format, &docs, &config, color, &run, shown))?,
        }
    }
    if let Some(path) = &args.summary_file {
        let shown = gardefou_report::Shown {
            max_problems: args.max_problems.filter(|&n| n > 0),
            summary_only: args.summary,
        };
        let markdown =
            gardefou_report::render_markdown(&docs, &run, shown, gardefou_report::STEP_SUMMARY);
        append(path, &markdown)?;
    }
    Ok(code)
}

/// A linted document: what reporting its findings needs, its findings, its OpenAPI version.
type Linted = (
    ReportedDocument,
    Vec<Finding>,
    Option<gardefou_model::SpecVersion>,
);

/// Findings printed on a terminal when `--max-problems` is not given (Redocly shows 100).
const TERMINAL_MAX_PROBLEMS: usize = 100;

/// Appends to a file (a job summary collects what every step appends), creating it if needed.
fn append(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// 2 when a document could not be read, else 0 after writing a baseline, else 1 when a finding is at or above the fail
/// severity, else 0.
fn exit_code(
    linted: &[(ReportedDocument, Vec<Finding>)],
    fail: FailSeverity,
    wrote_baseline: bool,
) -> u8 {
    let unreadable = linted.iter().any(|(doc, _)| doc.unreadable());
    if unreadable {
        return 2;
    }
    if wrote_baseline {
        return 0;
    }
    let threshold = match fail {
        FailSeverity::Never => return 0,
        FailSeverity::Error => Severity::Error,
        FailSeverity::Warn => Severity::Warn,
        FailSeverity::Info => Severity::Info,
        FailSeverity::Hint => Severity::Hint,
    };
    let failing = linted
        .iter()
        .flat_map(|(_, f)| f)
        .any(|f| f.severity <= threshold);
    u8::from(failing)
}

fn render(
    format: Format,
    docs: &[LintedDocument<'_>],
    config: &Config,
    color: bool,
    run: &gardefou_report::RunInfo,
    shown: gardefou_report::Shown,
) -> String {
    match format {
        Format::Human => gardefou_report::render_human(docs, color, run, shown),
        Format::Json => gardefou_report::render_json(docs),
        Format::SpectralJson => gardefou_report::render_spectral_json(docs),
        Format::Junit => gardefou_report::render_junit(docs, run),
        Format::Github => gardefou_report::render_github(docs, run),
        Format::Gitlab => gardefou_report::render_gitlab(docs),
        Format::Stylish => gardefou_report::render_stylish(docs, run, shown),
        Format::Markdown => {
            gardefou_report::render_markdown(docs, run, shown, gardefou_report::PR_COMMENT)
        }
        Format::Sarif => gardefou_report::render_sarif(docs, &|id| rule_info(config, id)),
    }
}

/// What SARIF shows about a rule of the configuration.
fn rule_info(config: &Config, id: &str) -> gardefou_report::RuleInfo {
    let (summary, help, help_uri, category, severity) = config.describe(id);
    gardefou_report::RuleInfo {
        summary,
        help,
        help_uri,
        category: category.as_str(),
        severity,
    }
}
