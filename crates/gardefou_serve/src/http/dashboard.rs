//! The dashboard: server-rendered pages with nothing to fetch (styles and charts inline, no
//! script needed; a few inline lines sort the table). Every name and message is escaped.

use std::collections::HashMap;
use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;

use super::{auth, blocking, ApiError, Shared};
use crate::db::{ApiFilter, RunRow};
use crate::token::Scope;

/// HTML-escapes text for element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Percent-encodes a path segment or query value.
fn url(s: &str) -> String {
    let mut o = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            o.push(b as char);
        } else {
            let _ = write!(o, "%{b:02X}");
        }
    }
    o
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}\
table{border-collapse:collapse;width:100%}th,td{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}\
th{cursor:pointer;background:#f4f5f7}.n{text-align:right}.A{color:#1a7f37}.B{color:#4c8c2b}.C{color:#9a6700}.D{color:#bc4c00}.F{color:#cf222e}\
.card{display:inline-block;border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:0 .6rem .6rem 0}\
.card b{display:block;font-size:1.6rem}.bad{color:#cf222e}.good{color:#1a7f37}code{font-size:.9em}";

const SORT: &str = "document.querySelectorAll('th').forEach(function(h,i){h.onclick=function(){\
var t=h.closest('table'),b=t.tBodies[0],r=Array.from(b.rows),d=h.dataset.d=h.dataset.d==='1'?'-1':'1';\
r.sort(function(x,y){var a=x.cells[i].dataset.v||x.cells[i].textContent,c=y.cells[i].dataset.v||y.cells[i].textContent;\
var n=parseFloat(a)-parseFloat(c);return (isNaN(n)?a.localeCompare(c):n)*d;});r.forEach(function(e){b.appendChild(e);});};});";

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} — gardefou</title>\
<meta name=\"viewport\" content=\"width=device-width\"><style>{STYLE}</style></head><body>{body}\
<script>{SORT}</script></body></html>",
        esc(title)
    ))
}

async fn allowed(state: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    if state.options.public_dashboard {
        return Ok(());
    }
    match auth::require(state, headers, Scope::Read).await {
        Ok(_) => Ok(()),
        Err(e) => {
            let body = format!(
                "<h1>{} {}</h1><p>{}</p><p>The dashboard needs a token with the scope \
<code>gardefou:read</code>, sent as <code>Authorization: Bearer …</code> or in the cookie \
<code>{}</code>; or start the service with <code>--public-dashboard</code>.</p>",
                e.status.as_u16(),
                esc(e.status.canonical_reason().unwrap_or("")),
                esc(&e.message),
                auth::COOKIE
            );
            let mut r = (e.status, page("Sign in", &body)).into_response();
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"gardefou\""),
            );
            Err(r)
        }
    }
}

/// A line chart of values 0–100 over time, as inline SVG.
fn chart(points: &[(String, f64)], label: &str) -> String {
    let (w, h) = (600.0, 160.0);
    let mut s = format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\
<rect width=\"{w}\" height=\"{h}\" fill=\"#fafbfc\" stroke=\"#ddd\"/>",
        esc(label)
    );
    if points.is_empty() {
        s.push_str("<text x=\"10\" y=\"80\">no runs yet</text></svg>");
        return s;
    }
    let step = if points.len() > 1 {
        (w - 40.0) / (points.len() - 1) as f64
    } else {
        0.0
    };
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            (
                20.0 + step * i as f64,
                h - 10.0 - (v.clamp(0.0, 100.0) / 100.0) * (h - 20.0),
            )
        })
        .collect();
    let path: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let _ = write!(
        s,
        "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"{}\"/>",
        path.join(" ")
    );
    for ((x, y), (at, v)) in xy.iter().zip(points) {
        let _ = write!(
            s,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"#0969da\"><title>{} {v:.1}</title></circle>",
            esc(at)
        );
    }
    s.push_str("</svg>");
    s
}

fn grade(g: &str) -> String {
    format!(
        "<span class=\"{}\">{}</span>",
        esc(&g.chars().take(1).collect::<String>()),
        esc(g)
    )
}

