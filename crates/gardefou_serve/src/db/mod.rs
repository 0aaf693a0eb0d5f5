//! The history, in SQLite (one file, WAL) or PostgreSQL (a shared server, for several
//! stateless `serve` instances): versioned migrations (`schema_version`), APIs, runs (score,
//! grade and compliance of each), the policies' status per run, hashed tokens and an audit
//! log. Every run is written in one transaction with its API's `latest` pointer, so a crash
//! leaves either the whole run or none of it. Both backends run the same statements
//! (`sql.rs`); the few that differ say so where they are.

mod migrate;
mod pg;
mod runs;
mod sql;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use migrate::SCHEMA_VERSION;
pub use runs::{ApiFilter, ApiRow, RunRow, StoredRun};

use crate::token::{hash_token, new_token, Scope};
use sql::{Conn, Failure};

/// Where the history lives: a SQLite file, or a PostgreSQL database by URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file (created when missing).
    File(PathBuf),
    /// `postgres://user:password@host:port/dbname` (or `postgresql://`).
    Postgres(String),
}

impl Location {
    /// A `--db` or `--history` argument: a PostgreSQL URL, else a file.
    pub fn from_arg(arg: &Path) -> Location {
        match arg.to_str() {
            Some(s) if pg::is_url(s) => Location::Postgres(s.to_string()),
            _ => Location::File(arg.to_path_buf()),
        }
    }

    /// How messages name it: the file, or the URL without its password.
    pub fn shown(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(u) => pg::redact(u),
        }
    }
}

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
    /// PostgreSQL refused, or could not be reached.
    #[error("database {path}: {}", pg::message(error))]
    Postgres {
        /// The database's URL, without its password.
        path: String,
        /// The client's error (its causes are in the message, not a source chain).
        error: postgres::Error,
    },
    /// The database was made by a newer gardefou.
    #[error("database {path} has schema version {found}; this gardefou knows up to {known}: upgrade gardefou")]
    TooNew {
        /// The database (file, or URL without password).
        path: String,
        /// Its version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// Anything else.
    #[error("database {path}: {message}")]
    Other {
        /// The database (file, or URL without password).
        path: String,
        /// What.
        message: String,
    },
}

impl DbError {
    /// Whether the database cannot take writes now: full disk, read-only file or database,
    /// locked, or (PostgreSQL) the server unreachable, shutting down or out of resources.
    pub fn is_unavailable(&self) -> bool {
        match self {
            DbError::Sqlite {
                source: rusqlite::Error::SqliteFailure(e, _),
                ..
            } => matches!(
                e.code,
                rusqlite::ErrorCode::DiskFull
                    | rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::DatabaseBusy
                    | rusqlite::ErrorCode::DatabaseLocked
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::SystemIoFailure
            ),
            DbError::Postgres { error, .. } => pg::is_unavailable(error),
            _ => false,
        }
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

/// The two ways in. (One per process: the variants' sizes do not matter.)
#[allow(clippy::large_enum_variant)]
enum Backend {
    /// Writes through one connection, reads through another (WAL lets them run at the same
    /// time).
    Sqlite {
        write: Mutex<Connection>,
        read: Mutex<Connection>,
    },
    /// The same split: one connection for writes, one for reads, each made again when lost.
    /// Nothing else is kept in the process, so any number of instances can share the database.
    Postgres(Box<PgConnections>),
}

struct PgConnections {
    url: pg::PgUrl,
    write: Mutex<pg::Slot>,
    read: Mutex<pg::Slot>,
}

/// The history database.
pub struct Db {
    name: String,
    backend: Backend,
}

impl Db {
    /// Opens (creating it if needed) and migrates the SQLite database at `path`.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        Db::connect(&Location::File(path.to_path_buf()))
    }

    /// Opens and migrates the database at `location`: a SQLite file (created when needed) or
    /// an existing PostgreSQL database (its tables created when needed).
    pub fn connect(location: &Location) -> Result<Db, DbError> {
        let name = location.shown();
        let backend = match location {
            Location::File(path) => {
                let err = |source| DbError::Sqlite {
                    path: name.clone(),
                    source,
                };
                let write = Connection::open(path).map_err(err)?;
                configure(&write).map_err(err)?;
                // The read connection is opened after the first migration made the file a
                // database in WAL mode.
                Backend::Sqlite {
                    write: Mutex::new(write),
                    read: Mutex::new(Connection::open_in_memory().map_err(err)?),
                }
            }
            Location::Postgres(url) => {
                let url = pg::PgUrl::parse(url).map_err(|message| DbError::Other {
                    path: name.clone(),
                    message,
                })?;
                let err = |error| DbError::Postgres {
                    path: name.clone(),
                    error,
                };
                let write = url.connect().map_err(err)?;
                let read = url.connect().map_err(err)?;
                Backend::Postgres(Box::new(PgConnections {
                    url,
                    write: Mutex::new(pg::Slot::new(write)),
                    read: Mutex::new(pg::Slot::new(read)),
                }))
            }
        };
        let mut db = Db { name, backend };
        migrate::run(&db)?;
        if let (Backend::Sqlite { read, .. }, Location::File(path)) = (&mut db.backend, location) {
            let c = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .and_then(|c| {
                c.busy_timeout(std::time::Duration::from_secs(5))?;
                Ok(c)
            })
            .map_err(|source| DbError::Sqlite {
                path: db.name.clone(),
                source,
            })?;
            *read.get_mut().unwrap_or_else(|p| p.into_inner()) = c;
        }
        Ok(db)
    }

    /// How messages name the database: its file, or its URL without the password.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    pub(crate) fn fail(&self, f: Failure) -> DbError {
        match f {
            Failure::Sqlite(source) => DbError::Sqlite {
                path: self.name.clone(),
                source,
            },
            Failure::Postgres(error) => DbError::Postgres {
                path: self.name.clone(),
                error,
            },
            Failure::Row(e) => DbError::Other {
                path: self.name.clone(),
                message: format!("unexpected row (a bug): {e}"),
            },
        }
    }

