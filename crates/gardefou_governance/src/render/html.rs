//! The compliance dashboard: one self-contained HTML page (inline styles and SVG, one small
//! inline script that sorts tables, no external asset), laid out as WSO2's compliance
//! dashboards are: policy adherence and API compliance at a glance, a table of APIs and one of
//! policies, then per API its policies, rulesets and violations.

use std::fmt::Write;

use gardefou_report::text::xml;

use super::{blocking_policies, ordered, verdict, Meta};
use crate::evaluate::{ApiResult, Report};
use crate::model::{Action, ApiStatus, PolicyStatus, RulesetStatus};

/// Violations an API's section lists; the rest are counted.
pub const HTML_VIOLATIONS_PER_API: usize = 200;

const GREEN: &str = "#2e7d32";
const RED: &str = "#c62828";
const AMBER: &str = "#ef6c00";
const GREY: &str = "#9e9e9e";

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:84em}\
h1{margin-bottom:.2em}.meta{color:#555}table{border-collapse:collapse;margin:1em 0}\
td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}th[data-type]{cursor:pointer;user-select:none}\
th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}\
.s{font-weight:bold;color:#fff;padding:.1em .5em;border-radius:3px;font-size:.85em;white-space:nowrap}\
.banner{padding:.6em 1em;border-radius:4px;color:#fff;font-weight:bold;display:inline-block}\
.glance{display:flex;flex-wrap:wrap;gap:2.5em;align-items:center;margin:1em 0}\
figure{margin:0;display:flex;gap:1em;align-items:center}figcaption{font-weight:bold}\
ul.legend{list-style:none;padding:0;margin:.3em 0}ul.legend li{margin:.15em 0}\
.dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.4em;vertical-align:middle}\
details{margin:.4em 0 .4em 1em}summary{cursor:pointer}code{font-size:.9em}.label{background:#e8eaf6;border-radius:3px;padding:0 .3em;margin-right:.3em}\
.problem{color:#c62828}section{border-top:2px solid #eee;margin-top:1.5em}";

/// Sorts a table by the clicked header: numbers by `data-v`, text by content; without
/// JavaScript the tables stay in their order.
const SORT_SCRIPT: &str = "document.querySelectorAll('table.sortable').forEach(function(t){\
var hs=t.querySelectorAll('th[data-type]');hs.forEach(function(h,i){h.addEventListener('click',function(){\
var up=h.getAttribute('aria-sort')!=='ascending';hs.forEach(function(o){o.removeAttribute('aria-sort')});\
h.setAttribute('aria-sort',up?'ascending':'descending');var body=t.tBodies[0];\
var rows=Array.prototype.slice.call(body.rows);var num=h.getAttribute('data-type')==='number';\
rows.sort(function(a,b){var x=a.cells[i],y=b.cells[i];var d=num?parseFloat(x.getAttribute('data-v'))-parseFloat(y.getAttribute('data-v')):x.textContent.localeCompare(y.textContent);\
return up?d:-d});rows.forEach(function(r){body.appendChild(r)})})})});";

fn api_colour(s: ApiStatus) -> &'static str {
    match s {
        ApiStatus::Compliant => GREEN,
        ApiStatus::NonCompliant => RED,
        ApiStatus::NotApplicable => GREY,
    }
}

fn policy_colour(s: PolicyStatus) -> &'static str {
    match s {
        PolicyStatus::Followed => GREEN,
        PolicyStatus::Violated => RED,
        PolicyStatus::Unapplied => GREY,
    }
}

fn ruleset_colour(s: RulesetStatus) -> &'static str {
    match s {
        RulesetStatus::Passed => GREEN,
        RulesetStatus::Failed => RED,
        RulesetStatus::Unapplied => GREY,
    }
}

fn badge(text: &str, colour: &str) -> String {
    format!(
        "<span class=\"s\" style=\"background:{colour}\">{}</span>",
        xml(text)
    )
}

/// A donut chart of `parts` (label, count, colour) with its legend; the total in the middle.
fn donut(title: &str, parts: &[(&str, usize, &str)]) -> String {
    let total: usize = parts.iter().map(|p| p.1).sum();
    let circumference = 2.0 * std::f64::consts::PI * 40.0;
    let mut out = format!(
        "<figure><svg width=\"120\" height=\"120\" viewBox=\"0 0 120 120\" role=\"img\" aria-label=\"{}\"><circle cx=\"60\" cy=\"60\" r=\"40\" fill=\"none\" stroke=\"#eee\" stroke-width=\"18\"/>",
        xml(title)
    );
    let mut offset = 0.0;
    for (_, n, colour) in parts {
        if total == 0 || *n == 0 {
            continue;
        }
        let len = circumference * *n as f64 / total as f64;
        let _ = write!(
            out,
            "<circle cx=\"60\" cy=\"60\" r=\"40\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"18\" stroke-dasharray=\"{len:.2} {:.2}\" stroke-dashoffset=\"{:.2}\" transform=\"rotate(-90 60 60)\"/>",
            circumference - len,
            -offset
        );
        offset += len;
    }
    let _ = write!(
        out,
        "<text x=\"60\" y=\"66\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"bold\">{total}</text></svg><div><figcaption>{}</figcaption><ul class=\"legend\">",
        xml(title)
    );
    for (label, n, colour) in parts {
        let _ = write!(
            out,
            "<li><span class=\"dot\" style=\"background:{colour}\"></span>{} <strong>{n}</strong></li>",
            xml(label)
        );
    }
    out.push_str("</ul></div></figure>\n");
    out
}

