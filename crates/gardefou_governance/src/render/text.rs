//! The compliance report for a terminal or a CI log.

use std::fmt::Write;

use gardefou_report::text::plain;

use super::{action_word, blocking_policies, ordered, verdict, Meta};
use crate::evaluate::{Report, RulesetResult, Violation};
use crate::model::{Action, RulesetStatus};

/// Violations listed per ruleset of an API (blocking ones first); the rest are counted.
pub const TEXT_VIOLATIONS_PER_RULESET: usize = 20;

/// The report as text: the summary, each API with its policies, rulesets and violations, the
/// policies' adherence, and the verdict.
pub fn render_text(r: &Report, meta: &Meta) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Governance check at stage {} — policies of {} (gardefou {})",
        r.stage.as_str(),
        plain(&r.ruleset),
        plain(&meta.gardefou_version)
    );
    let s = r.api_summary;
    let _ = writeln!(
        out,
        "APIs: {} — {} compliant, {} non-compliant, {} not applicable",
        s.total, s.compliant, s.non_compliant, s.not_applicable
    );
    let p = r.policy_summary;
    let _ = writeln!(
        out,
        "Policies: {} — {} followed, {} violated, {} unapplied",
        p.total, p.followed, p.violated, p.unapplied
    );
    for a in ordered(r) {
        out.push('\n');
        let _ = writeln!(
            out,
            "{:<15}{}  ({})",
            a.status.as_str(),
            plain(&a.name),
            plain(&a.path)
        );
        if !a.labels.is_empty() {
            let labels: Vec<String> = a
                .labels
                .iter()
                .map(|l| format!("{} ({})", plain(&l.name), plain(&l.from.join("; "))))
                .collect();
            let _ = writeln!(out, "  labels: {}", labels.join(", "));
        }
        for problem in &a.problems {
            let _ = writeln!(out, "  problem: {}", plain(problem));
        }
        if a.policies.is_empty() {
            let _ = writeln!(out, "  no policy governs it at {}", r.stage.as_str());
        }
        for pr in &a.policies {
            let blocks = if pr.blocking > 0 {
                format!(" — {} block {}", pr.blocking, r.stage.as_str())
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {:<10}policy {}: {}{blocks}",
                pr.status.as_str(),
                plain(&pr.name),
                pr.violations.describe()
            );
            for rs in &pr.rulesets {
                ruleset(&mut out, rs);
            }
        }
        let blockers = blocking_policies(a);
        if !blockers.is_empty() {
            let _ = writeln!(
                out,
                "  → {} blocked by {}",
                r.stage.as_str(),
                blockers
                    .iter()
                    .map(|b| plain(b).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    if !r.policies.is_empty() {
        out.push_str("\nPolicies\n");
        for p in &r.policies {
            let applies = if p.applies_to.all {
                "all APIs".to_string()
            } else {
                format!("labels {}", plain(&p.applies_to.labels.join(", ")))
            };
            let stages: Vec<&str> = p.stages.iter().map(|s| s.as_str()).collect();
            let _ = writeln!(
                out,
                "  {:<10}{}  ({applies}; stages {}): {} compliant, {} non-compliant API(s)",
                p.status.as_str(),
                plain(&p.name),
                stages.join(", "),
                p.compliant,
                p.non_compliant
            );
        }
    }
    let _ = writeln!(out, "\n{}", verdict(r));
    out
}

fn ruleset(out: &mut String, rs: &RulesetResult) {
    let detail = match rs.status {
        RulesetStatus::Unapplied => rs.reason.clone().unwrap_or_default(),
        _ => rs.violations.describe(),
    };
    let _ = writeln!(
        out,
        "    {:<10}{} ({}): {}",
        rs.status.as_str(),
        plain(&rs.name),
        rs.target.as_str(),
        plain(&detail)
    );
    let mut listed: Vec<&Violation> = rs.findings.iter().collect();
    listed.sort_by_key(|v| v.action != Action::Block);
    for v in listed.iter().take(TEXT_VIOLATIONS_PER_RULESET) {
        let _ = writeln!(
            out,
            "      {:<7}{:<6}{}:{}:{} {} [{}]",
            action_word(v.action),
            v.severity.as_str(),
            plain(&v.file),
            v.line,
            v.column,
            plain(&v.message),
            plain(&v.rule)
        );
    }
    if listed.len() > TEXT_VIOLATIONS_PER_RULESET {
        let _ = writeln!(
            out,
            "      … and {} more (`-f json` lists them all)",
            listed.len() - TEXT_VIOLATIONS_PER_RULESET
        );
    }
}
