//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the project, when present (CI always has it).
pub fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    if p.join("spec").is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared is not present");
        None
    }
}

/// Runs the built binary in `cwd` with `args`.
pub fn gardefou(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(cwd)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run gardefou")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
