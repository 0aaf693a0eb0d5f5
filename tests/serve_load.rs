//! `gardefou serve` under load and faults, over loopback: a bounded load test with real corpus
//! definitions from concurrent clients (every accepted run stored exactly once; throughput and
//! latency printed for docs/performance.md), and `kill -9` in the middle of writes (after a
//! restart the database is consistent and every acknowledged run is in it).
//!
//! Each runs on SQLite and on PostgreSQL (`NAME::sqlite`, `NAME::postgres`); on PostgreSQL
//! two service instances sharing one database also take validations at the same time.
//!
//! `GARDEFOU_LOAD_RUNS` and `GARDEFOU_LOAD_CLIENTS` scale the load test (default 200 and 16).

mod serve_support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serve_support::*;

/// One validation as a client saw it: status, milliseconds, the run's id when stored, the API.
type Outcome = (u16, f64, Option<String>, String);

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

on_both_backends!(
    load_every_accepted_run_is_stored_once,
    kill_9_during_writes_loses_no_acknowledged_run,
);

fn load_every_accepted_run_is_stored_once(backend: Backend) {
    let Some(docs) = corpus(400_000) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/corpus is missing"
        );
        eprintln!("SKIPPED: no ../shared/corpus");
        return;
    };
    assert!(docs.len() >= 20, "{} corpus documents", docs.len());
    let runs = env_usize("GARDEFOU_LOAD_RUNS", 200);
    let clients = env_usize("GARDEFOU_LOAD_CLIENTS", 16);
    let db = TestDb::new(backend).unwrap();
    let token = token(&db, "validate,read", "load");
    let s = Arc::new(Service::start(&db, &["--queue", "1024", "--wait", "60"]));
    let bodies: Arc<Vec<(String, &'static str, Vec<u8>)>> = Arc::new(
        docs.iter()
            .map(|p| {
                let name = p.file_stem().unwrap().to_string_lossy().into_owned();
                (name, media_of(p), std::fs::read(p).unwrap())
            })
            .collect(),
    );
    let next = Arc::new(Mutex::new(0usize));
    let results: Arc<Mutex<Vec<Outcome>>> = Arc::default();
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (s, token, bodies, next, results) = (
                s.clone(),
                token.clone(),
                bodies.clone(),
                next.clone(),
                results.clone(),
            );
            std::thread::spawn(move || loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    if *n >= runs {
                        return;
                    }
                    *n += 1;
                    *n - 1
                };
                let (name, media, body) = &bodies[i % bodies.len()];
                let api = format!("{name}-{}", i % bodies.len());
                let t0 = Instant::now();
                let r = s.validate(&format!("name={api}&stage=publish"), &token, media, body);
                let ms = t0.elapsed().as_secs_f64() * 1000.0;
                let id = (r.status == 201 || r.status == 200)
                    .then(|| r.json()["id"].as_str().unwrap().to_string());
                results.lock().unwrap().push((r.status, ms, id, api));
            })
        })
        .collect();
    for th in threads {
        th.join().unwrap();
    }
    let wall = started.elapsed().as_secs_f64();
    let results = results.lock().unwrap().clone();
    assert_eq!(results.len(), runs);
    let mut by_status: HashMap<u16, usize> = HashMap::new();
    for r in &results {
        *by_status.entry(r.0).or_default() += 1;
    }
    // Only the service's own answers: stored (201/200) or a document it cannot read (422).
    assert!(
        by_status.keys().all(|s| [200, 201, 422].contains(s)),
        "{by_status:?}"
    );
    let accepted: Vec<&String> = results.iter().filter_map(|r| r.2.as_ref()).collect();
    assert!(accepted.len() * 10 >= runs * 8, "{by_status:?}");
    let mut latencies: Vec<f64> = results
        .iter()
        .filter(|r| r.2.is_some())
        .map(|r| r.1)
        .collect();
    latencies.sort_by(f64::total_cmp);
    let (p50, p99) = (percentile(&latencies, 0.5), percentile(&latencies, 0.99));
    let stopped = Arc::try_unwrap(s).ok().unwrap().stop();
    assert!(stopped.success());
    let history = db.open();
    assert_eq!(history.count_runs(None).unwrap() as usize, accepted.len());
    for id in &accepted {
        assert_eq!(history.count_runs(Some(id)).unwrap(), 1, "run {id}");
    }
    // What was refused left no run.
    for r in results.iter().filter(|r| r.2.is_none()) {
        let api = history.api(&r.3).unwrap();
        assert!(api.is_none() || results.iter().any(|x| x.3 == r.3 && x.2.is_some()));
    }
    assert!(history.check().unwrap().is_empty());
    eprintln!(
        "LOAD ({backend:?}): {runs} validations of {} corpus documents from {clients} clients in {wall:.2} s: \
         {} stored, {:?} by status; {:.1} validations/s; latency p50 {p50:.0} ms, p99 {p99:.0} ms",
        docs.len(),
        accepted.len(),
        by_status,
        accepted.len() as f64 / wall
    );
}

