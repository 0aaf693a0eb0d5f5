//! Remote `$ref`s: never fetched by default; with `--allow-remote-refs` they are fetched (here
//! from a small HTTP server on the loopback interface), relative references inside a remote
//! document resolve against its URL, and findings inside it name the URL.

mod common;
use common::*;

/// What the test server answers.
const ROUTES: &[(&str, &str)] = &[
    (
        "/schemas/pet.yaml",
        "Pet:\n  type: object\n  properties:\n    owner:\n      $ref: './owner.yaml#/Owner'\n",
    ),
    (
        "/schemas/owner.yaml",
        "Owner:\n  type: object\n  properties:\n    friend:\n      $ref: '#/Missing'\n",
    ),
];

#[test]
fn remote_references_only_with_the_flag() {
    let port = serve(8, ROUTES);
    let t = tempfile::tempdir().unwrap();
    let doc = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: 1.0.0}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pet: {{$ref: 'http://127.0.0.1:{port}/schemas/pet.yaml#/Pet'}}\n    Gone: {{$ref: 'http://127.0.0.1:{port}/schemas/gone.yaml'}}\n"
    );
    std::fs::write(t.path().join("api.yaml"), doc).unwrap();

    // Default: nothing fetched; the references are reported as remote.
    let out = gardefou(t.path(), &["lint", "-f", "json", "api.yaml"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let refs: Vec<&str> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "invalid-ref")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(refs.len(), 2, "{refs:?}");
    assert!(refs.iter().all(|m| m.contains("--allow-remote-refs")));

    // Opted in: fetched; the broken reference inside the remote document is reported there.
    let out = gardefou(
        t.path(),
        &["lint", "-f", "json", "--allow-remote-refs", "api.yaml"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let refs: Vec<(&str, &str, u64)> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "invalid-ref")
        .map(|f| {
            (
                f["file"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
                f["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let owner = format!("http://127.0.0.1:{port}/schemas/owner.yaml");
    assert!(
        refs.iter()
            .any(|(file, msg, line)| *file == owner && msg.contains("#/Missing") && *line == 5),
        "{refs:?}"
    );
    assert!(
        refs.iter().any(|(file, msg, _)| *file == "api.yaml"
            && msg.contains("gone.yaml")
            && msg.contains("404")),
        "{refs:?}"
    );
    assert!(
        !refs.iter().any(|(_, msg, _)| msg.contains("pet.yaml")),
        "{refs:?}"
    );
}
