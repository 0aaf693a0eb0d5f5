//! The message loop: text synchronisation, debounced linting on a worker thread, publishing.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{select, Receiver, Sender};
use gardefou_linter::Config;
use lsp_server::{Connection, Message, Notification, Request};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, Diagnostic,
    DiagnosticSeverity, ExecuteCommandOptions, HoverProviderCapability, InitializeParams,
    NumberOrString, OneOf, Position, Range, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url,
};

use crate::analysis::{self, DocsLink, Job, Outcome};
use crate::position::LineMap;
use crate::workspace::{canonical, discover_roots, path_of, OpenDoc, Ruleset, Workspace};

/// How long the server waits after an edit that follows another within this time before
/// linting: typing a word lints once, a lone keystroke lints at once.
const DEBOUNCE: Duration = Duration::from_millis(80);

/// The stack of the lint thread.
const LINT_STACK: usize = 64 << 20;

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![crate::actions::OPEN_DOCS.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// The workspace folder the client opened.
#[allow(deprecated)] // `root_uri`, for clients that send no workspace folders
fn folder_of(params: &InitializeParams) -> Option<PathBuf> {
    let uri = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or_else(|| params.root_uri.clone())?;
    uri.to_file_path().ok().map(|p| canonical(&p))
}

pub(crate) fn serve(conn: &Connection) -> anyhow::Result<()> {
    let params = conn.initialize(serde_json::to_value(capabilities())?)?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let folder = folder_of(&params);
    let show_document = params
        .capabilities
        .window
        .as_ref()
        .and_then(|w| w.show_document.as_ref())
        .is_some_and(|s| s.support);
    let create_files = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.workspace_edit.as_ref())
        .and_then(|e| e.resource_operations.as_ref())
        .is_some_and(|ops| ops.contains(&lsp_types::ResourceOperationKind::Create));
    let (done_tx, done_rx) = crossbeam_channel::unbounded();
    let mut server = Server {
        conn,
        ws: Workspace {
            discovered: folder.as_deref().map(discover_roots).unwrap_or_default(),
            ruleset: load_ruleset(folder.as_deref(), None),
            folder,
            open: HashMap::new(),
            reach: HashMap::new(),
            by_root: HashMap::new(),
            published: HashMap::new(),
            generation: 0,
        },
        pending: BTreeSet::new(),
        deadline: None,
        last_scheduled: None,
        running: false,
        done_tx,
        done_rx,
        ruleset_published: None,
        show_document,
        create_files,
    };
    server.publish_ruleset_problems();
    let all = server.ws.roots();
    server.schedule(all);
    server.run()
}

/// Loads the ruleset `lint` would use for the folder; on failure keeps `last` (or the default).
fn load_ruleset(folder: Option<&Path>, last: Option<Arc<Config>>) -> Ruleset {
    let path = folder.and_then(gardefou_linter::discover::find_ruleset);
    let loaded = match &path {
        Some(p) => Config::load_with(p, gardefou_linter::JsLimits::default(), None),
        None => Ok(Config::recommended()),
    };
    match loaded {
        Ok(config) => Ruleset {
            path,
            config: Arc::new(config),
            error: None,
        },
        Err(e) => Ruleset {
            path,
            config: last.unwrap_or_else(|| Arc::new(Config::recommended())),
            error: Some(e),
        },
    }
}

/// Where a rule's docs are: the ruleset's `documentationUrl`, else a page of the built-in docs
/// written once into a folder of the temporary directory.
fn docs_link(config: Arc<Config>) -> Arc<DocsLink> {
    // The pages written by this process: a page depends on the rule and the binary only, and
    // a closure is made per lint, so the set is the process's (writing every rule's page again
    // on each edit was a fifth of a small document's edit-to-diagnostics time).
    static WRITTEN: std::sync::OnceLock<Mutex<HashSet<String>>> = std::sync::OnceLock::new();
    let written = WRITTEN.get_or_init(|| Mutex::new(HashSet::new()));
    Arc::new(move |id: &str| {
        let (_, _, url, _, _) = config.describe(id);
        if let Some(u) = url.and_then(|u| Url::parse(&u).ok()) {
            return Some(u);
        }
        let rule = gardefou_linter::find_rule(id)?;
        let dir = std::env::temp_dir().join(format!("gardefou-docs-{}", env!("CARGO_PKG_VERSION")));
        let page = dir.join(gardefou_linter::catalogue::page_file(id));
        let mut written = written.lock().unwrap_or_else(|e| e.into_inner());
        if !written.contains(id) || !page.exists() {
            std::fs::create_dir_all(&dir).ok()?;
            std::fs::write(&page, gardefou_linter::catalogue::rule_page(rule)).ok()?;
            written.insert(id.to_string());
        }
        Url::from_file_path(&page).ok()
    })
}

