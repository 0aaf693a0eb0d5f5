use anyhow::{bail, Result};
use gardefou_linter::{all_rules, find_rule, RuleMeta};
use serde_json::json;

use crate::cli::{RuleArgs, RulesArgs, RulesFormat};

fn meta_json(m: &RuleMeta) -> serde_json::Value {
    json!({
        "id": m.id,
        "ruleset": m.ruleset,
        "category": m.category.as_str(),
        "severity": m.severity.as_str(),
        "recommended": m.recommended,
        "formats": m.format_names(),
        "summary": m.summary,
        "peers": m.peers,
        "docs": {"what": m.docs.what, "why": m.docs.why, "fix": m.docs.fix, "invalid": m.docs.invalid, "valid": m.docs.valid},
    })
}

pub fn list(args: RulesArgs) -> Result<u8> {
    match args.format {
        RulesFormat::Json => {
            let rules: Vec<_> = all_rules().iter().map(|r| meta_json(r.meta())).collect();
            crate::output::stdout(&(serde_json::to_string_pretty(&rules)? + "\n"))?;
        }
        RulesFormat::Text => {
            let mut text = String::new();
            for r in all_rules() {
                let m = r.meta();
                text.push_str(&format!(
                    "{:28} {:14} {:6} {:13} {}\n",
                    m.id,
                    m.ruleset,
                    m.severity.as_str(),
                    m.category.as_str(),
                    m.summary
                ));
            }
            crate::output::stdout(&text)?;
        }
    }
    Ok(0)
}

pub fn show(args: RuleArgs) -> Result<u8> {
    if let Some(alias) = gardefou_linter::find_alias(&args.id) {
        crate::output::stdout(&gardefou_linter::catalogue::alias_page(alias))?;
        return Ok(0);
    }
    let Some(rule) = find_rule(&args.id) else {
        let ids = all_rules()
            .iter()
            .map(|r| r.meta().id)
            .chain(gardefou_linter::ALIASES.iter().map(|a| a.id));
        match gardefou_linter::did_you_mean(&args.id, ids) {
            Some(near) => bail!(
                "no rule named `{}`; did you mean `{near}`? (see `gardefou rules`)",
                args.id
            ),
            None => bail!("no rule named `{}` (see `gardefou rules`)", args.id),
        }
    };
    crate::output::stdout(&gardefou_linter::catalogue::rule_page(rule))?;
    Ok(0)
}
