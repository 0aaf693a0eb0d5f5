//! The read side, in WSO2's vocabulary: APIs with their latest run and history, the
//! portfolio's compliance summary, the policies' adherence, the policies, rulesets and rule
//! docs. Lists are `{count, list, pagination: {offset, limit, total}}`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use gardefou_governance::AppliesTo;
use gardefou_linter::{Config, RuleSetting};
use serde_json::{json, Value};

use super::{auth, blocking, ApiError, Shared};
use crate::db::ApiFilter;
use crate::token::Scope;

type Q = Query<HashMap<String, String>>;

fn page(q: &HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    let num = |k: &str, default: usize, max: usize| -> Result<usize, ApiError> {
        match q.get(k) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        format!("`{k}` must be a whole number from 0 to {max}"),
                    )
                }),
        }
    };
    Ok((num("limit", 25, 1000)?, num("offset", 0, usize::MAX / 2)?))
}

fn list(items: Vec<Value>, offset: usize, limit: usize, total: usize) -> Value {
    json!({
        "count": items.len(),
        "list": items,
        "pagination": {"offset": offset, "limit": limit, "total": total},
    })
}

/// `GET /api/v1/health`: no token needed; says the database answers.
pub(crate) async fn health(State(state): State<Shared>) -> Result<Json<Value>, ApiError> {
    let db = state.db.clone();
    let runs = blocking(move || Ok(db.count_runs(None)?)).await?;
    Ok(Json(
        json!({"status": "ok", "runs": runs, "schema_version": crate::SCHEMA_VERSION}),
    ))
}

/// `GET /api/v1/apis?label=&team=&limit=&offset=`.
pub(crate) async fn apis(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Q,
) -> Result<Json<Value>, ApiError> {
    auth::require(&state, &headers, Scope::Read).await?;
    let (limit, offset) = page(&q)?;
    let filter = ApiFilter {
        label: q.get("label").cloned().filter(|s| !s.is_empty()),
        team: q.get("team").cloned().filter(|s| !s.is_empty()),
    };
    let db = state.db.clone();
    let all = blocking(move || Ok(db.apis(&filter)?)).await?;
    let total = all.len();
    let items = all
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|a| serde_json::to_value(a).unwrap_or(Value::Null))
        .collect();
    Ok(Json(list(items, offset, limit, total)))
}

fn no_api(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no API named `{name}` in the history"),
    )
}

/// `GET /api/v1/apis/{name}`: the API, its latest run's answer and the policies that applied.
pub(crate) async fn api(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    auth::require(&state, &headers, Scope::Read).await?;
    let db = state.db.clone();
    let key = name.clone();
    let found = blocking(move || Ok(db.api(&key)?)).await?;
    let Some((row, latest)) = found else {
        return Err(no_api(&name));
    };
    let mut v = serde_json::to_value(row).unwrap_or(Value::Null);
    v["latest_result"] = latest.unwrap_or(Value::Null);
    Ok(Json(v))
}

/// `GET /api/v1/apis/{name}/history?limit=&offset=`: runs, newest first.
pub(crate) async fn history(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(q): Q,
) -> Result<Json<Value>, ApiError> {
    auth::require(&state, &headers, Scope::Read).await?;
    let (limit, offset) = page(&q)?;
    let db = state.db.clone();
    let key = name.clone();
    let (runs, total) = blocking(move || Ok(db.history(&key, limit, offset)?)).await?;
    if total == 0 {
        return Err(no_api(&name));
    }
    let items = runs
        .into_iter()
        .map(|r| serde_json::to_value(r).unwrap_or(Value::Null))
        .collect();
    Ok(Json(list(items, offset, limit, total as usize)))
}

/// `GET /api/v1/artifact-compliance/summary`: APIs by the compliance of their latest run
/// (WSO2's `ArtifactComplianceSummary`).
pub(crate) async fn compliance_summary(
    State(state): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    auth::require(&state, &headers, Scope::Read).await?;
    let db = state.db.clone();
    let counts = blocking(move || Ok(db.compliance_counts()?)).await?;
    let get = |s: &str| counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    Ok(Json(json!({
        "total": total,
        "compliant": get("COMPLIANT"),
        "nonCompliant": get("NON-COMPLIANT"),
        "notApplicable": get("NOT-APPLICABLE"),
        "pending": state.jobs_pending(),
    })))
}

