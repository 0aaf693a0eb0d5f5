//! Typed rule options. A native rule declares its options as a struct (`serde`,
//! `#[serde(deny_unknown_fields)]`, a JSON Schema through `schemars`) and its defaults as a
//! value of it; [`configure`] parses a ruleset's `options` once, when the ruleset loads, over
//! those defaults. A value that does not fit is an [`OptionsError`] at its JSON pointer, which
//! the loader reports at the file, line and column of the value. Closed sets are enums
//! ([`Casing`]) and regular expressions compile there ([`Pattern`]), never per node.

use std::any::Any;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value as Json;

use crate::ecma_regex::{BudgetExceeded, EcmaRegex};
use crate::rule::{OptionsError, RuleOptions};

/// The options of a rule that takes none: any key given is an error.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoOptions {}

/// Parses `options` (a ruleset's `options` object, `null` when none) over `defaults`: a key
/// given replaces the default, a key the type does not know is an error.
pub fn parse<T: DeserializeOwned + Serialize>(
    options: &Json,
    defaults: T,
) -> Result<T, OptionsError> {
    let given = match options {
        Json::Null => return Ok(defaults),
        Json::Object(given) => given,
        _ => {
            return Err(OptionsError {
                pointer: String::new(),
                message: "`options` must be an object".into(),
            })
        }
    };
    let mut merged = match serde_json::to_value(&defaults) {
        Ok(Json::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    for (k, v) in given {
        merged.insert(k.clone(), v.clone());
    }
    serde_path_to_error::deserialize(Json::Object(merged)).map_err(|e| {
        let pointer: String = e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Map { key } => Some(format!("/{key}")),
                serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
                _ => None,
            })
            .collect();
        let at = e.path().to_string();
        let message = if pointer.is_empty() {
            e.inner().to_string()
        } else {
            format!("`{at}`: {}", e.inner())
        };
        OptionsError { pointer, message }
    })
}

/// What `Rule::configure` returns for a rule whose options are `T`: `null` gives the defaults,
/// built once (in `cell`); anything else is parsed over them.
pub fn configure<T>(
    options: &Json,
    cell: &'static OnceLock<RuleOptions>,
    defaults: fn() -> T,
) -> Result<Option<RuleOptions>, OptionsError>
where
    T: DeserializeOwned + Serialize + Send + Sync + 'static,
{
    if options.is_null() {
        return Ok(Some(cell.get_or_init(|| Arc::new(defaults())).clone()));
    }
    Ok(Some(Arc::new(parse(options, defaults())?)))
}

/// The JSON Schema (draft-07) of options `T`, each property with its default from `defaults`;
/// `None` for a rule without options.
pub fn schema<T: JsonSchema + Serialize>(defaults: T) -> Option<Json> {
    let generator = schemars::generate::SchemaSettings::draft07()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    let obj = schema.as_object_mut()?;
    obj.remove("$schema");
    obj.remove("title");
    let defaults = serde_json::to_value(defaults).ok()?;
    let props = obj.get_mut("properties")?.as_object_mut()?;
    if props.is_empty() {
        return None;
    }
    for (k, p) in props.iter_mut() {
        if let (Some(p), Some(d)) = (p.as_object_mut(), defaults.get(k)) {
            p.insert("default".into(), d.clone());
        }
    }
    Some(schema)
}

/// The options a rule's own `configure` made, in their type.
///
/// # Panics
///
/// When `options` are not a `T`: the engine hands a rule only what its `configure` returned.
pub fn get<T: 'static>(options: &(dyn Any + Send + Sync)) -> &T {
    options
        .downcast_ref::<T>()
        .expect("a rule gets the options its own `configure` made")
}

/// A casing convention for names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Casing {
    /// `orderitems`
    Flat,
    /// `orderItems` (two capitals in a row tolerated: `userID`)
    Camel,
    /// `OrderItems`
    Pascal,
    /// `order-items`
    Kebab,
    /// `ORDER-ITEMS`
    Cobol,
    /// `order_items`
    Snake,
    /// `ORDER_ITEMS`
    Macro,
}

impl Casing {
    /// Every casing, in the order the docs and errors list them.
    pub const ALL: [Casing; 7] = [
        Casing::Flat,
        Casing::Camel,
        Casing::Pascal,
        Casing::Kebab,
        Casing::Cobol,
        Casing::Snake,
        Casing::Macro,
    ];

