//! A `gardefou serve` started on 127.0.0.1 (an ephemeral port) for a test, and a small
//! HTTP/1.1 client over plain sockets, so that every status and header is seen as sent.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server the PostgreSQL tests create their databases on (`GARDEFOU_TEST_POSTGRES`, a
/// URL whose role may `CREATE DATABASE`; `.ci/run` starts one). When it is not set: under CI
/// the test fails, saying so; elsewhere it prints that it skips and `None` is returned.
pub fn postgres_server() -> Option<String> {
    match std::env::var("GARDEFOU_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "GARDEFOU_TEST_POSTGRES is not set: no PostgreSQL server for the PostgreSQL tests (.ci/run starts one with tools/start_postgres.sh; see its output)"
            );
            eprintln!("SKIPPED: GARDEFOU_TEST_POSTGRES is not set (a PostgreSQL server URL, e.g. from tools/start_postgres.sh)");
            None
        }
    }
}

/// The URL `server` with `db` as its database.
pub fn with_database(server: &str, db: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server, String::new()),
    };
    let (scheme, rest) = base.split_once("://").expect("a URL");
    let authority = rest.split('/').next().unwrap();
    format!("{scheme}://{authority}/{db}{query}")
}

/// A history database for one test: a file in a temporary directory, or a fresh PostgreSQL
/// database `gardefou_test_<random>` dropped afterwards.
pub struct TestDb {
    pub backend: Backend,
    /// The `--db` argument: the file or the URL.
    pub arg: OsString,
    /// PostgreSQL: the server's URL and the database's name, to drop it.
    postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A new, empty database; `None` when the backend is PostgreSQL and no server is set up
    /// outside CI (see [`postgres_server`]).
    pub fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                Some(TestDb {
                    backend,
                    arg: dir.path().join("history.db").into_os_string(),
                    postgres: None,
                    _dir: Some(dir),
                })
            }
            Backend::Postgres => {
                let server = postgres_server()?;
                let name = format!("gardefou_test_{}", gardefou_serve::new_run_id());
                let mut admin = postgres::Client::connect(&server, postgres::NoTls)
                    .unwrap_or_else(|e| panic!("cannot reach GARDEFOU_TEST_POSTGRES: {e}"));
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .unwrap();
                Some(TestDb {
                    backend,
                    arg: with_database(&server, &name).into(),
                    postgres: Some((server, name)),
                    _dir: None,
                })
            }
        }
    }

    /// The file (SQLite only).
    pub fn path(&self) -> &Path {
        assert_eq!(self.backend, Backend::Sqlite);
        Path::new(&self.arg)
    }

    pub fn arg_str(&self) -> &str {
        self.arg.to_str().unwrap()
    }

    /// Opens it through the library, as an operator would.
    pub fn open(&self) -> gardefou_serve::Db {
        gardefou_serve::Db::connect(&gardefou_serve::Location::from_arg(Path::new(&self.arg)))
            .unwrap()
    }

    /// Runs SQL as the test's role, connected to the server's own database (not this one,
    /// which a test may make read-only). PostgreSQL only.
    pub fn psql(&self, sql: &str) {
        let (server, _) = self.postgres.as_ref().expect("a PostgreSQL database");
        let mut c = postgres::Client::connect(server, postgres::NoTls).unwrap();
        if let Err(e) = c.batch_execute(sql) {
            panic!("{sql}: {e} {:?}", e.as_db_error());
        }
    }
}

impl AsRef<OsStr> for TestDb {
    fn as_ref(&self) -> &OsStr {
        &self.arg
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            if let Ok(mut c) = postgres::Client::connect(server, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// Two tests from one function taking a [`Backend`]: `NAME::sqlite` and `NAME::postgres`
/// (which skips, or fails under CI, without a server).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name($crate::serve_support::Backend::Sqlite)
            }
            #[test]
            fn postgres() {
                if $crate::serve_support::postgres_server().is_some() {
                    super::$name($crate::serve_support::Backend::Postgres)
                }
            }
        }
    )*};
}

/// A running service; killed when dropped.
pub struct Service {
    pub child: Child,
    pub addr: String,
    pub db: OsString,
}

impl Service {
    /// Starts `gardefou serve` on `db` with the governance fixtures' ruleset and `extra` flags.
    pub fn start(db: impl AsRef<OsStr>, extra: &[&str]) -> Service {
        let config = root().join("fixtures/governance/.gardefou.yaml");
        Service::start_with(db, &config, extra)
    }

    pub fn start_with(db: impl AsRef<OsStr>, config: &Path, extra: &[&str]) -> Service {
        let db = db.as_ref();
        let mut child = Command::new(env!("CARGO_BIN_EXE_gardefou"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .arg("--config")
            .arg(config)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gardefou serve");
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let first = lines.next().expect("gardefou serve said nothing").unwrap();
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        // Keep draining stderr so the service never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.by_ref() {});
        Service {
            child,
            addr,
            db: db.to_os_string(),
        }
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
    ) -> Response {
        request(&self.addr, method, path, token, body)
    }

    pub fn get(&self, path: &str, token: &str) -> Response {
        self.request("GET", path, Some(token), None)
    }

    /// Submits a definition, then polls until the run is done; the final answer.
    pub fn validate(&self, query: &str, token: &str, media: &str, body: &[u8]) -> Response {
        let r = self.request(
            "POST",
            &format!("/api/v1/validations?{query}"),
            Some(token),
            Some((media, body)),
        );
        if r.status != 202 {
            return r;
        }
        let href = r.json()["href"].as_str().unwrap().to_string();
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let p = self.get(&href, token);
            if p.status != 202 {
                return p;
            }
            assert!(Instant::now() < deadline, "run {href} never finished");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops it with SIGTERM and waits (graceful shutdown).
    pub fn stop(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let status = self.child.wait().unwrap();
        std::mem::forget(self);
        status
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Makes a token with these scopes in `db`.
pub fn token(db: impl AsRef<OsStr>, scopes: &str, name: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .args(["token", "create", "--db"])
        .arg(db.as_ref())
        .args(["--scope", scopes, "--name", name])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on its own connection (`Connection: close`).
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, &[u8])>,
) -> Response {
    try_request(addr, method, path, token, body).expect("an HTTP answer")
}

/// [`request`], or `None` when the connection fails or the answer is cut off.
pub fn try_request(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, &[u8])>,
) -> Option<Response> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(300))).ok()?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(t) = token {
        head.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    if let Some((media, b)) = body {
        head.push_str(&format!(
            "Content-Type: {media}\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).ok()?;
    if let Some((_, b)) = body {
        // The service may answer (413) and close before reading it all.
        let _ = s.write_all(b);
    }
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Option<Response> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Some(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(i) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..i]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + size]);
        b = &b[i + 2 + size + 2..];
    }
}

/// Real definitions from `../shared/corpus/docs` no larger than `max` bytes, sorted by path.
pub fn corpus(max: u64) -> Option<Vec<PathBuf>> {
    let dir = root().join("../shared/corpus/docs");
    if !dir.is_dir() {
        return None;
    }
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) && e.metadata().is_ok_and(|m| m.len() <= max)
            {
                let head: Vec<u8> = std::fs::read(&p).unwrap().into_iter().take(2000).collect();
                let head = String::from_utf8_lossy(&head);
                if head.contains("openapi") || head.contains("swagger") {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    Some(out)
}

pub fn media_of(p: &Path) -> &'static str {
    if p.extension().is_some_and(|e| e == "json") {
        "application/json"
    } else {
        "application/yaml"
    }
}
