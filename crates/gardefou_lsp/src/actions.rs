//! Code actions on gardefou's diagnostics: the rule's quick fix where it has one
//! ([`crate::fixes`]), "Ignore `rule` here" (`x-gardefou-ignore` inserted or extended on the
//! object at fault, in the file's style), and "Open the docs of `rule`".

use std::collections::HashMap;

use gardefou_source::{Node, Syntax, Value};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Diagnostic, NumberOrString, Url,
    WorkspaceEdit,
};

use crate::edit::{append_item, append_member, insert_member, objects_at, replace_with_list};
use crate::edit::{NewValue, TextEdit};
use crate::fixes::Site;
use crate::position::LineMap;

/// The command that opens a rule's docs; its one argument is the docs' address.
pub const OPEN_DOCS: &str = "gardefou.openRuleDocs";

/// The key of in-document suppressions.
const IGNORE: &str = "x-gardefou-ignore";

/// Objects whose members are names (schemas, properties, media types…): an extension key in
/// one would be read as a name, so the ignore goes on the object that holds it.
const NAME_MAPS: [&str; 14] = [
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "content",
    "headers",
    "links",
    "encoding",
    "examples",
    "variables",
    "scopes",
    "mapping",
    "callbacks",
];

/// The actions for the diagnostics of one file.
pub fn actions(
    uri: &Url,
    text: &str,
    syntax: Syntax,
    diagnostics: &[Diagnostic],
) -> Vec<CodeActionOrCommand> {
    let parsed = gardefou_source::parse(text, syntax, &gardefou_source::Limits::default());
    let map = LineMap::new(text);
    let mut out = Vec::new();
    for d in diagnostics {
        let Some(NumberOrString::String(rule)) = &d.code else {
            continue;
        };
        if d.source.as_deref() != Some("gardefou") || matches!(rule.as_str(), "ruleset") {
            continue;
        }
        if let Some(root) = &parsed.root {
            let site = Site {
                text,
                syntax,
                root,
                offset: map.offset(text, d.range.start) as u32,
            };
            if let Some((title, edits)) = crate::fixes::fix(rule, &site) {
                out.push(action(uri, text, &map, title, d, edits, true));
            }
            if rule != "parser" {
                if let Some(edit) = ignore_edit(text, syntax, root, site.offset, rule) {
                    let title = format!("Ignore `{rule}` here");
                    out.push(action(uri, text, &map, title, d, vec![edit], false));
                }
            }
        }
        if let Some(cd) = &d.code_description {
            let title = format!("Open the docs of `{rule}`");
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                command: Some(Command {
                    title,
                    command: OPEN_DOCS.into(),
                    arguments: Some(vec![serde_json::Value::String(cd.href.to_string())]),
                }),
                ..CodeAction::default()
            }));
        }
    }
    out
}

fn action(
    uri: &Url,
    text: &str,
    map: &LineMap,
    title: String,
    d: &Diagnostic,
    edits: Vec<TextEdit>,
    preferred: bool,
) -> CodeActionOrCommand {
    let edits = edits
        .into_iter()
        .map(|e| lsp_types::TextEdit {
            range: map.range(text, e.start, e.end),
            new_text: e.text,
        })
        .collect();
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}

/// The edit that silences `rule` for the innermost object holding `offset` (the object a
/// suppression there covers), adding to an `x-gardefou-ignore` it has; none when it has one
/// that already names the rule or that is not a list, map or string.
pub fn ignore_edit(
    text: &str,
    syntax: Syntax,
    root: &Node,
    offset: u32,
    rule: &str,
) -> Option<TextEdit> {
    let chain = objects_at(root, offset);
    let mut i = chain.len().checked_sub(1)?;
    while i > 0 {
        let key = chain[i].0.map(|m| m.key.as_str());
        let parent_key = chain[i - 1].0.map(|m| m.key.as_str());
        let names = key.is_some_and(|k| NAME_MAPS.contains(&k)) || parent_key == Some("components");
        if !names {
            break;
        }
        i -= 1;
    }
    let obj = chain[i].1;
    let Some(existing) = obj.member(IGNORE) else {
        return insert_member(text, syntax, obj, IGNORE, &NewValue::List(&[rule]));
    };
    let v = &existing.value;
    match &v.value {
        Value::Array(items) => {
            if items.iter().any(|i| i.as_str() == Some(rule)) {
                return None;
            }
            append_item(text, syntax, v, rule)
        }
        Value::String(s) if s != rule => Some(replace_with_list(syntax, v, &[s, rule])),
        Value::Object(entries) if !entries.is_empty() => {
            if entries.iter().any(|e| e.key == rule) {
                return None;
            }
            append_member(text, syntax, v, rule, "the reason it is accepted here")
        }
        _ => None,
    }
}