    /// Its name in options and messages (`kebab`).
    pub fn name(self) -> &'static str {
        match self {
            Casing::Flat => "flat",
            Casing::Camel => "camel",
            Casing::Pascal => "pascal",
            Casing::Kebab => "kebab",
            Casing::Cobol => "cobol",
            Casing::Snake => "snake",
            Casing::Macro => "macro",
        }
    }
}

impl std::fmt::Display for Casing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Casing {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Casing {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Casing, D::Error> {
        let name = String::deserialize(d)?;
        Casing::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Casing::ALL.iter().map(|c| c.name()).collect();
                D::Error::custom(format!(
                    "`{name}` is not a casing: expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

impl JsonSchema for Casing {
    fn schema_name() -> Cow<'static, str> {
        "Casing".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Casing::ALL.iter().map(|c| c.name()).collect();
        schemars::json_schema!({"type": "string", "enum": names})
    }
}

/// A regular expression option (ECMAScript syntax, as in Spectral's `pattern`), compiled when
/// the options are parsed.
#[derive(Clone, Debug)]
pub struct Pattern(Arc<EcmaRegex>);

impl Pattern {
    /// Compiles `source`.
    pub fn new(source: &str) -> Result<Pattern, String> {
        EcmaRegex::new(source, "").map(|r| Pattern(Arc::new(r)))
    }

    /// Whether the pattern matches somewhere in `s`.
    pub fn is_match(&self, s: &str) -> Result<bool, BudgetExceeded> {
        self.0.is_match(s)
    }
}

impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.source())
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Pattern, D::Error> {
        let source = String::deserialize(d)?;
        Pattern::new(&source).map_err(|e| {
            D::Error::custom(format!("`{source}` is not a valid regular expression: {e}"))
        })
    }
}

impl JsonSchema for Pattern {
    fn schema_name() -> Cow<'static, str> {
        "Pattern".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({"type": "string", "format": "regex"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Opts {
        /// The casing.
        casing: Casing,
        /// Words.
        words: Vec<String>,
    }

    fn defaults() -> Opts {
        Opts {
            casing: Casing::Kebab,
            words: vec!["a".into()],
        }
    }

    #[test]
    fn options_parse_over_defaults_and_errors_point_at_the_value() {
        let parsed = parse(&serde_json::json!({"casing": "snake"}), defaults()).unwrap();
        assert_eq!(parsed.casing, Casing::Snake);
        assert_eq!(parsed.words, vec!["a".to_string()]);
        assert_eq!(parse(&Json::Null, defaults()).unwrap(), defaults());
        let e = parse(&serde_json::json!({"casing": "snek"}), defaults()).unwrap_err();
        assert_eq!(e.pointer, "/casing");
        assert!(
            e.message
                .ends_with("expected one of flat, camel, pascal, kebab, cobol, snake, macro"),
            "{}",
            e.message
        );
        let e = parse(&serde_json::json!({"words": ["a", 3]}), defaults()).unwrap_err();
        assert_eq!(e.pointer, "/words/1");
        let e = parse(&serde_json::json!({"casnig": "kebab"}), defaults()).unwrap_err();
        assert!(
            e.message.contains("unknown field `casnig`"),
            "{}",
            e.message
        );
        assert!(parse(&serde_json::json!(3), defaults()).is_err());
    }

    #[test]
    fn the_schema_lists_properties_with_their_defaults() {
        let s = schema(defaults()).unwrap();
        assert_eq!(s["properties"]["casing"]["default"], "kebab");
        assert_eq!(s["properties"]["casing"]["enum"][6], "macro");
        assert_eq!(s["properties"]["words"]["default"][0], "a");
        assert_eq!(s["additionalProperties"], false);
        assert!(schema(NoOptions {}).is_none());
    }

    #[test]
    fn a_pattern_compiles_once_and_refuses_bad_syntax() {
        let p: Pattern = serde_json::from_value(serde_json::json!("^[A-Z]")).unwrap();
        assert!(p.is_match("Ab").unwrap() && !p.is_match("ab").unwrap());
        let e = serde_json::from_value::<Pattern>(serde_json::json!("(")).unwrap_err();
        assert!(e.to_string().contains("not a valid regular expression"));
    }
}
