//! Reading input without trusting it: only regular files are opened, sizes are checked before
//! and while reading, remote fetches are bounded in time and run side by side, and encoding
//! problems are reported at their line and column. Every run here must end within a few
//! seconds; a run that does not is killed and the test fails.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What a bounded run of the binary gave.
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Run {
    fn code(&self) -> i32 {
        self.status.code().unwrap_or(-1)
    }

    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Where standard input comes from.
enum Input {
    Nothing,
    /// Bytes written for as long as the child reads them (until it closes the pipe).
    Endless,
}

/// Runs gardefou with at most 1 GiB of address space, killing it (and failing) after `limit`.
fn run_bounded(cwd: &Path, args: &[&str], stdin: Input, limit: Duration) -> Run {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -v 1048576; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_gardefou"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(match stdin {
            Input::Nothing => Stdio::null(),
            Input::Endless => Stdio::piped(),
        });
    let start = Instant::now();
    let mut child = command.spawn().expect("run gardefou");
    if let Some(mut pipe) = child.stdin.take() {
        std::thread::spawn(move || {
            let chunk = vec![b'a'; 64 * 1024];
            while pipe.write_all(&chunk).is_ok() {}
        });
    }
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("gardefou {args:?} still running after {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    Run {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        took,
    }
}

const LIMIT: Duration = Duration::from_secs(10);

const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: 1.0.0\n";

/// Makes a FIFO, or says why the test cannot.
fn mkfifo(path: &Path) -> bool {
    match Command::new("mkfifo").arg(path).status() {
        Ok(s) if s.success() => true,
        other => {
            eprintln!("skipped: mkfifo is not available ({other:?})");
            false
        }
    }
}

fn json_findings(run: &Run) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    v["documents"][0]["findings"].as_array().unwrap().clone()
}

#[test]
fn a_fifo_named_as_the_document_is_refused_without_blocking() {
    let t = tempfile::tempdir().unwrap();
    if !mkfifo(&t.path().join("api.yaml")) {
        return;
    }
    let run = run_bounded(t.path(), &["lint", "api.yaml"], Input::Nothing, LIMIT);
    assert_eq!(run.code(), 2, "{}", run.all());
    assert!(
        run.stderr.contains("api.yaml: not a regular file (fifo)"),
        "{}",
        run.all()
    );
}

#[test]
fn a_fifo_reached_by_ref_is_an_invalid_ref_and_directories_pass_over_fifos() {
    let t = tempfile::tempdir().unwrap();
    if !mkfifo(&t.path().join("pet.yaml")) {
        return;
    }
    std::fs::write(
        t.path().join("api.yaml"),
        format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      $ref: 'pet.yaml'\n"),
    )
    .unwrap();
    // A FIFO with a root's name under the folder is not opened either.
    mkfifo(&t.path().join("other.yaml"));
    for args in [
        &["lint", "-f", "json", "api.yaml"][..],
        &["lint", "-f", "json", "."][..],
    ] {
        let run = run_bounded(t.path(), args, Input::Nothing, LIMIT);
        assert_eq!(run.code(), 1, "{}", run.all());
        let findings = json_findings(&run);
        let bad: Vec<_> = findings
            .iter()
            .filter(|f| f["rule"] == "invalid-ref")
            .collect();
        assert_eq!(bad.len(), 1, "{findings:?}");
        assert!(
            bad[0]["message"]
                .as_str()
                .unwrap()
                .contains("`pet.yaml` is not a regular file (fifo)"),
            "{bad:?}"
        );
        assert!(bad[0]["file"].as_str().unwrap().ends_with("api.yaml"));
        assert_eq!(bad[0]["start"]["line"], 9, "{bad:?}");
        assert_eq!(bad[0]["start"]["column"], 13, "{bad:?}");
    }
}

#[test]
fn dev_zero_reached_by_ref_is_not_read() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("api.yaml"),
        format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Zero:\n      $ref: '/dev/zero'\n"),
    )
    .unwrap();
    let run = run_bounded(
        t.path(),
        &["lint", "-f", "json", "--allow-outside-refs", "api.yaml"],
        Input::Nothing,
        LIMIT,
    );
    assert_eq!(run.code(), 1, "{}", run.all());
    let findings = json_findings(&run);
    let bad: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "invalid-ref")
        .collect();
    assert_eq!(bad.len(), 1, "{findings:?}");
    assert!(
        bad[0]["message"]
            .as_str()
            .unwrap()
            .contains("`/dev/zero` is not a regular file (character device)"),
        "{bad:?}"
    );
    assert_eq!(bad[0]["start"]["line"], 9, "{bad:?}");
}

#[test]
fn a_sparse_file_over_the_limit_is_refused_from_its_size() {
    let t = tempfile::tempdir().unwrap();
    let path = t.path().join("big.yaml");
    std::fs::write(&path, "openapi: 3.0.3\n").unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(3 << 30).unwrap();
    drop(file);
    // Run with 1 GiB of address space: reading the file whole would fail.
    let run = run_bounded(t.path(), &["lint", "big.yaml"], Input::Nothing, LIMIT);
    assert!(run.took < Duration::from_secs(3), "took {:?}", run.took);
    assert_eq!(run.code(), 2, "{}", run.all());
    assert!(
        run.stdout
            .contains("file is 3221225472 bytes, larger than the 268435456 byte limit"),
        "{}",
        run.all()
    );
    assert!(run.stdout.contains("big.yaml"), "{}", run.all());
    // Found under a folder, it is still reported (not silently skipped, not read).
    let run = run_bounded(t.path(), &["lint", "."], Input::Nothing, LIMIT);
    assert_eq!(run.code(), 2, "{}", run.all());
    assert!(run.stdout.contains("big.yaml"), "{}", run.all());
    assert!(run.stdout.contains("larger than the"), "{}", run.all());
}

