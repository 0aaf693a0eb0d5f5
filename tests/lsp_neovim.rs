//! The language server in a real editor: headless Neovim (Debian's `neovim`, 0.7) runs
//! `fixtures/lsp/neovim-session.lua` on a copy of `fixtures/lsp/`: it starts `gardefou lsp`,
//! jumps to a `$ref`'s definition in another file, waits for the diagnostic there, applies the
//! "Ignore" code action and waits for the diagnostic to clear. The script writes what it saw
//! to a file this test reads. Without Neovim the test is skipped (a failure under CI).

mod common;
use common::*;

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn neovim_jumps_to_a_definition_and_applies_the_ignore_action() {
    if Command::new("nvim").arg("--version").output().is_err() {
        skip("Neovim (`nvim`) is not installed: apt-get install neovim");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    for f in ["api.yaml", "schemas/pet.yaml", ".spectral.yaml"] {
        std::fs::copy(root().join("fixtures/lsp").join(f), dir.join(f)).unwrap();
    }
    let result = dir.join("result.txt");
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!(
            "luafile {}",
            root().join("fixtures/lsp/neovim-session.lua").display()
        ))
        .current_dir(&dir)
        .env("GARDEFOU_BIN", env!("CARGO_BIN_EXE_gardefou"))
        .env("GARDEFOU_RESULT", &result)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish the session");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = std::fs::read_to_string(&result).expect("the script's results");
    let mut seen: HashMap<&str, Vec<&str>> = HashMap::new();
    for line in text.lines() {
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        seen.entry(k).or_default().push(v);
    }
    let one = |k: &str| -> &str {
        seen.get(k)
            .and_then(|v| v.first())
            .copied()
            .unwrap_or_else(|| panic!("no {k} in:\n{text}"))
    };
    assert!(!seen.contains_key("error"), "{text}");
    assert_eq!(one("client"), "true", "{text}");
    assert_eq!(one("initialized"), "true", "{text}");
    assert_eq!(one("definition"), "true", "{text}");
    assert_eq!(one("definition_file"), "schemas/pet.yaml", "{text}");
    assert_eq!(one("definition_line"), "1", "{text}");
    assert_eq!(one("diagnosed"), "true", "{text}");
    assert_eq!(one("diagnostic_code"), "property-description", "{text}");
    assert_eq!(one("diagnostic_line"), "4", "{text}");
    // The ruleset's own rule has no docs page and no quick fix: the ignore action only.
    assert_eq!(
        seen["action"],
        ["Ignore `property-description` here"],
        "{text}"
    );
    assert_eq!(one("cleared"), "true", "{text}");
    assert_eq!(
        one("text"),
        "type: object|title: A pet|properties:|  name:|    x-gardefou-ignore:|      - property-description|    type: string",
        "{text}"
    );
}
