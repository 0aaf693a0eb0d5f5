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
