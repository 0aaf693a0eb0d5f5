//! `schema`: the target against a JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12), with
//! Spectral's messages (`"name" property type must be string`).

use gardefou_source::PathSeg;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{Draft, Validator};
use serde_json::Value as Json;

use super::{FnContext, FnResult, Function, Input};

/// Which JSON Schema dialect the `schema` function validates with (`dialect` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaDialect {
    /// From the schema's `$schema`, else draft 2020-12.
    Auto,
    /// Draft 4.
    Draft4,
    /// Draft 6.
    Draft6,
    /// Draft 7.
    Draft7,
    /// Draft 2019-09.
    Draft201909,
    /// Draft 2020-12.
    Draft202012,
}

impl SchemaDialect {
    fn parse(s: &str) -> Option<SchemaDialect> {
        Some(match s {
            "auto" => SchemaDialect::Auto,
            "draft4" => SchemaDialect::Draft4,
            "draft6" => SchemaDialect::Draft6,
            "draft7" => SchemaDialect::Draft7,
            "draft2019-09" => SchemaDialect::Draft201909,
            "draft2020-12" => SchemaDialect::Draft202012,
            _ => return None,
        })
    }

    fn draft(self, schema: &Json) -> Draft {
        match self {
            SchemaDialect::Draft4 => Draft::Draft4,
            SchemaDialect::Draft6 => Draft::Draft6,
            SchemaDialect::Draft7 => Draft::Draft7,
            SchemaDialect::Draft201909 => Draft::Draft201909,
            SchemaDialect::Draft202012 => Draft::Draft202012,
            SchemaDialect::Auto => match schema.get("$schema").and_then(Json::as_str).unwrap_or("")
            {
                s if s.contains("draft-04") => Draft::Draft4,
                s if s.contains("draft-06") => Draft::Draft6,
                s if s.contains("2019-09") => Draft::Draft201909,
                s if s.contains("2020-12") => Draft::Draft202012,
                _ => Draft::Draft7,
            },
        }
    }
}

/// `format: uuid` as Ajv's formats check it, in every draft (drafts before 2019-09 do not
/// define it, but Spectral checks it).
pub fn is_uuid(s: &str) -> bool {
    let s = s.strip_prefix("urn:uuid:").unwrap_or(s);
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Compiles a JSON Schema offline (no network, no files), with format checks on.
pub fn compile(schema: &Json, dialect: SchemaDialect) -> Result<Validator, String> {
    build(schema, dialect).map_err(|e| format!("invalid JSON Schema: {e}"))
}

fn build(
    schema: &Json,
    dialect: SchemaDialect,
) -> Result<Validator, jsonschema::ValidationError<'static>> {
    jsonschema::options()
        .with_draft(dialect.draft(schema))
        .should_validate_formats(true)
        .with_format("uuid", is_uuid)
        .build(schema)
}

/// The first `$ref` of a schema (in document order) that does not lead to a part of the schema
/// itself: what Ajv names when it cannot compile it.
fn first_unresolvable_ref(schema: &Json) -> Option<String> {
    fn walk<'a>(root: &Json, v: &'a Json) -> Option<&'a str> {
        match v {
            Json::Object(m) => {
                if let Some(Json::String(r)) = m.get("$ref") {
                    let local = r
                        .strip_prefix('#')
                        .map(|p| p.is_empty() || root.pointer(p).is_some())
                        .unwrap_or(false);
                    if !local {
                        return Some(r);
                    }
                }
                m.values().find_map(|c| walk(root, c))
            }
            Json::Array(a) => a.iter().find_map(|c| walk(root, c)),
            _ => None,
        }
    }
    walk(schema, schema).map(str::to_string)
}

pub struct SchemaFn {
    /// The compiled schema, or Ajv's message for the reference in it that cannot be resolved
    /// (a pointer to nowhere, a file: Spectral's Ajv loads no files). Spectral then reports
    /// nothing for existing targets of a resolved rule (checked with Red Hat's rhoas ruleset,
    /// whose `$ref: '#/components/schemas/Error'` options point nowhere, and with a relative
    /// file that is not there), the message at the target for a rule with `resolved: false`,
    /// and still reports missing targets; so does gardefou, rather than refusing the ruleset.
    validator: Result<Validator, String>,
    schema: Json,
}

