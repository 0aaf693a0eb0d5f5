//! `unrecognized-format`: the input is not an OpenAPI 2.0–3.2 document.

use gardefou_document::FileId;
use gardefou_source::{Span, Value};

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta};

static META: RuleMeta = RuleMeta {
    id: "unrecognized-format",
    ruleset: "gardefou:core",
    category: Category::Validity,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "The document must declare `swagger: \"2.0\"` or `openapi: 3.0.x`, `3.1.x` or `3.2.x`.",
    peers: &["spectral:unrecognized-format"],
    docs: RuleDocs {
        what: "Reports an input that is empty, whose top level is not an object, or that declares no supported version (`swagger: \"2.0\"`, `openapi: 3.0.x`, `3.1.x`, `3.2.x`). Swagger 1.2 and unknown versions are reported here. As in Spectral, the finding is a warning at the document root with Spectral's message; the help says what is missing. No OpenAPI rule runs on such a document: it gets this finding only (and `parser`/`duplicate-key` when its syntax is wrong).",
        why: "Which rules apply depends on the version; a document without one is checked by nothing, and a CI gate that passes it gives false confidence. Raise it to `error` (`rules: {unrecognized-format: error}`) to fail the pipeline on a file that is not an API description.",
        fix: "Add the version field at the top level, or convert the document (Swagger 1.2 → 2.0 with a converter), or stop passing the file to the linter.",
        invalid: include_str!("../../../../../fixtures/rules/unrecognized-format/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/unrecognized-format/valid.yaml"),
    },
};

crate::native_rule!(UnrecognizedFormat, META, Check, |cx, options, out| {
    if cx.api.is_some() {
        return;
    }
    let root = cx.set.root();
    if root.issues.iter().any(|i| i.kind.is_fatal()) {
        return; // `parser` already said why.
    }
    let (reason, span) = match &root.root {
        None => ("the document is empty".to_string(), Span::empty(0)),
        Some(node) => match &node.value {
            Value::Object(_) => match (node.member("openapi"), node.member("swagger"), node.member("swaggerVersion")) {
                (Some(m), _, _) => (
                    format!("`openapi: {}` is not a supported version (3.0.x, 3.1.x or 3.2.x)", describe(&m.value)),
                    node.span,
                ),
                (_, Some(m), _) => (format!("`swagger: {}` is not a supported version (2.0)", describe(&m.value)), node.span),
                (_, _, Some(_)) => (
                    "Swagger 1.2 is not supported: convert the document to Swagger 2.0 or OpenAPI 3".to_string(),
                    node.span,
                ),
                _ => (
                    "the document declares neither `openapi` nor `swagger`: it is not an OpenAPI document".to_string(),
                    node.span,
                ),
            },
            _ => (
                format!("the document's top level is {}, not an object: it is not an OpenAPI document", article(node.type_name())),
                node.span,
            ),
        },
    };
    // Spectral's message and place (the document root), word for word; the reason is help.
    out.push(Diagnostic {
        message: SPECTRAL_MESSAGE.to_string(),
        file: FileId(0),
        span,
        path: Vec::new(),
        help: Some(reason),
        related: Vec::new(),
    });
});

/// What Spectral 6 reports, with the display names of the formats `spectral:oas` registers.
const SPECTRAL_MESSAGE: &str = "The provided document does not match any of the registered formats [OpenAPI 2.0 (Swagger), OpenAPI 3.x, OpenAPI 3.0.x, OpenAPI 3.1.x, OpenAPI 3.2.x]";

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
