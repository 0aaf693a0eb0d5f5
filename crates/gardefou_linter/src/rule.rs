use gardefou_document::{DocumentSet, FileId};
use gardefou_model::Api;
use gardefou_source::{PathSeg, Span};

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
    pub formats: &'static [crate::formats::Format],
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
    /// Each property of each schema walked (its key), even when its schema was met before
    /// (a `$ref` to a component): the name is the parent's, not the target's.
    Property,
    /// Each named schema (`components/schemas`, 2.0 `definitions`), even when it is a `$ref`
    /// to a schema met before: the name is the entry's.
    NamedSchema,
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
    /// A property of a schema (`property` is its name), each time its parent schema is walked.
    Property(SchemaSite<'m, 'a>),
    /// A named schema (`name` is its name), each one.
    NamedSchema(SchemaSite<'m, 'a>),
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
            Visit::Property(_) => Kind::Property,
            Visit::NamedSchema(_) => Kind::NamedSchema,
        }
    }
}

/// The options a rule gets when it runs: what its [`Rule::configure`] made, in the rule's type
/// (read it with [`crate::options::get`]).
pub type Options<'o> = &'o (dyn std::any::Any + Send + Sync);

/// What a rule needs from the engine, which says how it runs. The engine builds its tables
/// (which rules see which kind of node) from this once per configuration.
pub enum Needs<'r> {
    /// The model nodes of these kinds, each handed to the visitor in the engine's single walk
    /// of the model.
    Visit(&'static [Kind], &'r dyn Visitor),
    /// The whole document set (and model), once, as a job of its own.
    Check(&'r dyn Checker),
    /// The nodes its `given` selects: the definition (Spectral's format, YAML), run by the
    /// declarative engine.
    Given(&'static str),
    /// The in-document suppressions that silenced nothing, once every other rule has run.
    Unused(&'r dyn UnusedChecker),
}

/// A rule that visits model nodes ([`Needs::Visit`]).
pub trait Visitor: Sync {
    /// Called for each node of a kind the rule asked for.
    fn visit(
        &self,
        node: &Visit<'_, '_>,
        cx: &Context<'_>,
        options: Options<'_>,
        out: &mut Vec<Diagnostic>,
    );
}

/// A rule that checks the whole document set ([`Needs::Check`]).
pub trait Checker: Sync {
    /// Runs the rule once.
    fn check(&self, cx: &Context<'_>, options: Options<'_>, out: &mut Vec<Diagnostic>);
}

/// An `x-gardefou-ignore` entry that silenced no finding.
#[derive(Debug)]
pub struct Unused<'a> {
    /// The rule id it names.
    pub rule: &'a str,
    /// Whether that id names a rule (built-in, alias, or of the configuration).
    pub known: bool,
    /// The file of the entry.
    pub file: FileId,
    /// The entry's span there.
    pub span: Span,
    /// Its path.
    pub path: &'a [PathSeg],
}

/// A rule about the suppressions that silenced nothing ([`Needs::Unused`]).
pub trait UnusedChecker: Sync {
    /// Reports on the unused suppressions.
    fn report(&self, unused: &[Unused<'_>], out: &mut Vec<Diagnostic>);
}

/// A built-in rule: native code (a [`Visitor`] or a [`Checker`]) or a Spectral-format
/// definition run by the declarative engine. Rules report data; they never print, format
/// output or read configuration. Native rules are declared with [`native_rule!`](crate::native_rule).
pub trait Rule: Sync {
    /// Its id, ruleset, defaults and documentation.
    fn meta(&self) -> &'static RuleMeta;

    /// What it needs from the engine, so how it runs.
    fn needs(&self) -> Needs<'_>;

    /// Parses the rule's options (the `options` of its entry in the ruleset, `null` when none:
    /// the defaults) once, when the ruleset loads. `Ok(None)`: the rule takes no typed options
    /// (a declarative rule).
    fn configure(&self, options: &serde_json::Value) -> Result<Option<RuleOptions>, OptionsError>;

    /// The JSON Schema of its options, each property with its default; `None` when it has none.
    fn options_schema(&self) -> Option<serde_json::Value>;
}

impl dyn Rule + '_ {
    /// The rule's definition in Spectral's format, for declarative built-in rules.
    pub fn definition(&self) -> Option<&'static str> {
        match self.needs() {
            Needs::Given(def) => Some(def),
            _ => None,
        }
    }
}

impl RuleMeta {
    /// `formats`, `None` when empty (every format).
    pub fn formats_or_all(&self) -> Option<&'static [crate::formats::Format]> {
        (!self.formats.is_empty()).then_some(self.formats)
    }

    /// The names of `formats`, as Spectral writes them.
    pub fn format_names(&self) -> Vec<&'static str> {
        self.formats.iter().map(|f| f.name()).collect()
    }
}

