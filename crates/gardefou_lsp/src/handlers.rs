//! Requests: definition, references, document symbols, hover, code actions, commands.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use gardefou_document::DocumentSet;
use lsp_server::Request;
use lsp_types::notification::Notification as _;
use lsp_types::request::{
    CodeActionRequest, DocumentSymbolRequest, ExecuteCommand, GotoDefinition, HoverRequest,
    References, Request as _, ShowDocument,
};
use lsp_types::{
    DocumentSymbolResponse, GotoDefinitionResponse, Hover, HoverContents, Location, MarkupContent,
    MarkupKind, Position,
};
use serde_json::Value;

use crate::analysis::load_options;
use crate::position::LineMap;
use crate::workspace::{path_of, Workspace};

/// What a request may read and send: the state, the connection, and whether the client shows
/// documents (`window/showDocument`).
pub(crate) struct Ctx<'a> {
    pub(crate) ws: &'a Workspace,
    pub(crate) conn: &'a lsp_server::Connection,
    pub(crate) show_document: bool,
    pub(crate) create_files: bool,
}

/// Answers a request; `Ok(None)` when the method is not one the server has.
pub(crate) fn handle(server: &Ctx<'_>, req: Request) -> anyhow::Result<Option<Value>> {
    Ok(Some(match req.method.as_str() {
        GotoDefinition::METHOD => {
            let p: lsp_types::GotoDefinitionParams = serde_json::from_value(req.params)?;
            let at = &p.text_document_position_params;
            let Some((_, set, offset)) = load_at(server, &at.text_document.uri, at.position) else {
                return Ok(Some(Value::Null));
            };
            serde_json::to_value(
                crate::navigate::definition(&set, offset).map(GotoDefinitionResponse::Scalar),
            )?
        }
        References::METHOD => {
            let p: lsp_types::ReferenceParams = serde_json::from_value(req.params)?;
            let at = &p.text_document_position;
            serde_json::to_value(references(server, &at.text_document.uri, at.position))?
        }
        DocumentSymbolRequest::METHOD => {
            let p: lsp_types::DocumentSymbolParams = serde_json::from_value(req.params)?;
            let Some(path) = path_of(&p.text_document.uri) else {
                return Ok(Some(Value::Null));
            };
            let Some(text) = text_of(server, &path) else {
                return Ok(Some(Value::Null));
            };
            let name = path.display().to_string();
            let parsed = gardefou_source::parse(
                &text,
                gardefou_source::Syntax::guess(&name, &text),
                &gardefou_source::Limits::default(),
            );
            let symbols = parsed
                .root
                .map(|root| crate::navigate::symbols(&text, &root))
                .unwrap_or_default();
            serde_json::to_value(DocumentSymbolResponse::Nested(symbols))?
        }
        HoverRequest::METHOD => {
            let p: lsp_types::HoverParams = serde_json::from_value(req.params)?;
            let at = &p.text_document_position_params;
            serde_json::to_value(hover(server, &at.text_document.uri, at.position))?
        }
        CodeActionRequest::METHOD => {
            let p: lsp_types::CodeActionParams = serde_json::from_value(req.params)?;
            let Some(path) = path_of(&p.text_document.uri) else {
                return Ok(Some(Value::Null));
            };
            let Some(text) = text_of(server, &path) else {
                return Ok(Some(Value::Null));
            };
            let syntax = gardefou_source::Syntax::guess(&path.display().to_string(), &text);
            let mut actions = crate::actions::actions(
                &p.text_document.uri,
                &text,
                syntax,
                &p.context.diagnostics,
            );
            if let Some(b) = server.ws.baseline() {
                actions.extend(p.context.diagnostics.iter().filter_map(|d| {
                    crate::baseline::add_action(&b, &path, d, server.create_files)
                }));
            }
            serde_json::to_value(actions)?
        }
        ExecuteCommand::METHOD => {
            let p: lsp_types::ExecuteCommandParams = serde_json::from_value(req.params)?;
            if p.command != crate::actions::OPEN_DOCS {
                anyhow::bail!("unknown command {}", p.command);
            }
            let Some(href) = p.arguments.first().and_then(|a| a.as_str()) else {
                anyhow::bail!("{} takes the address of the docs", p.command);
            };
            open_docs(server, lsp_types::Url::parse(href)?);
            Value::Null
        }
        _ => return Ok(None),
    }))
}

