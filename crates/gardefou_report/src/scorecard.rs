//! Scorecard reports: text, JSON, Markdown and a self-contained HTML page.

use std::fmt::Write;

use gardefou_diagnostics::Severity;
use gardefou_score::{ApiScore, Gate, Portfolio};

use crate::text::{md_code, md_text, plain, xml};

/// How many losses each API lists in text and Markdown.
const TOP_LOSSES: usize = 10;

/// What every scorecard says about how it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportMeta {
    /// When, in UTC, as an RFC 3339 date-time (`SOURCE_DATE_EPOCH` fixes it).
    pub generated_at: String,
    /// gardefou's version.
    pub gardefou_version: String,
    /// The ruleset the APIs were linted with: its file, or the built-in's name.
    pub ruleset: String,
}

/// The API's path under its name, when the name is not the path itself.
fn secondary_path(a: &ApiScore) -> Option<&str> {
    (a.name != a.path).then_some(a.path.as_str())
}

/// "capped by validity error → D (oas3-schema)" for each cap, joined.
fn cap_marker(a: &ApiScore) -> Option<String> {
    (!a.capped_by.is_empty()).then(|| format!("capped by {}", a.capped_by.join("; ")))
}

/// The scorecard as text for a terminal: the portfolio, then each API with its categories and costliest rules.
pub fn render_scorecard_text(
    apis: &[ApiScore],
    portfolio: &Portfolio,
    meta: &ReportMeta,
) -> String {
    let mut out = format!(
        "gardefou {} scorecard, {}, ruleset {}\n\n",
        meta.gardefou_version,
        meta.generated_at,
        plain(&meta.ruleset)
    );
    for a in apis {
        let _ = writeln!(
            out,
            "{}  {:.1} {}  ({} operations){}{}",
            plain(&a.name),
            a.score,
            plain(&a.grade),
            a.operations,
            if a.unparseable.is_some() {
                "  UNPARSEABLE"
            } else {
                ""
            },
            a.delta()
                .map(|d| format!("  {d:+.1} since the last scorecard"))
                .unwrap_or_default()
        );
        if let Some(path) = secondary_path(a) {
            let _ = writeln!(out, "  {}", plain(path));
        }
        if let Some(c) = &a.compliance {
            let _ = writeln!(
                out,
                "  {} at {} (gardefou check)",
                plain(&c.status),
                plain(&c.stage)
            );
        }
        if let Some(u) = &a.unparseable {
            let _ = writeln!(
                out,
                "  cannot be scored ({}): {}\n  counts as 0 in the mean; `gardefou lint` shows the details\n",
                u.kind.as_str(),
                plain(&u.reason)
            );
            continue;
        }
        if let Some(cap) = cap_marker(a) {
            let _ = writeln!(out, "  grade {}", plain(&cap));
        }
        for c in &a.categories {
            let _ = writeln!(
                out,
                "  {:<14} {:>5.1} {:<2} {} finding(s)",
                c.category.as_str(),
                c.score,
                plain(&c.grade),
                c.findings
            );
        }
        for l in a.losses.iter().take(TOP_LOSSES) {
            let _ = writeln!(
                out,
                "  -{:>6.2}  {} ×{} ({}, {})",
                l.points,
                plain(&l.rule),
                l.count,
                l.severity.as_str(),
                l.category.as_str()
            );
            for loc in &l.locations {
                let _ = writeln!(out, "             at {}", plain(loc));
            }
        }
        if a.losses.len() > TOP_LOSSES {
            let _ = writeln!(out, "  … {} more rule(s)", a.losses.len() - TOP_LOSSES);
        }
        out.push('\n');
    }
    let grades: Vec<String> = portfolio
        .grades
        .iter()
        .map(|(g, n)| format!("{}: {n}", plain(g)))
        .collect();
    let _ = writeln!(
        out,
        "{} API(s), mean score {:.1} {} ({}){}",
        portfolio.apis,
        portfolio.score,
        portfolio.grade,
        grades.join(", "),
        trend(portfolio)
    );
    if portfolio.unparseable > 0 {
        let _ = writeln!(
            out,
            "{} API(s) cannot be scored (unparseable) and count as 0 in the mean",
            portfolio.unparseable
        );
    }
    for name in &portfolio.removed {
        let _ = writeln!(out, "removed since the last scorecard: {}", plain(name));
    }
    if let Some(g) = &portfolio.gate {
        let _ = writeln!(out, "{}", gate_summary(g));
        for b in &g.below {
            let _ = writeln!(
                out,
                "  {}  {:.1} {}{}",
                plain(&b.name),
                b.score,
                plain(&b.grade),
                if b.name == b.path {
                    String::new()
                } else {
                    format!("  ({})", plain(&b.path))
                }
            );
        }
    }
    if !portfolio.costliest.is_empty() {
        out.push_str("rules that cost the portfolio most (points of the mean score):\n");
        for r in &portfolio.costliest {
            let _ = writeln!(
                out,
                "  -{:>6.2}  {} ({} API(s), {} finding(s), {})",
                r.points,
                plain(&r.rule),
                r.apis,
                r.findings,
                r.category.as_str()
            );
        }
    }
    out
}