/// `GET /?label=&team=`: the portfolio.
pub(crate) async fn portfolio(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(r) = allowed(&state, &headers).await {
        return r;
    }
    let filter = ApiFilter {
        label: q.get("label").cloned().filter(|s| !s.is_empty()),
        team: q.get("team").cloned().filter(|s| !s.is_empty()),
    };
    let db = state.db.clone();
    let f = filter.clone();
    let data =
        blocking(move || Ok((db.apis(&f)?, db.trend(90)?, db.apis(&ApiFilter::default())?))).await;
    let (apis, trend, everything) = match data {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    let mut labels: Vec<&str> = everything
        .iter()
        .flat_map(|a| a.labels.iter().map(String::as_str))
        .collect();
    labels.sort_unstable();
    labels.dedup();
    let mut teams: Vec<&str> = everything
        .iter()
        .filter_map(|a| a.team.as_deref())
        .collect();
    teams.sort_unstable();
    teams.dedup();
    let latest: Vec<&RunRow> = apis.iter().filter_map(|a| a.latest.as_ref()).collect();
    let count = |s: &str| latest.iter().filter(|r| r.compliance == s).count();
    let mean = if latest.is_empty() {
        0.0
    } else {
        latest.iter().map(|r| r.score).sum::<f64>() / latest.len() as f64
    };
    let mut b = String::from("<h1>API portfolio</h1>");
    let _ = write!(
        b,
        "<div><span class=\"card\">APIs<b>{}</b></span><span class=\"card\">mean score<b>{mean:.1}</b></span>\
<span class=\"card good\">compliant<b>{}</b></span><span class=\"card bad\">non-compliant<b>{}</b></span>\
<span class=\"card\">not applicable<b>{}</b></span></div>",
        apis.len(),
        count("COMPLIANT"),
        count("NON-COMPLIANT"),
        count("NOT-APPLICABLE")
    );
    b.push_str("<form method=\"get\" action=\"/\"><label>label <select name=\"label\"><option value=\"\">any</option>");
    for l in &labels {
        let sel = if filter.label.as_deref() == Some(l) {
            " selected"
        } else {
            ""
        };
        let _ = write!(b, "<option value=\"{0}\"{sel}>{0}</option>", esc(l));
    }
    b.push_str(
        "</select></label> <label>team <select name=\"team\"><option value=\"\">any</option>",
    );
    for t in &teams {
        let sel = if filter.team.as_deref() == Some(t) {
            " selected"
        } else {
            ""
        };
        let _ = write!(b, "<option value=\"{0}\"{sel}>{0}</option>", esc(t));
    }
    b.push_str("</select></label> <button>filter</button></form>");
    let score_points: Vec<(String, f64)> =
        trend.iter().map(|(d, s, _, _)| (d.clone(), *s)).collect();
    let compliant_points: Vec<(String, f64)> = trend
        .iter()
        .map(|(d, _, c, _)| (d.clone(), c * 100.0))
        .collect();
    let _ = write!(
        b,
        "<h2>Trend (all APIs, per day)</h2><p>Mean score of the day's runs</p>{}<p>Share of the day's runs not non-compliant (%)</p>{}",
        chart(&score_points, "mean score per day"),
        chart(&compliant_points, "compliant share per day")
    );
    let mut ranked: Vec<_> = apis.iter().filter(|a| a.latest.is_some()).collect();
    ranked.sort_by(|x, y| {
        let (a, c) = (
            x.latest.as_ref().map_or(0.0, |r| r.score),
            y.latest.as_ref().map_or(0.0, |r| r.score),
        );
        c.total_cmp(&a).then_with(|| x.name.cmp(&y.name))
    });
    b.push_str("<h2>APIs by score</h2><table><thead><tr><th>API</th><th>team</th><th>labels</th><th class=\"n\">score</th>\
<th>grade</th><th class=\"n\">change</th><th>compliance</th><th>stage</th><th class=\"n\">runs</th><th>last run</th></tr></thead><tbody>");
    for a in ranked {
        let r = a.latest.as_ref().expect("filtered");
        let change = a.previous_score.map(|p| r.score - p);
        let _ = write!(
            b,
            "<tr><td><a href=\"/apis/{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"n\">{:.1}</td><td>{}</td>\
<td class=\"n\" data-v=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            url(&a.name),
            esc(&a.name),
            esc(a.team.as_deref().unwrap_or("")),
            esc(&a.labels.join(", ")),
            r.score,
            grade(&r.grade),
            change.unwrap_or(0.0),
            change.map_or(String::new(), |c| format!("{c:+.1}")),
            esc(&r.compliance),
            esc(&r.stage),
            a.runs,
            esc(&r.created_at)
        );
    }
    b.push_str("</tbody></table>");
    page("API portfolio", &b).into_response()
}

/// `GET /apis/{name}`: one API's history, latest findings and policies.
pub(crate) async fn api_page(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    if let Err(r) = allowed(&state, &headers).await {
        return r;
    }
    let db = state.db.clone();
    let key = name.clone();
    let data = blocking(move || Ok((db.api(&key)?, db.history(&key, 200, 0)?))).await;
    let (found, (runs, _)) = match data {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    let Some((row, latest)) = found else {
        let e = ApiError::new(StatusCode::NOT_FOUND, format!("no API named `{name}`"));
        return (
            e.status,
            page(
                "Not found",
                &format!(
                    "<h1>Not found</h1><p>{}</p><p><a href=\"/\">portfolio</a></p>",
                    esc(&e.message)
                ),
            ),
        )
            .into_response();
    };
    let mut b = format!(
        "<p><a href=\"/\">← portfolio</a></p><h1>{}</h1>",
        esc(&row.name)
    );
    if let Some(r) = &row.latest {
        let _ = write!(
            b,
            "<div><span class=\"card\">score<b>{:.1}</b></span><span class=\"card\">grade<b>{}</b></span>\
<span class=\"card\">compliance<b>{}</b></span><span class=\"card\">team<b>{}</b></span></div>",
            r.score,
            grade(&r.grade),
            esc(&r.compliance),
            esc(row.team.as_deref().unwrap_or("—"))
        );
    }
    let points: Vec<(String, f64)> = runs
        .iter()
        .rev()
        .map(|r| (r.created_at.clone(), r.score))
        .collect();
    let _ = write!(
        b,
        "<h2>Score history</h2>{}",
        chart(&points, "score per run")
    );
    let latest = latest.unwrap_or(Value::Null);
    b.push_str("<h2>Policies at the latest run</h2><table><thead><tr><th>policy</th><th>status</th><th class=\"n\">violations</th><th class=\"n\">blocking</th></tr></thead><tbody>");
    for p in latest
        .pointer("/compliance/policies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let v = &p["violations"];
        let total = ["error", "warn", "info"]
            .iter()
            .map(|k| v[k].as_u64().unwrap_or(0))
            .sum::<u64>();
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{total}</td><td class=\"n\">{}</td></tr>",
            esc(p["name"].as_str().unwrap_or("")),
            esc(p["status"].as_str().unwrap_or("")),
            p["blocking"].as_u64().unwrap_or(0)
        );
    }
    b.push_str("</tbody></table><h2>Policy violations at the latest run</h2><table><thead><tr><th>policy</th><th>ruleset</th><th>action</th><th>severity</th><th>rule</th><th>where</th><th>message</th></tr></thead><tbody>");
    for p in latest
        .pointer("/compliance/policies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for r in p["rulesets"].as_array().into_iter().flatten() {
            for v in r["findings"].as_array().into_iter().flatten() {
                let _ = write!(
                    b,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}:{}:{}</code></td><td>{}</td></tr>",
                    esc(p["name"].as_str().unwrap_or("")),
                    esc(r["name"].as_str().unwrap_or("")),
                    esc(v["action"].as_str().unwrap_or("")),
                    esc(v["severity"].as_str().unwrap_or("")),
                    esc(v["rule"].as_str().unwrap_or("")),
                    esc(v["file"].as_str().unwrap_or("")),
                    v["line"].as_u64().unwrap_or(0),
                    v["column"].as_u64().unwrap_or(0),
                    esc(v["message"].as_str().unwrap_or(""))
                );
            }
        }
    }
    b.push_str("</tbody></table><h2>Latest findings (scoring ruleset)</h2><table><thead><tr><th>severity</th><th>rule</th><th>where</th><th>message</th></tr></thead><tbody>");
    for f in latest
        .pointer("/findings/shown")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            esc(f["severity"].as_str().unwrap_or("")),
            esc(f["rule"].as_str().unwrap_or("")),
            esc(f["location"].as_str().unwrap_or("")),
            esc(f["message"].as_str().unwrap_or(""))
        );
    }
    b.push_str("</tbody></table><h2>Runs</h2><table><thead><tr><th>when</th><th>version</th><th>stage</th><th class=\"n\">score</th><th>grade</th><th>compliance</th><th>by</th></tr></thead><tbody>");
    for r in &runs {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{:.1}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.created_at),
            esc(r.version.as_deref().unwrap_or("")),
            esc(&r.stage),
            r.score,
            grade(&r.grade),
            esc(&r.compliance),
            esc(&r.actor)
        );
    }
    b.push_str("</tbody></table>");
    page(&row.name, &b).into_response()
}
