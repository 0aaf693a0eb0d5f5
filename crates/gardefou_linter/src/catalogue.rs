//! The rule catalogue in Markdown (`docs/rules/`), generated from the rules' metadata. A test
//! fails when the files in the repository are stale.

use crate::rule::{Rule, RuleMeta};
use crate::rules::aliases::{RuleAlias, ALIASES};
use crate::rules::{all_rules, find_rule};

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
        m.format_names().join(", ")
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
    if let Some(schema) = rule.options_schema() {
        out.push_str(&options_section(m.id, &schema));
    }
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

/// The `## Options` section of a rule's page, from the JSON Schema of its options.
fn options_section(id: &str, schema: &serde_json::Value) -> String {
    let mut out = format!(
        "\n## Options\n\nSet under the rule's entry in a ruleset (`rules: {{{id}: {{options: {{…}}}}}}`); a key or value not listed here is a ruleset error.\n\n| option | value | default | meaning |\n|---|---|---|---|\n"
    );
    let props = schema["properties"].as_object().into_iter().flatten();
    for (name, p) in props {
        // A closed set: `enum`, or `oneOf` constants (each with its own description).
        let names: Vec<&serde_json::Value> = match (p.get("enum"), p.get("oneOf")) {
            (Some(serde_json::Value::Array(names)), _) => names.iter().collect(),
            (_, Some(serde_json::Value::Array(one_of))) => {
                one_of.iter().filter_map(|c| c.get("const")).collect()
            }
            _ => Vec::new(),
        };
        let value = match (names.is_empty(), p["type"].as_str()) {
            (false, _) => names
                .iter()
                .map(|n| format!("`{}`", n.as_str().unwrap_or("?")))
                .collect::<Vec<_>>()
                .join(", "),
            (_, Some("array")) => format!(
                "list of {}s",
                p["items"]["type"].as_str().unwrap_or("value")
            ),
            (_, Some("string")) if p.get("format").and_then(|f| f.as_str()) == Some("regex") => {
                "regular expression".to_string()
            }
            (_, Some(t)) => t.to_string(),
            _ => "value".to_string(),
        };
        let default = match &p["default"] {
            serde_json::Value::Array(a) if a.is_empty() => "none".to_string(),
            serde_json::Value::Null => "none".to_string(),
            d => format!(
                "`{}`",
                d.as_str().map_or_else(|| d.to_string(), str::to_string)
            ),
        };
        let meaning = p["description"].as_str().unwrap_or("").replace('|', "\\|");
        out.push_str(&format!("| `{name}` | {value} | {default} | {meaning} |\n"));
    }
    out
}

/// The index of every rule.
pub fn catalogue_page() -> String {
    let mut out = String::from("# Rule catalogue\n\nEvery built-in rule, by ruleset. Generated from the rules' metadata.\n");
    let mut rulesets: Vec<&str> = Vec::new();
    for r in all_rules() {
        if !rulesets.contains(&r.meta().ruleset) {
            rulesets.push(r.meta().ruleset);
        }
    }
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
    out.push_str("\n## Aliases\n\nOld ids that name another rule now: a ruleset, override or `x-gardefou-ignore` naming one sets or silences the rule it names. See [Rules that report the same defect](#rules-that-report-the-same-defect).\n\n| alias | ruleset it came from | now | note |\n|---|---|---|---|\n");
    for a in ALIASES {
        out.push_str(&format!(
            "| [`{}`]({}) | `{}` | {} | {} |\n",
            a.id,
            page_file(a.id),
            a.ruleset,
            targets(a),
            a.note.replace('|', "\\|")
        ));
    }
    out.push_str(OVERLAPS);
    out
}

/// The page of an alias: what it names now, and why.
pub fn alias_page(alias: &RuleAlias) -> String {
    let mut out = format!(
        "# `{}`\n\nAn alias of {}: a ruleset, override or `x-gardefou-ignore` entry naming `{}` sets or silences {} instead.\n\n",
        alias.id,
        targets(alias),
        alias.id,
        if alias.targets.len() == 1 { "that rule" } else { "those rules" }
    );
    out.push_str(&format!(
        "It was a rule of `{}`; extending `{}` still turns {} on.\n\n{}\n",
        alias.ruleset,
        alias.ruleset,
        targets(alias),
        alias.note
    ));
    for t in alias.targets {
        if let Some(r) = find_rule(t) {
            out.push_str(&format!("\n## `{t}`\n\n{}\n", r.meta().summary));
        }
    }
    out.push_str(&format!(
        "\n---\nGenerated from the alias table; `gardefou rule {}` shows the same.\n",
        alias.id
    ));
    out
}

fn targets(alias: &RuleAlias) -> String {
    alias
        .targets
        .iter()
        .map(|t| format!("[`{t}`]({})", page_file(t)))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The analysis behind the alias table, kept with the catalogue.
const OVERLAPS: &str = include_str!("overlaps.md");

/// The file name of a rule's page.
pub fn page_file(id: &str) -> String {
    format!("{id}.md")
}