/// The dashboard page.
pub fn render_html(r: &Report, meta: &Meta) -> String {
    let stage = r.stage.as_str();
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>API compliance at {stage}</title>\n<style>{STYLE}</style></head><body>\n<h1>API compliance at <code>{stage}</code></h1>\n"
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Generated <time datetime=\"{0}\">{0}</time> by gardefou {1} with the policies of <code>{2}</code>.</p>",
        xml(&meta.generated_at),
        xml(&meta.gardefou_version),
        xml(&r.ruleset)
    );
    let _ = writeln!(
        out,
        "<p><span class=\"banner\" style=\"background:{}\">{}</span></p>",
        if r.blocked { RED } else { GREEN },
        xml(&verdict(r))
    );
    let (s, p) = (r.api_summary, r.policy_summary);
    out.push_str("<div class=\"glance\">\n");
    out.push_str(&donut(
        "Policy adherence",
        &[
            ("Followed", p.followed, GREEN),
            ("Violated", p.violated, RED),
            ("Unapplied", p.unapplied, GREY),
        ],
    ));
    out.push_str(&donut(
        "API compliance",
        &[
            ("Compliant", s.compliant, GREEN),
            ("Non-compliant", s.non_compliant, RED),
            ("Not applicable", s.not_applicable, GREY),
        ],
    ));
    out.push_str(&donut(
        "Violations by severity",
        &[
            ("Error", r.violations.error, RED),
            ("Warn", r.violations.warn, AMBER),
            ("Info", r.violations.info, "#1565c0"),
        ],
    ));
    out.push_str("</div>\n");
    let apis = ordered(r);
    out.push_str("<h2>API compliance details</h2>\n<table class=\"sortable\"><thead><tr><th data-type=\"text\">API</th><th data-type=\"text\">Status</th><th data-type=\"text\">Labels</th><th data-type=\"number\">Policies followed</th><th data-type=\"number\">Policies violated</th><th data-type=\"number\">Error</th><th data-type=\"number\">Warn</th><th data-type=\"number\">Info</th><th data-type=\"number\">Blocking</th></tr></thead><tbody>\n");
    for (i, a) in apis.iter().enumerate() {
        let followed = a
            .policies
            .iter()
            .filter(|p| p.status == PolicyStatus::Followed)
            .count();
        let violated = a.policies.len() - followed;
        let labels: String = a
            .labels
            .iter()
            .map(|l| format!("<span class=\"label\">{}</span>", xml(&l.name)))
            .collect();
        let _ = write!(
            out,
            "<tr><td><a href=\"#api-{i}\">{}</a><br><small><code>{}</code></small></td><td>{}</td><td>{labels}</td>",
            xml(&a.name),
            xml(&a.path),
            badge(a.status.as_str(), api_colour(a.status))
        );
        for n in [
            followed,
            violated,
            a.violations.error,
            a.violations.warn,
            a.violations.info,
            a.blocking,
        ] {
            let _ = write!(out, "<td class=\"n\" data-v=\"{n}\">{n}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    if !r.policies.is_empty() {
        out.push_str("<h2>Policy adherence details</h2>\n<table class=\"sortable\"><thead><tr><th data-type=\"text\">Policy</th><th data-type=\"text\">Adherence</th><th data-type=\"text\">Applies to</th><th data-type=\"text\">Stages</th><th data-type=\"text\">Rulesets</th><th data-type=\"number\">Compliant APIs</th><th data-type=\"number\">Non-compliant APIs</th><th data-type=\"number\">Blocking</th></tr></thead><tbody>\n");
        for p in &r.policies {
            let applies = if p.applies_to.all {
                "all APIs".to_string()
            } else {
                p.applies_to
                    .labels
                    .iter()
                    .map(|l| format!("<span class=\"label\">{}</span>", xml(l)))
                    .collect()
            };
            let stages: Vec<&str> = p.stages.iter().map(|s| s.as_str()).collect();
            let rulesets: Vec<String> = p
                .rulesets
                .iter()
                .map(|r| format!("<code>{}</code> ({})", xml(&r.name), r.target.as_str()))
                .collect();
            let _ = write!(
                out,
                "<tr><td><strong>{}</strong>{}</td><td>{}</td><td>{applies}</td><td>{}</td><td>{}</td>",
                xml(&p.name),
                p.description
                    .as_deref()
                    .map(|d| format!("<br><small>{}</small>", xml(d)))
                    .unwrap_or_default(),
                badge(p.status.as_str(), policy_colour(p.status)),
                stages.join(", "),
                rulesets.join("<br>")
            );
            for n in [p.compliant, p.non_compliant, p.blocking] {
                let _ = write!(out, "<td class=\"n\" data-v=\"{n}\">{n}</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n");
    }
    for (i, a) in apis.iter().enumerate() {
        api_section(&mut out, i, a, stage);
    }
    let _ = writeln!(out, "<script>{SORT_SCRIPT}</script>\n</body></html>");
    out
}

fn api_section(out: &mut String, i: usize, a: &ApiResult, stage: &str) {
    let _ = writeln!(
        out,
        "<section><h2 id=\"api-{i}\">{} {}</h2><p><code>{}</code> · {} · {}</p>",
        xml(&a.name),
        badge(a.status.as_str(), api_colour(a.status)),
        xml(&a.path),
        match a.kind {
            crate::discover::ApiKind::ApictlProject => "apictl project",
            crate::discover::ApiKind::Definition => "OpenAPI document",
        },
        xml(&a.violations.describe())
    );
    if !a.labels.is_empty() {
        out.push_str("<p>Labels: ");
        for l in &a.labels {
            let _ = write!(
                out,
                "<span class=\"label\" title=\"{}\">{}</span>",
                xml(&l.from.join("; ")),
                xml(&l.name)
            );
        }
        out.push_str("</p>\n");
    }
    for problem in &a.problems {
        let _ = writeln!(out, "<p class=\"problem\">{}</p>", xml(problem));
    }
    if a.policies.is_empty() {
        let _ = writeln!(
            out,
            "<p>No policy governs this API at <code>{stage}</code>.</p>"
        );
    }
    let blockers = blocking_policies(a);
    if !blockers.is_empty() {
        let names: Vec<String> = blockers
            .iter()
            .map(|b| format!("<code>{}</code>", xml(b)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"problem\"><strong>{} violation(s) block {stage}</strong> ({}).</p>",
            a.blocking,
            names.join(", ")
        );
    }
    let mut listed = 0usize;
    for p in &a.policies {
        let _ = writeln!(
            out,
            "<details{}><summary>{} policy <strong>{}</strong> — {}{}</summary>",
            if p.status == PolicyStatus::Violated {
                " open"
            } else {
                ""
            },
            badge(p.status.as_str(), policy_colour(p.status)),
            xml(&p.name),
            xml(&p.violations.describe()),
            if p.blocking > 0 {
                format!(", {} blocking", p.blocking)
            } else {
                String::new()
            }
        );
        out.push_str("<table><tr><th>Ruleset</th><th>Target</th><th>Result</th><th>Error</th><th>Warn</th><th>Info</th></tr>\n");
        for rs in &p.rulesets {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                xml(&rs.name),
                rs.target.as_str(),
                badge(rs.status.as_str(), ruleset_colour(rs.status)),
                rs.reason
                    .as_deref()
                    .map(|r| format!(" <small>{}</small>", xml(r)))
                    .unwrap_or_default(),
                rs.violations.error,
                rs.violations.warn,
                rs.violations.info
            );
        }
        out.push_str("</table>\n");
        for rs in p.rulesets.iter().filter(|r| !r.findings.is_empty()) {
            let _ = writeln!(
                out,
                "<details{}><summary>{} violation(s) of <code>{}</code></summary><table><tr><th>Action</th><th>Severity</th><th>Rule</th><th>Where</th><th>Message</th></tr>",
                if rs.findings.iter().any(|v| v.action == Action::Block) {
                    " open"
                } else {
                    ""
                },
                rs.findings.len(),
                xml(&rs.name)
            );
            let mut rows: Vec<_> = rs.findings.iter().collect();
            rows.sort_by_key(|v| v.action != Action::Block);
            for v in rows {
                if listed >= HTML_VIOLATIONS_PER_API {
                    break;
                }
                listed += 1;
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td><code>{}:{}:{}</code></td><td>{}</td></tr>",
                    match v.action {
                        Action::Block => badge("BLOCK", RED),
                        Action::Notify => "notify".to_string(),
                    },
                    v.severity.as_str(),
                    xml(&v.rule),
                    xml(&v.file),
                    v.line,
                    v.column,
                    xml(&v.message)
                );
            }
            out.push_str("</table></details>\n");
        }
        out.push_str("</details>\n");
    }
    let total = a.violations.total();
    if total > listed && listed >= HTML_VIOLATIONS_PER_API {
        let _ = writeln!(
            out,
            "<p>… the first {listed} of {total} violation(s) are listed; <code>gardefou check -f json</code> lists them all.</p>"
        );
    }
    out.push_str("</section>\n");
}
