//! `schema`: the target against a JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12), with
//! Spectral's messages (`"name" property type must be string`).

use gardefou_source::PathSeg;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{Draft, Validator};
use serde_json::Value as Json;

use super::{FnContext, FnResult, Function, Input};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaDialect {
    Auto,
    Draft4,
    Draft6,
    Draft7,
    Draft201909,
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

/// Compiles a JSON Schema offline (no network, no files), with format checks on.
pub fn compile(schema: &Json, dialect: SchemaDialect) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(dialect.draft(schema))
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| format!("invalid JSON Schema: {e}"))
}

pub struct SchemaFn {
    validator: Validator,
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
        Ok(SchemaFn {
            validator: compile(schema, dialect)?,
        })
    }
}

impl Function for SchemaFn {
    fn call(&self, i: &Input<'_>, _: &FnContext<'_>) -> Vec<FnResult> {
        let instance = match (&i.key, i.value) {
            (Some(k), _) => Json::String(k.to_string()),
            (None, Some(n)) => n.to_json(),
            (None, None) => {
                return vec![FnResult::new(format!("{}must exist", i.print_property()))]
            }
        };
        json_schema_errors(&self.validator, &instance, &i.path)
    }
}

fn seg_text(s: &PathSeg) -> String {
    s.to_string()
}

/// Validates and renders each error as Spectral does, with its path (the target's path plus
/// the error's instance path).
pub fn json_schema_errors(
    validator: &Validator,
    instance: &Json,
    base: &[PathSeg],
) -> Vec<FnResult> {
    let mut out = Vec::new();
    for e in validator.iter_errors(instance) {
        let mut path = base.to_vec();
        for seg in e.instance_path().iter() {
            path.push(match seg {
                LocationSegment::Property(p) => PathSeg::Key(p.to_string()),
                LocationSegment::Index(i) => PathSeg::Index(i),
            });
        }
        let prop = match path.last() {
            Some(s) => format!("\"{}\" property ", seg_text(s)),
            None => String::new(),
        };
        let message = match e.kind() {
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
        };
        out.push(FnResult::at(message, path));
    }
    out
}
