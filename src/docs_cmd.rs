//! `gardefou completions SHELL` and `gardefou man`: generated from the command-line definition,
//! so they never drift from it. The copies shipped in `docs/man/` and `docs/completions/` are
//! checked against these by `tests/cli_conventions.rs`.

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs, Shell};

/// Prints the completion script of `args.shell`.
pub fn completions(args: CompletionsArgs) -> Result<u8> {
    use clap_complete::{generate, shells};
    let mut cmd = Cli::command();
    let mut out: Vec<u8> = Vec::new();
    match args.shell {
        Shell::Bash => generate(shells::Bash, &mut cmd, "gardefou", &mut out),
        Shell::Zsh => generate(shells::Zsh, &mut cmd, "gardefou", &mut out),
        Shell::Fish => generate(shells::Fish, &mut cmd, "gardefou", &mut out),
        Shell::Powershell => generate(shells::PowerShell, &mut cmd, "gardefou", &mut out),
    }
    crate::output::stdout(&String::from_utf8(out).context("completion script is not UTF-8")?)?;
    Ok(0)
}

/// Prints `gardefou.1`, or writes it and one page per command into `--out-dir`.
pub fn man(args: ManArgs) -> Result<u8> {
    // As `clap_mangen::generate_to` does for the pages of `--out-dir`: `help` gets no page.
    let cmd = Cli::command().disable_help_subcommand(true);
    match args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, &dir)
                .with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
        }
        None => {
            let mut out: Vec<u8> = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .context("cannot render the man page")?;
            crate::output::stdout(&String::from_utf8(out).context("man page is not UTF-8")?)?;
        }
    }
    Ok(0)
}
