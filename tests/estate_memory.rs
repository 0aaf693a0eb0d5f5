//! Bounded memory over an estate (issue 17, item 3): `lint` and `score` over many documents keep
//! what the report needs of each, not its tree or text, so their peak memory is set by the
//! largest document, not by how many there are. Measured as the peak resident set of the
//! process (`ru_maxrss` of the child, from `wait4`), over 8 and over 64 copies of the same
//! mid-size API, with a ruleset of one rule (one finding per copy, so what is kept of each
//! copy is small): the larger run may use a little more, never memory that grows with the
//! copies' trees. (Findings themselves are kept until the report is written: with thousands of
//! findings per document, memory follows the findings, as the report's size does.)

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::{Command, Stdio};

/// A ~1 MB OpenAPI 3.0 document: `paths` operations each with a 20-property schema, with
/// findings (no descriptions, no tags) in every operation.
fn api(paths: usize) -> String {
    let mut p = Vec::new();
    let mut schemas = Vec::new();
    for i in 0..paths {
        let props: Vec<String> = (0..20)
            .map(|j| {
                format!("\"field{j}\": {{\"type\": \"string\", \"example\": \"value {i} {j}\"}}")
            })
            .collect();
        schemas.push(format!(
            "\"Thing{i}\": {{\"type\": \"object\", \"properties\": {{{}}}}}",
            props.join(", ")
        ));
        p.push(format!(
            "\"/things{i}/{{id}}\": {{\"get\": {{\"operationId\": \"getThing{i}\", \"parameters\": \
             [{{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": {{\"type\": \
             \"string\"}}}}], \"responses\": {{\"200\": {{\"description\": \"OK\", \"content\": \
             {{\"application/json\": {{\"schema\": {{\"$ref\": \"#/components/schemas/Thing{i}\"}}}}}}}}}}}}}}"
        ));
    }
    format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"Things\", \"version\": \"1\"}}, \
         \"paths\": {{{}}}, \"components\": {{\"schemas\": {{{}}}}}}}",
        p.join(", "),
        schemas.join(", ")
    )
}

/// Peak resident set (KiB) of `gardefou ARGS`, run in `dir`.
fn peak_kib(dir: &Path, args: &[&str]) -> i64 {
    let child = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gardefou runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data, zeroed, and filled by `wait4` for the child we started;
    // the child is reaped here (the `Child` is not waited on afterwards).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1,
        "gardefou {args:?} failed: status {status}"
    );
    drop(child);
    usage.ru_maxrss
}

/// `spectral:oas` with every rule off but `info-contact`: one finding per document.
const RULESET: &str = "extends: [[spectral:oas, off]]\nrules:\n  info-contact: warn\n";

fn estate(copies: usize, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..copies {
        std::fs::write(dir.path().join(format!("api{i:03}.json")), text).unwrap();
    }
    dir
}

fn bounded(command: &str, format: &str) {
    let text = api(600);
    assert!(text.len() > 700_000, "{}", text.len());
    let (few, many) = (estate(8, &text), estate(64, &text));
    for d in [&few, &many] {
        std::fs::write(d.path().join("ruleset.yaml"), RULESET).unwrap();
    }
    let args = [
        command,
        ".",
        "-r",
        "ruleset.yaml",
        "-f",
        format,
        "-o",
        "report.out",
    ];
    let small = peak_kib(few.path(), &args);
    let large = peak_kib(many.path(), &args);
    // Both runs did the work: the larger report is several times the smaller one.
    let size = |d: &tempfile::TempDir| {
        std::fs::metadata(d.path().join("report.out"))
            .unwrap()
            .len()
    };
    assert!(
        size(&many) > 4 * size(&few),
        "{} vs {}",
        size(&many),
        size(&few)
    );
    eprintln!("{command} -f {format}: 8 copies {small} KiB, 64 copies {large} KiB");
    // Keeping each copy's tree would take 8× the trees of the small run; the reduced results
    // of 56 more copies are a small part of one tree.
    assert!(
        large * 10 <= small * 15,
        "{command}: peak RSS {large} KiB over 64 copies against {small} KiB over 8: memory grows \
         with the number of documents"
    );
}

#[test]
fn lint_memory_does_not_grow_with_the_documents() {
    bounded("lint", "json");
}

#[test]
fn lint_human_memory_does_not_grow_with_the_documents() {
    bounded("lint", "human");
}

#[test]
fn score_memory_does_not_grow_with_the_documents() {
    bounded("score", "json");
}
