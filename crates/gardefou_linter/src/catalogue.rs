//! The rule catalogue in Markdown (`docs/rules/`), generated from the rules' metadata. A test
//! fails when the files in the repository are stale.

use crate::rule::{Rule, RuleMeta};
use crate::rules::all_rules;

/// The page of one rule.
pub fn rule_page(rule: &dyn Rule) -> String {
    let m: &RuleMeta = rule.meta();
    let mut out = String::new();
    out.push_str(&format!("# `{}`\n\n{}\n\n", m.id, m.summary));
    out.push_str("| | |\n|---|---|\n");
    out.push_str(&format!("| ruleset | `{}` |\n", m.ruleset));
    out.push_str(&format!("| category | {} |\n", m.category.as_str()));
    out.push_str(&format!("| default severity | {} |\n", m.severity.as_str()));
    out.push_str(&format!(
        "| recommended | {} |\n",
        if m.recommended { "yes" } else { "no" }
    ));
    let formats = if m.formats.is_empty() {
        "all".to_string()
    } else {
        m.formats.join(", ")
    };
    out.push_str(&format!("| formats | {formats} |\n"));
    if !m.peers.is_empty() {
        out.push_str(&format!(
            "| same rule elsewhere | {} |\n",
            m.peers
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push_str(&format!("\n## What it checks\n\n{}\n", m.docs.what));
    out.push_str(&format!("\n## Why it matters\n\n{}\n", m.docs.why));
    out.push_str(&format!("\n## How to fix\n\n{}\n", m.docs.fix));
    out.push_str(&format!(
        "\n## Invalid example\n\n```yaml\n{}```\n",
        m.docs.invalid
    ));
    out.push_str(&format!(
        "\n## Valid example\n\n```yaml\n{}```\n",
        m.docs.valid
    ));
    if let Some(def) = rule.definition() {
        out.push_str(&format!(
            "\n## Definition (Spectral format)\n\n```yaml\n{def}```\n"
        ));
    }
    out.push_str(&format!(
        "\n---\nGenerated from the rule's metadata; `gardefou rule {}` shows the same.\n",
        m.id
    ));
    out
}

/// The index of every rule.
pub fn catalogue_page() -> String {
    let mut out = String::from("# Rule catalogue\n\nEvery built-in rule, by ruleset. Generated from the rules' metadata.\n");
    let mut rulesets: Vec<&str> = all_rules().iter().map(|r| r.meta().ruleset).collect();
    rulesets.dedup();
    for rs in rulesets {
        out.push_str(&format!("\n## `{rs}`\n\n| rule | category | severity | recommended | summary |\n|---|---|---|---|---|\n"));
        for r in all_rules().iter().filter(|r| r.meta().ruleset == rs) {
            let m = r.meta();
            out.push_str(&format!(
                "| [`{}`]({}) | {} | {} | {} | {} |\n",
                m.id,
                page_file(m.id),
                m.category.as_str(),
                m.severity.as_str(),
                if m.recommended { "yes" } else { "no" },
                m.summary.replace('|', "\\|")
            ));
        }
    }
    out
}

/// The file name of a rule's page.
pub fn page_file(id: &str) -> String {
    format!("{id}.md")
}