    /// Runs `f` in one write transaction, committed when it returns `Ok`, rolled back
    /// otherwise. On SQLite the transaction takes the write lock at once (`IMMEDIATE`).
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&mut Conn<'_, '_>) -> Result<T, Failure>,
    ) -> Result<T, DbError> {
        self.transaction(true, true, f)
    }

    /// Runs `f` in one read transaction (one consistent view of the history).
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&mut Conn<'_, '_>) -> Result<T, Failure>,
    ) -> Result<T, DbError> {
        self.transaction(false, false, f)
    }

    /// Runs `f` in a read transaction on the connection that writes (SQLite: before the
    /// read connection is open, to see whether a migration is needed).
    pub(crate) fn peek<T>(
        &self,
        f: impl FnOnce(&mut Conn<'_, '_>) -> Result<T, Failure>,
    ) -> Result<T, DbError> {
        self.transaction(false, true, f)
    }

    fn transaction<T>(
        &self,
        write: bool,
        on_writer: bool,
        f: impl FnOnce(&mut Conn<'_, '_>) -> Result<T, Failure>,
    ) -> Result<T, DbError> {
        // A panic while holding a lock cannot leave a half-written transaction behind (the
        // database rolls it back), so the connection stays usable.
        match &self.backend {
            Backend::Sqlite { write: w, read: r } => {
                let mut c = if on_writer { w } else { r }
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                let behavior = if write {
                    TransactionBehavior::Immediate
                } else {
                    TransactionBehavior::Deferred
                };
                let run = || -> Result<T, Failure> {
                    let tx = c.transaction_with_behavior(behavior)?;
                    let out = f(&mut Conn::Sqlite(&tx))?;
                    tx.commit()?;
                    Ok(out)
                };
                run().map_err(|e| self.fail(e))
            }
            Backend::Postgres(pg) => {
                let url = &pg.url;
                let mut slot = if write { &pg.write } else { &pg.read }
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                let run = |slot: &mut pg::Slot| -> Result<T, Failure> {
                    let client = slot.get(url)?;
                    let mut tx = if write {
                        client.transaction()?
                    } else {
                        client.build_transaction().read_only(true).start()?
                    };
                    let out = f(&mut Conn::Postgres(&mut tx))?;
                    tx.commit()?;
                    Ok(out)
                };
                let out = run(&mut slot);
                if let Err(Failure::Postgres(e)) = &out {
                    slot.forget_if_broken(e);
                }
                out.map_err(|e| self.fail(e))
            }
        }
    }

    /// Makes a token with these scopes; returns it (shown once) and its stored record.
    pub fn create_token(
        &self,
        name: &str,
        scopes: &[Scope],
    ) -> Result<(String, TokenInfo), DbError> {
        if name.trim().is_empty() || name.chars().any(char::is_control) || name.len() > 200 {
            return Err(DbError::Other {
                path: self.name.clone(),
                message: "a token's name must be 1 to 200 printable characters".into(),
            });
        }
        let token = new_token().map_err(|e| DbError::Other {
            path: self.name.clone(),
            message: format!("no randomness for a token: {e}"),
        })?;
        let now = crate::time::now_rfc3339();
        let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
        let id = self.write(|c| {
            let id = c
                .query_one(
                    "INSERT INTO tokens (name, hash, scopes, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                    &[name.into(), hash_token(&token).into(), names.join(" ").into(), now.as_str().into()],
                )?
                .int(0)?;
            audit_in(c, &now, name, "token.create", &format!("token {id}"), "ok")?;
            Ok(id)
        })?;
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
        self.read(|c| {
            let Some(r) = c.query_opt(
                "SELECT id, name, scopes, created_at FROM tokens WHERE hash = ?1 AND revoked_at IS NULL",
                &[hash_token(token).into()],
            )?
            else {
                return Ok(None);
            };
            Ok(Some(TokenInfo {
                id: r.int(0)?,
                name: r.text(1)?,
                scopes: r
                    .text(2)?
                    .split_whitespace()
                    .filter_map(Scope::parse)
                    .collect(),
                created_at: r.text(3)?,
            }))
        })
    }

    /// Revokes a token by id; whether it existed.
    pub fn revoke_token(&self, id: i64) -> Result<bool, DbError> {
        let n = self.write(|c| {
            c.execute(
                "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                &[id.into(), crate::time::now_rfc3339().into()],
            )
        })?;
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
        self.write(|c| {
            audit_in(
                c,
                &crate::time::now_rfc3339(),
                actor,
                action,
                target,
                outcome,
            )
        })
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<serde_json::Value>, DbError> {
        self.read(|c| {
            c.query(
                "SELECT at, actor, action, target, outcome FROM audit ORDER BY id DESC LIMIT ?1",
                &[(limit as i64).into()],
            )?
            .iter()
            .map(|r| {
                Ok(serde_json::json!({
                    "at": r.text(0)?,
                    "actor": r.text(1)?,
                    "action": r.text(2)?,
                    "target": r.text(3)?,
                    "outcome": r.text(4)?,
                }))
            })
            .collect()
        })
    }

    /// The database's own consistency check (SQLite's `integrity_check`; PostgreSQL has no
    /// such statement and checks its pages itself) and the history's invariants: empty, or
    /// what is wrong.
    pub fn check(&self) -> Result<Vec<String>, DbError> {
        self.read(|c| {
            let mut problems = Vec::new();
            if !c.is_postgres() {
                let integrity = c.query_one("PRAGMA integrity_check", &[])?.text(0)?;
                if integrity != "ok" {
                    problems.push(format!("integrity_check: {integrity}"));
                }
            }
            let checks = [
                (
                    "SELECT count(*) FROM apis WHERE latest_seq IS NOT NULL AND latest_seq NOT IN (SELECT seq FROM runs)",
                    "API(s) point at a missing run",
                ),
                (
                    "SELECT count(*) FROM runs WHERE api NOT IN (SELECT name FROM apis)",
                    "run(s) of no API",
                ),
                (
                    "SELECT count(*) FROM apis a WHERE latest_seq <> (SELECT max(seq) FROM runs r WHERE r.api = a.name)",
                    "API(s) whose latest run is not their newest",
                ),
            ];
            for (sql, what) in checks {
                let n = c.query_one(sql, &[])?.int(0)?;
                if n > 0 {
                    problems.push(format!("{n} {what}"));
                }
            }
            Ok(problems)
        })
    }
}

fn audit_in(
    c: &mut Conn<'_, '_>,
    at: &str,
    actor: &str,
    action: &str,
    target: &str,
    outcome: &str,
) -> Result<(), Failure> {
    c.execute(
        "INSERT INTO audit (at, actor, action, target, outcome) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            at.into(),
            actor.into(),
            action.into(),
            target.into(),
            outcome.into(),
        ],
    )?;
    Ok(())
}

/// The rows of a query as values, for tests.
#[cfg(test)]
pub(crate) fn rows_of(db: &Db, sql: &str) -> Vec<Vec<sql::Val>> {
    db.read(|c| Ok(c.query(sql, &[])?.into_iter().map(|r| r.0).collect()))
        .unwrap()
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
