use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint_with_base, Config, Finding, Severity};
use gardefou_report::LintedDocument;
use gardefou_source::Limits;
use rayon::prelude::*;

use crate::cli::{FailSeverity, Format, FormatSpec, LintArgs};
use crate::discover::{inputs, Input};

/// Ruleset files looked for, nearest directory first.
const RULESET_NAMES: [&str; 4] = [
    ".gardefou.yaml",
    ".spectral.yaml",
    ".spectral.yml",
    ".spectral.json",
];

fn find_ruleset() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    for dir in cwd.ancestors() {
        for name in RULESET_NAMES {
            let p = dir.join(name);
            // A ruleset that is a FIFO or a device is found (and refused when loaded), not
            // silently replaced by the default one.
            if std::fs::metadata(&p).is_ok_and(|m| !m.is_dir()) {
                return Some(p);
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
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
    };
    let base = match &args.base {
        Some(spec) => Some(crate::diff_cmd::load_version(spec, &options)?),
        None => None,
    };
    let inputs = inputs(&args.paths, args.max_file_size)?;
    let mut stdin_text = None;
    if inputs.contains(&Input::Stdin) {
        stdin_text = Some(read_stdin(args.max_file_size)?);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(crate::STACK_SIZE)
        .build()
        .context("cannot start worker threads")?;
    let results: Vec<Result<(DocumentSet, Vec<Finding>)>> = pool.install(|| {
        inputs
            .par_iter()
            .with_max_len(1)
            .map(|input| {
                let set = match input {
                    Input::File(path) => DocumentSet::load(path, &options)?,
                    Input::Stdin => {
                        let bytes = stdin_text.clone().unwrap_or_default();
                        DocumentSet::from_bytes("<stdin>", bytes, Path::new("."), &options)
                    }
                };
                let findings = lint_with_base(&set, &config, base.as_ref());
                Ok((set, findings))
            })
            .collect()
    });
    let mut linted = Vec::new();
    for r in results {
        linted.push(r?);
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
    if let Some(path) = &args.baseline {
        let (hidden, fixed) = crate::baseline::apply(path, &mut linted)?;
        crate::output::stderr(&format!(
            "gardefou: baseline {}: {hidden} known finding(s) not shown, {fixed} fixed since",
            path.display()
        ));
    }
    let docs: Vec<LintedDocument<'_>> = linted
        .iter()
        .map(|(set, findings)| LintedDocument { set, findings })
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
        let report = render(spec.format, &docs, &config, color);
        write_report(target.map(PathBuf::as_path), &report)?;
    }
    let unreadable = linted
        .iter()
        .any(|(set, _)| set.root().issues.iter().any(|i| i.kind.is_fatal()));
    if unreadable {
        return Ok(2);
    }
    if wrote_baseline {
        return Ok(0);
    }
    let threshold = match args.fail_severity {
        FailSeverity::Never => return Ok(0),
        FailSeverity::Error => Severity::Error,
        FailSeverity::Warn => Severity::Warn,
        FailSeverity::Info => Severity::Info,
        FailSeverity::Hint => Severity::Hint,
    };
    let failing = linted
        .iter()
        .flat_map(|(_, f)| f)
        .any(|f| f.severity <= threshold);
    Ok(u8::from(failing))
}

fn render(format: Format, docs: &[LintedDocument<'_>], config: &Config, color: bool) -> String {
    match format {
        Format::Human => gardefou_report::render_human(docs, color),
        Format::Json => gardefou_report::render_json(docs),
        Format::SpectralJson => gardefou_report::render_spectral_json(docs),
        Format::Junit => gardefou_report::render_junit(docs),
        Format::Github => gardefou_report::render_github(docs),
        Format::Gitlab => gardefou_report::render_gitlab(docs),
        Format::Stylish => gardefou_report::render_stylish(docs),
        Format::Markdown => gardefou_report::render_markdown(docs),
        Format::Sarif => gardefou_report::render_sarif(docs, &|id| {
            let (summary, help, help_uri, category, severity) = config.describe(id);
            gardefou_report::RuleInfo {
                summary,
                help,
                help_uri,
                category: category.as_str(),
                severity,
            }
        }),
    }
}
