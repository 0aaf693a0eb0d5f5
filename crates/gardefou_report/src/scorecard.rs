//! Scorecard reports: text, JSON, Markdown and a self-contained HTML page.

use std::fmt::Write;

use gardefou_score::{ApiScore, Portfolio};

use crate::ci::xml;

/// How many losses each API lists in text and Markdown.
const TOP_LOSSES: usize = 10;

pub fn render_scorecard_text(apis: &[ApiScore], portfolio: &Portfolio) -> String {
    let mut out = String::new();
    for a in apis {
        let _ = writeln!(
            out,
            "{}  {:.1} {}  ({} operations){}",
            a.name,
            a.score,
            a.grade,
            a.operations,
            a.delta()
                .map(|d| format!("  {d:+.1} since the last scorecard"))
                .unwrap_or_default()
        );
        for cap in &a.capped_by {
            let _ = writeln!(out, "  grade capped: {cap}");
        }
        for c in &a.categories {
            let _ = writeln!(
                out,
                "  {:<14} {:>5.1} {:<2} {} finding(s)",
                c.category.as_str(),
                c.score,
                c.grade,
                c.findings
            );
        }
        for l in a.losses.iter().take(TOP_LOSSES) {
            let _ = writeln!(
                out,
                "  -{:>6.2}  {} ×{} ({}, {})",
                l.points,
                l.rule,
                l.count,
                l.severity.as_str(),
                l.category.as_str()
            );
            for loc in &l.locations {
                let _ = writeln!(out, "             at {loc}");
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
        .map(|(g, n)| format!("{g}: {n}"))
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
    for name in &portfolio.removed {
        let _ = writeln!(out, "removed since the last scorecard: {name}");
    }
    out
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

pub fn render_scorecard_json(apis: &[ApiScore], portfolio: &Portfolio) -> String {
    let v = serde_json::json!({
        "version": 1,
        "portfolio": {
            "apis": portfolio.apis,
            "score": portfolio.score,
            "grade": portfolio.grade,
            "grades": portfolio.grades.iter().map(|(g, n)| serde_json::json!({"grade": g, "apis": n})).collect::<Vec<_>>(),
            "categories": portfolio.categories.iter().map(|(c, s)| serde_json::json!({"category": c, "score": s})).collect::<Vec<_>>(),
            "previous": portfolio.previous,
            "removed": portfolio.removed,
        },
        "apis": apis,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

pub fn render_scorecard_markdown(apis: &[ApiScore], portfolio: &Portfolio) -> String {
    let mut out = String::from("# API scorecard\n\n");
    let _ = writeln!(
        out,
        "{} API(s), mean score **{:.1}** (grade **{}**){}.\n",
        portfolio.apis,
        portfolio.score,
        portfolio.grade,
        trend(portfolio)
    );
    for name in &portfolio.removed {
        let _ = writeln!(
            out,
            "- removed since the last scorecard: {}",
            md_escape(name)
        );
    }
    let compared = apis.iter().any(|a| a.previous.is_some());
    out.push_str(if compared {
        "| API | Score | Change | Grade |"
    } else {
        "| API | Score | Grade |"
    });
    for (c, _) in &portfolio.categories {
        let _ = write!(out, " {} |", c.as_str());
    }
    out.push_str(if compared {
        "\n|---|---:|---:|:---:|"
    } else {
        "\n|---|---:|:---:|"
    });
    for _ in &portfolio.categories {
        out.push_str("---:|");
    }
    out.push('\n');
    for a in apis {
        let _ = write!(out, "| {} | {:.1} |", md_escape(&a.name), a.score);
        if compared {
            match a.delta() {
                Some(d) => {
                    let _ = write!(out, " {d:+.1} |");
                }
                None => out.push_str(" new |"),
            }
        }
        let _ = write!(out, " {} |", a.grade);
        for c in &a.categories {
            let _ = write!(out, " {:.1} |", c.score);
        }
        out.push('\n');
    }
    for a in apis.iter().filter(|a| !a.losses.is_empty()) {
        let _ = writeln!(
            out,
            "\n## {} — {:.1} {}\n",
            md_escape(&a.name),
            a.score,
            a.grade
        );
        out.push_str(
            "| Points lost | Rule | Findings | Severity | Category | First at |\n|---:|---|---:|---|---|---|\n",
        );
        for l in a.losses.iter().take(TOP_LOSSES) {
            let _ = writeln!(
                out,
                "| {:.2} | `{}` | {} | {} | {} | {} |",
                l.points,
                l.rule,
                l.count,
                l.severity.as_str(),
                l.category.as_str(),
                l.locations
                    .first()
                    .map(|s| md_escape(s))
                    .unwrap_or_default()
            );
        }
    }
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

fn grade_colour(score: f64) -> &'static str {
    match score {
        s if s >= 90.0 => "#2e7d32",
        s if s >= 80.0 => "#689f38",
        s if s >= 70.0 => "#f9a825",
        s if s >= 60.0 => "#ef6c00",
        _ => "#c62828",
    }
}

/// A horizontal bar as inline SVG, `score` of 100 wide.
fn bar(score: f64) -> String {
    format!(
        "<svg width=\"120\" height=\"10\" role=\"img\" aria-label=\"{score:.1}\"><rect width=\"120\" height=\"10\" fill=\"#eee\"/><rect width=\"{:.1}\" height=\"10\" fill=\"{}\"/></svg>",
        score * 1.2,
        grade_colour(score)
    )
}

/// One self-contained page: no scripts, styles inline, charts as inline SVG.
pub fn render_scorecard_html(apis: &[ApiScore], portfolio: &Portfolio) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>API scorecard</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}.g{font-weight:bold;color:#fff;padding:.1em .5em;border-radius:3px}details{margin:.5em 0}</style></head><body>\n<h1>API scorecard</h1>\n",
    );
    let _ = writeln!(
        out,
        "<p>{} API(s), mean score <strong>{:.1}</strong> <span class=\"g\" style=\"background:{}\">{}</span></p>",
        portfolio.apis,
        portfolio.score,
        grade_colour(portfolio.score),
        xml(&portfolio.grade)
    );
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
        let h = 90.0 * *n as f64 / max as f64;
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
    out.push_str("</svg>\n<table><tr><th>API</th><th>Score</th><th>Grade</th>");
    for (c, _) in &portfolio.categories {
        let _ = write!(out, "<th>{}</th>", c.as_str());
    }
    out.push_str("</tr>\n");
    for a in apis {
        let _ = write!(
            out,
            "<tr><td><a href=\"#{}\">{}</a></td><td class=\"n\">{:.1}{}</td><td><span class=\"g\" style=\"background:{}\">{}</span></td>",
            anchor(&a.name),
            xml(&a.name),
            a.score,
            a.delta().map(|d| format!(" <small>({d:+.1})</small>")).unwrap_or_default(),
            grade_colour(a.score),
            xml(&a.grade)
        );
        for c in &a.categories {
            let _ = write!(out, "<td class=\"n\">{:.1} {}</td>", c.score, bar(c.score));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    for a in apis {
        let _ = writeln!(
            out,
            "<h2 id=\"{}\">{} — {:.1} {}</h2><p>{} operation(s)</p>",
            anchor(&a.name),
            xml(&a.name),
            a.score,
            xml(&a.grade),
            a.operations
        );
        if a.losses.is_empty() {
            out.push_str("<p>No points lost.</p>\n");
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
    }
    out.push_str("</body></html>\n");
    out
}

fn anchor(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
