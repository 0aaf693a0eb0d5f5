use gardefou_document::DocumentSet;
use gardefou_model::Api;

// What a rule reports: defined in `crate::finding`, re-exported at its old path.
pub use crate::finding::Diagnostic;
use crate::finding::{Category, Severity};

/// A rule's options in the rule's own type, parsed once when the ruleset loads
/// ([`Rule::configure`]); the rule downcasts it to its options struct.
pub type RuleOptions = std::sync::Arc<dyn std::any::Any + Send + Sync>;

/// Options that do not fit a rule's options type; the ruleset loader turns it into an error at
/// the file, line and column of the offending value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionsError {
    /// Where: a JSON pointer into the options value (`""` for the whole value, `/casing`).
    pub pointer: String,
    /// What is wrong, listing the allowed values where there is a list.
    pub message: String,
}

/// The documentation of a rule, with fixed headings. Rendered into `docs/rules/` and shown by
/// `gardefou rule ID`; the examples are run as tests.
#[derive(Debug)]
pub struct RuleDocs {
    /// What the rule checks.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// How to fix a finding.
    pub fix: &'static str,
    /// A document (YAML) the rule reports.
    pub invalid: &'static str,
    /// A document (YAML) the rule accepts.
    pub valid: &'static str,
}

/// Everything known about a rule besides its code.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id; Spectral's name where Spectral has the rule.
    pub id: &'static str,
    /// The built-in ruleset it belongs to (`spectral:oas`, `gardefou:core`, …).
    pub ruleset: &'static str,
    /// The scorecard category its findings feed.
    pub category: Category,
    /// Its default severity.
    pub severity: Severity,
    /// Whether its ruleset's recommended set includes it.
    pub recommended: bool,
    /// Spectral formats it applies to (`oas2`, `oas3`, `oas3_0`, `oas3_1`, `oas3_2`); empty for all.
    pub formats: &'static [&'static str],
    /// One line, shown in listings and SARIF rule descriptors.
    pub summary: &'static str,
    /// Equivalent rules in other tools (`spectral:oas3-schema`, `redocly:struct`, …).
    pub peers: &'static [&'static str],
    /// Its documentation.
    pub docs: RuleDocs,
}

/// What rules see: the document set and, when the root is a recognizable OpenAPI document,
/// its model.
pub struct Context<'a> {
    /// The document set.
    pub set: &'a DocumentSet,
    /// Its model, when the root is a recognizable OpenAPI document.
    pub api: Option<&'a Api<'a>>,
    /// The previous version of the API, when linting with `--base`.
    pub base: Option<Base<'a>>,
}

/// A previous version of the API to compare with.
#[derive(Clone, Copy)]
pub struct Base<'a> {
    /// The previous document set.
    pub set: &'a DocumentSet,
    /// Its model.
    pub api: &'a Api<'a>,
}

/// The kinds of model node the engine hands to rules, each once per walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The whole API, once.
    Document,
    /// Each path item.
    PathItem,
    /// Each operation.
    Operation,
    /// Each parameter of each operation.
    Parameter,
    /// Each response of each operation.
    Response,
    /// Each security scheme.
    SecurityScheme,
    /// Each server.
    Server,
    /// Each top-level tag.
    Tag,
    /// Each schema.
    Schema,
}

/// A schema met during the walk, with how it was reached.
#[derive(Debug)]
pub struct SchemaSite<'m, 'a> {
    /// The schema.
    pub at: &'m gardefou_model::At<'a>,
    /// The component name, for `components/schemas` (`definitions` in 2.0) entries.
    pub name: Option<&'a str>,
    /// The property name, for schemas under `properties`.
    pub property: Option<&'a str>,
    /// Whether the schema describes a request (parameter or request body) rather than a response.
    pub in_request: bool,
}

