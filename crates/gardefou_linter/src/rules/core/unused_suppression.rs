use crate::finding::{Category, Severity};
use crate::rule::{Rule, RuleDocs, RuleMeta};

/// `unused-suppression`: an `x-gardefou-ignore` entry that silences nothing. The engine applies
/// suppressions and reports this rule, since it needs every other rule's findings.
pub struct UnusedSuppression;

static META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    ruleset: "gardefou:core",
    category: Category::Design,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "An `x-gardefou-ignore` entry must silence something.",
    peers: &["eslint:--report-unused-disable-directives"],
    docs: RuleDocs {
        what: "`x-gardefou-ignore: [rule-id, …]` (or a map of rule id to reason) on any object silences those rules for that object, everything under it, and everything it reaches through `$ref`. This rule reports entries that silenced no finding, and rule ids that do not exist.",
        why: "Stale suppressions hide the next real problem at the same place and rot silently; reporting them keeps the exceptions list honest.",
        fix: "Remove the entry (the problem it silenced is gone), or fix the rule id.",
        invalid: include_str!("../../../../../fixtures/rules/unused-suppression/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/unused-suppression/valid.yaml"),
    },
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
