//! Findings and what rules report. The data types live in the leaf crate
//! `gardefou_diagnostics` (re-exported here at their old paths); [`Diagnostic`] stays in the
//! linter because it is built from model nodes (`gardefou_model::At`).

use gardefou_document::FileId;
use gardefou_source::{PathSeg, Span};

pub use gardefou_diagnostics::{Category, Finding, Related, Severity};

/// What a rule reports: the engine adds the rule id, severity and category.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// What is wrong.
    pub message: String,
    /// The file the node at fault is in.
    pub file: FileId,
    /// Its span there.
    pub span: Span,
    /// Its path in the resolved document, as Spectral reports it.
    pub path: Vec<PathSeg>,
    /// How to fix it, when the rule knows.
    pub help: Option<String>,
    /// Other places the finding is about; positions never go into `message`.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A diagnostic on a model element.
    pub fn at(at: &gardefou_model::At<'_>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            file: at.file,
            span: at.span(),
            path: at.path.clone(),
            help: None,
            related: Vec::new(),
        }
    }

    /// A diagnostic about the name of a model element: on its key where the key is written
    /// (`account:` rather than the first line inside the object), on the element when it has
    /// no key (an array item, the document).
    pub fn at_key(at: &gardefou_model::At<'_>, message: impl Into<String>) -> Diagnostic {
        match at.key_site() {
            Some((file, span, path)) => Diagnostic {
                message: message.into(),
                file,
                span,
                path: path.to_vec(),
                help: None,
                related: Vec::new(),
            },
            None => Diagnostic::at(at, message),
        }
    }

    /// Adds a related place, the node `at`, described by `message` (`first defined here`).
    pub fn with_related(
        mut self,
        at: &gardefou_model::At<'_>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.related.push(Related {
            message: message.into(),
            file: at.file,
            span: at.span(),
            path: at.path.clone(),
        });
        self
    }

    /// A diagnostic on the member `key` of a model element (on the element when absent). A
    /// scalar is shown where its value is; an object or array from its key, so the snippet
    /// shows `responses:` rather than the first line under it.
    pub fn at_member(
        at: &gardefou_model::At<'_>,
        key: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        match (at.get_raw(key), at.node.member(key)) {
            (Some(child), Some(m)) => {
                let mut d = Diagnostic::at(&child, message);
                if matches!(
                    m.value.value,
                    gardefou_source::Value::Object(_) | gardefou_source::Value::Array(_)
                ) {
                    d.span = gardefou_source::Span::new(
                        m.key_span.start as usize,
                        m.value.span.end as usize,
                    );
                }
                d
            }
            _ => Diagnostic::at(at, message),
        }
    }

    /// The same diagnostic with a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}
