//! DESIGN §6 "normalized for size", checked on real documents: an API whose operations are all
//! copied under new paths (same defects, twice as many operations) scores within a few points
//! of the original. Checked on the corpus and, as a property, on generated APIs.

mod common;
use common::*;

use std::path::Path;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint_measured, Config};
use gardefou_score::{score_api, Hit, ScoreConfig, Size};

use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// How far doubling may move a score, in points of 0–100.
const TOLERANCE: f64 = 5.0;

fn score_text(name: &str, text: String, dir: &Path, config: &Config) -> (f64, usize) {
    let options = LoadOptions {
        allow_outside_refs: true,
        ..LoadOptions::default()
    };
    let set = DocumentSet::from_text(name, text, dir, &options);
    // Linted and measured as `gardefou score` does.
    let measured = lint_measured(&set, config);
    let size = Size {
        operations: measured.operations,
        schemas: measured.schemas,
    };
    let hits: Vec<Hit> = measured
        .findings
        .iter()
        .map(|f| Hit {
            rule: f.rule.clone(),
            category: f.category,
            severity: f.severity,
            location: None,
        })
        .collect();
    let s = score_api(name, size, &hits, &ScoreConfig::default());
    (s.score, size.operations)
}

/// The document with every path item copied under `/mirror…`, operation ids made unique.
fn doubled(doc: &Value) -> Option<Value> {
    let mut out = doc.clone();
    let paths = out.get_mut("paths")?.as_object_mut()?;
    let copies: Vec<(String, Value)> = paths
        .iter()
        .filter(|(p, _)| p.starts_with('/'))
        .map(|(p, item)| {
            let mut item = item.clone();
            if let Some(ops) = item.as_object_mut() {
                for op in ops.values_mut() {
                    if let Some(Value::String(id)) = op.get_mut("operationId") {
                        id.push_str("Mirror");
                    }
                }
            }
            (format!("/mirror{p}"), item)
        })
        .collect();
    for (p, item) in copies {
        paths.insert(p, item);
    }
    Some(out)
}

/// Every corpus API with a few operations, doubled, keeps its score within the tolerance.
#[test]
fn doubling_real_apis_keeps_their_score() {
    let Some(shared) = shared() else { return };
    let config = Config::recommended();
    let mut checked = 0;
    let mut worst = (0.0f64, String::new());
    let mut stack = vec![shared.join("corpus/docs")];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "yaml" | "yml" | "json") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let syntax = gardefou_source::Syntax::guess(&path.display().to_string(), &text);
            let parsed = gardefou_source::parse(&text, syntax, &gardefou_source::Limits::default());
            let Some(root) = parsed.root else { continue };
            let doc = root.to_json();
            if doc.get("openapi").is_none() && doc.get("swagger").is_none() {
                continue;
            }
            let Some(twice) = doubled(&doc) else { continue };
            let dir = path.parent().unwrap();
            let original = serde_json::to_string(&doc).unwrap();
            let (before, ops) = score_text("original.json", original, dir, &config);
            if ops < 3 {
                continue;
            }
            let (after, ops2) = score_text(
                "doubled.json",
                serde_json::to_string(&twice).unwrap(),
                dir,
                &config,
            );
            assert_eq!(ops2, 2 * ops, "{}", path.display());
            let delta = (after - before).abs();
            if delta > worst.0 {
                worst = (delta, path.display().to_string());
            }
            checked += 1;
        }
    }
    eprintln!(
        "{checked} APIs doubled; largest change {:.1} ({})",
        worst.0, worst.1
    );
    assert!(checked >= 50, "only {checked} corpus APIs checked");
    assert!(worst.0 <= TOLERANCE, "{worst:?}");
}

/// One generated operation: which good practices it follows.
#[derive(Clone, Debug)]
struct Op {
    described: bool,
    summary: bool,
    id: bool,
    tagged: bool,
    errors: bool,
    secured: bool,
    camel_path: bool,
}

fn op() -> impl Strategy<Value = Op> {
    prop::array::uniform7(any::<bool>()).prop_map(|b| Op {
        described: b[0],
        summary: b[1],
        id: b[2],
        tagged: b[3],
        errors: b[4],
        secured: b[5],
        camel_path: b[6],
    })
}

/// An OpenAPI 3.0 document with these operations and `schemas` named schemas, some of them
/// with snake_case or undocumented properties.
fn generated(ops: &[Op], schemas: &[(bool, bool)]) -> Value {
    let mut paths = Map::new();
    for (i, o) in ops.iter().enumerate() {
        let mut op = Map::new();
        if o.described {
            op.insert("description".into(), json!("Lists the things."));
        }
        if o.summary {
            op.insert("summary".into(), json!("List things"));
        }
        if o.id {
            op.insert("operationId".into(), json!(format!("listThings{i}")));
        }
        if o.tagged {
            op.insert("tags".into(), json!(["things"]));
        }
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing0"}}}}),
        );
        if o.errors {
            for code in ["400", "401", "403", "429", "500"] {
                responses.insert(code.into(), json!({"description": "Error"}));
            }
        }
        op.insert("responses".into(), Value::Object(responses));
        if o.secured {
            op.insert("security".into(), json!([{"oauth": ["read"]}]));
        }
        let path = if o.camel_path {
            format!("/thingGroups{i}")
        } else {
            format!("/thing-groups-{i}")
        };
        paths.insert(path, json!({ "get": op }));
    }
    let mut components = Map::new();
    components.insert(
        "Thing0".into(),
        json!({"type": "object", "properties": {"id": {"type": "string", "maxLength": 64}}}),
    );
    for (i, (snake, described)) in schemas.iter().enumerate() {
        let prop = if *snake { "created_at" } else { "createdAt" };
        let mut p = json!({"type": "string", "format": "date-time"});
        if *described {
            p["description"] = json!("When it was made.");
        }
        components.insert(
            format!("Thing{}", i + 1),
            json!({"type": "object", "properties": {prop: p}}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1.0.0", "description": "Things."},
        "servers": [{"url": "https://api.example.com/v1"}],
        "tags": [{"name": "things", "description": "Things."}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"oauth": {"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "https://auth.example.com/token", "scopes": {"read": "Read things."}}}}}
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Copying every operation of a generated API under new paths moves its score by at most
    /// the tolerance, whatever mix of defects its operations and schemas carry.
    #[test]
    fn doubling_generated_apis_keeps_their_score(
        ops in prop::collection::vec(op(), 3..12),
        schemas in prop::collection::vec((any::<bool>(), any::<bool>()), 0..8),
    ) {
        let config = Config::recommended();
        let dir = tempfile::tempdir().unwrap();
        let doc = generated(&ops, &schemas);
        let twice = doubled(&doc).unwrap();
        let (before, n) = score_text("api.json", doc.to_string(), dir.path(), &config);
        let (after, n2) = score_text("api.json", twice.to_string(), dir.path(), &config);
        prop_assert_eq!(n2, 2 * n);
        prop_assert!((after - before).abs() <= TOLERANCE, "{} → {}", before, after);
    }
}
