//! `unused-suppression`: an `x-gardefou-ignore` entry that silences nothing. The engine applies
//! the suppressions once every other rule has run and hands this rule those that silenced
//! nothing ([`Needs::Unused`](crate::rule::Needs::Unused)).

use crate::finding::{Category, Severity};
use crate::rule::{
    Diagnostic, Needs, OptionsError, Rule, RuleDocs, RuleMeta, RuleOptions, Unused, UnusedChecker,
};

/// `unused-suppression`: an `x-gardefou-ignore` entry that silences nothing.
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

    fn needs(&self) -> Needs<'_> {
        Needs::Unused(self)
    }

    fn configure(&self, options: &serde_json::Value) -> Result<Option<RuleOptions>, OptionsError> {
        crate::options::parse(options, crate::options::NoOptions {})?;
        Ok(None)
    }

    fn options_schema(&self) -> Option<serde_json::Value> {
        None
    }
}

impl UnusedChecker for UnusedSuppression {
    fn report(&self, unused: &[Unused<'_>], out: &mut Vec<Diagnostic>) {
        for s in unused {
            let message = if s.known {
                format!("`x-gardefou-ignore` of `{}` silences nothing here", s.rule)
            } else {
                format!(
                    "`x-gardefou-ignore` names `{}`, which is not a rule",
                    s.rule
                )
            };
            out.push(Diagnostic {
                message,
                file: s.file,
                span: s.span,
                path: s.path.to_vec(),
                help: None,
                related: Vec::new(),
            });
        }
    }
}