/// Asks the client to open a rule's docs (`window/showDocument`, outside the editor for a web
/// page), or, when it cannot, shows the address.
fn open_docs(server: &Ctx<'_>, uri: lsp_types::Url) {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let message: lsp_server::Message = if server.show_document {
        let id = format!("gardefou-show-{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let external = uri.scheme() != "file";
        lsp_server::Request::new(
            id.into(),
            ShowDocument::METHOD.to_string(),
            lsp_types::ShowDocumentParams {
                uri,
                external: Some(external),
                take_focus: Some(true),
                selection: None,
            },
        )
        .into()
    } else {
        lsp_server::Notification::new(
            lsp_types::notification::ShowMessage::METHOD.to_string(),
            lsp_types::ShowMessageParams {
                typ: lsp_types::MessageType::INFO,
                message: format!("The rule's docs: {uri}"),
            },
        )
        .into()
    };
    let _ = server.conn.sender.send(message);
}

/// The text of a file: the editor's when open, else the disk's.
fn text_of(server: &Ctx<'_>, path: &Path) -> Option<String> {
    match server.ws.open.get(path) {
        Some(doc) => Some(doc.text.clone()),
        None => std::fs::read_to_string(path).ok(),
    }
}

/// The file at `uri` loaded as the root of a document set (with the open files' text), and the
/// byte offset of `pos` in it.
fn load_at(
    server: &Ctx<'_>,
    uri: &lsp_types::Url,
    pos: Position,
) -> Option<(PathBuf, DocumentSet, u32)> {
    let path = path_of(uri)?;
    let set = DocumentSet::load(&path, &load_options(&server.ws.overlay())).ok()?;
    let text = &set.root().text;
    let offset = LineMap::new(text).offset(text, pos) as u32;
    Some((path, set, offset))
}

/// Every `$ref` in the workspace to the component (or node) under the cursor.
fn references(server: &Ctx<'_>, uri: &lsp_types::Url, pos: Position) -> Vec<Location> {
    let Some((path, set, offset)) = load_at(server, uri, pos) else {
        return Vec::new();
    };
    let Some(node) = set
        .root()
        .root
        .as_ref()
        .and_then(|r| crate::navigate::referenced_node(r, offset))
    else {
        return Vec::new();
    };
    let start = node.span.start;
    let mut out = crate::navigate::references_to(&set, &path, start);
    let overlay = server.ws.overlay();
    let roots: BTreeSet<PathBuf> = server.ws.roots();
    for root in roots.iter().filter(|r| **r != path) {
        let Ok(other) = DocumentSet::load(root, &load_options(&overlay)) else {
            continue;
        };
        for l in crate::navigate::references_to(&other, &path, start) {
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    out.sort_by(|a, b| {
        (a.uri.as_str(), a.range.start.line, a.range.start.character).cmp(&(
            b.uri.as_str(),
            b.range.start.line,
            b.range.start.character,
        ))
    });
    out
}

/// A `$ref`'s target, else the docs of the rules reported under the cursor.
fn hover(server: &Ctx<'_>, uri: &lsp_types::Url, pos: Position) -> Option<Hover> {
    let (path, set, offset) = load_at(server, uri, pos)?;
    let text = &set.root().text;
    let map = LineMap::new(text);
    if let Some((markdown, span)) = crate::navigate::reference_hover(&set, offset) {
        return Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(map.range(text, span.start as usize, span.end as usize)),
        });
    }
    let published = server.ws.published.get(&path)?;
    let mut seen = BTreeSet::new();
    let mut parts = Vec::new();
    for d in published.iter() {
        let inside = d.range.start <= pos && pos <= d.range.end;
        let Some(lsp_types::NumberOrString::String(rule)) = &d.code else {
            continue;
        };
        if !inside || !seen.insert(rule.clone()) {
            continue;
        }
        parts.push(rule_docs(server, rule));
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

/// A rule's docs as Markdown: what, why, how to fix.
fn rule_docs(server: &Ctx<'_>, rule: &str) -> String {
    if let Some(r) = gardefou_linter::find_rule(rule) {
        let m = r.meta();
        return format!(
            "**{rule}** ({}): {}\n\n**What it checks.** {}\n\n**Why it matters.** {}\n\n**How to fix.** {}",
            m.ruleset, m.summary, m.docs.what, m.docs.why, m.docs.fix
        );
    }
    let (summary, help, url, _, _) = server.ws.ruleset.config.describe(rule);
    let mut s = format!("**{rule}**: {summary}");
    if let Some(h) = help.filter(|h| *h != summary) {
        s.push_str(&format!("\n\n{h}"));
    }
    if let Some(u) = url {
        s.push_str(&format!("\n\n[Documentation]({u})"));
    }
    s
}