pub(crate) struct Server<'c> {
    pub(crate) conn: &'c Connection,
    pub(crate) ws: Workspace,
    /// Roots waiting to be linted.
    pending: BTreeSet<PathBuf>,
    /// When to lint them.
    deadline: Option<Instant>,
    /// When the last lint was asked for.
    last_scheduled: Option<Instant>,
    /// Whether a lint is running.
    running: bool,
    done_tx: Sender<Outcome>,
    done_rx: Receiver<Outcome>,
    /// The ruleset file that diagnostics were published on, if any.
    ruleset_published: Option<PathBuf>,
    /// Whether the client opens documents the server asks it to (`window/showDocument`).
    pub(crate) show_document: bool,
    /// Whether the client applies edits that create files (the first "Add to baseline").
    pub(crate) create_files: bool,
}

impl Server<'_> {
    fn run(&mut self) -> anyhow::Result<()> {
        loop {
            let wait = match self.deadline {
                Some(d) if !self.running => d.saturating_duration_since(Instant::now()),
                _ => Duration::from_secs(3600),
            };
            select! {
                recv(self.conn.receiver) -> msg => {
                    let Ok(msg) = msg else { return Ok(()) };
                    match msg {
                        Message::Request(req) => {
                            if self.conn.handle_shutdown(&req)? {
                                return Ok(());
                            }
                            self.request(req);
                        }
                        Message::Notification(n) => self.notification(n),
                        Message::Response(_) => {}
                    }
                }
                recv(self.done_rx) -> outcome => {
                    if let Ok(outcome) = outcome {
                        self.finished(outcome);
                    }
                }
                default(wait) => {}
            }
            self.maybe_start();
        }
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let response = match crate::handlers::handle(
            &crate::handlers::Ctx {
                ws: &self.ws,
                conn: self.conn,
                show_document: self.show_document,
                create_files: self.create_files,
            },
            req,
        ) {
            Ok(Some(value)) => lsp_server::Response::new_ok(id, value),
            Ok(None) => lsp_server::Response::new_err(
                id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                "not supported by gardefou".into(),
            ),
            Err(e) => lsp_server::Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                e.to_string(),
            ),
        };
        let _ = self.conn.sender.send(response.into());
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return;
                };
                self.ws.open.insert(
                    path.clone(),
                    OpenDoc {
                        version: p.text_document.version,
                        text: p.text_document.text,
                    },
                );
                self.changed(&path);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return;
                };
                let Some(doc) = self.ws.open.get_mut(&path) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let map = LineMap::new(&doc.text);
                            let start = map.offset(&doc.text, range.start);
                            let end = map.offset(&doc.text, range.end).max(start);
                            doc.text.replace_range(start..end, &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                self.changed(&path);
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                else {
                    return;
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return;
                };
                self.ws.open.remove(&path);
                if !path.exists() {
                    self.ws.discovered.remove(&path);
                }
                self.changed(&path);
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params)
                else {
                    return;
                };
                if let Some(path) = path_of(&p.text_document.uri) {
                    if gardefou_linter::discover::is_ruleset_name(&path) {
                        self.reload_ruleset();
                    }
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params)
                else {
                    return;
                };
                let mut ruleset = false;
                for change in p.changes {
                    let Some(path) = path_of(&change.uri) else {
                        continue;
                    };
                    if gardefou_linter::discover::is_ruleset_name(&path) {
                        ruleset = true;
                        continue;
                    }
                    if path.exists() {
                        let text = std::fs::read_to_string(&path).unwrap_or_default();
                        if gardefou_document::is_openapi_root_text(&text) {
                            self.ws.discovered.insert(path.clone());
                        } else {
                            self.ws.discovered.remove(&path);
                        }
                    } else {
                        self.ws.discovered.remove(&path);
                    }
                    self.changed(&path);
                }
                if ruleset {
                    self.reload_ruleset();
                }
            }
            _ => {}
        }
    }

    /// A file's text changed (edit, open, close, disk): lint what it affects.
    fn changed(&mut self, path: &Path) {
        self.ws.generation += 1;
        // The baseline changed: what it hides changes everywhere.
        if self.ws.baseline().is_some_and(|b| b.path == path) {
            let all = self.ws.roots();
            self.schedule(all);
            return;
        }
        // A root that is gone (deleted, or edited into a fragment) loses its diagnostics.
        if self.ws.reach.contains_key(path) && !self.ws.is_root(path) {
            let files = self.ws.forget_root(path);
            self.republish(files);
        }
        let roots = self.ws.roots_reaching(path);
        self.schedule(roots);
    }

    fn reload_ruleset(&mut self) {
        self.ws.generation += 1;
        let last = self.ws.ruleset.config.clone();
        self.ws.ruleset = load_ruleset(self.ws.folder.as_deref(), Some(last));
        self.publish_ruleset_problems();
        let all = self.ws.roots();
        self.schedule(all);
    }

    fn schedule(&mut self, roots: BTreeSet<PathBuf>) {
        if roots.is_empty() {
            return;
        }
        self.pending.extend(roots);
        let now = Instant::now();
        let burst = self
            .last_scheduled
            .is_some_and(|t| now.duration_since(t) < DEBOUNCE);
        self.last_scheduled = Some(now);
        self.deadline = Some(if burst { now + DEBOUNCE } else { now });
    }

    fn maybe_start(&mut self) {
        if self.running || self.pending.is_empty() {
            return;
        }
        if self.deadline.is_some_and(|d| d > Instant::now()) {
            return;
        }
        self.deadline = None;
        let config = self.ws.ruleset.config.clone();
        let job = Job {
            generation: self.ws.generation,
            roots: std::mem::take(&mut self.pending).into_iter().collect(),
            overlay: self.ws.overlay(),
            docs: docs_link(config.clone()),
            baseline: self.ws.baseline().and_then(|b| b.parsed()).map(Arc::new),
            config,
        };
        let tx = self.done_tx.clone();
        self.running = true;
        // Deeply nested documents recurse deeply: the stack the CLI's worker has.
        let spawned = std::thread::Builder::new()
            .name("gardefou-lint".into())
            .stack_size(LINT_STACK)
            .spawn(move || {
                let outcome = analysis::run(&job);
                let _ = tx.send(outcome);
            });
        if spawned.is_err() {
            self.running = false;
        }
    }

    fn finished(&mut self, outcome: Outcome) {
        self.running = false;
        if outcome.generation != self.ws.generation {
            // Something changed while it ran: lint again, publish nothing from this run.
            self.pending.extend(outcome.roots);
            if self.deadline.is_none() {
                self.deadline = Some(Instant::now());
            }
            return;
        }
        let mut touched: Vec<PathBuf> = Vec::new();
        let linted: HashSet<&PathBuf> = outcome.results.iter().map(|r| &r.root).collect();
        for root in outcome.roots.iter().filter(|r| !linted.contains(r)) {
            touched.extend(self.ws.forget_root(root));
        }
        for r in outcome.results {
            touched.extend(self.ws.forget_root(&r.root));
            touched.extend(r.diagnostics.keys().cloned());
            self.ws.reach.insert(r.root.clone(), r.files);
            let shared = r.diagnostics.into_iter().map(|(f, d)| (f, Arc::new(d)));
            self.ws.by_root.insert(r.root, shared.collect());
        }
        self.republish(touched);
    }

    /// Publishes the diagnostics of these files where they changed.
    fn republish(&mut self, files: Vec<PathBuf>) {
        let files: BTreeSet<PathBuf> = files.into_iter().collect();
        for file in files {
            let now = self.ws.diagnostics_of(&file);
            let before = self.ws.published.get(&file);
            if before.map_or(now.is_empty(), |b| Arc::ptr_eq(b, &now) || b[..] == now[..]) {
                continue;
            }
            self.publish(&file, &now);
            if now.is_empty() {
                self.ws.published.remove(&file);
            } else {
                self.ws.published.insert(file, now);
            }
        }
    }

    fn publish(&self, file: &Path, diagnostics: &[Diagnostic]) {
        let Some(uri) = analysis::uri_of(file) else {
            return;
        };
        // `PublishDiagnosticsParams`' shape (`version` left out when unknown), serialized from
        // the borrowed list instead of a copy of it.
        let mut params = serde_json::Map::new();
        params.insert("uri".into(), serde_json::Value::String(uri.into()));
        params.insert(
            "diagnostics".into(),
            serde_json::to_value(diagnostics).unwrap_or_default(),
        );
        if let Some(v) = self.ws.open.get(file).map(|d| d.version) {
            params.insert("version".into(), v.into());
        }
        let n = Notification {
            method: PublishDiagnostics::METHOD.to_string(),
            params: serde_json::Value::Object(params),
        };
        let _ = self.conn.sender.send(n.into());
    }

    /// One diagnostic per problem of the ruleset, on the ruleset file; none once it loads.
    fn publish_ruleset_problems(&mut self) {
        let path = self.ws.ruleset.path.clone().map(|p| canonical(&p));
        let mut diagnostics = Vec::new();
        if let (Some(e), Some(p)) = (&self.ws.ruleset.error, &path) {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let map = LineMap::new(&text);
            for problem in e.all() {
                let start = match problem.position {
                    Some((line, column)) => {
                        // gardefou counts columns in characters from 1.
                        let line_start = map.offset(&text, Position::new(line - 1, 0));
                        let offset = text[line_start..]
                            .char_indices()
                            .nth(column.saturating_sub(1) as usize)
                            .map_or(text.len(), |(i, _)| line_start + i);
                        map.position(&text, offset)
                    }
                    None => Position::new(0, 0),
                };
                let end = Position::new(start.line, start.character + 1);
                diagnostics.push(Diagnostic {
                    range: Range::new(start, end),
                    severity: Some(DiagnosticSeverity::ERROR),
                    code: Some(NumberOrString::String("ruleset".into())),
                    source: Some("gardefou".into()),
                    message: format!(
                        "{}; the last ruleset that loaded is still in use",
                        problem.message
                    ),
                    ..Diagnostic::default()
                });
            }
        }
        if let Some(old) = self.ruleset_published.take() {
            if Some(&old) != path.as_ref() {
                self.publish(&old, &[]);
            }
        }
        if let Some(p) = path {
            self.publish(&p, &diagnostics);
            self.ruleset_published = Some(p);
        }
    }
}
