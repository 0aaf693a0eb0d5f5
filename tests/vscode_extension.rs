//! The VS Code extension (`editors/vscode/`): it builds and packages from its pinned lock file
//! (`tools/package_vscode.sh`: tsc against VS Code's API at the version the manifest requires,
//! esbuild, `@vscode/vsce`), the package holds one self-contained script and the manifest, and
//! that script, loaded in Node with a stand-in for VS Code's API, starts `gardefou lsp` with
//! the user's settings for YAML and JSON files. VS Code itself cannot run here (it is a
//! download, not a package); the real-editor test of the server is `tests/lsp_neovim.rs`.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

/// Builds the `.vsix`; `None` (the test skipped) without npm.
fn package() -> Option<PathBuf> {
    if Command::new("npm").arg("--version").output().is_err() {
        skip("npm is not on PATH");
        return None;
    }
    let out = Command::new(root().join("tools/package_vscode.sh"))
        .output()
        .expect("run tools/package_vscode.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    Some(PathBuf::from(path))
}

/// Unpacks a zip archive with Python's `zipfile` (no zip crate for one test).
fn unzip(archive: &Path, into: &Path) {
    let status = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        ])
        .arg(archive)
        .arg(into)
        .status()
        .expect("python3");
    assert!(status.success());
}

/// Enough of VS Code's API to load the bundle and call what it exports: the names the
/// extension reads are values; any other name is an empty class (the language client extends
/// some of VS Code's classes when it is loaded).
const VSCODE_STUB: &str = r#"
const settings = { path: "/opt/gardefou/bin/gardefou", extraArgs: ["--log", "x"] };
const api = {
  version: "1.82.0",
  workspace: {
    workspaceFolders: [{ uri: { scheme: "file", fsPath: "/project" } }],
    getConfiguration: (s) => ({ get: (k) => (s === "gardefou" ? settings[k] : undefined) }),
  },
};
module.exports = new Proxy(api, {
  get: (t, k) => (k in t ? t[k] : typeof k === "string" ? class {} : undefined),
});
"#;

#[test]
fn the_extension_packages_and_starts_gardefou_lsp() {
    let Some(vsix) = package() else { return };
    let tmp = tempfile::tempdir().unwrap();
    unzip(&vsix, tmp.path());
    let ext = tmp.path().join("extension");

    // The manifest is the repository's, at the workspace's version, and names what VS Code
    // needs to start it.
    let shipped: Value =
        serde_json::from_str(&std::fs::read_to_string(ext.join("package.json")).unwrap()).unwrap();
    let source: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(shipped["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(shipped["contributes"], source["contributes"]);
    let types = source["devDependencies"]["@types/vscode"].as_str().unwrap();
    assert_eq!(
        shipped["engines"]["vscode"],
        format!("^{types}"),
        "the API the extension is checked against is the oldest VS Code it claims to run on"
    );
    let events = shipped["activationEvents"].as_array().unwrap();
    for e in ["onLanguage:yaml", "onLanguage:json"] {
        assert!(events.contains(&json!(e)), "{events:?}");
    }
    let main = shipped["main"].as_str().unwrap();
    let script = ext.join(main.trim_start_matches("./"));
    assert!(script.is_file(), "{main} is not in the package");
    assert!(
        !ext.join("node_modules").exists(),
        "the bundle is self-contained: no node_modules in the package"
    );

    // The bundle requires nothing but VS Code and Node's own modules.
    let builtins = Command::new("node")
        .args(["-p", "require('module').builtinModules.join('\\n')"])
        .output()
        .unwrap();
    let builtins = String::from_utf8(builtins.stdout).unwrap();
    let code = std::fs::read_to_string(&script).unwrap();
    for (i, _) in code.match_indices("require(\"") {
        let name = &code[i + 9..];
        let name = &name[..name.find('"').unwrap()];
        let bare = name.trim_start_matches("node:");
        assert!(
            name == "vscode" || builtins.lines().any(|b| b == bare),
            "the bundle requires `{name}`, which VS Code does not provide"
        );
    }

    // Loaded with a stand-in for VS Code, it starts `<gardefou.path> lsp <gardefou.extraArgs>`
    // in the workspace folder, over stdio (no transport: the client would add `--stdio`), for
    // YAML and JSON, saved or not.
    let stub = tmp.path().join("stub/node_modules/vscode");
    std::fs::create_dir_all(&stub).unwrap();
    std::fs::write(stub.join("index.js"), VSCODE_STUB).unwrap();
    let out = Command::new("node")
        .arg("-e")
        .arg(format!(
            "const ext = require({script:?}); const vscode = require('vscode');\
             console.log(JSON.stringify({{server: ext.serverOptions(vscode.workspace.getConfiguration('gardefou')), documents: ext.DOCUMENTS}}));"
        ))
        .env("NODE_PATH", tmp.path().join("stub/node_modules"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = json!({"command": "/opt/gardefou/bin/gardefou", "args": ["lsp", "--log", "x"],
                     "options": {"cwd": "/project"}});
    assert_eq!(v["server"], json!({"run": run, "debug": run}));
    let languages: Vec<(&str, &str)> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["scheme"].as_str().unwrap(),
                d["language"].as_str().unwrap(),
            )
        })
        .collect();
    for l in ["yaml", "json", "jsonc"] {
        assert!(languages.contains(&("file", l)) && languages.contains(&("untitled", l)));
    }
}

/// What the client appends for a stdio transport is accepted by the server.
#[test]
fn gardefou_lsp_accepts_stdio() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .args(["lsp", "--stdio"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // End of input before `initialize`: the server stops with an error of the protocol, not of
    // its arguments.
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("unexpected argument"), "{err}");
}
