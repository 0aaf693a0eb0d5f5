//! The human and JSON output for fixtures of every OpenAPI version, pinned by snapshots.

mod common;
use common::*;

const FIXTURES: &[&str] = &[
    "fixtures/lint/swagger-2.0.yaml",
    "fixtures/lint/openapi-3.0.yaml",
    "fixtures/lint/openapi-3.1.json",
    "fixtures/lint/openapi-3.2.yaml",
    "fixtures/lint/multi-file/root.yaml",
    "fixtures/portfolio",
];

fn snapshot_name(fixture: &str, format: &str) -> String {
    format!(
        "{}__{format}",
        fixture
            .trim_start_matches("fixtures/")
            .replace(['/', '.'], "_")
    )
}

#[test]
fn human_output() {
    for f in FIXTURES {
        let out = gardefou(&root(), &["lint", "--format", "human", f]);
        insta::assert_snapshot!(snapshot_name(f, "human"), stdout(&out));
    }
}

#[test]
fn json_output() {
    for f in FIXTURES {
        let out = gardefou(&root(), &["lint", "--format", "json", f]);
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        v["tool"]["version"] = serde_json::Value::from("<version>");
        insta::assert_json_snapshot!(snapshot_name(f, "json"), v);
    }
}

#[test]
fn spectral_json_output() {
    for f in FIXTURES {
        let out = gardefou(&root(), &["lint", "--format", "spectral-json", f]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        insta::assert_json_snapshot!(snapshot_name(f, "spectral_json"), v);
    }
}

#[test]
fn ci_formats() {
    for f in [
        "fixtures/lint/openapi-3.0.yaml",
        "fixtures/lint/multi-file/root.yaml",
    ] {
        for format in ["junit", "github", "gitlab", "stylish", "markdown"] {
            let out = gardefou(&root(), &["lint", "--format", format, f]);
            insta::assert_snapshot!(snapshot_name(f, format), stdout(&out));
        }
    }
}