/// "--min-score 90: failed, 2 API(s) below" (or the portfolio's mean against the bar).
pub fn gate_summary(g: &Gate) -> String {
    let verdict = if g.passed { "passed" } else { "failed" };
    let below = match g.below.len() {
        0 => "no API below it".to_string(),
        n => format!("{n} API(s) below it:"),
    };
    if g.portfolio {
        format!(
            "--min-score {} on the portfolio's mean: {verdict}; {below}",
            g.min_score
        )
    } else {
        format!("--min-score {}: {verdict}; {below}", g.min_score)
    }
}

/// "  +1.2 since the last scorecard", when there was one.
fn trend(p: &Portfolio) -> String {
    p.previous
        .map(|prev| {
            let d = ((p.score - prev) * 10.0).round() / 10.0;
            format!("  {d:+.1} since the last scorecard")
        })
        .unwrap_or_default()
}

/// The scorecard as JSON (`docs/schemas/scorecard.schema.json`).
pub fn render_scorecard_json(
    apis: &[ApiScore],
    portfolio: &Portfolio,
    meta: &ReportMeta,
) -> String {
    let v = serde_json::json!({
        "version": 1,
        "generated_at": meta.generated_at,
        "gardefou_version": meta.gardefou_version,
        "ruleset": meta.ruleset,
        "portfolio": {
            "apis": portfolio.apis,
            "unparseable": portfolio.unparseable,
            "score": portfolio.score,
            "grade": portfolio.grade,
            "grades": portfolio.grades.iter().map(|(g, n)| serde_json::json!({"grade": g, "apis": n})).collect::<Vec<_>>(),
            "categories": portfolio.categories.iter().map(|(c, s, g)| serde_json::json!({"category": c, "score": s, "grade": g})).collect::<Vec<_>>(),
            "previous": portfolio.previous,
            "removed": portfolio.removed,
            "costliest": portfolio.costliest,
            "min_score": portfolio.gate,
        },
        "apis": apis,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// The scorecard as Markdown: the portfolio, then one section per API.
pub fn render_scorecard_markdown(
    apis: &[ApiScore],
    portfolio: &Portfolio,
    meta: &ReportMeta,
) -> String {
    let mut out = String::from("# API scorecard\n\n");
    let _ = writeln!(
        out,
        "Generated {} by gardefou {} with ruleset {}.\n",
        meta.generated_at,
        meta.gardefou_version,
        md_code(&meta.ruleset, false)
    );
    let _ = writeln!(
        out,
        "{} API(s), mean score **{:.1}** (grade **{}**){}.\n",
        portfolio.apis,
        portfolio.score,
        portfolio.grade,
        trend(portfolio)
    );
    if portfolio.unparseable > 0 {
        let _ = writeln!(
            out,
            "**{} API(s) cannot be scored (unparseable)** and count as 0 in the mean.\n",
            portfolio.unparseable
        );
    }
    if let Some(g) = &portfolio.gate {
        let _ = writeln!(out, "**{}**\n", md_text(&gate_summary(g)));
        for b in &g.below {
            let _ = writeln!(
                out,
                "- {} — {:.1} {}{}",
                md_text(&b.name),
                b.score,
                md_text(&b.grade),
                if b.name == b.path {
                    String::new()
                } else {
                    format!(" ({})", md_code(&b.path, false))
                }
            );
        }
        if !g.below.is_empty() {
            out.push('\n');
        }
    }
    for name in &portfolio.removed {
        let _ = writeln!(out, "- removed since the last scorecard: {}", md_text(name));
    }
    // A list must end with a blank line, or the table below becomes part of its last item.
    if !portfolio.removed.is_empty() {
        out.push('\n');
    }
    let compared = apis.iter().any(|a| a.previous.is_some());
    let governed = apis.iter().any(|a| a.compliance.is_some());
    out.push_str(if compared {
        "| API | Score | Change | Grade |"
    } else {
        "| API | Score | Grade |"
    });
    if governed {
        out.push_str(" Compliance |");
    }
    for (c, _, _) in &portfolio.categories {
        let _ = write!(out, " {} |", c.as_str());
    }
    out.push_str(if compared {
        "\n|---|---:|---:|:---:|"
    } else {
        "\n|---|---:|:---:|"
    });
    if governed {
        out.push_str(":---:|");
    }
    for _ in &portfolio.categories {
        out.push_str("---:|");
    }
    out.push('\n');
    for a in apis {
        let _ = write!(out, "| {}", md_text(&a.name));
        if let Some(path) = secondary_path(a) {
            let _ = write!(out, "<br>{}", md_code(path, true));
        }
        let _ = write!(out, " | {:.1} |", a.score);
        if compared {
            match a.delta() {
                Some(d) => {
                    let _ = write!(out, " {d:+.1} |");
                }
                None => out.push_str(" new |"),
            }
        }
        let compliance = match (&a.compliance, governed) {
            (Some(c), _) => format!(" {} |", md_text(&c.status)),
            (None, true) => " — |".to_string(),
            (None, false) => String::new(),
        };
        if a.unparseable.is_some() {
            let _ = write!(out, " {} (unparseable) |{compliance}", md_text(&a.grade));
            for _ in &a.categories {
                out.push_str(" — |");
            }
        } else {
            match cap_marker(a) {
                Some(cap) => {
                    let _ = write!(
                        out,
                        " {} ({}) |{compliance}",
                        md_text(&a.grade),
                        md_text(&cap)
                    );
                }
                None => {
                    let _ = write!(out, " {} |{compliance}", md_text(&a.grade));
                }
            }
            for c in &a.categories {
                let _ = write!(out, " {:.1} |", c.score);
            }
        }
        out.push('\n');
    }
    if !portfolio.costliest.is_empty() {
        out.push_str("\n## Rules that cost the portfolio most\n\n| Points of the mean | Rule | APIs | Findings | Category |\n|---:|---|---:|---:|---|\n");
        for r in &portfolio.costliest {
            let _ = writeln!(
                out,
                "| {:.2} | {} | {} | {} | {} |",
                r.points,
                md_code(&r.rule, true),
                r.apis,
                r.findings,
                r.category.as_str()
            );
        }
    }
    for a in apis
        .iter()
        .filter(|a| !a.losses.is_empty() || a.unparseable.is_some())
    {
        let _ = writeln!(
            out,
            "\n## {} — {:.1} {}\n",
            md_text(&a.name),
            a.score,
            md_text(&a.grade)
        );
        let _ = writeln!(out, "{}\n", md_code(&a.path, false));
        if let Some(u) = &a.unparseable {
            let _ = writeln!(
                out,
                "**Cannot be scored ({}):** {}. It counts as 0 in the mean; `gardefou lint` shows the details.",
                u.kind.as_str(),
                md_text(&u.reason)
            );
            continue;
        }
        if let Some(cap) = cap_marker(a) {
            let _ = writeln!(out, "Grade {}.\n", md_text(&cap));
        }
        out.push_str(
            "| Points lost | Rule | Findings | Severity | Category | First at |\n|---:|---|---:|---|---|---|\n",
        );
        for l in a.losses.iter().take(TOP_LOSSES) {
            let _ = writeln!(
                out,
                "| {:.2} | {} | {} | {} | {} | {} |",
                l.points,
                md_code(&l.rule, true),
                l.count,
                l.severity.as_str(),
                l.category.as_str(),
                l.locations.first().map(|s| md_text(s)).unwrap_or_default()
            );
        }
    }
    out
}

/// Badge colours, best grade first.
const PALETTE: [&str; 5] = ["#2e7d32", "#689f38", "#f9a825", "#ef6c00", "#c62828"];

/// The colour of a grade, from where it sits among the bands (`bands` in order, best first):
/// the best green, the worst red, whatever the bands are called. A capped grade gets the
/// colour of the grade shown, not of the score.
fn grade_colour(grade: &str, bands: &[(String, usize)]) -> &'static str {
    let last = PALETTE.len() - 1;
    let Some(rank) = bands.iter().position(|(g, _)| g == grade) else {
        return PALETTE[last];
    };
    match bands.len() {
        0 | 1 => PALETTE[0],
        n => PALETTE[(rank * last + (n - 1) / 2) / (n - 1)],
    }
}

/// A horizontal bar as inline SVG, `score` of 100 wide.
fn bar(score: f64, colour: &str) -> String {
    format!(
        "<svg width=\"120\" height=\"10\" role=\"img\" aria-label=\"{score:.1}\"><rect width=\"120\" height=\"10\" fill=\"#eee\"/><rect width=\"{:.1}\" height=\"10\" fill=\"{colour}\"/></svg>",
        score * 1.2,
    )
}

/// One finding as the HTML report lists it in an API's section.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingRow {
    /// The rule id.
    pub rule: String,
    /// The finding's severity.
    pub severity: Severity,
    /// `file:line:column`.
    pub location: String,
    /// The finding's message.
    pub message: String,
}

/// How many findings an API's section lists; the rest are counted.
pub const HTML_FINDINGS_PER_API: usize = 200;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:80em}\
table{border-collapse:collapse;margin:1em 0}td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.g{font-weight:bold;color:#fff;padding:.1em .5em;border-radius:3px}\
details{margin:.5em 0}th[data-type]{cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:' \\25B2'}\
th[aria-sort=descending]::after{content:' \\25BC'}.charts{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}\
figure{margin:0}figcaption{font-weight:bold;margin-bottom:.3em}code{font-size:.9em}\
.meta{color:#555}.unparseable,.failed{color:#c62828}";

/// Sorts the APIs table by the clicked column; numbers by `data-v`, text by content. Inline and
/// optional: without JavaScript the table stays in name order.
const SORT_SCRIPT: &str = "document.querySelectorAll('table.sortable').forEach(function(t){\
var hs=t.querySelectorAll('th[data-type]');hs.forEach(function(h,i){h.addEventListener('click',function(){\
var asc=h.getAttribute('aria-sort')!=='ascending';hs.forEach(function(o){o.removeAttribute('aria-sort')});\
h.setAttribute('aria-sort',asc?'ascending':'descending');var b=t.tBodies[0];var rows=Array.prototype.slice.call(b.rows);\
var num=h.getAttribute('data-type')==='number';rows.sort(function(x,y){var a=x.cells[i],c=y.cells[i];\
var r=num?parseFloat(a.getAttribute('data-v'))-parseFloat(c.getAttribute('data-v')):a.textContent.localeCompare(c.textContent);\
return asc?r:-r});rows.forEach(function(r){b.appendChild(r)})})})});";

/// Horizontal bar chart as inline SVG: one labelled bar per `(label, value)`, `value` of `max`.
fn hbar_chart(
    title: &str,
    rows: &[(String, f64, String)],
    max: f64,
    colours: Option<&[&str]>,
) -> String {
    // Widths from the longest texts (about 7 px a character at 12 px), so nothing is clipped.
    let longest =
        |f: &dyn Fn(&(String, f64, String)) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let label_w = 7 * longest(&|r| r.0.chars().count()) + 12;
    let value_w = 7 * longest(&|r| r.2.chars().count()) + 12;
    let bar_w = 260.0;
    let h = 22 * rows.len().max(1) + 6;
    let mut out = format!(
        "<figure><figcaption>{}</figcaption><svg width=\"{}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">",
        xml(title),
        label_w + bar_w as usize + value_w,
        xml(title)
    );
    for (i, (label, value, shown)) in rows.iter().enumerate() {
        let y = 22 * i + 4;
        let w = if max > 0.0 { bar_w * value / max } else { 0.0 };
        let fill = colours.and_then(|c| c.get(i)).copied().unwrap_or("#5c6bc0");
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text><rect x=\"{}\" y=\"{y}\" width=\"{:.1}\" height=\"16\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{}</text>",
            label_w - 6,
            y + 12,
            xml(label),
            label_w,
            w.max(0.0),
            label_w as f64 + w + 4.0,
            y + 12,
            xml(shown)
        );
    }
    out.push_str("</svg></figure>\n");
    out
}

/// One self-contained page: styles and a small sorting script inline, charts as inline SVG, no
/// external asset. `findings[i]` are the first [`HTML_FINDINGS_PER_API`] findings of `apis[i]`
/// (may be empty); how many there are in all comes from the score.
pub fn render_scorecard_html(
    apis: &[ApiScore],
    portfolio: &Portfolio,
    findings: &[Vec<FindingRow>],
    meta: &ReportMeta,
) -> String {
    let bands = &portfolio.grades;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>API scorecard</title>\n<style>{STYLE}</style></head><body>\n<h1>API scorecard</h1>\n"
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Generated <time datetime=\"{0}\">{0}</time> by gardefou {1} with ruleset <code>{2}</code>.</p>",
        xml(&meta.generated_at),
        xml(&meta.gardefou_version),
        xml(&meta.ruleset)
    );
    let _ = writeln!(
        out,
        "<p>{} API(s), mean score <strong>{:.1}</strong> <span class=\"g\" style=\"background:{}\">{}</span>{}</p>",
        portfolio.apis,
        portfolio.score,
        grade_colour(&portfolio.grade, bands),
        xml(&portfolio.grade),
        xml(&trend(portfolio))
    );
    if portfolio.unparseable > 0 {
        let _ = writeln!(
            out,
            "<p class=\"unparseable\"><strong>{} API(s) cannot be scored (unparseable)</strong> and count as 0 in the mean.</p>",
            portfolio.unparseable
        );
    }
    if let Some(g) = &portfolio.gate {
        let _ = write!(
            out,
            "<p class=\"gate {}\"><strong>{}</strong></p>",
            if g.passed { "passed" } else { "failed" },
            xml(&gate_summary(g))
        );
        if !g.below.is_empty() {
            out.push_str("<ul class=\"below\">");
            for b in &g.below {
                let _ = write!(
                    out,
                    "<li><a href=\"#{}\">{}</a> — {:.1} {}</li>",
                    anchor(&b.path),
                    xml(&b.name),
                    b.score,
                    xml(&b.grade)
                );
            }
            out.push_str("</ul>");
        }
        out.push('\n');
    }
    out.push_str("<div class=\"charts\">\n<figure><figcaption>Grades</figcaption>");
    // Grade distribution as an SVG column chart.
    let max = portfolio
        .grades
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let w = 50 * portfolio.grades.len();
    let _ = write!(
        out,
        "<svg width=\"{w}\" height=\"120\" role=\"img\" aria-label=\"grade distribution\">"
    );
    for (i, (g, n)) in portfolio.grades.iter().enumerate() {
        // At most 78 px, leaving room for the count above the bar.
        let h = 78.0 * *n as f64 / max as f64;
        let x = i * 50 + 10;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{:.1}\" width=\"30\" height=\"{h:.1}\" fill=\"#5c6bc0\"/><text x=\"{}\" y=\"115\" text-anchor=\"middle\">{}</text><text x=\"{}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\">{n}</text>",
            95.0 - h,
            x + 15,
            xml(g),
            x + 15,
            93.0 - h
        );
    }
    out.push_str("</svg></figure>\n");
    let cats: Vec<(String, f64, String)> = portfolio
        .categories
        .iter()
        .map(|(c, s, _)| (c.as_str().to_string(), *s, format!("{s:.1}")))
        .collect();
    let colours: Vec<&str> = portfolio
        .categories
        .iter()
        .map(|(_, _, g)| grade_colour(g, bands))
        .collect();
    out.push_str(&hbar_chart(
        "Category averages",
        &cats,
        100.0,
        Some(&colours),
    ));
    if !portfolio.costliest.is_empty() {
        let rows: Vec<(String, f64, String)> = portfolio
            .costliest
            .iter()
            .map(|r| {
                (
                    r.rule.clone(),
                    r.points,
                    format!("{:.2} ({} APIs)", r.points, r.apis),
                )
            })
            .collect();
        let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
        out.push_str(&hbar_chart(
            "Rules that cost the portfolio most (points of the mean score)",
            &rows,
            max,
            None,
        ));
    }
    out.push_str("</div>\n");
    out.push_str("<table class=\"sortable\"><thead><tr><th data-type=\"text\">API</th><th data-type=\"number\">Operations</th><th data-type=\"number\">Score</th><th data-type=\"text\">Grade</th>");
    let governed = apis.iter().any(|a| a.compliance.is_some());
    if governed {
        out.push_str("<th data-type=\"text\">Compliance</th>");
    }
    for (c, _, _) in &portfolio.categories {
        let _ = write!(out, "<th data-type=\"number\">{}</th>", c.as_str());
    }
    out.push_str("</tr></thead><tbody>\n");
    for a in apis {
        let _ = write!(
            out,
            "<tr><td><a href=\"#{}\">{}</a>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{:.1}{}</td><td><span class=\"g\" style=\"background:{}\">{}</span>{}</td>",
            anchor(&a.path),
            xml(&a.name),
            secondary_path(a)
                .map(|p| format!("<br><small><code>{}</code></small>", xml(p)))
                .unwrap_or_default(),
            a.operations,
            a.operations,
            a.score,
            a.score,
            a.delta().map(|d| format!(" <small>({d:+.1})</small>")).unwrap_or_default(),
            grade_colour(&a.grade, bands),
            xml(&a.grade),
            if a.unparseable.is_some() {
                " <small>unparseable</small>".to_string()
            } else {
                cap_marker(a)
                    .map(|c| format!(" <small>{}</small>", xml(&c)))
                    .unwrap_or_default()
            }
        );
        if governed {
            let _ = write!(
                out,
                "<td>{}</td>",
                a.compliance
                    .as_ref()
                    .map(|c| format!("{} <small>at {}</small>", xml(&c.status), xml(&c.stage)))
                    .unwrap_or_else(|| "—".to_string())
            );
        }
        for c in &a.categories {
            if a.unparseable.is_some() {
                out.push_str("<td class=\"n\" data-v=\"0\">—</td>");
                continue;
            }
            let _ = write!(
                out,
                "<td class=\"n\" data-v=\"{}\">{:.1} {}</td>",
                c.score,
                c.score,
                bar(c.score, grade_colour(&c.grade, bands))
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    if !portfolio.removed.is_empty() {
        let _ = writeln!(
            out,
            "<p>Removed since the earlier scorecard: {}</p>",
            portfolio
                .removed
                .iter()
                .map(|r| xml(r))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for (i, a) in apis.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section><h2 id=\"{}\">{} — {:.1} <span class=\"g\" style=\"background:{}\">{}</span></h2><p><code>{}</code> · {} operation(s), {} named schema(s){}</p>",
            anchor(&a.path),
            xml(&a.name),
            a.score,
            grade_colour(&a.grade, bands),
            xml(&a.grade),
            xml(&a.path),
            a.operations,
            a.schemas,
            cap_marker(a)
                .map(|c| format!("; grade {}", xml(&c)))
                .unwrap_or_default()
        );
        if let Some(u) = &a.unparseable {
            let _ = writeln!(
                out,
                "<p class=\"unparseable\"><strong>Cannot be scored ({}):</strong> {}. It counts as 0 in the mean; <code>gardefou lint</code> shows the details.</p></section>",
                u.kind.as_str(),
                xml(&u.reason)
            );
            continue;
        }
        if a.losses.is_empty() {
            out.push_str("<p>No points lost.</p></section>\n");
            continue;
        }
        out.push_str("<table><tr><th>Points lost</th><th>Rule</th><th>Findings</th><th>Severity</th><th>Category</th><th>First at</th></tr>\n");
        for l in &a.losses {
            let _ = writeln!(
                out,
                "<tr><td class=\"n\">{:.2}</td><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                l.points,
                xml(&l.rule),
                l.count,
                l.severity.as_str(),
                l.category.as_str(),
                l.locations
                    .iter()
                    .map(|s| xml(s))
                    .collect::<Vec<_>>()
                    .join("<br>")
            );
        }
        out.push_str("</table>\n");
        let rows = findings.get(i).map(Vec::as_slice).unwrap_or(&[]);
        // Every finding is scored, so the categories count them all.
        let total: usize = a.categories.iter().map(|c| c.findings).sum();
        if !rows.is_empty() {
            let _ = writeln!(
                out,
                "<details><summary>{total} finding(s)</summary><table><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Message</th></tr>"
            );
            for r in rows.iter().take(HTML_FINDINGS_PER_API) {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                    r.severity.as_str(),
                    xml(&r.rule),
                    xml(&r.location),
                    xml(&r.message)
                );
            }
            out.push_str("</table>");
            if total > rows.len() {
                let _ = write!(
                    out,
                    "<p>… and {} more; <code>gardefou lint</code> lists them all.</p>",
                    total - rows.len()
                );
            }
            out.push_str("</details>\n");
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(out, "<script>{SORT_SCRIPT}</script>\n</body></html>");
    out
}

fn anchor(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
