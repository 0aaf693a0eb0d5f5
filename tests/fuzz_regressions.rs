//! Bugs the fuzz targets (fuzz/, docs/reliability.md "Fuzzing") found, each checked through the
//! binary where the user sees it.

mod common;
use common::*;

/// `json` target: a syntax error at a non-ASCII character had a one-byte span ending inside the
/// character, so reporters gave it an empty range (end = start) instead of the character.
#[test]
fn a_syntax_error_at_a_non_ascii_character_covers_the_character() {
    let dir = tempfile::tempdir().unwrap();
    for (text, column) in [("{\"a\": 1, é}", 9), ("\u{ffff}", 0), ("[1, 2 🚀]", 6)] {
        std::fs::write(dir.path().join("api.json"), text).unwrap();
        let out = gardefou(dir.path(), &["lint", "api.json", "-f", "spectral-json"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let findings: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let range = &findings[0]["range"];
        assert_eq!(range["start"]["character"], column, "{text}: {range}");
        // Spectral's characters are UTF-16 units: U+1F680 is two.
        let width = if text.contains('🚀') { 2 } else { 1 };
        assert_eq!(range["end"]["character"], column + width, "{text}: {range}");
    }
}

/// `jsonpath` target: two long runs stopped on inputs of this family (1.6–1.9 KB garbled paths
/// with regex literals) with libFuzzer's 10-second timeout. They are not slow: 0.2–0.4 s in
/// the instrumented target, most of it folding the case of large Unicode character classes,
/// and 0.1–0.3 s through the binary; parse time grows linearly when the path's repeated middle
/// is doubled up to 8 times (docs/reliability.md). The runs, at `nice -n 19` on a loaded
/// machine, were starved of processor time. Through the binary each is what a user would see:
/// a ruleset error at the rule's `given`, naming the character the parser stopped at, with
/// every control character of the path escaped.
#[test]
fn a_long_garbled_json_path_is_a_ruleset_error_with_its_place() {
    for (input, character) in [
        ("jsonpath-timeout-cfa1319b.bin", 1816),
        ("jsonpath-timeout-89e7be3c.bin", 1551),
        // Found by the long run of session 2026-12-03 as an out-of-memory: its 3,241-character
        // regular expression took 14 s and 4 GiB to compile; its parts are now held to 1 MiB
        // each, so it is refused as too large (1.4 s, 0.5 GiB), with a message of bounded size.
        ("jsonpath-oom-74f39aeb.bin", 97),
    ] {
        let input = std::fs::read(root().join("fixtures/fuzz").join(input)).unwrap();
        let input = String::from_utf8(input).unwrap();
        let (path, _document) = input.split_once('\n').unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ruleset =
            serde_json::json!({"rules": {"r": {"given": path, "then": {"function": "truthy"}}}});
        std::fs::write(dir.path().join("rules.json"), ruleset.to_string()).unwrap();
        std::fs::write(
            dir.path().join("api.yaml"),
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        )
        .unwrap();
        let out = gardefou(dir.path(), &["lint", "-r", "rules.json", "api.yaml"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with("gardefou: error: rules.json:1:"), "{err}");
        assert!(err.contains("rule `r`: invalid JSONPath"), "{err}");
        let place = format!("at character {character}: ");
        assert!(err.contains(&place), "{err}");
        assert!(err.len() < 40_000, "{} bytes on standard error", err.len());
        assert!(
            !err.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "a control character reached standard error: {err:?}"
        );
    }
}