/// `GET /api/v1/policy-adherence`: each policy over the APIs' latest runs (WSO2's
/// `PolicyAdherenceStatus`), and the summary.
pub(crate) async fn policy_adherence(
    State(state): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    auth::require(&state, &headers, Scope::Read).await?;
    let db = state.db.clone();
    let counts = blocking(move || Ok(db.policy_counts()?)).await?;
    let mut names: Vec<String> = state
        .engine
        .governance()
        .map(|g| g.policies.iter().map(|p| p.name.clone()).collect())
        .unwrap_or_default();
    // Policies seen in the history that the ruleset no longer has still show.
    for (p, ..) in &counts {
        if !names.contains(p) {
            names.push(p.clone());
        }
    }
    let (mut followed, mut violated, mut unapplied) = (0, 0, 0);
    let items: Vec<Value> = names
        .iter()
        .map(|name| {
            let (c, v, apis) = counts
                .iter()
                .find(|(p, ..)| p == name)
                .map_or((0, 0, Vec::new()), |(_, c, v, a)| (*c, *v, a.clone()));
            let status = if c + v == 0 {
                unapplied += 1;
                "UNAPPLIED"
            } else if v > 0 {
                violated += 1;
                "VIOLATED"
            } else {
                followed += 1;
                "FOLLOWED"
            };
            json!({
                "name": name,
                "status": status,
                "artifactComplianceSummary": {"compliant": c, "nonCompliant": v},
                "violatingApis": apis,
            })
        })
        .collect();
    let total = items.len();
    let mut v = list(items, 0, total, total);
    v["summary"] =
        json!({"total": total, "followed": followed, "violated": violated, "unApplied": unapplied});
    Ok(Json(v))
}

/// `GET /api/v1/policies`: the policies of the ruleset file.
pub(crate) async fn policies(
    State(state): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    auth::require(&state, &headers, Scope::Read).await?;
    let items: Vec<Value> = state
        .engine
        .governance()
        .map(|g| {
            g.policies
                .iter()
                .zip(&g.bound)
                .map(|(p, bound)| {
                    json!({
                        "name": p.name,
                        "description": p.description,
                        "builtin": p.builtin,
                        "appliesTo": match &p.applies_to {
                            AppliesTo::All => json!({"all": true, "labels": []}),
                            AppliesTo::Labels(l) => json!({"all": false, "labels": l}),
                        },
                        "stages": p.stages,
                        "rulesets": bound.iter().map(|b| json!({
                            "name": g.ruleset(*b).name,
                            "target": b.target.as_str(),
                        })).collect::<Vec<_>>(),
                        "actions": p.actions.iter().map(|a| json!({
                            "stage": a.stage,
                            "severity": a.severity,
                            "action": a.action.as_str(),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let n = items.len();
    Ok(Json(list(items, 0, n, n)))
}

fn active_rules(c: &Config) -> Vec<&str> {
    c.rules()
        .filter(|(_, a)| a.setting != RuleSetting::Off)
        .map(|(id, _)| id)
        .collect()
}

/// `GET /api/v1/rulesets`: the scoring ruleset and every ruleset the policies use.
pub(crate) async fn rulesets(
    State(state): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    auth::require(&state, &headers, Scope::Read).await?;
    let e = &state.engine;
    let mut items = vec![json!({
        "name": e.ruleset(),
        "use": "score",
        "target": e.config().target().as_str(),
        "rules": active_rules(e.config()),
    })];
    for r in e.governance().iter().flat_map(|g| &g.rulesets) {
        items.push(json!({
            "name": r.name,
            "use": "policy",
            "target": r.config.target().as_str(),
            "rules": active_rules(&r.config),
        }));
    }
    let n = items.len();
    Ok(Json(list(items, 0, n, n)))
}

/// `GET /api/v1/rules/{id}`: a rule's docs, from the first ruleset in use that has it.
pub(crate) async fn rule(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    auth::require(&state, &headers, Scope::Read).await?;
    let e = &state.engine;
    let configs: Vec<&Config> = std::iter::once(e.config())
        .chain(
            e.governance()
                .iter()
                .flat_map(|g| g.rulesets.iter().map(|r| &r.config)),
        )
        .collect();
    let config = configs
        .iter()
        .find(|c| c.rules().any(|(r, _)| r == id))
        .copied();
    let Some(config) = config.or_else(|| gardefou_linter::find_rule(&id).map(|_| e.config()))
    else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no rule `{id}` in the rulesets in use"),
        ));
    };
    let (summary, help, url, category, severity) = config.describe(&id);
    let setting = match config.setting(&id) {
        RuleSetting::Off => "off",
        RuleSetting::On(s) => s.as_str(),
    };
    Ok(Json(json!({
        "id": id,
        "summary": summary,
        "description": help,
        "documentationUrl": url,
        "category": category.as_str(),
        "defaultSeverity": severity.as_str(),
        "setting": setting,
    })))
}
