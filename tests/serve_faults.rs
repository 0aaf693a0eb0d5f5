//! `gardefou serve` when its database cannot be written, through the binary: a read-only
//! database and a full disk answer `503` with a JSON error naming the database, reads keep
//! working, nothing is half-written, the service recovers when the fault goes away, and
//! `score --history` exits 2 naming the database.
//!
//! The tests run as root (as here and in CI), and root ignores file modes, so the faults are
//! made by the kernel: `chattr +i` (the immutable attribute, which stops root too) for a
//! read-only SQLite file, a 2 MiB `tmpfs` filled up for a full disk, and
//! `default_transaction_read_only` for a read-only PostgreSQL database.

mod serve_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serve_support::*;

const DOC: &str = "fixtures/governance/specs/playground.yaml";

fn doc() -> Vec<u8> {
    std::fs::read(root().join(DOC)).unwrap()
}

fn post(s: &Service, token: &str, name: &str) -> Response {
    s.request(
        "POST",
        &format!("/api/v1/validations?name={name}&stage=publish"),
        Some(token),
        Some(("application/yaml", &doc())),
    )
}

/// A tool the test needs: `Some(())` when it works, else a skip (a failure under CI).
fn need(ok: bool, what: &str) -> Option<()> {
    if ok {
        return Some(());
    }
    assert!(std::env::var_os("CI").is_none(), "{what}");
    eprintln!("SKIPPED: {what}");
    None
}

fn run(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `score --history DB` on one fixture: its exit code and stderr.
fn score_history(db: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(root())
        .args([
            "score",
            DOC,
            "-r",
            "fixtures/governance/.gardefou.yaml",
            "--history",
            db,
        ])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Files made immutable, made writable again when dropped (even when the test fails).
struct Immutable(Vec<PathBuf>);

impl Drop for Immutable {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = Command::new("chattr").arg("-i").arg(p).status();
        }
    }
}

/// The SQLite file and its WAL become immutable while the service runs: writes fail with an
/// I/O error (`503`, naming the file), reads go on, the CLI exits 2, and once the files are
/// writable again the next validation is stored; a service started on the read-only file
/// serves reads and refuses writes the same way. (The `-shm` file is left alone: SQLite maps
/// it in memory, and a write into an immutable mapping is a SIGBUS, not an error code; no
/// real read-only deployment makes the index writable but the database not.)
#[test]
fn read_only_sqlite_answers_503_and_recovers() {
    let t = tempfile::tempdir().unwrap();
    let db = t.path().join("ro.db");
    let token = token(&db, "validate,read", "ci");
    let s = Service::start(&db, &[]);
    assert_eq!(post(&s, &token, "before").status, 201);
    let files = [db.clone(), PathBuf::from(format!("{}-wal", db.display()))];
    let probe = t.path().join("probe");
    std::fs::write(&probe, "x").unwrap();
    let chattr_works = run("chattr", &["+i", probe.to_str().unwrap()]);
    let _ = run("chattr", &["-i", probe.to_str().unwrap()]);
    let Some(()) = need(chattr_works, "chattr +i does not work here (no chattr, or a file system without the immutable attribute)") else {
        return;
    };
    let guard = Immutable(files.to_vec());
    for f in &files {
        assert!(
            run("chattr", &["+i", f.to_str().unwrap()]),
            "{}",
            f.display()
        );
    }
    // The fault is real: even root cannot write the file now.
    assert!(std::fs::OpenOptions::new().append(true).open(&db).is_err());
    let r = post(&s, &token, "during");
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.json()["code"], 503);
    let described = r.json()["description"].as_str().unwrap().to_string();
    assert!(described.contains("ro.db"), "{described}");
    // Reads go on, and the failed run left nothing.
    let h = s.get("/api/v1/apis/before/history", &token);
    assert_eq!(h.status, 200, "{}", h.text());
    assert_eq!(h.json()["count"], 1);
    assert_eq!(s.get("/api/v1/apis/during", &token).status, 404);
    assert_eq!(s.request("GET", "/api/v1/health", None, None).status, 200);
    // The CLI cannot record either: exit 2, naming the file.
    let (code, err) = score_history(db.to_str().unwrap());
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("ro.db"), "{err}");
    drop(guard);
    let r = post(&s, &token, "after");
    assert_eq!(r.status, 201, "{}", r.text());
    let status = s.stop();
    assert!(status.success(), "{status:?}");
    let history = gardefou_serve::Db::open(&db).unwrap();
    assert_eq!(history.count_runs(None).unwrap(), 2);
    assert!(history.check().unwrap().is_empty());
    drop(history);
    // Read-only before the service starts: it starts, reads, and refuses writes the same way.
    let _guard = Immutable(vec![db.clone()]);
    assert!(run("chattr", &["+i", db.to_str().unwrap()]));
    let s = Service::start(&db, &[]);
    let h = s.get("/api/v1/apis/after/history", &token);
    assert_eq!(h.status, 200, "{}", h.text());
    assert_eq!(h.json()["count"], 1);
    let r = post(&s, &token, "later");
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("ro.db"), "{}", r.text());
}

/// A small file system, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system holding `dir` with one file; its path.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let p = dir.join("filler");
    let mut f = std::fs::File::create(&p).unwrap();
    let chunk = vec![0u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.flush();
    p
}

