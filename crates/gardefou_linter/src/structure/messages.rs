//! Turns JSON Schema validation errors into messages that name the field and what was expected.
//!
//! `oneOf`/`anyOf` failures are the hard part: the validator only says that no alternative
//! matched. We pick the alternative the document most likely meant (the one whose errors go
//! deepest into the value, and not the `$ref` form unless the value has a `$ref`), or merge the
//! alternatives when they all disagree on the same discriminating field (`in`, `type`).

use gardefou_source::{Node, Value};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::ValidationError;
use serde_json::Value as Json;

use super::Problem;

fn pointer_of(error: &ValidationError<'_>) -> Vec<String> {
    error
        .instance_path()
        .iter()
        .map(|s| match s {
            LocationSegment::Property(p) => p.to_string(),
            LocationSegment::Index(i) => i.to_string(),
        })
        .collect()
}

fn name(pointer: &[String], instance: &Node) -> String {
    let parent_is_array = pointer.len() >= 2
        && lookup(instance, &pointer[..pointer.len() - 1]).is_some_and(|n| n.as_array().is_some());
    match pointer.last() {
        None => "the document".to_string(),
        Some(last) if parent_is_array => {
            format!("`{}[{}]`", pointer[pointer.len() - 2], last)
        }
        Some(last) => format!("`{last}`"),
    }
}

fn short(value: &Json) -> String {
    let text = match value {
        Json::String(s) => s.clone(),
        Json::Object(_) => return "an object".to_string(),
        Json::Array(_) => return "an array".to_string(),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("`{}…`", text.chars().take(57).collect::<String>())
    } else {
        format!("`{text}`")
    }
}

fn json_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn list(values: &[String]) -> String {
    match values.len() {
        0 => String::new(),
        1 => values[0].clone(),
        _ => {
            let (last, rest) = values.split_last().expect("non-empty");
            format!("{} or {}", rest.join(", "), last)
        }
    }
}

