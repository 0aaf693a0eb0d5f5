use gardefou_document::{DocumentSet, FileId};
use gardefou_model::Api;
use gardefou_source::{PathSeg, Span};

use crate::finding::{Category, Severity};

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
    pub category: Category,
    pub severity: Severity,
    pub recommended: bool,
    /// Spectral formats it applies to (`oas2`, `oas3`, `oas3_0`, `oas3_1`, `oas3_2`); empty for all.
    pub formats: &'static [&'static str],
    /// One line, shown in listings and SARIF rule descriptors.
    pub summary: &'static str,
    /// Equivalent rules in other tools (`spectral:oas3-schema`, `redocly:struct`, …).
    pub peers: &'static [&'static str],
    pub docs: RuleDocs,
}

/// What a rule reports: the engine adds the rule id, severity and category.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub message: String,
    pub file: FileId,
    pub span: Span,
    pub path: Vec<PathSeg>,
    pub help: Option<String>,
}

/// What rules see: the document set and, when the root is a recognizable OpenAPI document,
/// its model.
pub struct Context<'a> {
    pub set: &'a DocumentSet,
    pub api: Option<&'a Api<'a>>,
}

/// A built-in rule: native code (`check`) or a Spectral-format definition (`definition`) run by
/// the declarative engine. Rules report data; they never print, format output or read
/// configuration.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Runs a native rule over a document set.
    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}

    /// The rule's definition in Spectral's format (YAML), for declarative built-in rules.
    fn definition(&self) -> Option<&'static str> {
        None
    }
}

impl RuleMeta {
    /// `formats` as the declarative engine reads them (`None`: every format).
    pub fn formats_parsed(&self) -> Option<Vec<crate::declarative::Format>> {
        if self.formats.is_empty() {
            return None;
        }
        Some(
            self.formats
                .iter()
                .filter_map(|f| crate::declarative::Format::parse(f))
                .collect(),
        )
    }
}

/// Declares a built-in rule defined in Spectral's format: `declarative_rule!(Type, META, "yaml")`.
#[macro_export]
macro_rules! declarative_rule {
    ($ty:ident, $meta:ident, $def:expr) => {
        pub struct $ty;
        impl $crate::rule::Rule for $ty {
            fn meta(&self) -> &'static $crate::rule::RuleMeta {
                &$meta
            }
            fn definition(&self) -> Option<&'static str> {
                Some($def)
            }
        }
    };
}
