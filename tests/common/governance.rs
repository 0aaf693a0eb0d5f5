//! Helpers of the `gardefou check` tests (`tests/governance*.rs`).

use std::path::Path;

use super::{root, stderr, stdout};

pub const EPOCH: &str = "1700000000";

/// `gardefou check ARGS` in `cwd`, its date fixed.
pub fn check_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(cwd)
        .arg("check")
        .args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("NO_COLOR")
        .output()
        .expect("run gardefou")
}

pub fn check(args: &[&str]) -> std::process::Output {
    check_in(&root(), args)
}

pub fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

/// A folder of files.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = d.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    d
}

/// The fixture's API whose path ends with `tail`.
pub fn api<'a>(report: &'a serde_json::Value, tail: &str) -> &'a serde_json::Value {
    report["apis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"].as_str().unwrap().ends_with(tail))
        .unwrap_or_else(|| panic!("no API {tail}"))
}

pub fn statuses(v: &serde_json::Value, pointer: &str) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| {
            x.pointer(pointer)
                .and_then(|s| s.as_str())
                .map(String::from)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

pub const OAS: &str = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: OK}}\n";

pub const RULES: &str = "rules:\n  op-description:\n    given: $.paths[*][get]\n    severity: error\n    then: {field: description, function: truthy}\n  op-summary:\n    given: $.paths[*][get]\n    severity: warn\n    then: {field: summary, function: truthy}\n";
