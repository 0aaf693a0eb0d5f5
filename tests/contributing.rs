//! `CONTRIBUTING.md` stays true: every file it names exists, every test binary it runs exists,
//! every variable it sets is read by a test, the `xtask` alias it uses is defined, and, as it
//! promises, `tests/inert_output.rs` covers every output format of `lint`.

mod common;
use common::*;

fn guide() -> String {
    std::fs::read_to_string(root().join("CONTRIBUTING.md")).expect("CONTRIBUTING.md")
}

/// The text between backticks, in order.
fn code_spans(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

#[test]
fn every_file_it_names_exists() {
    let prefixes = [
        "crates/",
        "src/",
        "tests/",
        "fixtures/",
        "docs/",
        "tools/",
        "xtask/",
    ];
    let mut missing = Vec::new();
    let mut named = 0;
    for span in code_spans(&guide()) {
        // A placeholder (`<id>`) or the example rule the scaffold would create.
        if span.contains('<') || span.contains("no-acronyms") || span.contains(' ') {
            continue;
        }
        if prefixes.iter().any(|p| span.starts_with(p)) {
            named += 1;
            if !root().join(&span).exists() {
                missing.push(span);
            }
        }
    }
    assert!(
        named >= 10,
        "only {named} paths found: is the guide still there?"
    );
    assert!(
        missing.is_empty(),
        "CONTRIBUTING.md names missing files: {missing:?}"
    );
}

#[test]
fn every_test_it_runs_and_variable_it_sets_exists() {
    let text = guide().replace('\n', " ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut tests = 0;
    for pair in words.windows(2) {
        if pair[0] == "--test" {
            let name = pair[1].trim_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
            tests += 1;
            assert!(
                root().join("tests").join(format!("{name}.rs")).exists(),
                "CONTRIBUTING.md runs `--test {name}`, which does not exist"
            );
        }
    }
    assert!(tests >= 5, "{tests}");
    let mut sources = String::new();
    for entry in std::fs::read_dir(root().join("tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            sources.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    for word in words {
        let word = word.trim_matches(|c: char| !(c.is_ascii_uppercase() || c == '_'));
        if let Some(var) = word
            .strip_prefix("GARDEFOU_")
            .map(|_| word.split('=').next().unwrap())
        {
            assert!(
                sources.contains(&format!("\"{var}\"")),
                "CONTRIBUTING.md sets {var}, which no test reads"
            );
        }
    }
    let cargo_config = std::fs::read_to_string(root().join(".cargo/config.toml")).unwrap();
    assert!(
        cargo_config.contains("xtask"),
        "CONTRIBUTING.md uses `cargo xtask`, which .cargo/config.toml does not define"
    );
}

#[test]
fn every_output_format_is_planted_with_hostile_text() {
    let help = stdout(&gardefou(&root(), &["lint", "--help"]));
    // "Output format: human, json, …, markdown. Repeat with …"
    let listed = help
        .lines()
        .find_map(|l| l.trim().strip_prefix("Output format: "))
        .and_then(|l| l.split('.').next())
        .expect("the formats in `lint --help`");
    let formats: Vec<String> = listed.split(", ").map(str::to_string).collect();
    assert!(
        formats.len() >= 9,
        "formats read from --help: {formats:?}\n{help}"
    );
    let inert = std::fs::read_to_string(root().join("tests/inert_output.rs")).unwrap();
    for f in &formats {
        assert!(
            inert.contains(&format!("\"{f}\"")),
            "tests/inert_output.rs does not cover `-f {f}`"
        );
    }
}
