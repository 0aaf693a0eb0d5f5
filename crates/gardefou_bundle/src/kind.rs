//! What an object is, from where it sits in an OpenAPI document: the context that decides
//! which `components` section a `$ref` found there belongs to (or that it has none).

/// The OpenAPI version family of the root document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Swagger 2.0: `definitions`, `parameters` and `responses` at the top level.
    Swagger2,
    /// OpenAPI 3.0: `components` without `pathItems`.
    V30,
    /// OpenAPI 3.1 and later: `components.pathItems`, `webhooks`, JSON Schema 2020-12.
    V31,
}

impl Version {
    /// The version of a root document, from its `swagger` or `openapi` field.
    pub fn of(root: &gardefou_source::Node) -> Option<Version> {
        if let Some(v) = root.get("swagger") {
            let text = scalar_text(v)?;
            return text.starts_with('2').then_some(Version::Swagger2);
        }
        let text = scalar_text(root.get("openapi")?)?;
        if text.starts_with("3.0") {
            Some(Version::V30)
        } else if text.starts_with('3') {
            Some(Version::V31)
        } else {
            None
        }
    }
}

/// A version written as a string or, carelessly, as a number (`swagger: 2.0`).
fn scalar_text(node: &gardefou_source::Node) -> Option<String> {
    match &node.value {
        gardefou_source::Value::String(s) => Some(s.clone()),
        gardefou_source::Value::Number(n) => Some(n.as_f64().to_string()),
        _ => None,
    }
}

/// A section of reusable objects: `components.<section>` in 3.x, a top-level map in 2.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// `components.schemas`, 2.0 `definitions`.
    Schemas,
    /// `components.responses`, 2.0 `responses`.
    Responses,
    /// `components.parameters`, 2.0 `parameters`.
    Parameters,
    /// `components.examples`.
    Examples,
    /// `components.requestBodies`.
    RequestBodies,
    /// `components.headers`.
    Headers,
    /// `components.securitySchemes`.
    SecuritySchemes,
    /// `components.links`.
    Links,
    /// `components.callbacks`.
    Callbacks,
    /// `components.pathItems` (3.1+).
    PathItems,
}

impl Section {
    /// Every section, in the order new ones are added to `components`.
    pub const ALL: [Section; 10] = [
        Section::Schemas,
        Section::Responses,
        Section::Parameters,
        Section::Examples,
        Section::RequestBodies,
        Section::Headers,
        Section::SecuritySchemes,
        Section::Links,
        Section::Callbacks,
        Section::PathItems,
    ];

    /// The section's key under `components` (3.x).
    pub fn key(self) -> &'static str {
        match self {
            Section::Schemas => "schemas",
            Section::Responses => "responses",
            Section::Parameters => "parameters",
            Section::Examples => "examples",
            Section::RequestBodies => "requestBodies",
            Section::Headers => "headers",
            Section::SecuritySchemes => "securitySchemes",
            Section::Links => "links",
            Section::Callbacks => "callbacks",
            Section::PathItems => "pathItems",
        }
    }

    /// Where the section is in a document of `version`: `["components", "schemas"]`,
    /// `["definitions"]` …; `None` when the version has no such section.
    pub fn location(self, version: Version) -> Option<Vec<&'static str>> {
        match version {
            Version::Swagger2 => match self {
                Section::Schemas => Some(vec!["definitions"]),
                Section::Responses => Some(vec!["responses"]),
                Section::Parameters => Some(vec!["parameters"]),
                _ => None,
            },
            Version::V30 if self == Section::PathItems => None,
            _ => Some(vec!["components", self.key()]),
        }
    }

    /// The kind of the objects the section holds.
    pub fn holds(self) -> Kind {
        match self {
            Section::Schemas => Kind::Schema,
            Section::Responses => Kind::Response,
            Section::Parameters => Kind::Parameter,
            Section::Examples => Kind::Example,
            Section::RequestBodies => Kind::RequestBody,
            Section::Headers => Kind::Header,
            Section::SecuritySchemes => Kind::SecurityScheme,
            Section::Links => Kind::Link,
            Section::Callbacks => Kind::Callback,
            Section::PathItems => Kind::PathItem,
        }
    }
}

/// What a node is, from its place in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Root,
    Paths,
    Webhooks,
    PathItem,
    Operation,
    ParameterList,
    Parameter,
    RequestBody,
    Responses,
    Response,
    HeaderMap,
    Header,
    ContentMap,
    MediaType,
    ExampleMap,
    Example,
    EncodingMap,
    Encoding,
    LinkMap,
    Link,
    CallbackMap,
    Callback,
    Schema,
    SchemaMap,
    SchemaList,
    Discriminator,
    Components,
    /// A section of reusable objects (its members are of the kind it holds).
    Section(Section),
    SecurityScheme,
    /// Anything else: `info`, extensions, examples' values … (a `$ref` here is inlined).
    Other,
}

const METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

impl Kind {
    /// The section a `$ref` of this kind is hoisted into, in `version`; `None`: inlined.
    pub fn section(self, version: Version) -> Option<Section> {
        let section = match self {
            Kind::Schema => Section::Schemas,
            Kind::Response => Section::Responses,
            Kind::Parameter => Section::Parameters,
            Kind::Example => Section::Examples,
            Kind::RequestBody => Section::RequestBodies,
            Kind::Header => Section::Headers,
            Kind::SecurityScheme => Section::SecuritySchemes,
            Kind::Link => Section::Links,
            Kind::Callback => Section::Callbacks,
            Kind::PathItem => Section::PathItems,
            _ => return None,
        };
        section.location(version).map(|_| section)
    }

    /// The kind of the value of member `key` of an object of this kind.
    pub fn member(self, key: &str, version: Version) -> Kind {
        let v3 = version != Version::Swagger2;
        // An extension, except in maps whose keys are names (a header `x-request-id`).
        let named = matches!(
            self,
            Kind::SchemaMap
                | Kind::Section(_)
                | Kind::HeaderMap
                | Kind::ContentMap
                | Kind::ExampleMap
                | Kind::EncodingMap
                | Kind::LinkMap
                | Kind::CallbackMap
                | Kind::Webhooks
        );
        if key.starts_with("x-") && !named {
            return Kind::Other;
        }
        match self {
            Kind::Root => match key {
                "paths" => Kind::Paths,
                "components" if v3 => Kind::Components,
                "webhooks" if version == Version::V31 => Kind::Webhooks,
                "definitions" if !v3 => Kind::Section(Section::Schemas),
                "parameters" if !v3 => Kind::Section(Section::Parameters),
                "responses" if !v3 => Kind::Section(Section::Responses),
                _ => Kind::Other,
            },
            Kind::Paths | Kind::Webhooks | Kind::Callback => Kind::PathItem,
            Kind::PathItem => match key {
                "parameters" => Kind::ParameterList,
                k if METHODS.contains(&k) => Kind::Operation,
                _ => Kind::Other,
            },
            Kind::Operation => match key {
                "parameters" => Kind::ParameterList,
                "requestBody" if v3 => Kind::RequestBody,
                "responses" => Kind::Responses,
                "callbacks" if v3 => Kind::CallbackMap,
                _ => Kind::Other,
            },
            Kind::Parameter | Kind::Header => match key {
                "schema" => Kind::Schema,
                "content" if v3 => Kind::ContentMap,
                "examples" if v3 => Kind::ExampleMap,
                _ => Kind::Other,
            },
            Kind::RequestBody => match key {
                "content" => Kind::ContentMap,
                _ => Kind::Other,
            },
            Kind::Responses => Kind::Response,
            Kind::Response => match key {
                "headers" => Kind::HeaderMap,
                "content" if v3 => Kind::ContentMap,
                "links" if v3 => Kind::LinkMap,
                "schema" if !v3 => Kind::Schema,
                _ => Kind::Other,
            },
            Kind::HeaderMap => Kind::Header,
            Kind::ContentMap => Kind::MediaType,
            Kind::MediaType => match key {
                "schema" | "itemSchema" => Kind::Schema,
                "examples" => Kind::ExampleMap,
                "encoding" => Kind::EncodingMap,
                _ => Kind::Other,
            },
            Kind::ExampleMap => Kind::Example,
            Kind::EncodingMap => Kind::Encoding,
            Kind::Encoding => match key {
                "headers" => Kind::HeaderMap,
                _ => Kind::Other,
            },
            Kind::LinkMap => Kind::Link,
            Kind::CallbackMap => Kind::Callback,
            Kind::Schema => match key {
                "properties" | "patternProperties" | "dependentSchemas" | "$defs"
                | "definitions" => Kind::SchemaMap,
                "items"
                | "additionalProperties"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "contentSchema"
                | "additionalItems" => Kind::Schema,
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => Kind::SchemaList,
                "discriminator" => Kind::Discriminator,
                _ => Kind::Other,
            },
            Kind::SchemaMap => Kind::Schema,
            Kind::Components => match Section::ALL.iter().find(|s| s.key() == key) {
                Some(&s) if s.location(version).is_some() => Kind::Section(s),
                _ => Kind::Other,
            },
            Kind::Section(s) => s.holds(),
            _ => Kind::Other,
        }
    }

    /// The kind of the items of an array of this kind.
    pub fn item(self) -> Kind {
        match self {
            Kind::ParameterList => Kind::Parameter,
            // `items: [..]` (tuples of older JSON Schema drafts) and the applicator lists.
            Kind::SchemaList | Kind::Schema => Kind::Schema,
            _ => Kind::Other,
        }
    }
}
