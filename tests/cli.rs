//! End-to-end behaviour of `gardefou lint`: exit codes, input discovery, bad input.

mod common;
use common::*;

use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

const CLEAN: &str = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: OK}\n";
const BROKEN: &str = "openapi: 3.0.3\ninfo: {title: B, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses: {}\n";

#[test]
fn exit_codes() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "clean.yaml", CLEAN);
    write(t.path(), "broken.yaml", BROKEN);
    write(t.path(), "rs.yaml", "extends: [\"spectral:oas\"]\n");
    write(
        t.path(),
        "bad-rs.yaml",
        "extends: spectral:oas\nrules:\n  no-such-rule: error\n",
    );
    let code = |args: &[&str]| gardefou(t.path(), args).status.code().unwrap();
    assert_eq!(code(&["lint", "-r", "rs.yaml", "clean.yaml"]), 0);
    assert_eq!(code(&["lint", "-r", "rs.yaml", "broken.yaml"]), 1);
    assert_eq!(
        code(&[
            "lint",
            "-r",
            "rs.yaml",
            "--fail-severity",
            "never",
            "broken.yaml"
        ]),
        0
    );
    assert_eq!(code(&["lint", "--no-such-flag", "clean.yaml"]), 2);
    assert_eq!(code(&["lint", "missing.yaml"]), 2);
    let out = gardefou(t.path(), &["lint", "-r", "bad-rs.yaml", "clean.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad-rs.yaml:3:3"), "{}", stderr(&out));
    assert!(stderr(&out).contains("no-such-rule"), "{}", stderr(&out));
}

/// `options` on a rule in Spectral's format (every `spectral:oas` rule) would be read by
/// nothing: the ruleset fails to load, at the key, as Spectral refuses it.
#[test]
fn options_on_a_declarative_rule_are_refused() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "clean.yaml", CLEAN);
    write(
        t.path(),
        "rs.yaml",
        "extends: spectral:oas\nrules:\n  oas3-server-variables:\n    options: {requireDefault: false}\n",
    );
    let out = gardefou(t.path(), &["lint", "-r", "rs.yaml", "clean.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("rs.yaml:4:5: rule `oas3-server-variables` takes no `options`"),
        "{err}"
    );
}

#[test]
fn directories_find_root_documents_and_honour_gitignore() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "api/a.yaml", CLEAN);
    write(t.path(), "api/fragment.yaml", "type: object\n");
    write(t.path(), "build/b.yaml", BROKEN);
    write(t.path(), ".gitignore", "build/\n");
    let out = gardefou(t.path(), &["lint", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["document"].as_str().unwrap())
        .collect();
    assert_eq!(docs, ["./api/a.yaml"]);
    let out = gardefou(t.path(), &["lint", "--format", "json", "api/*.yaml"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
}

#[test]
fn standard_input_is_linted() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .args(["lint", "--format", "spectral-json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(BROKEN.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v.as_array().unwrap();
    assert!(findings.iter().all(|f| f["source"] == "<stdin>"));
    assert!(findings.iter().any(|f| f["code"] == "oas3-schema"), "{v}");
}

#[test]
fn output_file() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "broken.yaml", BROKEN);
    write(t.path(), "rs.yaml", "extends: spectral:oas\n");
    let out = gardefou(
        t.path(),
        &[
            "lint",
            "-r",
            "rs.yaml",
            "-f",
            "json",
            "-o",
            "report.json",
            "broken.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("report.json")).unwrap())
            .unwrap();
    // `responses: {}` breaks the schema; `{id}` has no parameter definition.
    assert_eq!(v["summary"]["error"], 2);
    let rules: Vec<&str> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"oas3-schema") && rules.contains(&"path-params"),
        "{rules:?}"
    );
}

/// Bad input ends on its own with a clear message naming the file (and line), never a panic.
#[test]
fn hostile_inputs() {
    let t = tempfile::tempdir().unwrap();
    let head = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
    let mut laughs = format!("{head}x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for c in 'b'..='j' {
        laughs += &format!("x-{c}: &{c} [{}]\n", vec![format!("*{prev}"); 9].join(", "));
        prev = c;
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("deep.json", format!("{}{}", "[".repeat(200_000), "]".repeat(200_000)).into_bytes(), "nesting deeper"),
        ("laughs.yaml", laughs.into_bytes(), "alias"),
        ("binary.yaml", (0..=255u8).cycle().take(16_384).collect(), "UTF-8"),
        ("truncated.yaml", b"openapi: 3.0.0\ninfo:\n  title: \"unterminated\n".to_vec(), "truncated.yaml:"),
        ("trailing.json", br#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1",}, "paths": {}}"#.to_vec(), "trailing comma"),
        ("escape.yaml", format!("{head}components:\n  schemas:\n    A: {{$ref: '../../../../../../../../etc/passwd'}}\n").into_bytes(), "outside the project folder"),
        ("remote.yaml", format!("{head}components:\n  schemas:\n    A: {{$ref: 'http://127.0.0.1:9/x.yaml#/A'}}\n").into_bytes(), "does not fetch"),
        ("cycle.yaml", format!("{head}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n").into_bytes(), "cycle"),
        ("scalar.yaml", b"just a string\n".to_vec(), "not an OpenAPI document"),
    ];
    let sub = t.path().join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    for (name, bytes, expect) in cases {
        std::fs::write(sub.join(name), bytes).unwrap();
        let out = gardefou(&sub, &["lint", "--no-color", name]);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains("panicked"), "{name}: {all}");
        // A document that is not OpenAPI gets Spectral's `unrecognized-format` warning, which
        // does not fail the run (as in Spectral); every other case does.
        let expected: &[i32] = if name == "scalar.yaml" { &[0] } else { &[1, 2] };
        assert!(
            out.status.code().is_some_and(|c| expected.contains(&c)),
            "{name}: {:?}",
            out.status
        );
        assert!(
            all.contains(name),
            "{name}: output does not name the file: {all}"
        );
        assert!(
            all.contains(expect),
            "{name}: expected `{expect}` in: {all}"
        );
    }
}

/// Several reports in one run: `-f FORMAT=FILE` writes each to its file, one format may go to
/// standard output, and two formats for standard output are refused.
#[test]
fn several_formats_in_one_run() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "broken.yaml", BROKEN);
    let out = gardefou(
        t.path(),
        &[
            "lint",
            "broken.yaml",
            "-f",
            "stylish",
            "-f",
            "sarif=out.sarif",
            "-f",
            "junit=out.xml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("broken.yaml:"));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.path().join("out.sarif")).unwrap()).unwrap();
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    let junit = std::fs::read_to_string(t.path().join("out.xml")).unwrap();
    assert!(junit.starts_with("<?xml"));
    let twice = gardefou(
        t.path(),
        &["lint", "broken.yaml", "-f", "json", "-f", "human"],
    );
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).contains("only one format can go to standard output"));
    let unknown = gardefou(t.path(), &["lint", "broken.yaml", "-f", "pdf"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown format `pdf`"));
}
