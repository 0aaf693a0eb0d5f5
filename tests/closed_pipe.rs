//! A reader that stops early (`gardefou rules -f json | head`) never makes gardefou panic: every
//! command ends quietly, without a panic message and without Rust's panic exit code 101.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs gardefou in `cwd` with its standard output a pipe of which only `read` bytes are read
/// before the reading end is closed; returns (exit code, standard error).
fn closed_early(cwd: &Path, args: &[&str], read: usize) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(cwd)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gardefou");
    let mut stdout = child.stdout.take().unwrap();
    if read > 0 {
        let mut buf = vec![0u8; read];
        stdout
            .read_exact(&mut buf)
            .expect("the first bytes of the output");
    }
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    (status.code(), stderr)
}

fn assert_quiet(what: &str, (code, stderr): (Option<i32>, String)) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{what}: {stderr}"
    );
    assert!(!stderr.contains("internal error"), "{what}: {stderr}");
    assert_ne!(code, Some(101), "{what}: {stderr}");
}

/// A document with thousands of findings: its reports are far larger than a pipe's buffer, so
/// the writer is still writing when the reader goes away.
fn big_api(dir: &Path) -> String {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: Big, version: 1.0.0}\npaths:\n");
    for i in 0..1500 {
        text.push_str(&format!(
            "  /Items_{i}/:\n    get:\n      operationId: Get_Item_{i}\n      responses: {{'200': {{description: OK}}}}\n"
        ));
    }
    std::fs::write(dir.join("big.yaml"), &text).unwrap();
    std::fs::write(
        dir.join("small.yaml"),
        "openapi: 3.0.3\ninfo: {title: Big, version: 1.0.0}\npaths: {}\n",
    )
    .unwrap();
    "big.yaml".into()
}

#[test]
fn rules_json_into_a_closed_pipe_does_not_panic() {
    let root = common::root();
    let out = common::gardefou(&root, &["rules", "-f", "json"]);
    assert!(
        out.stdout.len() > 128 * 1024,
        "the catalogue outgrows a pipe buffer"
    );
    assert_quiet(
        "rules -f json",
        closed_early(&root, &["rules", "-f", "json"], 10),
    );
    assert_eq!(
        closed_early(&root, &["rules", "-f", "json"], 10).0,
        Some(0),
        "nothing went wrong"
    );
}

#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let t = tempfile::tempdir().unwrap();
    let big = big_api(t.path());
    for format in ["human", "json", "sarif", "spectral-json"] {
        let args = ["lint", "-f", format, big.as_str()];
        let full = common::gardefou(t.path(), &args);
        assert!(full.stdout.len() > 256 * 1024, "{format}: a large report");
        let (code, stderr) = closed_early(t.path(), &args, 16);
        assert_eq!(code, full.status.code(), "lint -f {format}: same verdict");
        assert_quiet(&format!("lint -f {format}"), (code, stderr));
    }
    let diff = ["diff", big.as_str(), "small.yaml"];
    assert!(common::gardefou(t.path(), &diff).stdout.len() > 128 * 1024);
    assert_quiet("diff", closed_early(t.path(), &diff, 16));
    // Short outputs: the reading end is closed before gardefou has written anything.
    for args in [
        &["rules"][..],
        &["rule", "naming-operation-id-unique"][..],
        &["score", big.as_str()][..],
        &["score", "-f", "html", big.as_str()][..],
    ] {
        assert_quiet(&args.join(" "), closed_early(t.path(), args, 0));
    }
}
