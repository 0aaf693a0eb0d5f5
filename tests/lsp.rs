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
        // Timed out or disconnected: nothing.
        self.messages
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .ok()
    }

    /// The next diagnostics published for `uri` that satisfy `want` (earlier ones for `uri`
    /// are dropped; other messages stay in the backlog).
    fn diagnostics(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        let mut kept = Vec::new();
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
                    kept.extend(backlog);
                    self.backlog = kept;
                    return d;
                }
                seen.push(d);
            } else {
                kept.push(m);
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

/// Copies `fixtures/<name>` (hidden files included) into a temporary folder marked as a
/// repository root.
fn copy_fixture_dir(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    for entry in std::fs::read_dir(root().join("fixtures").join(name)).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    (tmp, dir)
}

/// The byte offset of an LSP position in an ASCII text.
fn offset_of(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let character = pos["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    start + character
}

/// `text` with the edits of a workspace edit for `uri` applied, as a client applies them.
fn apply_edit(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = edit["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("no edits of {uri} in {edit}"))
        .iter()
        .map(|e| {
            (
                offset_of(text, &e["range"]["start"]),
                offset_of(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

fn codes(d: &[Value]) -> Vec<&str> {
    let mut c: Vec<&str> = d.iter().map(|d| d["code"].as_str().unwrap()).collect();
    c.sort();
    c
}

impl Client {
    fn initialize(&mut self, dir: &Path) {
        self.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(dir),
                   "capabilities": {"window": {"showDocument": {"support": true}}}}),
        );
        self.notify("initialized", json!({}));
    }

    fn open(&mut self, path: &Path, text: &str) {
        let language = if path.extension().is_some_and(|e| e == "json") {
            "json"
        } else {
            "yaml"
        };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": language, "version": 1, "text": text}}),
        );
    }

    fn replace_text(&mut self, path: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(path), "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// The code action titled `title` for the diagnostic of `rule` among `diagnostics`.
    fn action(&mut self, path: &Path, diagnostics: &[Value], rule: &str, title: &str) -> Value {
        let d = diagnostics
            .iter()
            .find(|d| d["code"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {diagnostics:#?}"))
            .clone();
        let actions = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri(path)}, "range": d["range"],
                   "context": {"diagnostics": [d]}}),
        );
        actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("no action {title:?} in {actions:#}"))
            .clone()
    }

    /// The next message (the backlog first) that satisfies `want`.
    fn message(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&want) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self.next(deadline).expect("the wanted message");
            if want(&m) {
                return m;
            }
            self.backlog.push(m);
        }
    }

    fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status}");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn code_actions_fix_ignore_and_open_docs() {
    let (_tmp, dir) = copy_fixture_dir("lsp-actions");
    let api = dir.join("api.yaml");
    let mut text = std::fs::read_to_string(&api).unwrap();
    let mut c = Client::start(&dir);
    c.initialize(&dir);
    c.open(&api, &text);
    let mut d = c.diagnostics(&uri(&api), |d| d.len() == 4);
    assert_eq!(
        codes(&d),
        [
            "info-description",
            "info-license",
            "operation-operationId",
            "path-keys-no-trailing-slash"
        ]
    );
    let mut version = 1;
    let mut apply = |c: &mut Client, text: &mut String, action: &Value, gone: &str| {
        *text = apply_edit(text, &action["edit"], &uri(&api));
        version += 1;
        c.replace_text(&api, version, text);
        c.diagnostics(&uri(&api), |d| d.iter().all(|d| d["code"] != gone))
    };

    // Quick fix: the trailing slash goes.
    let fix = c.action(
        &api,
        &d,
        "path-keys-no-trailing-slash",
        "Remove the trailing slash: `/pets`",
    );
    assert_eq!(fix["isPreferred"], true);
    d = apply(&mut c, &mut text, &fix, "path-keys-no-trailing-slash");
    assert!(text.contains("\n  /pets:\n    get:\n"), "{text}");
    assert_eq!(d.len(), 3, "{d:#?}");

    // Quick fix: an operationId made from the method and the path, at the operation's
    // indentation.
    let fix = c.action(
        &api,
        &d,
        "operation-operationId",
        "Add `operationId: getPets`",
    );
    d = apply(&mut c, &mut text, &fix, "operation-operationId");
    assert!(
        text.contains("    get:\n      operationId: getPets\n      responses:\n"),
        "{text}"
    );
    assert_eq!(codes(&d), ["info-description", "info-license"]);

    // Ignore here: `x-gardefou-ignore` inserted on `info` in block style, then extended.
    let ignore = c.action(&api, &d, "info-license", "Ignore `info-license` here");
    d = apply(&mut c, &mut text, &ignore, "info-license");
    assert!(
        text.starts_with(
            "openapi: 3.0.3\ninfo:\n  x-gardefou-ignore:\n    - info-license\n  title: Actions\n"
        ),
        "{text}"
    );
    assert_eq!(codes(&d), ["info-description"]);
    let ignore = c.action(
        &api,
        &d,
        "info-description",
        "Ignore `info-description` here",
    );
    apply(&mut c, &mut text, &ignore, "info-description");
    assert_eq!(
        text,
        "openapi: 3.0.3\ninfo:\n  x-gardefou-ignore:\n    - info-license\n    - info-description\n  title: Actions\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      operationId: getPets\n      responses:\n        '200':\n          description: The pets.\n"
    );
    // The CLI agrees on the edited file: nothing left.
    std::fs::write(&api, &text).unwrap();
    let cli = gardefou(&dir, &["lint", "api.yaml", "-f", "spectral-json"]);
    assert_eq!(stdout(&cli).trim(), "[]", "{}", stderr(&cli));

    // JSON keeps JSON and its indentation.
    let json_path = dir.join("api.json");
    let json_text = std::fs::read_to_string(&json_path).unwrap();
    c.open(&json_path, &json_text);
    let d = c.diagnostics(&uri(&json_path), |d| d.len() == 2);
    let ignore = c.action(&json_path, &d, "info-license", "Ignore `info-license` here");
    let edited = apply_edit(&json_text, &ignore["edit"], &uri(&json_path));
    assert_eq!(
        edited,
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\n    \"x-gardefou-ignore\": [\"info-license\"],\n    \"title\": \"Actions in JSON\",\n    \"version\": \"1.0.0\"\n  },\n  \"paths\": {}\n}\n"
    );
    serde_json::from_str::<Value>(&edited).expect("still JSON");
    c.replace_text(&json_path, 2, &edited);
    let d = c.diagnostics(&uri(&json_path), |d| d.len() == 1);
    assert_eq!(codes(&d), ["info-description"]);
    let ignore = c.action(
        &json_path,
        &d,
        "info-description",
        "Ignore `info-description` here",
    );
    let edited = apply_edit(&edited, &ignore["edit"], &uri(&json_path));
    assert!(
        edited.contains("\"x-gardefou-ignore\": [\"info-license\", \"info-description\"],"),
        "{edited}"
    );
    c.replace_text(&json_path, 3, &edited);
    c.diagnostics(&uri(&json_path), |d| d.is_empty());

    // Open the docs: a command with the diagnostic's docs address; the server asks the client
    // to show it.
    let href = d[0]["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .to_string();
    let docs = c.action(
        &json_path,
        &d,
        "info-description",
        "Open the docs of `info-description`",
    );
    assert_eq!(docs["command"]["command"], "gardefou.openRuleDocs");
    assert_eq!(docs["command"]["arguments"], json!([href]));
    c.request("workspace/executeCommand", docs["command"].clone());
    let show = c.message(|m| m["method"] == "window/showDocument");
    assert_eq!(show["params"]["uri"], href);
    assert!(
        std::fs::read_to_string(href.strip_prefix("file://").unwrap())
            .unwrap()
            .contains("info-description"),
        "{href}"
    );
    c.stop();
}

#[test]
fn broken_documents_missing_references_and_deleted_files_give_diagnostics() {
    let (_tmp, dir) = copy_fixture();
    let api = dir.join("api.yaml");
    let pet = dir.join("schemas/pet.yaml");
    let mut c = Client::start(&dir);
    c.initialize(&dir);

    // A document that does not parse: a `parser` diagnostic where the CLI puts it.
    let bad = dir.join("bad.yaml");
    let bad_text = "openapi: 3.0.3\ninfo: [unclosed\n";
    std::fs::write(&bad, bad_text).unwrap();
    c.open(&bad, bad_text);
    let d = c.diagnostics(&uri(&bad), |d| !d.is_empty());
    assert_eq!(codes(&d), ["parser"], "{d:#?}");
    assert_eq!(d[0]["severity"], 1);
    assert_eq!(d[0]["range"]["start"]["line"], 2);

    // A `$ref` to a file that does not exist (in the unsaved text): `invalid-ref` at the
    // reference.
    let api_text = std::fs::read_to_string(&api).unwrap();
    c.open(&api, &api_text);
    c.diagnostics(&uri(&pet), |d| d.len() == 1);
    let missing = api_text.replace("schemas/pet.yaml", "schemas/missing.yaml");
    c.replace_text(&api, 2, &missing);
    let d = c.diagnostics(&uri(&api), |d| !d.is_empty());
    assert_eq!(codes(&d), ["invalid-ref"], "{d:#?}");
    assert!(d[0]["message"]
        .as_str()
        .unwrap()
        .contains("schemas/missing.yaml"));
    assert_eq!(d[0]["range"]["start"]["line"], 14);
    // The file no longer reached loses its diagnostics.
    c.diagnostics(&uri(&pet), |d| d.is_empty());
    c.replace_text(&api, 3, &api_text);
    c.diagnostics(&uri(&api), |d| d.is_empty());
    c.diagnostics(&uri(&pet), |d| d.len() == 1);

    // An open file deleted on disk, then closed: the reference to it is reported, its own
    // diagnostics are cleared.
    let pet_text = std::fs::read_to_string(&pet).unwrap();
    c.open(&pet, &pet_text);
    std::fs::remove_file(&pet).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&pet), "type": 3}]}),
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&pet)}}),
    );
    let d = c.diagnostics(&uri(&api), |d| !d.is_empty());
    assert_eq!(codes(&d), ["invalid-ref"], "{d:#?}");
    c.diagnostics(&uri(&pet), |d| d.is_empty());
    // And the server still answers.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&api)}}),
    );
    assert_eq!(symbols[0]["name"], "openapi");
    c.stop();
}

