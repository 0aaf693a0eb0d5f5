use anyhow::{bail, Result};
use gardefou_linter::{all_rules, find_rule, Config, RuleMeta, RuleSetting, BUILTIN_RULESETS};
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

/// The rules listed, each with the severity shown for it (`off`: in the ruleset, not run).
fn listed(ruleset: Option<&str>) -> Result<Vec<(&'static RuleMeta, &'static str)>> {
    let Some(name) = ruleset else {
        return Ok(all_rules()
            .iter()
            .map(|r| (r.meta(), r.meta().severity.as_str()))
            .collect());
    };
    let Some(config) = Config::builtin(name) else {
        bail!(
            "--ruleset: no built-in ruleset `{}` (known: {})",
            gardefou_report::text::plain(name),
            BUILTIN_RULESETS.join(", ")
        );
    };
    // Every configuration has the `gardefou:core` rules; they are listed for that ruleset only.
    Ok(config
        .rules()
        .filter_map(|(id, active)| find_rule(id).map(|r| (r.meta(), active.setting)))
        .filter(|(m, _)| name == "gardefou:core" || m.ruleset != "gardefou:core")
        .map(|(m, setting)| {
            let shown = match setting {
                RuleSetting::On(s) => s.as_str(),
                RuleSetting::Off => "off",
            };
            (m, shown)
        })
        .collect())
}

pub fn list(args: RulesArgs) -> Result<u8> {
    let rules = listed(args.ruleset.as_deref())?;
    match args.format {
        RulesFormat::Json => {
            let rules: Vec<_> = rules
                .iter()
                .map(|(m, shown)| {
                    let mut j = meta_json(m);
                    if args.ruleset.is_some() {
                        j["setting"] = json!(shown);
                    }
                    j
                })
                .collect();
            crate::output::stdout(&(serde_json::to_string_pretty(&rules)? + "\n"))?;
        }
        RulesFormat::Text => {
            let mut text = String::new();
            for (m, shown) in rules {
                text.push_str(&format!(
                    "{:28} {:14} {:6} {:13} {}\n",
                    m.id,
                    m.ruleset,
                    shown,
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
