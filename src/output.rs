//! Writing to the standard streams. Every byte gardefou prints goes through here, so a closed
//! pipe (`gardefou rules -f json | head`) ends the output quietly instead of panicking, while
//! any other write error (a full disk behind a redirection) is still reported.

use std::io::{ErrorKind, Write};

use anyhow::{Context, Result};

/// Writes `text` to standard output. A reader that went away (`EPIPE`) is not an error: there
/// is nobody left to tell, and the command's exit code stays what the run decided.
pub(crate) fn stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

/// Writes to standard output what `write` produces, buffered, as it produces it (a large
/// report is never held whole in memory). A closed pipe ends it quietly, as in [`stdout`].
pub(crate) fn stdout_with(write: &dyn Fn(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

/// Writes one line to standard error; failures are ignored (there is no other place to say so).
pub(crate) fn stderr(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}