/// The database on a 2 MiB tmpfs, which is then filled up: validations get `503` naming the
/// database (SQLite's "database or disk is full"), none is half-written, reads and health go
/// on, the CLI exits 2; once space is freed validations are stored again.
#[test]
fn full_disk_answers_503_and_recovers() {
    let t = tempfile::tempdir().unwrap();
    let mnt = t.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = run(
        "mount",
        &[
            "-t",
            "tmpfs",
            "-o",
            "size=2m",
            "tmpfs",
            mnt.to_str().unwrap(),
        ],
    );
    let Some(()) = need(
        mounted,
        "cannot mount a tmpfs (not root, or not allowed here)",
    ) else {
        return;
    };
    let _fs = Tmpfs(mnt.clone());
    let db = mnt.join("full.db");
    let token = token(&db, "validate,read", "ci");
    let s = Service::start(&db, &[]);
    assert_eq!(post(&s, &token, "before").status, 201);
    let filler = fill(&mnt);
    // Until the WAL needs a page it does not have, writes may still fit; within a few runs
    // one does not.
    let mut stored = 1;
    let mut refused = None;
    for i in 0..50 {
        let r = post(&s, &token, &format!("during-{i}"));
        match r.status {
            201 => stored += 1,
            503 => {
                refused = Some(r);
                break;
            }
            other => panic!("{other}: {}", r.text()),
        }
    }
    let r = refused.expect("no validation was refused on a full disk");
    let described = r.json()["description"].as_str().unwrap().to_string();
    assert!(described.contains("full.db"), "{described}");
    assert!(described.contains("full"), "{described}");
    assert_eq!(s.request("GET", "/api/v1/health", None, None).status, 200);
    let h = s.get("/api/v1/apis/before/history", &token);
    assert_eq!(h.status, 200, "{}", h.text());
    let (code, err) = score_history(db.to_str().unwrap());
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("full.db"), "{err}");
    std::fs::remove_file(&filler).unwrap();
    let r = post(&s, &token, "after");
    assert_eq!(r.status, 201, "{}", r.text());
    stored += 1;
    let status = s.stop();
    assert!(status.success(), "{status:?}");
    let history = gardefou_serve::Db::open(&db).unwrap();
    assert_eq!(history.count_runs(None).unwrap(), stored);
    assert!(history.check().unwrap().is_empty());
    eprintln!("FULL: {stored} runs stored, one refused with: {described}");
}

/// PostgreSQL: the database turned read-only (`default_transaction_read_only`, new sessions
/// only, so the service's are ended): validations get `503` with SQLSTATE 25006, reads go on
/// (after the service made its connections again), and once writable the next is stored.
#[test]
fn read_only_postgres_answers_503_and_recovers() {
    if postgres_server().is_none() {
        return;
    }
    let db = TestDb::new(Backend::Postgres).unwrap();
    let token = token(&db, "validate,read", "ci");
    let s = Service::start(&db, &[]);
    assert_eq!(post(&s, &token, "before").status, 201);
    let name = db.arg_str().rsplit('/').next().unwrap().to_string();
    // `pg_terminate_backend` only signals: wait until the service's sessions are gone, so
    // the next request cannot still run on one of them.
    let set = |on: &str| {
        db.psql(&format!(
            "ALTER DATABASE {name} SET default_transaction_read_only = {on}"
        ));
        db.psql(&format!(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
              WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ));
    };
    set("on");
    // The first call finds its connection ended (503 too); the next one is read-only.
    let mut statuses = Vec::new();
    let mut read_only = None;
    for i in 0..4 {
        let r = post(&s, &token, &format!("during-{i}"));
        statuses.push(r.status);
        if r.status == 503 && r.text().contains("25006") {
            read_only = Some(r);
            break;
        }
    }
    let r = read_only.unwrap_or_else(|| panic!("never refused as read-only: {statuses:?}"));
    assert!(statuses.iter().all(|s| *s == 503), "{statuses:?}");
    let described = r.json()["description"].as_str().unwrap().to_string();
    assert!(described.contains(&name), "{described}");
    let server = postgres_server().unwrap();
    let password = server
        .split("://")
        .nth(1)
        .and_then(|r| r.split('@').next())
        .and_then(|u| u.split_once(':'))
        .map(|(_, p)| p.to_string())
        .expect("the test server's URL has a password");
    assert!(!described.contains(&password), "{described}");
    let reads: Vec<u16> = (0..3)
        .map(|_| s.get("/api/v1/apis/before/history", &token).status)
        .collect();
    assert_eq!(reads.last(), Some(&200), "{reads:?}");
    set("off");
    // The service holds two sessions (reads and writes); each request fails at most once on
    // a session that was ended, then makes it again.
    let mut after = Vec::new();
    for _ in 0..4 {
        let st = post(&s, &token, "after").status;
        after.push(st);
        if st == 201 {
            break;
        }
    }
    assert_eq!(after.last(), Some(&201), "{after:?}");
    drop(s);
    let history = db.open();
    assert_eq!(history.count_runs(None).unwrap(), 2);
    assert!(history.check().unwrap().is_empty());
}