/// The LSP position of byte `offset` in `text` (UTF-16 characters).
fn position_at(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..offset].encode_utf16().count()})
}

/// A deterministic pseudo-random sequence (a 64-bit linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[test]
fn the_server_survives_a_thousand_random_edits() {
    let Some(shared) = shared() else { return };
    let source = shared.join("corpus/docs/oai-examples/v3.0/uspto.yaml");
    let mut text = std::fs::read_to_string(&source).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let api = dir.join("api.yaml");
    std::fs::write(&api, &text).unwrap();
    let mut c = Client::start(&dir);
    c.initialize(&dir);
    c.open(&api, &text);
    c.diagnostics(&uri(&api), |d| !d.is_empty());

    let mut rng = Lcg(16);
    let pieces = [
        "a",
        " ",
        ":",
        "\n",
        "- ",
        "{",
        "}",
        "[",
        "'",
        "\"",
        "#",
        "é",
        "𝄞",
        "$ref: '#/x'",
        "\t",
    ];
    // The first line (`openapi: 3.0.1`) is left alone: without it the text is a fragment,
    // which the server lints only through a root that reaches it, and the CLI as a root.
    let first_line_end = text.find('\n').unwrap() + 1;
    for version in 2..1002 {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .filter(|&i| i >= first_line_end)
            .collect();
        let at = boundaries[rng.below(boundaries.len())];
        let (start, end, new) = match rng.below(4) {
            // Insert a piece.
            0 | 1 => (at, at, pieces[rng.below(pieces.len())].to_string()),
            // Delete a character.
            2 => {
                let next = boundaries.iter().find(|&&b| b > at).copied().unwrap_or(at);
                (at, next, String::new())
            }
            // Delete a line, or duplicate one.
            _ => {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
                if rng.below(2) == 0 {
                    (line_start, line_end, String::new())
                } else {
                    let line = text[line_start..line_end].to_string();
                    (line_start, line_start, line)
                }
            }
        };
        let range = json!({"start": position_at(&text, start), "end": position_at(&text, end)});
        text.replace_range(start..end, &new);
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&api), "version": version},
                   "contentChanges": [{"range": range, "text": new}]}),
        );
        if version % 100 == 0 {
            // Let some lints run between bursts, and ask something meanwhile.
            std::thread::sleep(Duration::from_millis(150));
            c.request(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uri(&api)}}),
            );
        }
    }
    // The server still answers, then publishes for the final text: the last diagnostics
    // published once it is quiet.
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&api)}, "position": {"line": 0, "character": 0}}),
    );
    let mut last: Option<Vec<Value>> = None;
    let mut messages = std::mem::take(&mut c.backlog);
    loop {
        for m in messages.drain(..) {
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(&api) {
                last = Some(m["params"]["diagnostics"].as_array().unwrap().clone());
            }
        }
        match c.next(Instant::now() + Duration::from_secs(3)) {
            Some(m) => messages.push(m),
            None => break,
        }
    }
    let published = last.unwrap_or_default();
    std::fs::write(&api, &text).unwrap();
    let cli = gardefou(&dir, &["lint", "api.yaml", "-f", "spectral-json"]);
    let cli: Value = serde_json::from_str(&stdout(&cli)).unwrap();
    let key = |code: &Value, message: &str, range: &Value| {
        format!(
            "{} {}:{} {}",
            code.as_str().unwrap(),
            range["start"]["line"],
            range["start"]["character"],
            message
        )
    };
    let mut from_server: Vec<String> = published
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            let message = message.split("\nhelp: ").next().unwrap();
            key(&d["code"], message, &d["range"])
        })
        .collect();
    let mut from_cli: Vec<String> = cli
        .as_array()
        .unwrap()
        .iter()
        .map(|f| key(&f["code"], f["message"].as_str().unwrap(), &f["range"]))
        .collect();
    from_server.sort();
    from_cli.sort();
    assert!(!from_cli.is_empty());
    assert_eq!(from_server, from_cli);
    c.stop();
}