fn value_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(crate) fn explain(
    error: &ValidationError<'_>,
    instance: &Node,
    schemas: &[Json],
    out: &mut Vec<Problem>,
) {
    let pointer = pointer_of(error);
    let value = error.instance();
    let who = name(&pointer, instance);
    let push = |out: &mut Vec<Problem>, pointer: Vec<String>, at_key: bool, message: String| {
        out.push(Problem {
            pointer,
            at_key,
            message,
            cascade: false,
        })
    };
    match error.kind() {
        ValidationErrorKind::Required { property } => push(
            out,
            pointer,
            false,
            format!(
                "{who} must have the required property `{}`",
                value_text(property)
            ),
        ),
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let cascade = matches!(
                error.kind(),
                ValidationErrorKind::UnevaluatedProperties { .. }
            );
            for u in unexpected {
                let mut p = pointer.clone();
                p.push(u.clone());
                let where_ = if pointer.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("in {who}")
                };
                out.push(Problem {
                    pointer: p,
                    at_key: true,
                    message: format!("property `{u}` is not allowed {where_}"),
                    cascade,
                });
            }
        }
        ValidationErrorKind::Enum { options } => {
            let opts: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(value_text).collect())
                .unwrap_or_default();
            push(
                out,
                pointer,
                false,
                format!(
                    "{who} must be one of {}; found {}",
                    opts.join(", "),
                    short(value)
                ),
            )
        }
        ValidationErrorKind::Constant { expected_value } => push(
            out,
            pointer,
            false,
            format!(
                "{who} must be `{}`; found {}",
                value_text(expected_value),
                short(value)
            ),
        ),
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => {
                    list(&ts.iter().map(|t| t.to_string()).collect::<Vec<_>>())
                }
            };
            push(
                out,
                pointer,
                false,
                format!(
                    "{who} must be {} {expected}; found {}",
                    article(&expected),
                    json_type(value)
                ),
            )
        }
        ValidationErrorKind::Pattern { pattern } => push(
            out,
            pointer,
            false,
            format!(
                "{who} must match the pattern `{pattern}`; found {}",
                short(value)
            ),
        ),
        ValidationErrorKind::Format { format } => push(
            out,
            pointer,
            false,
            format!("{who} must be a valid {format}; found {}", short(value)),
        ),
        ValidationErrorKind::PropertyNames { error: inner } => push(
            out,
            pointer,
            false,
            format!(
                "{who} has an invalid name {}: {}",
                short(inner.instance()),
                inner_reason(inner)
            ),
        ),
        ValidationErrorKind::MinProperties { limit } => push(
            out,
            pointer,
            false,
            format!(
                "{who} must have at least {limit} propert{}",
                if *limit == 1 { "y" } else { "ies" }
            ),
        ),
        ValidationErrorKind::MaxProperties { limit } => push(
            out,
            pointer,
            false,
            format!(
                "{who} must have at most {limit} propert{}",
                if *limit == 1 { "y" } else { "ies" }
            ),
        ),
        ValidationErrorKind::MinItems { limit } => push(
            out,
            pointer,
            false,
            format!(
                "{who} must have at least {limit} item{}",
                if *limit == 1 { "" } else { "s" }
            ),
        ),
        ValidationErrorKind::MaxItems { limit } => push(
            out,
            pointer,
            false,
            format!("{who} must have at most {limit} items"),
        ),
        ValidationErrorKind::MinLength { limit } => push(
            out,
            pointer,
            false,
            format!("{who} must be at least {limit} characters long"),
        ),
        ValidationErrorKind::UniqueItems => push(
            out,
            pointer,
            false,
            format!("{who} must not contain duplicate items"),
        ),
        ValidationErrorKind::FalseSchema => {
            let at_key = !pointer.is_empty();
            push(out, pointer, at_key, format!("{who} is not allowed here"))
        }
        ValidationErrorKind::Not { schema } => {
            let both: Vec<String> = schema
                .get("required")
                .and_then(Json::as_array)
                .map(|a| a.iter().map(|v| format!("`{}`", value_text(v))).collect())
                .unwrap_or_default();
            // `dependentSchemas: {a: {not: {required: [b]}}}`: `b` may not be used with `a`.
            let schema_path = error.schema_path().as_str().to_string();
            let trigger = schema_path
                .strip_suffix("/not")
                .and_then(|p| p.rsplit_once("/dependentSchemas/"))
                .map(|(_, name)| name.to_string());
            let message = if let (Some(trigger), [single]) = (trigger.as_ref(), both.as_slice()) {
                format!("{single} must not be used together with `{trigger}` in {who}")
            } else if both.len() == 1 {
                format!("{who} must not have {} here", both[0])
            } else if both.len() >= 2 {
                format!("{} must not both be present in {who}", both.join(" and "))
            } else if let Some(item) = schema.get("contains") {
                format!("{who} must not contain {} here", describe_item(item))
            } else {
                format!("{who} has a form that is not allowed here")
            };
            push(out, pointer, false, message)
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => push(
            out,
            pointer,
            false,
            format!("{who} matches more than one of the allowed forms; it must match exactly one"),
        ),
        ValidationErrorKind::OneOfNotValid { context } => {
            explain_alternatives(&pointer, value, context, "oneOf", instance, schemas, out)
        }
        ValidationErrorKind::AnyOf { context } => {
            explain_alternatives(&pointer, value, context, "anyOf", instance, schemas, out)
        }
        ValidationErrorKind::Contains => {
            // `contains` with `minContains`/`maxContains`: read the bounds from the schema.
            let keyword = error
                .schema_path()
                .as_str()
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            let parent = schema_parent(schemas, error.schema_path().as_str());
            let item = parent
                .and_then(|p| p.get("contains"))
                .map(describe_item)
                .unwrap_or_else(|| "matching item".into());
            let message = match (keyword.as_str(), parent) {
                ("maxContains", Some(p)) => {
                    let n = p.get("maxContains").and_then(Json::as_u64).unwrap_or(0);
                    format!("{who} may contain at most {n} {item}")
                }
                ("minContains", Some(p)) => {
                    let n = p.get("minContains").and_then(Json::as_u64).unwrap_or(1);
                    format!("{who} must contain at least {n} {item}")
                }
                _ => format!("{who} must contain a {item}"),
            };
            push(out, pointer, false, message)
        }
        _ => push(out, pointer, false, format!("{who}: {error}")),
    }
}

fn article(expected: &str) -> &'static str {
    match expected.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => "an",
        _ => "a",
    }
}

fn inner_reason(e: &ValidationError<'_>) -> String {
    match e.kind() {
        ValidationErrorKind::Pattern { pattern } => format!("names must match `{pattern}`"),
        ValidationErrorKind::Format { format } => format!("names must be valid {format}s"),
        ValidationErrorKind::Not { schema } => match schema.get("enum").and_then(Json::as_array) {
            Some(values) => format!(
                "names must not be one of {}",
                values.iter().map(value_text).collect::<Vec<_>>().join(", ")
            ),
            None => "this name is not allowed here".to_string(),
        },
        _ => e.to_string(),
    }
}