#[test]
fn standard_input_stops_at_the_limit() {
    let t = tempfile::tempdir().unwrap();
    let run = run_bounded(
        t.path(),
        &["lint", "--max-file-size", "100000", "-"],
        Input::Endless,
        LIMIT,
    );
    assert_eq!(run.code(), 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("<stdin>: standard input is larger than the 100000 byte limit"),
        "{}",
        run.all()
    );
}

#[test]
fn remote_servers_that_never_answer_cost_one_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts every connection and never answers (keeps them open until the test ends).
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("api.yaml"),
        format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'http://127.0.0.1:{port}/a.yaml'}}\n    B: {{$ref: 'http://127.0.0.1:{port}/b.yaml'}}\n    C: {{$ref: 'http://127.0.0.1:{port}/c.yaml'}}\n"
        ),
    )
    .unwrap();
    let timeout = 2;
    let run = run_bounded(
        t.path(),
        &[
            "lint",
            "-f",
            "json",
            "--allow-remote-refs",
            "--remote-timeout",
            &timeout.to_string(),
            "api.yaml",
        ],
        Input::Nothing,
        Duration::from_secs(20),
    );
    assert!(
        run.took.as_secs_f64() < 1.5 * timeout as f64,
        "three fetches took {:?}",
        run.took
    );
    assert_eq!(run.code(), 1, "{}", run.all());
    let findings = json_findings(&run);
    let bad: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "invalid-ref")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(bad.len(), 3, "{findings:?}");
    assert!(
        bad.iter()
            .all(|m| m.contains("no answer within 2 s (--remote-timeout)")),
        "{bad:?}"
    );

    // The run's deadline stops fetching altogether.
    let run = run_bounded(
        t.path(),
        &[
            "lint",
            "-f",
            "json",
            "--allow-remote-refs",
            "--remote-timeout",
            "5",
            "--remote-deadline",
            "1",
            "api.yaml",
        ],
        Input::Nothing,
        Duration::from_secs(20),
    );
    assert!(run.took < Duration::from_secs(3), "took {:?}", run.took);
    let findings = json_findings(&run);
    let bad: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "invalid-ref")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(bad.len(), 3, "{findings:?}");
    assert!(
        bad.iter().all(|m| m.contains("--remote-deadline")),
        "{bad:?}"
    );
}

/// The `parser` finding of a document that cannot be decoded: (line, column, message).
fn encoding_finding(bytes: &[u8]) -> (u64, u64, String) {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("api.yaml"), bytes).unwrap();
    let run = run_bounded(
        t.path(),
        &["lint", "-f", "json", "api.yaml"],
        Input::Nothing,
        LIMIT,
    );
    assert_eq!(run.code(), 2, "{}", run.all());
    let findings = json_findings(&run);
    let f = findings
        .iter()
        .find(|f| f["rule"] == "parser")
        .unwrap_or_else(|| panic!("{findings:?}"));
    assert_eq!(f["file"], "api.yaml");
    (
        f["start"]["line"].as_u64().unwrap(),
        f["start"]["column"].as_u64().unwrap(),
        f["message"].as_str().unwrap().to_string(),
    )
}

#[test]
fn a_nul_byte_is_reported_at_its_line_and_column() {
    let doc = format!("{HEAD}paths: {{ab\0: 1}}\n");
    let (line, column, message) = encoding_finding(doc.as_bytes());
    assert_eq!((line, column), (5, 11), "{message}");
    assert!(message.contains("NUL byte"), "{message}");
}

#[test]
fn a_latin1_byte_is_reported_at_its_line_and_column() {
    let mut doc = format!("{HEAD}paths: {{caf").into_bytes();
    doc.extend_from_slice(b"\xe9: 1}\n");
    let (line, column, message) = encoding_finding(&doc);
    assert_eq!((line, column), (5, 12), "{message}");
    assert!(message.contains("not valid UTF-8 (byte 0xE9)"), "{message}");
    assert!(!message.contains("offset"), "{message}");
}

#[test]
fn utf32_is_called_utf32() {
    for bom in [&[0xFF, 0xFE, 0, 0][..], &[0, 0, 0xFE, 0xFF][..]] {
        let mut doc = bom.to_vec();
        for c in "openapi: 3.0.3\n".chars() {
            let units = (c as u32).to_le_bytes();
            if bom[0] == 0xFF {
                doc.extend_from_slice(&units);
            } else {
                doc.extend(units.iter().rev());
            }
        }
        let (line, _, message) = encoding_finding(&doc);
        assert_eq!(line, 1);
        assert!(message.contains("UTF-32"), "{message}");
        assert!(!message.contains("UTF-16"), "{message}");
    }
}

#[test]
fn a_ruleset_that_is_no_regular_file_is_refused_without_blocking() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("api.yaml"), format!("{HEAD}paths: {{}}\n")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", t.path().join(".spectral.yaml")).unwrap();
    let run = run_bounded(t.path(), &["lint", "api.yaml"], Input::Nothing, LIMIT);
    assert_eq!(run.code(), 2, "{}", run.all());
    assert!(
        run.stderr.contains(".spectral.yaml")
            && run.stderr.contains("not a regular file (character device)"),
        "{}",
        run.all()
    );
    if !mkfifo(&t.path().join("rules.yaml")) {
        return;
    }
    let run = run_bounded(
        t.path(),
        &["lint", "-r", "rules.yaml", "api.yaml"],
        Input::Nothing,
        LIMIT,
    );
    assert_eq!(run.code(), 2, "{}", run.all());
    assert!(
        run.stderr.contains("rules.yaml") && run.stderr.contains("not a regular file (fifo)"),
        "{}",
        run.all()
    );
}
