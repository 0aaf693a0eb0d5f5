//! The `gardefou` command line: arguments, exit codes, choosing reporters. The only code that prints,
//! and only through [`output`] (a closed pipe must never panic).
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod baseline;
mod bundle_cmd;
mod check_cmd;
mod cli;
mod diff_cmd;
mod discover;
mod docs_cmd;
mod fetch;
mod filters;
mod init_cmd;
mod lint;
mod output;
mod rules_cmd;
mod schedule;
mod schema_cmd;
mod score_cmd;
mod serve_cmd;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: linting allocates many small, short-lived objects (paths, matches, schema
/// validators); it made whole runs 10–20% faster than the system allocator (docs/performance.md).
/// Built with `no_thp`: mimalloc would otherwise `madvise` its arenas for transparent huge pages,
/// and on a kernel whose THP `defrag` setting is `madvise` (Debian's default) every fault in them
/// compacts memory and zeroes 2 MiB; that was most of GitHub's lint time (docs/performance.md).
/// The `system-allocator` feature leaves it out, for heap profilers that intercept `malloc`.
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Stack size for worker threads: documents may nest up to the depth limit, and validation
/// and reporting recurse over them.
pub(crate) const STACK_SIZE: usize = 64 * 1024 * 1024;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let worker = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || run(args))
        .expect("spawn the main worker thread");
    match worker.join() {
        Ok(code) => ExitCode::from(code),
        Err(_) => {
            output::stderr("gardefou: internal error (a bug): the run stopped unexpectedly");
            ExitCode::from(2)
        }
    }
}

fn run(args: cli::Cli) -> u8 {
    let result = match args.command {
        cli::Command::Lint(a) => lint::run(a),
        cli::Command::Rules(a) => rules_cmd::list(a),
        cli::Command::Rule(a) => rules_cmd::show(a),
        cli::Command::Diff(a) => diff_cmd::run(a),
        cli::Command::Score(a) => score_cmd::run(a),
        cli::Command::Check(a) => check_cmd::run(a),
        cli::Command::Bundle(a) => bundle_cmd::run(a),
        cli::Command::Init(a) => init_cmd::run(a),
        cli::Command::Schema => schema_cmd::print(),
        cli::Command::Lsp(_) => gardefou_lsp::run_stdio().map(|()| 0),
        cli::Command::Completions(a) => docs_cmd::completions(a),
        cli::Command::Man(a) => docs_cmd::man(a),
        cli::Command::Serve(a) => serve_cmd::run(a),
        cli::Command::Token(a) => serve_cmd::token(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A ruleset with several problems: each on its own line.
            if let Some(config) = e.downcast_ref::<gardefou_linter::ConfigError>() {
                for one in config.all() {
                    output::stderr(&format!(
                        "gardefou: error: {}",
                        gardefou_report::text::plain(&one.line())
                    ));
                }
                return 2;
            }
            // The chain may quote file names and document text: shown, not obeyed.
            let text = format!("{e:#}");
            output::stderr(&format!(
                "gardefou: error: {}",
                gardefou_report::text::plain(&text)
            ));
            2
        }
    }
}
