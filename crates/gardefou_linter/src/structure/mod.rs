//! Structural validation of a document against the official OpenAPI JSON Schema of its
//! version, with errors turned into messages that say which field is wrong and what was expected.

mod messages;
mod tree_json;

use std::sync::OnceLock;

use gardefou_document::{DocumentSet, FileId};
use gardefou_model::SpecVersion;
use gardefou_source::{Limits, Node, PathSeg, Syntax};
use jsonschema::{Registry, Resource, Validator};
use serde_json::Value as Json;
use tree_json::TreeJson;

use crate::finding::Diagnostic;

const SWAGGER_2_0: &str = include_str!("../../schemas/2.0.json");
const OAS_3_0: &str = include_str!("../../schemas/3.0/schema.yaml");
const OAS_3_1: [&str; 4] = [
    include_str!("../../schemas/3.1/schema.yaml"),
    include_str!("../../schemas/3.1/schema-base.yaml"),
    include_str!("../../schemas/3.1/dialect.yaml"),
    include_str!("../../schemas/3.1/meta.yaml"),
];
const OAS_3_2: [&str; 4] = [
    include_str!("../../schemas/3.2/schema.yaml"),
    include_str!("../../schemas/3.2/schema-base.yaml"),
    include_str!("../../schemas/3.2/dialect.yaml"),
    include_str!("../../schemas/3.2/meta.yaml"),
];

fn yaml(text: &str) -> Json {
    let parsed = gardefou_source::parse(text, Syntax::Yaml, &Limits::default());
    parsed.root.expect("bundled schema parses").to_json()
}

/// `format: regex` in OpenAPI documents means an ECMAScript regular expression (patterns are
/// run by JavaScript tools), so it is checked with an ECMAScript engine, not Rust's `regex`.
fn is_ecmascript_regex(s: &str) -> bool {
    crate::ecma_regex::EcmaRegex::check_syntax(s, "").is_ok()
}

fn build_plain(schema: Json) -> Validator<TreeJson> {
    jsonschema::options_for::<TreeJson>()
        .with_format("regex", is_ecmascript_regex)
        .build(&schema)
        .expect("bundled OpenAPI schema compiles")
}

/// 3.1 and 3.2: the base schema with the OpenAPI dialect, so Schema Objects are checked too.
fn build_with_dialect(files: [&str; 4]) -> Validator<TreeJson> {
    let docs: Vec<Json> = files.iter().map(|t| yaml(t)).collect();
    let id = |j: &Json| j["$id"].as_str().unwrap_or_default().to_string();
    let resources: Vec<(String, Resource)> = docs
        .iter()
        .map(|d| (id(d), Resource::from_contents(d.clone())))
        .collect();
    let registry = Box::leak(Box::new(
        Registry::new()
            .extend(resources)
            .and_then(|b| b.prepare())
            .expect("bundled OpenAPI schemas register"),
    ));
    jsonschema::options_for::<TreeJson>()
        .with_format("regex", is_ecmascript_regex)
        .with_registry(registry)
        .build(&docs[1])
        .expect("bundled OpenAPI schema compiles")
}

/// The bundled schema resources of a version, as JSON (to read keywords named by errors).
fn schema_docs(version: SpecVersion) -> &'static [Json] {
    static DOCS: OnceLock<[Vec<Json>; 4]> = OnceLock::new();
    let all = DOCS.get_or_init(|| {
        [
            vec![serde_json::from_str(SWAGGER_2_0).expect("2.0 schema is JSON")],
            vec![yaml(OAS_3_0)],
            OAS_3_1.iter().map(|t| yaml(t)).collect(),
            OAS_3_2.iter().map(|t| yaml(t)).collect(),
        ]
    });
    match version {
        SpecVersion::Swagger2 => &all[0],
        SpecVersion::OpenApi30 => &all[1],
        SpecVersion::OpenApi31 => &all[2],
        SpecVersion::OpenApi32 => &all[3],
    }
}

fn validator(version: SpecVersion) -> &'static Validator<TreeJson> {
    static V2: OnceLock<Validator<TreeJson>> = OnceLock::new();
    static V30: OnceLock<Validator<TreeJson>> = OnceLock::new();
    static V31: OnceLock<Validator<TreeJson>> = OnceLock::new();
    static V32: OnceLock<Validator<TreeJson>> = OnceLock::new();
    match version {
        SpecVersion::Swagger2 => V2.get_or_init(|| {
            build_plain(serde_json::from_str(SWAGGER_2_0).expect("2.0 schema is JSON"))
        }),
        SpecVersion::OpenApi30 => V30.get_or_init(|| build_plain(yaml(OAS_3_0))),
        SpecVersion::OpenApi31 => V31.get_or_init(|| build_with_dialect(OAS_3_1)),
        SpecVersion::OpenApi32 => V32.get_or_init(|| build_with_dialect(OAS_3_2)),
    }
}

