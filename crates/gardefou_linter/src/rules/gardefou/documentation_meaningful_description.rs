//! `documentation-meaningful-description` (gardefou:documentation).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-meaningful-description",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Descriptions must say something: not a placeholder, not a copy of the name or summary.",
    peers: &["vacuum:description-duplication"],
    docs: RuleDocs {
        what: "Reports descriptions that are placeholders (`TODO`, `TBD`, `description`, `n/a`), that repeat the summary or the parameter name, or that are shorter than `minLength` characters (default 10). A missing or empty description is left to the presence rules (`operation-description`, `documentation-parameter-description`).",
        why: "A description that repeats the name passes a presence check and tells the reader nothing.",
        fix: "Explain behaviour, constraints and edge cases.",
        invalid: include_str!("../../../../../fixtures/rules/documentation-meaningful-description/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/documentation-meaningful-description/valid.yaml"),
    },
};

/// The options of `documentation-meaningful-description`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LengthOptions {
    /// The fewest characters a description needs (after trimming a final period).
    pub min_length: usize,
}

crate::native_rule!(
    DocumentationMeaningfulDescription,
    META,
    Visit([Operation, Parameter]),
    LengthOptions { min_length: 10 },
    |node, cx, options: &LengthOptions, out| {
        let min = options.min_length;
        let (at, desc, names): (&gardefou_model::At<'_>, Option<&str>, Vec<&str>) = match node {
            Visit::Operation(o) => (
                &o.at,
                o.description,
                o.summary.into_iter().chain(o.operation_id).collect(),
            ),
            Visit::Parameter(_, p) => (&p.at, p.description, p.name.into_iter().collect()),
            _ => return,
        };
        let Some(d) = desc else { return };
        let t = d.trim().trim_end_matches('.').to_ascii_lowercase();
        let placeholder = [
            "todo",
            "tbd",
            "description",
            "n/a",
            "na",
            "none",
            "-",
            "test",
            "xxx",
        ]
        .contains(&t.as_str());
        let copy = names
            .iter()
            .any(|n| n.trim().trim_end_matches('.').eq_ignore_ascii_case(&t));
        if d.trim().is_empty() {
            return; // a missing or empty description is the presence rules' finding
        }
        if placeholder || copy || t.is_empty() {
            out.push(Diagnostic::at_member(
                at,
                "description",
                format!("description `{}` says nothing the name does not", d.trim()),
            ));
        } else if t.chars().count() < min {
            out.push(Diagnostic::at_member(
                at,
                "description",
                format!(
                    "description `{}` is too short to explain anything",
                    d.trim()
                ),
            ));
        }
    }
);
