//! `gardefou lsp`: the Language Server Protocol over stdio.
//!
//! The server lints every OpenAPI root document of the workspace with the ruleset `lint` would
//! find, using the unsaved text of every open file, and publishes diagnostics per file (a
//! problem in a referenced file shows in that file, with the `$ref` chain from the root as
//! related information). Edits are debounced; a lint made before the latest edit is never
//! published. It answers go to definition on a `$ref`, find references of a component, the
//! document outline, and hovers (a `$ref`'s target; a diagnostic's rule docs), and offers code
//! actions: a rule's quick fix, "Ignore `rule` here", "Add to baseline" (when the ruleset
//! names a `baseline:`, whose findings are not shown), the rule's docs.
//!
//! Nothing here prints: messages go to the client through the connection only.
#![deny(missing_docs)]

pub mod actions;
pub mod analysis;
pub mod baseline;
pub mod edit;
pub mod fixes;
mod handlers;
pub mod navigate;
pub mod position;
mod server;
pub mod workspace;

use lsp_server::Connection;

/// Serves one client over standard input and output until it asks the server to exit.
pub fn run_stdio() -> anyhow::Result<()> {
    let (connection, io_threads) = Connection::stdio();
    server::serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}

/// Serves one client over `connection` (stdio, or an in-memory pair in tests).
pub fn serve(connection: &Connection) -> anyhow::Result<()> {
    server::serve(connection)
}
