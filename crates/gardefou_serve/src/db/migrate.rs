//! Schema migrations: each one a version number and its SQL, applied in order in one
//! transaction each, recorded in `schema_version`.

use rusqlite::{params, Connection};

use super::DbError;

/// The newest schema version this build writes.
pub const SCHEMA_VERSION: i64 = 1;

const MIGRATIONS: [(i64, &str); 1] = [(
    1,
    "
    CREATE TABLE apis (
        name        TEXT PRIMARY KEY,
        team        TEXT,
        labels      TEXT NOT NULL DEFAULT '[]',
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        latest_seq  INTEGER
    );
    CREATE TABLE runs (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT NOT NULL UNIQUE,
        api         TEXT NOT NULL REFERENCES apis(name),
        version     TEXT,
        stage       TEXT NOT NULL,
        labels      TEXT NOT NULL DEFAULT '[]',
        team        TEXT,
        created_at  TEXT NOT NULL,
        source      TEXT NOT NULL,
        actor       TEXT NOT NULL,
        score       REAL NOT NULL,
        grade       TEXT NOT NULL,
        compliance  TEXT NOT NULL,
        blocked     INTEGER NOT NULL,
        blocking    INTEGER NOT NULL,
        errors      INTEGER NOT NULL,
        warnings    INTEGER NOT NULL,
        infos       INTEGER NOT NULL,
        findings    INTEGER NOT NULL,
        result      TEXT NOT NULL
    );
    CREATE INDEX runs_by_api ON runs(api, seq);
    CREATE TABLE run_policies (
        run_seq     INTEGER NOT NULL REFERENCES runs(seq),
        policy      TEXT NOT NULL,
        status      TEXT NOT NULL,
        PRIMARY KEY (run_seq, policy)
    );
    CREATE TABLE tokens (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT NOT NULL,
        hash        TEXT NOT NULL UNIQUE,
        scopes      TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        revoked_at  TEXT
    );
    CREATE TABLE audit (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        target      TEXT NOT NULL,
        outcome     TEXT NOT NULL
    );
    ",
)];

/// Brings the database at `name` to [`SCHEMA_VERSION`].
pub(super) fn run(c: &mut Connection, name: &str) -> Result<(), DbError> {
    let err = |source| DbError::Sqlite {
        path: name.to_string(),
        source,
    };
    c.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)",
    )
    .map_err(err)?;
    let current: i64 = c
        .query_row(
            "SELECT coalesce(max(version), 0) FROM schema_version",
            [],
            |r| r.get(0),
        )
        .map_err(err)?;
    if current > SCHEMA_VERSION {
        return Err(DbError::TooNew {
            path: name.to_string(),
            found: current,
            known: SCHEMA_VERSION,
        });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let tx = c.transaction().map_err(err)?;
        tx.execute_batch(sql).map_err(err)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
            params![version, crate::time::now_rfc3339()],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::db::{Db, DbError};

    #[test]
    fn migrates_once_and_refuses_a_newer_schema() {
        let t = tempfile::tempdir().unwrap();
        let path = t.path().join("h.db");
        drop(Db::open(&path).unwrap());
        // Opening again applies nothing twice.
        let db = Db::open(&path).unwrap();
        let versions: Vec<i64> = {
            let c = db.reader();
            let mut st = c.prepare("SELECT version FROM schema_version").unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(versions, [super::SCHEMA_VERSION]);
        let mode: String = db
            .reader()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        db.writer()
            .execute("INSERT INTO schema_version VALUES (99, 'later')", [])
            .unwrap();
        drop(db);
        match Db::open(&path) {
            Err(e @ DbError::TooNew { found: 99, .. }) => {
                assert!(e.to_string().contains("upgrade gardefou"))
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("a newer schema was accepted"),
        }
    }

    #[test]
    fn not_a_database_is_a_clean_error() {
        let t = tempfile::tempdir().unwrap();
        let path = t.path().join("h.db");
        std::fs::write(&path, b"this is not SQLite, just some text long enough to matter .....................................................").unwrap();
        let e = Db::open(&path).err().expect("refused");
        assert!(e.to_string().contains("h.db"), "{e}");
    }

    #[test]
    fn tokens_verify_by_hash_and_revoke() {
        let t = tempfile::tempdir().unwrap();
        let db = Db::open(&t.path().join("h.db")).unwrap();
        let (token, info) = db.create_token("ci", &[crate::Scope::Validate]).unwrap();
        let found = db.verify_token(&token).unwrap().unwrap();
        assert_eq!(found.id, info.id);
        assert_eq!(found.scopes, [crate::Scope::Validate]);
        assert!(db.verify_token(&format!("{token}x")).unwrap().is_none());
        assert!(db.revoke_token(info.id).unwrap());
        assert!(db.verify_token(&token).unwrap().is_none());
        assert!(!db.revoke_token(info.id).unwrap());
        assert!(db.create_token("", &[]).is_err());
        assert!(db.create_token("a\nb", &[]).is_err());
    }
}
