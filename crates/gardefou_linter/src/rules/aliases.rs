//! Old rule ids that now name another rule. gardefou's governance rulesets once had rules that
//! reported exactly what a `spectral:oas` rule reports; each such pair is one rule now, under
//! Spectral's name, and the governance id stays an alias so rulesets, overrides and
//! `x-gardefou-ignore` entries that name it keep working. See `docs/rules/README.md` ("Rules
//! that report the same defect") for the analysis behind the list.

/// An alias: an old id and the rules that report its defect now.
#[derive(Debug)]
pub struct RuleAlias {
    /// The old id.
    pub id: &'static str,
    /// The rules it names now: one, or one per format where Spectral splits a rule by version
    /// (`oas2-…`, `oas3-…`). A setting given to the alias applies to each of them.
    pub targets: &'static [&'static str],
    /// The built-in ruleset the old rule belonged to: extending it still brings the targets in.
    pub ruleset: &'static str,
    /// Whether the old rule was recommended (extending its ruleset in `recommended` mode turns
    /// the targets on).
    pub recommended: bool,
    /// What differed, for `gardefou rule OLD` and the catalogue.
    pub note: &'static str,
}

/// Every alias, in catalogue order.
pub const ALIASES: &[RuleAlias] = &[
    RuleAlias {
        id: "naming-no-trailing-slash",
        targets: &["path-keys-no-trailing-slash"],
        ruleset: "gardefou:naming",
        recommended: true,
        note: "Both rules reported a path key ending in `/` (the root path `/` excepted); Spectral's rule is kept.",
    },
    RuleAlias {
        id: "naming-operation-id-unique",
        targets: &["operation-operationId-unique"],
        ruleset: "gardefou:naming",
        recommended: true,
        note: "Both rules reported each operation under `paths` whose operationId another one already uses, across split files; Spectral's rule is kept. Duplicates between webhooks or callbacks and paths are no longer reported.",
    },
    RuleAlias {
        id: "documentation-info-contact",
        targets: &["info-contact"],
        ruleset: "gardefou:documentation",
        recommended: true,
        note: "Both rules reported a missing `info.contact`; Spectral's rule is kept. A contact without a name, email or URL is what Spectral's `contact-properties` reports (not recommended: enable it to require a complete contact).",
    },
    RuleAlias {
        id: "security-requirements-defined",
        targets: &[
            "oas3-operation-security-defined",
            "oas2-operation-security-defined",
        ],
        ruleset: "gardefou:security",
        recommended: true,
        note: "Both reported security requirements that name an undefined scheme or a scope the OAuth2 scheme does not define; Spectral's rules (one per version) are kept, and they also check the document's top-level `security`.",
    },
];

/// The alias with this id.
pub fn find_alias(id: &str) -> Option<&'static RuleAlias> {
    ALIASES.iter().find(|a| a.id == id)
}

/// Whether a rule id, or an alias of it, names the rule `rule`.
pub fn names_rule(id: &str, rule: &str) -> bool {
    id == rule || find_alias(id).is_some_and(|a| a.targets.contains(&rule))
}
