use gardefou_source::{FileId, PathSeg, Span};

/// How serious a finding is. The order is from most to least severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Spectral's `error` (0).
    Error,
    /// Spectral's `warn` (1).
    Warn,
    /// Spectral's `info` (2).
    Info,
    /// Spectral's `hint` (3).
    Hint,
}

impl Severity {
    /// Spectral's numeric severity: 0 error, 1 warn, 2 info, 3 hint.
    pub fn spectral_code(self) -> u8 {
        self as u8
    }

    /// `error`, `warn`, `info` or `hint`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warn => "warn",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// Parses Spectral's names and numbers (`error`, `warn`, `warning`, `info`, `information`,
    /// `hint`, `0`–`3`).
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" | "0" => Some(Severity::Error),
            "warn" | "warning" | "1" => Some(Severity::Warn),
            "info" | "information" | "2" => Some(Severity::Info),
            "hint" | "3" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// The scorecard category a rule feeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The document is not a valid OpenAPI description.
    Validity,
    /// Names: casing, plurals, consistency.
    Naming,
    /// Authentication, transport, limits (OWASP API Top 10).
    Security,
    /// Versions, deprecations, breaking changes.
    Versioning,
    /// Descriptions, examples, contact and licence.
    Documentation,
    /// Other design choices (counted as validity in scores).
    Design,
}

impl Category {
    /// `validity`, `naming`, `security`, `versioning`, `documentation` or `design`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Validity => "validity",
            Category::Naming => "naming",
            Category::Security => "security",
            Category::Versioning => "versioning",
            Category::Documentation => "documentation",
            Category::Design => "design",
        }
    }

    /// The category named `s` (the names `as_str` gives).
    pub fn parse(s: &str) -> Option<Category> {
        [
            Category::Validity,
            Category::Naming,
            Category::Security,
            Category::Versioning,
            Category::Documentation,
            Category::Design,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// One finding: which rule, how serious, what, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule id (Spectral's name where Spectral has the rule).
    pub rule: String,
    /// Its severity, after the ruleset's settings.
    pub severity: Severity,
    /// Its rule's scorecard category.
    pub category: Category,
    /// What is wrong (no line or column in it: places are in `span` and `related`).
    pub message: String,
    /// The file the node at fault physically lives in.
    pub file: FileId,
    /// The span of the node at fault in that file.
    pub span: Span,
    /// The path in the resolved root document, as Spectral reports it.
    pub path: Vec<PathSeg>,
    /// How to fix it, when the rule can say.
    pub help: Option<String>,
    /// Other places the finding is about (the first definition of a duplicate, …). Positions
    /// live here, never in `message`, so a finding's identity does not move with lines.
    pub related: Vec<Related>,
}

/// A place related to a finding, with what it is (`first defined here`).
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    /// What the place is (`first defined here`).
    pub message: String,
    /// The file it is in.
    pub file: FileId,
    /// Its span in that file.
    pub span: Span,
    /// The path of the place inside its file.
    pub path: Vec<PathSeg>,
}