/// Validates the raw root document (references not followed, as Spectral's `oas*-schema`
/// rules do) and returns one diagnostic per problem, positioned on the node at fault.
pub(crate) fn validate(set: &DocumentSet, version: SpecVersion) -> Vec<Diagnostic> {
    let Some(root) = set.root().root.as_ref() else {
        return Vec::new();
    };
    let v = validator(version);
    let mut problems = Vec::new();
    for error in v.iter_errors(root) {
        messages::explain(&error, root, schema_docs(version), &mut problems);
    }
    problems.extend(beyond_schema(root, version));
    // `unevaluatedProperties` errors that only follow from another failure at the same object
    // (e.g. a failed `not` leaves its properties unevaluated) are noise: drop them.
    let cascades: Vec<bool> = problems
        .iter()
        .map(|p| {
            p.cascade
                && problems.iter().any(|o| {
                    !o.cascade
                        && (o.pointer.as_slice() == &p.pointer[..p.pointer.len() - 1]
                            || o.pointer.starts_with(&p.pointer))
                })
        })
        .collect();
    let mut keep = cascades.iter().map(|c| !c);
    problems.retain(|_| keep.next().unwrap_or(true));
    problems.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.message.cmp(&b.message)));
    problems.dedup_by(|a, b| a.pointer == b.pointer && a.message == b.message);
    problems
        .into_iter()
        .map(|p| {
            let (span, path) = locate(&set.root().text, root, &p.pointer, p.at_key);
            Diagnostic {
                message: p.message,
                file: FileId(0),
                span,
                path,
                help: None,
                related: Vec::new(),
            }
        })
        .collect()
}

/// Requirements of the specification text that the official JSON Schema does not encode.
fn beyond_schema(instance: &Node, version: SpecVersion) -> Vec<Problem> {
    let mut out = Vec::new();
    if version == SpecVersion::Swagger2 {
        // Swagger 2.0, Security Scheme Object: `scopes` is REQUIRED for `oauth2` (the schema
        // leaves it optional). A name written twice is checked once, with its last value.
        if let Some(defs) = instance
            .get("securityDefinitions")
            .and_then(Node::as_object)
        {
            let mut done = std::collections::HashSet::new();
            for m in defs {
                let name = &m.key;
                if !done.insert(name.as_str()) {
                    continue;
                }
                let def = instance
                    .get("securityDefinitions")
                    .and_then(|d| d.get(name))
                    .unwrap_or(&m.value);
                if def.get_str("type") == Some("oauth2") && def.get("scopes").is_none() {
                    out.push(Problem {
                        pointer: vec!["securityDefinitions".into(), name.clone()],
                        at_key: false,
                        message: format!("`{name}` must have the required property `scopes` (an OAuth2 scheme lists its scopes, possibly none: `scopes: {{}}`)"),
                        cascade: false,
                    });
                }
            }
        }
    }
    out
}

/// The span of the node a pointer names (or of its key, for misplaced properties) and the path.
fn locate(
    text: &str,
    root: &Node,
    pointer: &[String],
    at_key: bool,
) -> (gardefou_source::Span, Vec<PathSeg>) {
    let mut node = root;
    let mut span = root.span;
    let mut path = Vec::new();
    for (i, token) in pointer.iter().enumerate() {
        let last = i + 1 == pointer.len();
        match &node.value {
            gardefou_source::Value::Object(_) => match node.member(token) {
                Some(m) => {
                    span = if last && at_key {
                        m.key_span
                    } else {
                        let mut s = m.value.span;
                        s.start = gardefou_source::value_report_start(text, m.key_span, &m.value);
                        s
                    };
                    node = &m.value;
                    path.push(PathSeg::Key(token.clone()));
                }
                None => break,
            },
            gardefou_source::Value::Array(items) => {
                match token.parse::<usize>().ok().and_then(|i| items.get(i)) {
                    Some(item) => {
                        span = item.span;
                        node = item;
                        path.push(PathSeg::Index(token.parse().unwrap_or(0)));
                    }
                    None => break,
                }
            }
            _ => break,
        }
    }
    (span, path)
}

/// One explained problem: where (pointer tokens, unescaped) and what.
#[derive(Debug)]
pub(crate) struct Problem {
    pub pointer: Vec<String>,
    /// Point at the member's key rather than its value (unexpected properties).
    pub at_key: bool,
    pub message: String,
    /// A consequence of another failure (`unevaluatedProperties`), dropped when that one is reported.
    pub cascade: bool,
}
