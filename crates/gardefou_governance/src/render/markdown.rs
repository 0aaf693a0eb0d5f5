//! The compliance report as Markdown, sized for a pull-request comment: the verdict, a table of
//! APIs, a table of policies, then each non-compliant API's violations in a `<details>` block,
//! as many as fit in the comment.

use std::fmt::Write;

use gardefou_report::text::{md_code, md_message, md_text, xml};
use gardefou_report::PR_COMMENT;

use super::{action_word, ordered, verdict, Meta};
use crate::evaluate::Report;
use crate::model::{Action, ApiStatus};

/// The report as Markdown (at most [`PR_COMMENT`]'s bytes).
pub fn render_markdown(r: &Report, meta: &Meta) -> String {
    let mut out = String::new();
    let mark = if r.blocked { "⛔" } else { "✅" };
    let _ = writeln!(
        out,
        "## API governance at `{}` {mark} {}\n",
        r.stage.as_str(),
        md_text(&verdict(r))
    );
    let (s, p) = (r.api_summary, r.policy_summary);
    let _ = writeln!(
        out,
        "**{} API(s)**: {} compliant · {} non-compliant · {} not applicable — **{} policy(ies)**: {} followed · {} violated · {} unapplied\n",
        s.total, s.compliant, s.non_compliant, s.not_applicable, p.total, p.followed, p.violated, p.unapplied
    );
    let _ = writeln!(
        out,
        "Policies of {} · gardefou {} · {}\n",
        md_code(&r.ruleset, false),
        md_text(&meta.gardefou_version),
        md_text(&meta.generated_at)
    );
    out.push_str("| Status | API | Labels | Policies violated | Error | Warn | Info | Blocking |\n|---|---|---|---|--:|--:|--:|--:|\n");
    for a in ordered(r) {
        let violated: Vec<String> = a
            .policies
            .iter()
            .filter(|p| p.status == crate::model::PolicyStatus::Violated)
            .map(|p| md_code(&p.name, true))
            .collect();
        let labels: Vec<String> = a.labels.iter().map(|l| md_code(&l.name, true)).collect();
        let _ = writeln!(
            out,
            "| {} | {}<br>{} | {} | {} | {} | {} | {} | {} |",
            status_cell(a.status, a.blocking > 0),
            md_text(&a.name),
            md_code(&a.path, true),
            labels.join(" "),
            violated.join(" "),
            a.violations.error,
            a.violations.warn,
            a.violations.info,
            a.blocking
        );
    }
    if !r.policies.is_empty() {
        out.push_str("\n| Policy | Adherence | Applies to | Stages | Compliant | Non-compliant |\n|---|---|---|---|--:|--:|\n");
        for p in &r.policies {
            let applies = if p.applies_to.all {
                "all APIs".to_string()
            } else {
                p.applies_to
                    .labels
                    .iter()
                    .map(|l| md_code(l, true))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let stages: Vec<&str> = p.stages.iter().map(|s| s.as_str()).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {applies} | {} | {} | {} |",
                md_code(&p.name, true),
                p.status.as_str(),
                stages.join(", "),
                p.compliant,
                p.non_compliant
            );
        }
    }
    // Room for the details and the closing note.
    let budget = PR_COMMENT.bytes.saturating_sub(600);
    let mut left_out = 0usize;
    for a in ordered(r)
        .into_iter()
        .filter(|a| a.status == ApiStatus::NonCompliant)
    {
        // The `<details>` line is an HTML block, where Markdown escapes mean nothing: its text
        // is escaped as HTML.
        let mut section = format!(
            "\n<details><summary>{} — {}, {} blocking</summary>\n\n| Action | Severity | Policy | Ruleset | Rule | Where | Message |\n|---|---|---|---|---|---|---|\n",
            xml(&a.name),
            xml(&a.violations.describe()),
            a.blocking
        );
        let mut rows: Vec<(Action, String)> = Vec::new();
        for p in &a.policies {
            for rs in &p.rulesets {
                for v in &rs.findings {
                    rows.push((
                        v.action,
                        format!(
                            "| {} | {} | {} | {} ({}) | {} | {} | {} |\n",
                            action_word(v.action),
                            v.severity.as_str(),
                            md_code(&p.name, true),
                            md_code(&rs.name, true),
                            rs.target.as_str(),
                            md_code(&v.rule, true),
                            md_code(&format!("{}:{}:{}", v.file, v.line, v.column), true),
                            md_message(&v.message, true)
                        ),
                    ));
                }
            }
        }
        rows.sort_by_key(|(a, _)| *a != Action::Block);
        let header = section.len();
        for (_, row) in rows {
            if out.len() + section.len() + row.len() + 20 > budget {
                left_out += 1;
                continue;
            }
            section.push_str(&row);
        }
        if section.len() == header && out.len() + section.len() > budget {
            continue;
        }
        section.push_str("\n</details>\n");
        out.push_str(&section);
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "\n{left_out} violation(s) not listed, {}; `gardefou check -f json` lists them all.",
            PR_COMMENT.why
        );
    }
    out
}

fn status_cell(s: ApiStatus, blocked: bool) -> String {
    match (s, blocked) {
        (ApiStatus::NonCompliant, true) => "⛔ NON-COMPLIANT (blocks)".into(),
        (ApiStatus::NonCompliant, false) => "⚠️ NON-COMPLIANT".into(),
        (ApiStatus::Compliant, _) => "✅ COMPLIANT".into(),
        (ApiStatus::NotApplicable, _) => "➖ NOT-APPLICABLE".into(),
    }
}
