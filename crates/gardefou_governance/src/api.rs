//! One API loaded for a check: its definition, metadata and documentation as document sets
//! (findings in any of them carry their file, line and column), its name and its labels.

use std::path::{Path, PathBuf};

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_source::Node;

use crate::discover::{ApiFiles, ApiKind};
use crate::load::Governance;
use crate::model::Target;

/// Where a label of an API comes from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Label {
    /// The label.
    pub name: String,
    /// Where it comes from: `labels: GLOB`, `info.x-gardefou-labels`, `api.yaml data.tags` …
    pub from: Vec<String>,
}

/// An API with its documents loaded.
pub struct Api {
    /// Its files.
    pub files: ApiFiles,
    /// Its path as reports show it.
    pub path: String,
    /// What reports call it: `data.name data.version` of the metadata, else `info.title
    /// info.version` of the definition, else its path.
    pub name: String,
    /// The definition (absent from a project without one).
    pub definition: Option<DocumentSet>,
    /// `api.yaml`/`api.json` (projects only).
    pub metadata: Option<DocumentSet>,
    /// The documents gathered as WSO2 gathers them, `{count, docs: [document.yaml …]}`, each
    /// document reached by `$ref` so that findings point into its own file (projects only).
    pub documentation: Option<DocumentSet>,
    /// Its labels, by name.
    pub labels: Vec<Label>,
    /// What could not be read about it (`file:line:column: message`): its check is not
    /// complete, and `gardefou check` exits with 2.
    pub problems: Vec<String>,
}

impl Api {
    /// Reads the API's documents and resolves its labels under `governance` (`None`: no label
    /// by location).
    pub fn load(files: ApiFiles, governance: Option<&Governance>, options: &LoadOptions) -> Api {
        let mut problems = Vec::new();
        let mut open = |p: &Path| match DocumentSet::load(p, options) {
            Ok(set) => {
                if let Some(i) = set.root().issues.iter().find(|i| i.kind.is_fatal()) {
                    problems.push(format!(
                        "{}: cannot be read: {}",
                        set.place(set.root().id, i.span.start),
                        i.message
                    ));
                }
                Some(set)
            }
            Err(e) => {
                problems.push(e.to_string());
                None
            }
        };
        let definition = files.definition.as_deref().and_then(&mut open);
        let metadata = files.metadata.as_deref().and_then(&mut open);
        let documentation =
            (files.kind == ApiKind::ApictlProject).then(|| documentation(&files, options));
        let path = files.path.display().to_string();
        let name = metadata
            .as_ref()
            .and_then(|m| m.root().root.as_ref())
            .and_then(|r| titled(r.get("data")?, "name", "version"))
            .or_else(|| {
                definition
                    .as_ref()
                    .and_then(|d| d.root().root.as_ref())
                    .and_then(|r| titled(r.get("info")?, "title", "version"))
            })
            .unwrap_or_else(|| path.clone());
        let mut api = Api {
            files,
            path,
            name,
            definition,
            metadata,
            documentation,
            labels: Vec::new(),
            problems,
        };
        let mut label_problems = Vec::new();
        api.labels = crate::labels::resolve(&api, governance, &mut label_problems);
        api.problems.extend(label_problems);
        api
    }

    /// The document set a ruleset of `target` validates, if the API has one.
    pub fn target(&self, target: Target) -> Option<&DocumentSet> {
        match target {
            Target::Definition => self.definition.as_ref(),
            Target::Metadata => self.metadata.as_ref(),
            Target::Documentation => self.documentation.as_ref(),
        }
    }

    /// Whether it carries `label`.
    pub fn has_label(&self, label: &str) -> bool {
        self.labels.iter().any(|l| l.name == label)
    }
}

/// `NAME VERSION` (or `NAME`) from two string members of `node`.
fn titled(node: &Node, name: &str, version: &str) -> Option<String> {
    let n = node.get_str(name).filter(|s| !s.trim().is_empty())?;
    Some(
        match node.get_str(version).filter(|s| !s.trim().is_empty()) {
            Some(v) => format!("{n} {v}"),
            None => n.to_string(),
        },
    )
}

/// The project's documents as WSO2's documentation representation: `count` and `docs`, each
/// entry a `$ref` to a `Docs/<name>/document.yaml`.
fn documentation(files: &ApiFiles, options: &LoadOptions) -> DocumentSet {
    let mut text = format!("count: {}\ndocs:", files.documents.len());
    if files.documents.is_empty() {
        text.push_str(" []\n");
    } else {
        text.push('\n');
        for d in &files.documents {
            let rel = d.strip_prefix(&files.path).unwrap_or(d);
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            // JSON string quoting is valid YAML, whatever the folder is called.
            let target = serde_json::to_string(&format!("./{}", rel.join("/")))
                .unwrap_or_else(|_| "\"\"".into());
            text.push_str(&format!("  - $ref: {target}\n"));
        }
    }
    let docs = files.path.join("Docs");
    let (name, base): (String, PathBuf) = if docs.is_absolute() {
        (docs.display().to_string(), files.path.clone())
    } else {
        (docs.display().to_string(), PathBuf::from("."))
    };
    DocumentSet::from_text(&name, text, &base, options)
}