/// One model node handed to the rules that asked for its kind.
#[derive(Debug)]
pub enum Visit<'m, 'a> {
    /// The whole API.
    Document(&'m Api<'a>),
    /// A path item.
    PathItem(&'m gardefou_model::PathItem<'a>),
    /// An operation.
    Operation(&'m gardefou_model::Operation<'a>),
    /// A parameter of an operation (path-item parameters included).
    Parameter(
        &'m gardefou_model::Operation<'a>,
        &'m gardefou_model::Parameter<'a>,
    ),
    /// A response of an operation.
    Response(
        &'m gardefou_model::Operation<'a>,
        &'m gardefou_model::Response<'a>,
    ),
    /// A security scheme.
    SecurityScheme(&'m gardefou_model::SecurityScheme<'a>),
    /// A server.
    Server(&'m gardefou_model::Server<'a>),
    /// A top-level tag.
    Tag(&'m gardefou_model::Tag<'a>),
    /// A schema, wherever it is.
    Schema(SchemaSite<'m, 'a>),
}

impl Visit<'_, '_> {
    /// The kind of node this is.
    pub fn kind(&self) -> Kind {
        match self {
            Visit::Document(_) => Kind::Document,
            Visit::PathItem(_) => Kind::PathItem,
            Visit::Operation(_) => Kind::Operation,
            Visit::Parameter(..) => Kind::Parameter,
            Visit::Response(..) => Kind::Response,
            Visit::SecurityScheme(_) => Kind::SecurityScheme,
            Visit::Server(_) => Kind::Server,
            Visit::Tag(_) => Kind::Tag,
            Visit::Schema(_) => Kind::Schema,
        }
    }
}

/// A built-in rule: native code (`check`) or a Spectral-format definition (`definition`) run by
/// the declarative engine. Rules report data; they never print, format output or read
/// configuration.
pub trait Rule: Sync {
    /// Its id, ruleset, defaults and documentation.
    fn meta(&self) -> &'static RuleMeta;

    /// Parses the rule's options (the `options` of its entry in the ruleset, `null` when none)
    /// once, when the ruleset loads. `Ok(None)`: the rule takes no typed options.
    fn configure(&self, _options: &serde_json::Value) -> Result<Option<RuleOptions>, OptionsError> {
        Ok(None)
    }

    /// Runs a native rule over a document set.
    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}

    /// The model nodes the rule wants to see in the engine's single walk of the model.
    fn visits(&self) -> &'static [Kind] {
        &[]
    }

    /// Called for each node of a kind listed by [`Rule::visits`], with the rule's options (the
    /// `options` of the rule's entry in the ruleset, `null` when none).
    fn visit(
        &self,
        _node: &Visit<'_, '_>,
        _cx: &Context<'_>,
        _options: &serde_json::Value,
        _out: &mut Vec<Diagnostic>,
    ) {
    }

    /// The rule's definition in Spectral's format (YAML), for declarative built-in rules.
    fn definition(&self) -> Option<&'static str> {
        None
    }
}

impl RuleMeta {
    /// `formats` as the declarative engine reads them (`None`: every format).
    pub fn formats_parsed(&self) -> Option<Vec<crate::formats::Format>> {
        if self.formats.is_empty() {
            return None;
        }
        Some(
            self.formats
                .iter()
                .filter_map(|f| crate::formats::Format::parse(f))
                .collect(),
        )
    }
}

/// Declares a native rule that visits model nodes:
/// `native_rule!(Type, META, [Kind, …], |node, cx, options, out| { … })`.
#[macro_export]
macro_rules! native_rule {
    ($ty:ident, $meta:ident, [$($kind:ident),*], |$node:ident, $cx:ident, $opts:ident, $out:ident| $body:block) => {
        /// A rule generated by `native_rule!`.
        pub struct $ty;
        impl $crate::rule::Rule for $ty {
            fn meta(&self) -> &'static $crate::rule::RuleMeta {
                &$meta
            }
            fn visits(&self) -> &'static [$crate::rule::Kind] {
                &[$($crate::rule::Kind::$kind),*]
            }
            #[allow(unused_variables)]
            fn visit(
                &self,
                $node: &$crate::rule::Visit<'_, '_>,
                $cx: &$crate::rule::Context<'_>,
                $opts: &serde_json::Value,
                $out: &mut Vec<$crate::rule::Diagnostic>,
            ) $body
        }
    };
}