/// The ruleset names a baseline: "Add to baseline" creates it (a create-file operation and its
/// text), then extends it (the whole file replaced by the same findings plus one); each time
/// the finding's diagnostic goes away once the file is on disk, and `gardefou lint` of the same
/// folder applies the same file and hides the same findings.
#[test]
fn add_to_baseline_creates_then_extends_the_ruleset_s_baseline() {
    let (_tmp, dir) = copy_fixture_dir("lsp-actions");
    let rules = std::fs::read_to_string(dir.join(".spectral.yaml")).unwrap();
    std::fs::remove_file(dir.join(".spectral.yaml")).unwrap();
    std::fs::write(
        dir.join(".gardefou.yaml"),
        format!("{rules}baseline: gardefou-baseline.json\n"),
    )
    .unwrap();
    let api = dir.join("api.yaml");
    let baseline = dir.join("gardefou-baseline.json");
    let text = std::fs::read_to_string(&api).unwrap();
    let mut c = Client::start(&dir);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "capabilities": {
            "workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}}}),
    );
    c.notify("initialized", json!({}));
    c.open(&api, &text);
    let d = c.diagnostics(&uri(&api), |d| d.len() == 4);

    // No baseline yet: the action creates the file.
    let title = "Add this `info-license` finding to the baseline (gardefou-baseline.json)";
    let a = c.action(&api, &d, "info-license", title);
    let ops = a["edit"]["documentChanges"]
        .as_array()
        .expect("document changes");
    assert_eq!(ops[0]["kind"], "create", "{a:#}");
    assert_eq!(ops[0]["uri"], uri(&baseline));
    assert_eq!(ops[1]["textDocument"]["uri"], uri(&baseline));
    let created = ops[1]["edits"][0]["newText"].as_str().unwrap().to_string();
    let v: Value = serde_json::from_str(&created).unwrap();
    assert_eq!(v["version"], 2);
    assert_eq!(
        v["findings"],
        json!([{"rule": "info-license", "file": "api", "path": "info", "message": d.iter().find(|x| x["code"] == "info-license").unwrap()["message"]}])
    );
    std::fs::write(&baseline, &created).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&baseline), "type": 1}]}),
    );
    let d = c.diagnostics(&uri(&api), |d| d.len() == 3);
    assert!(!codes(&d).contains(&"info-license"), "{d:#?}");

    // The file exists: the action replaces its whole text, keeping what it recorded.
    let title = "Add this `operation-operationId` finding to the baseline (gardefou-baseline.json)";
    let a = c.action(&api, &d, "operation-operationId", title);
    let extended = apply_edit(&created, &a["edit"], &uri(&baseline));
    let v: Value = serde_json::from_str(&extended).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["info-license", "operation-operationId"]);
    std::fs::write(&baseline, &extended).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&baseline), "type": 2}]}),
    );
    let d = c.diagnostics(&uri(&api), |d| d.len() == 2);
    assert_eq!(
        codes(&d),
        ["info-description", "path-keys-no-trailing-slash"]
    );
    c.stop();

    // The command line reads the ruleset's baseline too.
    let out = gardefou(&dir, &["lint", "api.yaml", "-f", "json"]);
    let err = stderr(&out);
    assert!(
        err.contains("gardefou-baseline.json: 2 known finding(s) not shown, 0 fixed since"),
        "{err}"
    );
    let findings: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut shown: Vec<&str> = findings["documents"][0]["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{findings:#}"))
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    shown.sort();
    assert_eq!(shown, ["info-description", "path-keys-no-trailing-slash"]);
}