impl SchemaFn {
    pub fn new(o: &Json) -> Result<SchemaFn, String> {
        let schema = o.get("schema").ok_or("`schema` needs a `schema` option")?;
        let dialect = match o.get("dialect") {
            None => SchemaDialect::Auto,
            Some(Json::String(d)) => {
                SchemaDialect::parse(d).ok_or_else(|| format!("unknown dialect `{d}`"))?
            }
            Some(_) => return Err("`dialect` must be a string".into()),
        };
        let validator = match build(schema, dialect) {
            Ok(v) => Ok(v),
            Err(e) if matches!(e.kind(), ValidationErrorKind::Referencing(_)) => {
                let reference = first_unresolvable_ref(schema).unwrap_or_default();
                let id = schema.get("$id").and_then(Json::as_str).unwrap_or("#");
                Err(format!("can't resolve reference {reference} from id {id}"))
            }
            Err(e) => return Err(format!("invalid JSON Schema: {e}")),
        };
        Ok(SchemaFn {
            validator,
            schema: schema.clone(),
        })
    }
}

impl Function for SchemaFn {
    fn call(&self, i: &Input<'_>, cx: &FnContext<'_>) -> Vec<FnResult> {
        let instance = match (&i.key, i.value) {
            (Some(k), _) => Json::String(k.to_string()),
            (None, Some(n)) => n.to_json(),
            (None, None) => {
                return vec![FnResult::new(format!("{}must exist", i.print_property()))]
            }
        };
        match &self.validator {
            Ok(v) => json_schema_errors(v, Some(&self.schema), &instance, &i.path_owned()),
            // Spectral ignores Ajv's missing-reference error in resolved rules only.
            Err(m) if matches!(cx.view, crate::jsonpath::TreeView::Raw) => {
                vec![FnResult::at(m.clone(), i.path_owned())]
            }
            Err(_) => Vec::new(),
        }
    }
}

fn seg_text(s: &PathSeg) -> String {
    s.to_string()
}

/// The rank of a keyword in Ajv's evaluation order (type first, then the keywords that apply
/// to every type, then number, string, array and object keywords).
fn rank(keyword: &str) -> u32 {
    match keyword {
        "$ref" | "$dynamicRef" | "$recursiveRef" => 0,
        "type" => 1,
        "const" => 2,
        "enum" => 3,
        "not" => 4,
        "anyOf" => 5,
        "oneOf" => 6,
        "allOf" => 7,
        "if" | "then" | "else" => 8,
        "maximum" | "minimum" | "exclusiveMaximum" | "exclusiveMinimum" => 10,
        "multipleOf" => 11,
        "maxLength" | "minLength" => 20,
        "pattern" => 21,
        "format" => 22,
        "maxItems" | "minItems" => 30,
        "uniqueItems" => 31,
        "prefixItems" | "items" | "additionalItems" | "contains" | "maxContains"
        | "minContains" => 32,
        "maxProperties" | "minProperties" => 40,
        "required" => 41,
        "dependentRequired" => 42,
        "propertyNames" => 43,
        "additionalProperties" => 44,
        "dependencies" | "dependentSchemas" => 45,
        "properties" => 46,
        "patternProperties" => 47,
        "unevaluatedItems" | "unevaluatedProperties" => 50,
        _ => 60,
    }
}

/// Ajv's order key of an error: the ranks of the keywords along its schema path; members of
/// `properties` (and other maps) and items of `allOf`, `items`… in the order the schema lists
/// them, as Ajv evaluates them.
fn order_key(e: &jsonschema::ValidationError<'_>, schema: Option<&Json>) -> Vec<u32> {
    let mut key = Vec::new();
    let mut cur = schema;
    let mut in_map = false;
    for raw in e.schema_path().as_str().split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        if in_map {
            in_map = false;
            let pos = cur
                .and_then(Json::as_object)
                .and_then(|m| m.keys().position(|k| *k == seg));
            key.push(pos.map_or(u32::MAX, |p| p as u32));
            cur = cur.and_then(|c| c.get(&seg));
            continue;
        }
        if let Ok(i) = seg.parse::<usize>() {
            key.push(i as u32);
            cur = cur.and_then(|c| c.get(i));
            continue;
        }
        key.push(rank(&seg));
        in_map = matches!(
            seg.as_str(),
            "properties"
                | "patternProperties"
                | "dependentSchemas"
                | "dependencies"
                | "$defs"
                | "definitions"
        );
        cur = cur.and_then(|c| c.get(&seg));
    }
    key
}

fn render(e: &jsonschema::ValidationError<'_>, base: &[PathSeg]) -> FnResult {
    let mut path = base.to_vec();
    for seg in e.instance_path().iter() {
        path.push(match seg {
            LocationSegment::Property(p) => PathSeg::Key(p.to_string()),
            LocationSegment::Index(i) => PathSeg::Index(i),
        });
    }
    let prop = match path.last() {
        Some(PathSeg::Index(i)) if e.instance_path().iter().count() > 0 => {
            format!("Item at index {i} ")
        }
        Some(s) => format!("\"{}\" property ", seg_text(s)),
        None => String::new(),
    };
    let message = message(e, &prop);
    FnResult::at(message, path)
}

