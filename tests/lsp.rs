//! `gardefou lsp` driven over stdio as an editor drives it, on the two-file API of
//! `fixtures/lsp/` (copied to a temporary folder): diagnostics per file with the `$ref` chain,
//! clearing after a fix, go to definition, references, outline, hovers, a broken ruleset, and
//! shutdown.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any answer may take (the machine is shared; the server answers in milliseconds).
const WAIT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    backlog: Vec<Value>,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gardefou"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start gardefou lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).expect("a whole message");
                let value: Value = serde_json::from_slice(&body).expect("JSON");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages: rx,
            next_id: 1,
            backlog: Vec::new(),
        }
    }

    fn send(&mut self, message: Value) {
        let body = serde_json::to_string(&message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self
                .next(deadline)
                .unwrap_or_else(|| panic!("no answer to {method}"));
            if m.get("id") == Some(&json!(id)) {
                assert!(m.get("error").is_none(), "{method}: {m}");
                return m["result"].clone();
            }
            self.backlog.push(m);
        }
    }

    fn next(&mut self, deadline: Instant) -> Option<Value> {
        self.messages
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .ok()
    }

    /// The next diagnostics published for `uri` that satisfy `want`.
    fn diagnostics(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        let mut backlog = std::mem::take(&mut self.backlog).into_iter();
        loop {
            let m = match backlog.next() {
                Some(m) => m,
                None => self.next(deadline).unwrap_or_else(|| {
                    panic!("no wanted diagnostics for {uri}; published: {seen:#?}")
                }),
            };
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                let d = m["params"]["diagnostics"].as_array().unwrap().clone();
                if want(&d) {
                    self.backlog.extend(backlog);
                    return d;
                }
                seen.push(d);
            }
        }
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn copy_fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    for f in ["api.yaml", "schemas/pet.yaml", ".spectral.yaml"] {
        std::fs::copy(root().join("fixtures/lsp").join(f), dir.join(f)).unwrap();
    }
    (tmp, dir)
}

/// The position (0-based line, UTF-16 character) of the first `needle` on the line containing
/// `line_marker`, in a file.
fn position_of(text: &str, line_marker: &str, needle: &str) -> Value {
    for (i, line) in text.lines().enumerate() {
        if line.contains(line_marker) {
            let c = line.find(needle).expect("needle on the line");
            return json!({"line": i, "character": c + 1});
        }
    }
    panic!("{line_marker} not found")
}

#[test]
fn an_editor_session() {
    let (_tmp, dir) = copy_fixture();
    let api = dir.join("api.yaml");
    let pet = dir.join("schemas/pet.yaml");
    let api_text = std::fs::read_to_string(&api).unwrap();
    let pet_text = std::fs::read_to_string(&pet).unwrap();
    let mut c = Client::start(&dir);
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "capabilities": {}}),
    );
    assert_eq!(init["capabilities"]["definitionProvider"], json!(true));
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], json!(2));
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&api), "languageId": "yaml", "version": 1, "text": api_text}}),
    );

    // The problem in the referenced file is published on that file, with the `$ref` from the
    // root as related information and the rule as code.
    let d = c.diagnostics(&uri(&pet), |d| !d.is_empty());
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "property-description");
    assert_eq!(d[0]["message"], "Properties need a description.");
    assert_eq!(d[0]["severity"], 2);
    // Where the CLI reports it (Spectral's JSON: 0-based lines and characters, as LSP).
    let cli = gardefou(&dir, &["lint", "api.yaml", "-f", "spectral-json"]);
    let cli: Value = serde_json::from_str(&stdout(&cli)).unwrap();
    assert_eq!(cli[0]["code"], "property-description", "{cli}");
    assert_eq!(d[0]["range"], cli[0]["range"]);
    assert_eq!(d[0]["range"]["start"]["line"], 3);
    let related = d[0]["relatedInformation"]
        .as_array()
        .expect("related information");
    assert_eq!(related[0]["location"]["uri"], uri(&api));
    assert_eq!(related[0]["location"]["range"]["start"]["line"], 14);
    assert!(
        related[0]["message"]
            .as_str()
            .unwrap()
            .contains("schemas/pet.yaml"),
        "{related:?}"
    );

    // Go to definition: to another file, and to a component of the same file (at its key).
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&api)}, "position": position_of(&api_text, "schemas/pet.yaml", "schemas")}),
    );
    assert_eq!(def["uri"], uri(&pet), "{def}");
    assert_eq!(def["range"]["start"], json!({"line": 0, "character": 0}));
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&api)}, "position": position_of(&api_text, "#/components/schemas/Error", "#")}),
    );
    assert_eq!(def["uri"], uri(&api));
    assert_eq!(def["range"]["start"], json!({"line": 35, "character": 4}));

    // References of `Error`, from its key: both `$ref`s.
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&api)}, "position": {"line": 35, "character": 6}, "context": {"includeDeclaration": false}}),
    );
    let lines: Vec<i64> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, vec![20, 32], "{refs}");

    // The outline: paths with their operations, components with their schemas.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&api)}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["openapi", "info", "paths", "components"]);
    let paths = &symbols[2]["children"];
    assert_eq!(paths[0]["name"], "/pets");
    assert_eq!(paths[0]["children"][0]["name"], "get");
    assert_eq!(paths[0]["children"][0]["detail"], "listPets");
    assert_eq!(symbols[3]["children"][0]["children"][0]["name"], "Error");

    // Hover on a `$ref`: its target; on a diagnostic: the rule.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&api)}, "position": position_of(&api_text, "schemas/pet.yaml", "pet")}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("A pet") && text.contains("`name`"), "{text}");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&pet), "languageId": "yaml", "version": 1, "text": pet_text}}),
    );
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&pet)}, "position": {"line": 4, "character": 6}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("property-description") && text.contains("Every property has a description"),
        "{text}"
    );

    // An incremental edit that fixes the problem (unsaved: the disk still has it) clears it.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&pet), "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 4, "character": 16}, "end": {"line": 4, "character": 16}},
             "text": "\n    description: The name."}
        ]}),
    );
    c.diagnostics(&uri(&pet), |d| d.is_empty());

    // A broken ruleset: one diagnostic on the ruleset file at the bad line; the server keeps
    // the last good ruleset and keeps answering.
    let ruleset = dir.join(".spectral.yaml");
    std::fs::write(
        &ruleset,
        "rules:\n  property-description:\n    given: \"$..properties[*]\"\n    then:\n      function: nosuchfunction\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&ruleset), "type": 2}]}),
    );
    let d = c.diagnostics(&uri(&ruleset), |d| !d.is_empty());
    assert_eq!(d[0]["code"], "ruleset");
    assert_eq!(d[0]["range"]["start"]["line"], 4, "{d:#?}");
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&pet)}}),
    );
    assert_eq!(symbols[0]["name"], "type");

    let _ = c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = c.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}
