//! `gardefou serve`: the validation step of a publication workflow and the place where the
//! compliance history lives.
//!
//! - [`Engine`] evaluates one submitted definition exactly as `gardefou check` and
//!   `gardefou score` do: the policies that govern it at a stage (WSO2's statuses, block or
//!   notify) and its scorecard.
//! - [`Db`] keeps the history in SQLite (WAL) or PostgreSQL (shared by several instances),
//!   with versioned migrations: APIs, runs, hashed bearer tokens and an audit log. The CLI writes the same rows (`--history DB`).
//! - [`serve`] answers the REST API (`docs/serve-openapi.yaml`) and the dashboard over HTTP,
//!   with bearer tokens and scopes, a request size limit, a time budget per validation and a
//!   bounded queue (`202` and polling beyond it).
//!
//! Nothing here prints: the CLI reports what [`serve`] returns.
#![deny(missing_docs)]

mod archive;
mod db;
mod engine;
mod http;
mod time;
mod token;

pub use db::{
    ApiFilter, ApiRow, Db, DbError, Location, RunRow, StoredRun, TokenInfo, SCHEMA_VERSION,
};
pub use engine::{Engine, EngineError, Submission, SubmissionKind, Validation};
pub use http::{serve, signal, ServeOptions};
pub use time::{now_rfc3339, rfc3339_seconds};
pub use token::{hash_token, new_id as new_run_id, new_token, Scope};
