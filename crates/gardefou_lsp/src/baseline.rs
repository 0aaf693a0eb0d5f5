//! The ruleset's baseline in the editor: the findings it records are not shown (as `lint`
//! does not report them), and "Add to baseline" writes a diagnostic's finding into it — a
//! `WorkspaceEdit` of the baseline file (created when it does not exist yet), which the editor
//! applies and the user saves. The file's format and what identifies a finding:
//! `gardefou_report::baseline`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use gardefou_report::baseline::{self, Baseline};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, CreateFileOptions, Diagnostic,
    DocumentChangeOperation, DocumentChanges, NumberOrString, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, Url, WorkspaceEdit,
};

/// The baseline file a ruleset names, as the editor has it now.
#[derive(Clone, Debug)]
pub struct BaselineFile {
    /// Its path.
    pub path: PathBuf,
    /// The folder its documents are named from (the file's own, canonical).
    pub anchor: PathBuf,
    /// Its text: the unsaved text when it is open, else what is on disk; `None` when it does
    /// not exist yet.
    pub text: Option<String>,
}

impl BaselineFile {
    /// The baseline at `path`, read from `open` (the open files' text) or from disk; `None`
    /// when its folder does not exist.
    pub fn read(path: &Path, open: &dyn Fn(&Path) -> Option<String>) -> Option<Self> {
        let anchor = baseline::anchor_of(path).ok()?;
        let path = anchor.join(path.file_name()?);
        let text = open(&path).or_else(|| {
            let limit = gardefou_source::Limits::default().max_file_size;
            gardefou_document::read_regular_to_string(&path, limit).ok()
        });
        Some(BaselineFile { path, anchor, text })
    }

    /// What it records; `None` when it is not a baseline (then nothing is hidden). A file not
    /// written yet records nothing.
    pub fn parsed(&self) -> Option<Baseline> {
        match self.text.as_deref().filter(|t| !t.trim().is_empty()) {
            None => Some(Baseline::empty(self.anchor.clone())),
            Some(t) => Baseline::parse(t, self.anchor.clone(), None).ok(),
        }
    }
}

/// What a diagnostic carries in its `data` for "Add to baseline": the finding's JSON path and
/// its message as the linter wrote it (the diagnostic's message may have a help line added).
pub fn diagnostic_data(path: &[gardefou_source::PathSeg], message: &str) -> serde_json::Value {
    serde_json::json!({"path": gardefou_report::slash_path(path), "message": message})
}

/// "Add to baseline" for a diagnostic of `file`; `None` when the diagnostic is not a
/// finding's, the baseline is not one, or the file would have to be created and the client
/// cannot create files.
pub fn add_action(
    b: &BaselineFile,
    file: &Path,
    d: &Diagnostic,
    create_files: bool,
) -> Option<CodeActionOrCommand> {
    let Some(NumberOrString::String(rule)) = &d.code else {
        return None;
    };
    let data = d.data.as_ref()?;
    let path = data.get("path")?.as_str()?;
    let message = data.get("message")?.as_str()?;
    let id = (
        rule.clone(),
        gardefou_report::document_name(file, &b.anchor),
        path.to_string(),
        message.to_string(),
    );
    let new_text = baseline::with_entry(b.text.as_deref(), baseline::entry_of(&id)).ok()?;
    let uri = Url::from_file_path(&b.path).ok()?;
    let edit = match &b.text {
        Some(old) => WorkspaceEdit {
            changes: Some(HashMap::from([(
                uri,
                vec![TextEdit {
                    range: whole(old),
                    new_text,
                }],
            )])),
            ..WorkspaceEdit::default()
        },
        None if create_files => WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![OneOf::Left(TextEdit {
                        range: Range::default(),
                        new_text,
                    })],
                }),
            ])),
            ..WorkspaceEdit::default()
        },
        None => return None,
    };
    let name = b.path.file_name()?.to_string_lossy();
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("Add this `{rule}` finding to the baseline ({name})"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(edit),
        ..CodeAction::default()
    }))
}

/// The range of a whole text, in UTF-16 positions: its start to past its last character.
fn whole(text: &str) -> Range {
    let lines = text.split('\n').count() as u32;
    let last = text.rsplit('\n').next().unwrap_or("");
    Range {
        start: Position::new(0, 0),
        end: Position::new(lines.saturating_sub(1), last.encode_utf16().count() as u32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_range_ends_after_the_last_character() {
        assert_eq!(whole("").end, Position::new(0, 0));
        assert_eq!(whole("{\n  \"a\": \"é🚀\"\n}\n").end, Position::new(3, 0));
        assert_eq!(whole("ab\n🚀").end, Position::new(1, 2));
    }
}