/// `kill -9` while clients are writing: after a restart the database opens (SQLite: its
/// integrity check passes), the history's invariants hold and every run a client was told
/// about (`201`) is there once.
fn kill_9_during_writes_loses_no_acknowledged_run(backend: Backend) {
    let db = TestDb::new(backend).unwrap();
    let token = token(&db, "validate,read", "writer");
    let doc = std::fs::read(root().join("fixtures/governance/specs/usage-reporting.yaml")).unwrap();
    let mut s = Service::start(&db, &["--queue", "256"]);
    let addr = s.addr.clone();
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop_at = Instant::now() + Duration::from_millis(1500);
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let (addr, token, doc, acked) =
                (addr.clone(), token.clone(), doc.clone(), acked.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                loop {
                    let r = try_request(
                        &addr,
                        "POST",
                        &format!("/api/v1/validations?name=api-{c}-{}", i % 5),
                        Some(&token),
                        Some(("application/yaml", &doc)),
                    );
                    match r {
                        Some(r) if r.status == 201 => acked
                            .lock()
                            .unwrap()
                            .push(r.json()["id"].as_str().unwrap().to_string()),
                        Some(r) => panic!("{}: {}", r.status, r.text()),
                        None => return,
                    }
                    i += 1;
                }
            })
        })
        .collect();
    while Instant::now() < stop_at {
        std::thread::sleep(Duration::from_millis(20));
    }
    s.child.kill().unwrap(); // SIGKILL
    s.child.wait().unwrap();
    for c in clients {
        c.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= 10,
        "only {} runs before the kill",
        acked.len()
    );
    drop(s);
    // Restart on the same file: it opens (WAL recovery), answers, and has every acked run.
    let s = Service::start(&db, &[]);
    let h = s.request("GET", "/api/v1/health", None, None);
    assert_eq!(h.status, 200);
    for id in acked.iter().step_by(7) {
        assert_eq!(
            s.get(&format!("/api/v1/validations/{id}"), &token).status,
            200,
            "{id}"
        );
    }
    let stored = h.json()["runs"].as_u64().unwrap() as usize;
    assert!(
        stored >= acked.len(),
        "{stored} stored, {} acknowledged",
        acked.len()
    );
    // A run still being written when the process died is either whole or absent.
    assert!(stored <= acked.len() + 8 + 256);
    drop(s);
    let history = db.open();
    assert!(history.check().unwrap().is_empty(), "{:?}", history.check());
    for id in &acked {
        assert_eq!(history.count_runs(Some(id)).unwrap(), 1, "run {id}");
    }
    eprintln!(
        "KILL ({backend:?}): {} runs acknowledged before kill -9, {stored} in the database after restart; integrity ok",
        acked.len()
    );
}

/// Two `serve` instances on one PostgreSQL database, validations sent to both at once (some
/// APIs to both): every accepted run is stored exactly once, run ids never collide, each API's
/// `latest` is its newest run, and both instances answer the same history.
#[test]
fn two_instances_share_one_postgres_database() {
    if postgres_server().is_none() {
        return;
    }
    let db = TestDb::new(Backend::Postgres).unwrap();
    let token = token(&db, "validate,read", "shared");
    // Started together: both migrate the empty database at once (the advisory lock).
    let (a, b) = std::thread::scope(|sc| {
        let a = sc.spawn(|| Service::start(&db, &["--queue", "256"]));
        let b = sc.spawn(|| Service::start(&db, &["--queue", "256"]));
        (a.join().unwrap(), b.join().unwrap())
    });
    let services = [Arc::new(a), Arc::new(b)];
    let doc = std::fs::read(root().join("fixtures/governance/specs/usage-reporting.yaml")).unwrap();
    let per_client = 15;
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let (s, token, doc, acked) = (
                services[c % 2].clone(),
                token.clone(),
                doc.clone(),
                acked.clone(),
            );
            std::thread::spawn(move || {
                for i in 0..per_client {
                    // Three APIs every client writes to, through both instances.
                    let api = format!("shared-{}", i % 3);
                    let r = s.validate(
                        &format!("name={api}&stage=publish"),
                        &token,
                        "application/yaml",
                        &doc,
                    );
                    assert_eq!(r.status, 201, "{}", r.text());
                    let id = r.json()["id"].as_str().unwrap().to_string();
                    acked.lock().unwrap().push((api, id));
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert_eq!(acked.len(), 8 * per_client);
    let history = db.open();
    assert_eq!(history.count_runs(None).unwrap() as usize, acked.len());
    for (_, id) in &acked {
        assert_eq!(history.count_runs(Some(id)).unwrap(), 1, "run {id}");
    }
    assert!(history.check().unwrap().is_empty(), "{:?}", history.check());
    for api in ["shared-0", "shared-1", "shared-2"] {
        let expected = acked.iter().filter(|(a, _)| a == api).count();
        let (runs, total) = history.history(api, 1000, 0).unwrap();
        assert_eq!(total as usize, expected, "{api}");
        let (row, _) = history.api(api).unwrap().unwrap();
        assert_eq!(row.runs as usize, expected);
        // `latest` is the newest run of the history (runs come newest first).
        assert_eq!(row.latest.unwrap().id, runs[0].id, "{api}");
        let from_a = services[0].get(&format!("/api/v1/apis/{api}/history?limit=100"), &token);
        let from_b = services[1].get(&format!("/api/v1/apis/{api}/history?limit=100"), &token);
        assert_eq!(from_a.status, 200);
        assert_eq!(from_a.json(), from_b.json(), "{api}");
    }
    eprintln!(
        "SHARED: {} runs through two instances on one PostgreSQL database, each stored once",
        acked.len()
    );
}