/// Validates and renders errors as Spectral (Ajv without `allErrors`) reports them: the first
/// error in Ajv's evaluation order; when it is an `anyOf`/`oneOf` failure, the first error of
/// each alternative, then the failure itself.
pub fn json_schema_errors(
    validator: &Validator,
    schema: Option<&Json>,
    instance: &Json,
    base: &[PathSeg],
) -> Vec<FnResult> {
    let mut errors: Vec<jsonschema::ValidationError<'_>> =
        validator.iter_errors(instance).collect();
    if errors.is_empty() {
        return Vec::new();
    }
    let mut keyed: Vec<(Vec<u32>, usize)> = errors
        .iter()
        .enumerate()
        .map(|(i, e)| (order_key(e, schema), i))
        .collect();
    keyed.sort();
    let first = errors.swap_remove(keyed[0].1);
    let mut out = Vec::new();
    first_errors(&first, schema, base, &mut out);
    out
}

fn first_errors(
    e: &jsonschema::ValidationError<'_>,
    schema: Option<&Json>,
    base: &[PathSeg],
    out: &mut Vec<FnResult>,
) {
    if let ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } =
        e.kind()
    {
        for branch in context {
            if let Some(b) = branch.iter().min_by_key(|b| order_key(b, schema)) {
                first_errors(b, schema, base, out);
            }
        }
    }
    out.push(render(e, base));
}

fn message(e: &jsonschema::ValidationError<'_>, prop: &str) -> String {
    {
        let prop = prop.to_string();
        match e.kind() {
            ValidationErrorKind::Type { kind } => {
                let t = match kind {
                    TypeKind::Single(t) => t.to_string(),
                    TypeKind::Multiple(ts) => ts
                        .iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                };
                format!("{prop}type must be {t}")
            }
            ValidationErrorKind::Required { property } => {
                format!(
                    "{prop}must have required property \"{}\"",
                    property.as_str().unwrap_or_default()
                )
            }
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                format!(
                    "Property \"{}\" is not expected to be here",
                    unexpected.join("\", \"")
                )
            }
            ValidationErrorKind::Enum { options } => format!(
                "{prop}must be equal to one of the allowed values: {}",
                options
                    .as_array()
                    .map(|a| a
                        .iter()
                        .map(|v| v.to_string().trim_matches('"').to_string())
                        .collect::<Vec<_>>()
                        .join(", "))
                    .unwrap_or_default()
            ),
            ValidationErrorKind::Constant { .. } => format!("{prop}must be equal to constant"),
            ValidationErrorKind::MinItems { limit } => {
                format!("{prop}must not have fewer than {limit} items")
            }
            ValidationErrorKind::MaxItems { limit } => {
                format!("{prop}must not have more than {limit} items")
            }
            ValidationErrorKind::MinLength { limit } => {
                format!("{prop}must not have fewer than {limit} characters")
            }
            ValidationErrorKind::MaxLength { limit } => {
                format!("{prop}must not have more than {limit} characters")
            }
            ValidationErrorKind::MinProperties { limit } => {
                format!("{prop}must not have fewer than {limit} properties")
            }
            ValidationErrorKind::MaxProperties { limit } => {
                format!("{prop}must not have more than {limit} properties")
            }
            ValidationErrorKind::Minimum { limit } => format!("{prop}must be >= {limit}"),
            ValidationErrorKind::Maximum { limit } => format!("{prop}must be <= {limit}"),
            ValidationErrorKind::ExclusiveMinimum { limit } => format!("{prop}must be > {limit}"),
            ValidationErrorKind::ExclusiveMaximum { limit } => format!("{prop}must be < {limit}"),
            ValidationErrorKind::Format { format } => {
                format!("{prop}must match format \"{format}\"")
            }
            ValidationErrorKind::Pattern { pattern } => {
                format!("{prop}must match pattern \"{pattern}\"")
            }
            ValidationErrorKind::UniqueItems => format!("{prop}must not have duplicate items"),
            ValidationErrorKind::MultipleOf { .. } => {
                format!("{prop}must be a multiple of the given number")
            }
            ValidationErrorKind::OneOfNotValid { .. }
            | ValidationErrorKind::OneOfMultipleValid { .. } => {
                format!("{prop}must match exactly one schema in oneOf")
            }
            ValidationErrorKind::AnyOf { .. } => format!("{prop}must match a schema in anyOf"),
            ValidationErrorKind::Not { .. } => format!("{prop}must not be valid"),
            ValidationErrorKind::FalseSchema => format!("{prop}must not exist"),
            _ => format!("{prop}{e}"),
        }
    }
}
