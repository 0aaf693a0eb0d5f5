//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

pub mod governance;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the project, when present. Without it the calling test is skipped (and
/// says so, see [`skip`]); with `CI` set it fails instead: CI always has `../shared`.
/// `GARDEFOU_SHARED` names another folder (the skip helper's own test points it nowhere).
pub fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("GARDEFOU_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    if p.join("spec").is_dir() {
        Some(p)
    } else {
        skip(&format!("{} is not present", p.display()));
        None
    }
}

/// Whether `CI` is set (to anything but an empty string, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

static SKIPPED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Skips the calling test for `why`: one line, with the test's name and how many tests of this
/// binary were skipped so far, written straight to the process's stderr so it shows in a plain
/// `cargo test` run (the harness captures only `eprintln!`). Under CI ([`in_ci`]) a skip is a
/// failure.
pub fn skip(why: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    assert!(!in_ci(), "{test}: {why}, and CI is set: not skipping");
    report_skip(&test, why);
}

/// Skips the calling test because the machine lacks a tool that CI machines may lack too (a
/// Docker daemon): reported like [`skip`], under CI as well, never a failure.
pub fn skip_unavailable(why: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    report_skip(&test, why);
}

fn report_skip(test: &str, why: &str) {
    use std::io::Write;
    let n = SKIPPED.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {why} ({n} test(s) of this binary skipped so far)"
    );
}

/// Runs the built binary in `cwd` with `args`.
pub fn gardefou(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(cwd)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .output()
        .expect("run gardefou")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Serves fixed bodies on 127.0.0.1 for at most `max` connections, then stops: `routes` maps a
/// request path to its body (200); any other path is a 404.
pub fn serve(max: usize, routes: &'static [(&'static str, &'static str)]) -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max) {
            let Ok(mut stream) = stream else { continue };
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .ok();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = match routes.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => ("200 OK", *body),
                None => ("404 Not Found", "not found"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}