/// Declares a native rule: its type, its metadata, what it needs (`Visit([Kind, …])` or
/// `Check`), its options' defaults when it has options (their type is that of the `options`
/// parameter; none: [`NoOptions`](crate::options::NoOptions)), and its code:
///
/// ```text
/// crate::native_rule!(
///     NamingTagCasing,
///     META,
///     Visit([Tag]),
///     CasingOptions { casing: Casing::Kebab },
///     |node, cx, options: &CasingOptions, out| { … }
/// );
/// crate::native_rule!(InvalidRef, META, Check, |cx, options, out| { … });
/// ```
///
/// The options are parsed once, when the ruleset loads.
#[macro_export]
macro_rules! native_rule {
    ($ty:ident, $meta:ident, Visit([$($kind:ident),*]), |$node:ident, $cx:ident, $opts:ident, $out:ident| $body:block) => {
        $crate::native_rule!($ty, $meta, Visit([$($kind),*]), $crate::options::NoOptions {}, |$node, $cx, $opts: &$crate::options::NoOptions, $out| $body);
    };
    ($ty:ident, $meta:ident, Check, |$cx:ident, $opts:ident, $out:ident| $body:block) => {
        $crate::native_rule!($ty, $meta, Check, $crate::options::NoOptions {}, |$cx, $opts: &$crate::options::NoOptions, $out| $body);
    };
    ($ty:ident, $meta:ident, Visit([$($kind:ident),*]), $default:expr, |$node:ident, $cx:ident, $opts:ident: &$oty:ty, $out:ident| $body:block) => {
        $crate::native_rule!(@rule $ty, $meta, $oty, $default, Visit(&[$($crate::rule::Kind::$kind),*]));
        impl $crate::rule::Visitor for $ty {
            #[allow(unused_variables)]
            fn visit(
                &self,
                $node: &$crate::rule::Visit<'_, '_>,
                $cx: &$crate::rule::Context<'_>,
                options: $crate::rule::Options<'_>,
                $out: &mut Vec<$crate::rule::Diagnostic>,
            ) {
                let $opts: &$oty = $crate::options::get(options);
                $body
            }
        }
    };
    ($ty:ident, $meta:ident, Check, $default:expr, |$cx:ident, $opts:ident: &$oty:ty, $out:ident| $body:block) => {
        $crate::native_rule!(@rule $ty, $meta, $oty, $default, Check());
        impl $crate::rule::Checker for $ty {
            #[allow(unused_variables)]
            fn check(
                &self,
                $cx: &$crate::rule::Context<'_>,
                options: $crate::rule::Options<'_>,
                $out: &mut Vec<$crate::rule::Diagnostic>,
            ) {
                let $opts: &$oty = $crate::options::get(options);
                $body
            }
        }
    };
    (@rule $ty:ident, $meta:ident, $oty:ty, $default:expr, $need:ident($($arg:expr)?)) => {
        #[doc = concat!("The rule `", stringify!($ty), "`, declared by `native_rule!`.")]
        pub struct $ty;
        impl $crate::rule::Rule for $ty {
            fn meta(&self) -> &'static $crate::rule::RuleMeta {
                &$meta
            }
            fn needs(&self) -> $crate::rule::Needs<'_> {
                $crate::rule::Needs::$need($($arg,)? self)
            }
            fn configure(
                &self,
                options: &serde_json::Value,
            ) -> Result<Option<$crate::rule::RuleOptions>, $crate::rule::OptionsError> {
                static DEFAULTS: std::sync::OnceLock<$crate::rule::RuleOptions> =
                    std::sync::OnceLock::new();
                $crate::options::configure::<$oty>(options, &DEFAULTS, || $default)
            }
            fn options_schema(&self) -> Option<serde_json::Value> {
                $crate::options::schema::<$oty>($default)
            }
        }
    };
}
