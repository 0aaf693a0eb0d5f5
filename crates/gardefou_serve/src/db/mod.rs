//! The history in SQLite: one file, WAL, versioned migrations (`schema_version`), APIs, runs
//! (score, grade and compliance of each), the policies' status per run, hashed tokens and an
//! audit log. Every run is written in one transaction with its API's `latest` pointer, so a
//! crash leaves either the whole run or none of it.

mod migrate;
mod runs;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

pub use migrate::SCHEMA_VERSION;
pub use runs::{ApiFilter, ApiRow, RunRow, StoredRun};

use crate::token::{hash_token, new_token, Scope};

/// What went wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite refused (read-only file, full disk, corruption …).
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The file was made by a newer gardefou.
    #[error("database {path} has schema version {found}; this gardefou knows up to {known}: upgrade gardefou")]
    TooNew {
        /// The database file.
        path: String,
        /// Its version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// Anything else.
    #[error("database {path}: {message}")]
    Other {
        /// The database file.
        path: String,
        /// What.
        message: String,
    },
}

impl DbError {
    /// Whether the database cannot take writes now (full disk, read-only file, locked).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, DbError::Sqlite { source: rusqlite::Error::SqliteFailure(e, _), .. }
            if matches!(e.code,
                rusqlite::ErrorCode::DiskFull
                | rusqlite::ErrorCode::ReadOnly
                | rusqlite::ErrorCode::DatabaseBusy
                | rusqlite::ErrorCode::DatabaseLocked
                | rusqlite::ErrorCode::CannotOpen
                | rusqlite::ErrorCode::SystemIoFailure))
    }
}

/// A token as stored (never the token itself).
#[derive(Clone, Debug, serde::Serialize)]
pub struct TokenInfo {
    /// Its row id.
    pub id: i64,
    /// Who or what it is for.
    pub name: String,
    /// What it may do.
    #[serde(serialize_with = "scope_names")]
    pub scopes: Vec<Scope>,
    /// When it was made.
    pub created_at: String,
}

fn scope_names<S: serde::Serializer>(s: &[Scope], ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_seq(s.iter().map(|x| x.as_str()))
}

/// The history database. Writes go through one connection, reads through another (WAL lets
/// them run at the same time).
pub struct Db {
    path: PathBuf,
    write: Mutex<Connection>,
    read: Mutex<Connection>,
}

impl Db {
    /// Opens (creating it if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        let name = path.display().to_string();
        let err = |source| DbError::Sqlite {
            path: name.clone(),
            source,
        };
        let mut write = Connection::open(path).map_err(err)?;
        configure(&write).map_err(err)?;
        migrate::run(&mut write, &name)?;
        let read = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err)?;
        read.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        Ok(Db {
            path: path.to_path_buf(),
            write: Mutex::new(write),
            read: Mutex::new(read),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn err(&self, source: rusqlite::Error) -> DbError {
        DbError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }

    pub(crate) fn writer(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (SQLite rolls it back), so the connection stays usable.
        self.write.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn reader(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.read.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes a token with these scopes; returns it (shown once) and its stored record.
    pub fn create_token(
        &self,
        name: &str,
        scopes: &[Scope],
    ) -> Result<(String, TokenInfo), DbError> {
        if name.trim().is_empty() || name.chars().any(char::is_control) || name.len() > 200 {
            return Err(DbError::Other {
                path: self.path.display().to_string(),
                message: "a token's name must be 1 to 200 printable characters".into(),
            });
        }
        let token = new_token().map_err(|e| DbError::Other {
            path: self.path.display().to_string(),
            message: format!("no randomness for a token: {e}"),
        })?;
        let now = crate::time::now_rfc3339();
        let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
        let c = self.writer();
        c.execute(
            "INSERT INTO tokens (name, hash, scopes, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, hash_token(&token), names.join(" "), now],
        )
        .map_err(|e| self.err(e))?;
        let id = c.last_insert_rowid();
        drop(c);
        self.audit(name, "token.create", &format!("token {id}"), "ok")?;
        Ok((
            token,
            TokenInfo {
                id,
                name: name.to_string(),
                scopes: scopes.to_vec(),
                created_at: now,
            },
        ))
    }

    /// The token whose hash matches `token`, unless revoked.
    pub fn verify_token(&self, token: &str) -> Result<Option<TokenInfo>, DbError> {
        let c = self.reader();
        c.query_row(
            "SELECT id, name, scopes, created_at FROM tokens WHERE hash = ?1 AND revoked_at IS NULL",
            params![hash_token(token)],
            |r| {
                let scopes: String = r.get(2)?;
                Ok(TokenInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    scopes: scopes.split_whitespace().filter_map(Scope::parse).collect(),
                    created_at: r.get(3)?,
                })
            },
        )
        .optional()
        .map_err(|e| self.err(e))
    }

    /// Revokes a token by id; whether it existed.
    pub fn revoke_token(&self, id: i64) -> Result<bool, DbError> {
        let n = self
            .writer()
            .execute(
                "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, crate::time::now_rfc3339()],
            )
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    /// Records who did what to what, and how it went.
    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        outcome: &str,
    ) -> Result<(), DbError> {
        self.writer()
            .execute(
                "INSERT INTO audit (at, actor, action, target, outcome) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![crate::time::now_rfc3339(), actor, action, target, outcome],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<serde_json::Value>, DbError> {
        let c = self.reader();
        let mut st = c
            .prepare(
                "SELECT at, actor, action, target, outcome FROM audit ORDER BY id DESC LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![limit as i64], |r| {
                Ok(serde_json::json!({
                    "at": r.get::<_, String>(0)?,
                    "actor": r.get::<_, String>(1)?,
                    "action": r.get::<_, String>(2)?,
                    "target": r.get::<_, String>(3)?,
                    "outcome": r.get::<_, String>(4)?,
                }))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// SQLite's own consistency check and the history's invariants: `ok` or what is wrong.
    pub fn check(&self) -> Result<Vec<String>, DbError> {
        let c = self.reader();
        let mut problems = Vec::new();
        let integrity: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if integrity != "ok" {
            problems.push(format!("integrity_check: {integrity}"));
        }
        let dangling: i64 = c
            .query_row(
                "SELECT count(*) FROM apis WHERE latest_seq IS NOT NULL AND latest_seq NOT IN (SELECT seq FROM runs)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        if dangling > 0 {
            problems.push(format!("{dangling} API(s) point at a missing run"));
        }
        let orphans: i64 = c
            .query_row(
                "SELECT count(*) FROM runs WHERE api NOT IN (SELECT name FROM apis)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        if orphans > 0 {
            problems.push(format!("{orphans} run(s) of no API"));
        }
        Ok(problems)
    }
}

fn configure(c: &Connection) -> rusqlite::Result<()> {
    c.busy_timeout(std::time::Duration::from_secs(5))?;
    // WAL: readers never wait for the writer. synchronous=FULL: a run acknowledged to a client
    // survives a crash of the process and of the machine.
    let mode: String = c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal_mode WAL refused (got {mode})"
        )));
    }
    c.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
    Ok(())
}