fn explain_alternatives(
    pointer: &[String],
    value: &Json,
    context: &[Vec<ValidationError<'static>>],
    kind_name: &str,
    instance: &Node,
    schemas: &[Json],
    out: &mut Vec<Problem>,
) {
    let who = name(pointer, instance);
    if context.is_empty() {
        out.push(Problem {
            pointer: pointer.to_vec(),
            at_key: false,
            message: format!("{who} does not match any allowed form"),
            cascade: false,
        });
        return;
    }
    // 1. Every alternative rejects the value's type: say which types are allowed.
    let type_only: Option<Vec<String>> = context
        .iter()
        .map(|branch| match branch.as_slice() {
            [e] if pointer_of(e) == pointer => match e.kind() {
                ValidationErrorKind::Type {
                    kind: TypeKind::Single(t),
                } => Some(t.to_string()),
                ValidationErrorKind::Type {
                    kind: TypeKind::Multiple(ts),
                } => Some(list(&ts.iter().map(|t| t.to_string()).collect::<Vec<_>>())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    if let Some(mut types) = type_only {
        types.dedup();
        out.push(Problem {
            pointer: pointer.to_vec(),
            at_key: false,
            message: format!("{who} must be {}; found {}", list(&types), json_type(value)),
            cascade: false,
        });
        return;
    }
    // 2. Every alternative asks for a missing property: name them all.
    let required: Option<Vec<String>> = context
        .iter()
        .map(|branch| match branch.as_slice() {
            [e] if pointer_of(e) == pointer => match e.kind() {
                ValidationErrorKind::Required { property } => {
                    Some(format!("`{}`", value_text(property)))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    if let Some(mut props) = required {
        // The reference form is not what a value without `$ref` meant.
        if value.get("$ref").is_none() && props.len() > 1 {
            props.retain(|p| p != "`$ref`");
        }
        if props.len() == 1 {
            out.push(Problem {
                pointer: pointer.to_vec(),
                at_key: false,
                message: format!("{who} must have the required property {}", props[0]),
                cascade: false,
            });
            return;
        }
        let how = if matches!(kind_name, "oneOf") {
            "exactly one"
        } else {
            "at least one"
        };
        out.push(Problem {
            pointer: pointer.to_vec(),
            at_key: false,
            message: format!("{who} must have {how} of {}", list(&props)),
            cascade: false,
        });
        return;
    }
    // 3. Every alternative rejects the same field with an enum/const: merge the allowed values.
    let mut merged: Vec<String> = Vec::new();
    let mut field: Option<Vec<String>> = None;
    let all_same_field = context.iter().all(|branch| {
        branch.iter().any(|e| {
            let p = pointer_of(e);
            if p.len() <= pointer.len() {
                return false;
            }
            let allowed: Vec<String> = match e.kind() {
                ValidationErrorKind::Enum { options } => options
                    .as_array()
                    .map(|a| a.iter().map(value_text).collect())
                    .unwrap_or_default(),
                ValidationErrorKind::Constant { expected_value } => {
                    vec![value_text(expected_value)]
                }
                _ => return false,
            };
            if field.get_or_insert_with(|| p.clone()) != &p {
                return false;
            }
            for a in allowed {
                if !merged.contains(&a) {
                    merged.push(a);
                }
            }
            true
        })
    });
    if all_same_field {
        if let Some(field) = field {
            let found = lookup(instance, &field)
                .map(|n| short(&n.to_json()))
                .unwrap_or_default();
            out.push(Problem {
                message: format!(
                    "{} must be one of {}; found {found}",
                    name(&field, instance),
                    merged.join(", ")
                ),
                pointer: field,
                at_key: false,
                cascade: false,
            });
            return;
        }
    }
    // 4. Pick the alternative the value most likely meant and explain its errors.
    let has_ref = value.get("$ref").is_some();
    let best = context
        .iter()
        .enumerate()
        .max_by_key(|(i, branch)| {
            let wants_ref = branch.iter().any(|e| matches!(e.kind(), ValidationErrorKind::Required { property } if property == "$ref"));
            let ref_ok = wants_ref == has_ref;
            // An alternative whose discriminating field (`in`, `type`, `flow`) has another
            // fixed value is not the one the document meant.
            let discriminated_away = branch.iter().any(|e| {
                matches!(e.kind(), ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. })
                    && e.instance_path().iter().count() == pointer.len() + 1
            });
            let depth = branch.iter().map(|e| e.instance_path().iter().count()).max().unwrap_or(0);
            (ref_ok, !discriminated_away, depth, usize::MAX - branch.len(), usize::MAX - i)
        })
        .map(|(_, b)| b)
        .expect("non-empty");
    for e in best {
        explain(e, instance, schemas, out);
    }
}

/// The node at `pointer` in the tree (a key written twice: its last value, as in the JSON the
/// validator reads).
fn lookup<'j>(instance: &'j Node, pointer: &[String]) -> Option<&'j Node> {
    let mut v = instance;
    for t in pointer {
        v = match &v.value {
            Value::Object(_) => v.get(t)?,
            Value::Array(a) => a.get(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// The schema object holding the keyword a schema path ends with, found in whichever bundled
/// schema resource has that pointer.
fn schema_parent<'s>(schemas: &'s [Json], schema_path: &str) -> Option<&'s Json> {
    let parent = schema_path.rsplit_once('/').map(|(p, _)| p)?;
    schemas.iter().find_map(|s| s.pointer(parent))
}

/// "an item with `in: querystring`" for `{properties: {in: {const: querystring}}}`.
fn describe_item(schema: &Json) -> String {
    let consts: Vec<String> = schema
        .get("properties")
        .and_then(Json::as_object)
        .map(|props| {
            props
                .iter()
                .filter_map(|(k, v)| v.get("const").map(|c| format!("`{k}: {}`", value_text(c))))
                .collect()
        })
        .unwrap_or_default();
    if consts.is_empty() {
        "matching item".to_string()
    } else {
        format!("item with {}", consts.join(" and "))
    }
}
