use gardefou_document::FileId;
use gardefou_source::{Span, Value};

use crate::finding::{Category, Severity};
use crate::rule::{Context, Diagnostic, Rule, RuleDocs, RuleMeta};

/// `unrecognized-format`: the input is not an OpenAPI 2.0–3.2 document.
pub struct UnrecognizedFormat;

static META: RuleMeta = RuleMeta {
    id: "unrecognized-format",
    ruleset: "gardefou:core",
    category: Category::Validity,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "The document must declare `swagger: \"2.0\"` or `openapi: 3.0.x`, `3.1.x` or `3.2.x`.",
    peers: &["spectral:unrecognized-format"],
    docs: RuleDocs {
        what: "Reports an input that is empty, whose top level is not an object, or that declares no supported version (`swagger: \"2.0\"`, `openapi: 3.0.x`, `3.1.x`, `3.2.x`). Swagger 1.2 and unknown versions are reported here.",
        why: "Which rules apply depends on the version; a document without one is checked by nothing, and a CI gate that passes it gives false confidence. Spectral reports this as a warning; gardefou makes it an error by default, because a file passed to the linter that is not an API description is a mistake in the pipeline.",
        fix: "Add the version field at the top level, or convert the document (Swagger 1.2 → 2.0 with a converter), or stop passing the file to the linter.",
        invalid: "info: {title: T, version: 1.0.0}\npaths: {}\n",
        valid: "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\n",
    },
};

impl Rule for UnrecognizedFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if cx.api.is_some() {
            return;
        }
        let root = cx.set.root();
        if root.issues.iter().any(|i| i.kind.is_fatal()) {
            return; // `parser` already said why.
        }
        let (message, span) = match &root.root {
            None => ("the document is empty".to_string(), Span::empty(0)),
            Some(node) => match &node.value {
                Value::Object(_) => match (node.member("openapi"), node.member("swagger"), node.member("swaggerVersion")) {
                    (Some(m), _, _) => (
                        format!("`openapi: {}` is not a supported version (3.0.x, 3.1.x or 3.2.x)", describe(&m.value)),
                        m.value.span,
                    ),
                    (_, Some(m), _) => (format!("`swagger: {}` is not a supported version (2.0)", describe(&m.value)), m.value.span),
                    (_, _, Some(m)) => (
                        "Swagger 1.2 is not supported: convert the document to Swagger 2.0 or OpenAPI 3".to_string(),
                        m.key_span,
                    ),
                    _ => (
                        "the document declares neither `openapi` nor `swagger`: it is not an OpenAPI document".to_string(),
                        Span::empty(node.span.start as usize),
                    ),
                },
                _ => (
                    format!("the document's top level is {}, not an object: it is not an OpenAPI document", article(node.type_name())),
                    node.span,
                ),
            },
        };
        out.push(Diagnostic {
            message,
            file: FileId(0),
            span,
            path: Vec::new(),
            help: None,
            related: Vec::new(),
        });
    }
}

fn describe(node: &gardefou_source::Node) -> String {
    match &node.value {
        Value::String(s) => s.clone(),
        _ => node.to_json().to_string(),
    }
}

fn article(t: &str) -> String {
    match t.as_bytes()[0] {
        b'a' | b'i' | b'o' => format!("an {t}"),
        _ => format!("a {t}"),
    }
}
