//! `gardefou diff`: a copy of a real description edited in ten known ways
//! (`fixtures/diff/README.md`); each edit is found with the right class and both locations.

mod common;
use common::*;

#[test]
fn the_ten_known_edits_are_found() {
    let out = gardefou(
        &root(),
        &[
            "diff",
            "-f",
            "json",
            "fixtures/diff/old.yaml",
            "fixtures/diff/new.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "breaking changes fail the run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    // (kind, class, text in the message, old line, new line); 0 = no location on that side.
    let expected: [(&str, &str, &str, u64, u64); 11] = [
        (
            "parameter-renamed",
            "breaking",
            "`tags` was renamed `tag`",
            26,
            28,
        ),
        (
            "parameter-became-required",
            "breaking",
            "`limit` became required",
            35,
            37,
        ),
        (
            "type-changed",
            "breaking",
            "`integer` became `string`",
            40,
            42,
        ),
        (
            "required-parameter-added",
            "breaking",
            "`owner` was added",
            0,
            43,
        ),
        (
            "response-removed",
            "breaking",
            "GET /pets/{id}: response `default` was removed",
            100,
            89,
        ),
        (
            "operation-removed",
            "breaking",
            "DELETE /pets/{id} was removed",
            106,
            0,
        ),
        ("operation-added", "safe", "GET /owners was added", 0, 108),
        (
            "output-property-removed",
            "breaking",
            "property `tag` was removed",
            145,
            128,
        ),
        (
            "required-input-property-added",
            "breaking",
            "property `species` was added",
            138,
            137,
        ),
        (
            "input-constraint-tightened",
            "breaking",
            "`maxLength` none → 50",
            143,
            134,
        ),
        (
            "security-added",
            "breaking",
            "GET /pets now requires authentication",
            19,
            21,
        ),
    ];
    for (kind, class, text, old_line, new_line) in expected {
        let hit = changes
            .iter()
            .find(|c| c["kind"] == kind && c["message"].as_str().unwrap().contains(text));
        let Some(c) = hit else {
            panic!("{kind} `{text}` not found in {changes:#?}")
        };
        assert_eq!(c["class"], class, "{kind}");
        let line = |side: &str| c[side]["line"].as_u64().unwrap_or(0);
        assert_eq!(
            (line("old"), line("new")),
            (old_line, new_line),
            "{kind} `{text}`"
        );
        if old_line > 0 {
            assert_eq!(c["old"]["file"], "fixtures/diff/old.yaml");
        }
        if new_line > 0 {
            assert_eq!(c["new"]["file"], "fixtures/diff/new.yaml");
        }
    }
    assert!(changes
        .iter()
        .any(|c| c["kind"] == "input-property-removed" && c["class"] == "possibly-breaking"));
}

#[test]
fn identical_versions_have_no_changes_and_fail_on_never() {
    let out = gardefou(
        &root(),
        &["diff", "fixtures/diff/old.yaml", "fixtures/diff/old.yaml"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("0 changes"));
    let out = gardefou(
        &root(),
        &[
            "diff",
            "--fail-on",
            "never",
            "fixtures/diff/old.yaml",
            "fixtures/diff/new.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn swagger_2_and_missing_inputs() {
    let t = tempfile::tempdir().unwrap();
    let old = "swagger: '2.0'\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, type: string}]\n      responses: {'200': {description: OK, schema: {type: object, properties: {id: {type: integer}}}}}\n";
    let new = "swagger: '2.0'\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, type: string, required: true}]\n      responses: {'200': {description: OK, schema: {type: object, properties: {id: {type: string}}}}}\n";
    std::fs::write(t.path().join("old.yaml"), old).unwrap();
    std::fs::write(t.path().join("new.yaml"), new).unwrap();
    let out = gardefou(t.path(), &["diff", "-f", "json", "old.yaml", "new.yaml"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"parameter-became-required") && kinds.contains(&"type-changed"),
        "{kinds:?}"
    );
    let out = gardefou(t.path(), &["diff", "old.yaml", "missing.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.yaml"));
}

#[test]
fn spectral_json_output_places_each_change() {
    let out = gardefou(
        &root(),
        &[
            "diff",
            "-f",
            "spectral-json",
            "fixtures/diff/old.yaml",
            "fixtures/diff/new.yaml",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v.as_array().unwrap();
    let removed = items
        .iter()
        .find(|x| x["code"] == "operation-removed")
        .unwrap();
    assert_eq!(removed["source"], "fixtures/diff/old.yaml");
    assert_eq!(removed["severity"], 0);
    assert_eq!(removed["range"]["start"]["line"], 105);
    let added = items
        .iter()
        .find(|x| x["code"] == "operation-added")
        .unwrap();
    assert_eq!(
        (added["source"].as_str(), added["severity"].as_u64()),
        (Some("fixtures/diff/new.yaml"), Some(2))
    );
}

/// Two `allOf` branches declaring the same property (`data`, with different `items`) are one
/// property: a document against itself has no change.
#[test]
fn all_of_branches_declaring_one_property_are_merged() {
    let doc = "fixtures/diff/envelope.yaml";
    let out = gardefou(&root(), &["diff", "-f", "json", doc, doc]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["changes"], serde_json::json!([]));
}

/// A change in a shared schema is reported once, where it happened, with every operation it
/// reaches; an added operation is reported as such.
#[test]
fn a_change_in_a_shared_schema_is_reported_once_with_the_operations_it_affects() {
    let out = gardefou(
        &root(),
        &[
            "diff",
            "-f",
            "json",
            "fixtures/diff/envelope.yaml",
            "fixtures/diff/envelope-v2.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let summary: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "output-property-removed",
                "schema `Thing`: property `id` was removed"
            ),
            ("operation-added", "DELETE /things/{id} was added"),
            (
                "output-property-became-required",
                "schema `Thing`: property `name` is now always present"
            ),
        ]
    );
    let removed = &changes[0];
    assert_eq!(
        removed["affects"],
        serde_json::json!(["GET /things", "GET /things/{id}"])
    );
    assert_eq!(
        removed["old"]["line"], 44,
        "the property in the old version"
    );
    assert_eq!(removed["new"]["line"], 47, "the schema in the new version");
    let human = stdout(&gardefou(
        &root(),
        &[
            "diff",
            "fixtures/diff/envelope.yaml",
            "fixtures/diff/envelope-v2.yaml",
        ],
    ));
    assert!(
        human.contains("affects 2 operations: GET /things, GET /things/{id}"),
        "{human}"
    );
    assert_eq!(
        human.matches("property `id` was removed").count(),
        1,
        "{human}"
    );
}

/// `REV:path` versions are read from git, and nothing given as a version reaches git as an
/// option (`--output=…` once wrote a file and left an empty base).
#[test]
fn git_revisions_are_read_and_never_taken_as_options() {
    let t = tempfile::tempdir().unwrap();
    let repo = t.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::copy(root().join("fixtures/diff/old.yaml"), repo.join("api.yaml")).unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(&repo)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .expect("git");
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    };
    git(&["init", "-q"]);
    git(&["add", "api.yaml"]);
    git(&["commit", "-qm", "v1"]);
    std::fs::copy(root().join("fixtures/diff/new.yaml"), repo.join("api.yaml")).unwrap();
    let out = gardefou(&repo, &["diff", "HEAD:api.yaml", "api.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("DELETE /pets/{id} was removed"));
    for args in [
        vec!["diff", "--", "--output=../planted:api.yaml", "api.yaml"],
        vec!["diff", "--", "-p:api.yaml", "api.yaml"],
        vec!["lint", "--base=--output=../planted:api.yaml", "api.yaml"],
        vec!["lint", "--base", "no-such-branch:api.yaml", "api.yaml"],
        vec!["lint", "--base", "HEAD:missing.yaml", "api.yaml"],
    ] {
        let out = gardefou(&repo, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let named = args.iter().find(|a| a.contains(':')).unwrap();
        assert!(
            stderr(&out).contains(named.trim_start_matches("--base=")),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!t.path().join("planted").exists(), "{args:?} wrote a file");
        assert!(!repo.join("planted").exists(), "{args:?} wrote a file");
    }
}
