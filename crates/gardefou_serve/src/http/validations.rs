//! `POST /api/v1/validations` and `GET /api/v1/validations/{id}`: a bounded queue in front of
//! a fixed number of workers. A request waits up to `wait` for its run; after that it gets
//! `202` and the URL to poll. A run is acknowledged (`201`, or `200` when polled) only once
//! it is committed to the history.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use tokio::sync::{oneshot, Notify, Semaphore};

use super::{auth, blocking, ApiError, Shared};
use crate::engine::{EngineError, Submission, SubmissionKind};
use crate::token::Scope;
use gardefou_governance::Stage;

/// Where a run is.
#[derive(Clone, Debug)]
enum Job {
    Queued,
    Running,
    Failed(u16, Value),
}

/// The runs not yet stored, and the workers.
pub(crate) struct Jobs {
    map: Mutex<HashMap<String, Job>>,
    pending: AtomicUsize,
    workers: Arc<Semaphore>,
    idle: Notify,
}

impl Jobs {
    pub(crate) fn new(workers: usize) -> Jobs {
        Jobs {
            map: Mutex::new(HashMap::new()),
            pending: AtomicUsize::new(0),
            workers: Arc::new(Semaphore::new(workers)),
            idle: Notify::new(),
        }
    }

    fn set(&self, id: &str, job: Option<Job>) {
        let mut m = self.map.lock().unwrap_or_else(|p| p.into_inner());
        match job {
            Some(j) => {
                m.insert(id.to_string(), j);
            }
            None => {
                m.remove(id);
            }
        }
    }

    fn get(&self, id: &str) -> Option<Job> {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    /// Runs queued or running.
    pub(crate) fn pending(&self) -> usize {
        self.pending.load(Ordering::SeqCst)
    }

    /// Completes when no run is queued or running.
    pub(crate) async fn drained(&self) {
        loop {
            let idle = self.idle.notified();
            if self.pending.load(Ordering::SeqCst) == 0 {
                return;
            }
            idle.await;
        }
    }
}

/// The answer to a run: its status and body.
type Outcome = (StatusCode, Value);

/// The most labels a submission may carry, and the longest name, version, label or team.
const MAX_LABELS: usize = 50;
const MAX_TEXT: usize = 200;

fn text_param(
    q: &HashMap<String, String>,
    key: &str,
    required: bool,
) -> Result<Option<String>, ApiError> {
    let bad = |why: String| ApiError::new(StatusCode::BAD_REQUEST, why);
    match q.get(key).map(|s| s.trim()) {
        None | Some("") if required => Err(bad(format!("the query parameter `{key}` is required"))),
        None | Some("") => Ok(None),
        Some(v) if v.chars().count() > MAX_TEXT => {
            Err(bad(format!("`{key}` is longer than {MAX_TEXT} characters")))
        }
        Some(v) if v.chars().any(char::is_control) => {
            Err(bad(format!("`{key}` contains control characters")))
        }
        Some(v) => Ok(Some(v.to_string())),
    }
}

fn submission(q: &HashMap<String, String>, headers: &HeaderMap) -> Result<Submission, ApiError> {
    let known = ["name", "version", "stage", "labels", "team"];
    if let Some(k) = q.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("unknown query parameter `{k}`"),
        )
        .describe(format!("known: {}", known.join(", "))));
    }
    let name = text_param(q, "name", true)?.unwrap_or_default();
    let stage = match text_param(q, "stage", false)? {
        None => Stage::Publish,
        Some(s) => Stage::parse(&s.to_ascii_lowercase()).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("unknown stage `{s}`: expected create, update, deploy or publish"),
            )
        })?,
    };
    let labels: Vec<String> = text_param(q, "labels", false)?
        .map(|l| {
            l.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if labels.len() > MAX_LABELS {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("more than {MAX_LABELS} labels"),
        ));
    }
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let kind = match media.as_str() {
        "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml" => {
            SubmissionKind::Yaml
        }
        "application/json" => SubmissionKind::Json,
        "application/zip" | "application/x-zip-compressed" => SubmissionKind::Zip,
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                if other.is_empty() {
                    "no Content-Type".to_string()
                } else {
                    format!("unsupported Content-Type `{other}`")
                },
            )
            .describe("send the definition as application/yaml or application/json, or an apictl project as application/zip"))
        }
    };
    Ok(Submission {
        name,
        version: text_param(q, "version", false)?,
        stage,
        labels,
        team: text_param(q, "team", false)?,
        kind,
        body: Vec::new(),
    })
}

/// `POST /api/v1/validations`.
pub(crate) async fn submit(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    body: Body,
) -> Result<Response, ApiError> {
    let token = auth::require(&state, &headers, Scope::Validate).await?;
    let mut sub = submission(&q, &headers)?;
    let limit = state.options.max_body.min(state.engine.max_file_size());
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than the limit of {limit} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    sub.body = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| too_large())?
        .to_vec();
    if sub.body.is_empty() {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "the body is empty")
            .describe("send the OpenAPI definition as the body"));
    }
    let jobs = &state.jobs;
    let capacity = state.options.workers.max(1) + state.options.queue;
    // Reserve a place in the queue, or refuse.
    if jobs
        .pending
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < capacity).then_some(n + 1)
        })
        .is_err()
    {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the validation queue is full ({capacity} runs); retry later"),
        )
        .header(header::RETRY_AFTER, "5"));
    }
    let id = crate::token::new_id();
    jobs.set(&id, Some(Job::Queued));
    let (tx, rx) = oneshot::channel::<Outcome>();
    let worker_state = state.clone();
    let worker_id = id.clone();
    tokio::spawn(async move {
        let outcome = run(&worker_state, &worker_id, sub, token.name).await;
        match &outcome {
            (StatusCode::OK, _) => worker_state.jobs.set(&worker_id, None),
            (s, v) => worker_state
                .jobs
                .set(&worker_id, Some(Job::Failed(s.as_u16(), v.clone()))),
        }
        worker_state.jobs.pending.fetch_sub(1, Ordering::SeqCst);
        worker_state.jobs.idle.notify_waiters();
        let _ = tx.send(outcome);
    });
    let href = format!("/api/v1/validations/{id}");
    match tokio::time::timeout(state.options.wait, rx).await {
        Ok(Ok((StatusCode::OK, v))) => {
            Ok((StatusCode::CREATED, [(header::LOCATION, href)], Json(v)).into_response())
        }
        Ok(Ok((status, v))) => Ok((status, Json(v)).into_response()),
        Ok(Err(_)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error (a bug): the run was lost",
        )),
        Err(_) => Ok(accepted(&id, jobs.get(&id))),
    }
}

fn accepted(id: &str, job: Option<Job>) -> Response {
    let status = match job {
        Some(Job::Running) => "running",
        _ => "queued",
    };
    let href = format!("/api/v1/validations/{id}");
    (
        StatusCode::ACCEPTED,
        [
            (header::LOCATION, href.clone()),
            (header::RETRY_AFTER, "1".to_string()),
        ],
        Json(json!({"id": id, "status": status, "href": href})),
    )
        .into_response()
}

/// Waits for a worker, validates within the time budget, stores the run.
async fn run(state: &Shared, id: &str, sub: Submission, actor: String) -> Outcome {
    let Ok(permit) = state.jobs.workers.clone().acquire_owned().await else {
        return failure(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "shutting down",
        ));
    };
    state.jobs.set(id, Some(Job::Running));
    let engine = state.engine.clone();
    // The worker keeps its permit until the linter returns, even past the budget: a slow
    // document never lets more validations run at once than there are workers.
    let work = tokio::task::spawn_blocking(move || {
        let r = engine.validate(&sub);
        drop(permit);
        r
    });
    let budget = state.options.time_budget;
    let validation = match tokio::time::timeout(budget, work).await {
        Err(_) => {
            return failure(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "the validation took longer than the time budget of {} s",
                    budget.as_secs_f64()
                ),
            ))
        }
        Ok(Err(_)) => {
            return failure(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error (a bug): the validation stopped unexpectedly",
            ))
        }
        Ok(Ok(Err(e))) => return failure(engine_error(e)),
        Ok(Ok(Ok(v))) => v,
    };
    let db = state.db.clone();
    let id = id.to_string();
    let stored = blocking(move || {
        let at = crate::time::now_rfc3339();
        db.insert_run(&id, &at, "serve", &actor, &validation)?;
        let mut result = validation.result;
        if let Value::Object(m) = &mut result {
            m.insert("id".into(), Value::String(id.clone()));
            m.insert("created_at".into(), Value::String(at));
            m.insert("status".into(), Value::String("done".into()));
        }
        Ok(result)
    })
    .await;
    match stored {
        Ok(v) => (StatusCode::OK, v),
        Err(e) => failure(e),
    }
}

fn failure(e: ApiError) -> Outcome {
    let mut body = e.body();
    body["status"] = json!("failed");
    (e.status, body)
}

fn engine_error(e: EngineError) -> ApiError {
    match e {
        EngineError::Unreadable(problems) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the definition cannot be validated",
        )
        .describe(problems.join("\n")),
        EngineError::Invalid(m) => ApiError::new(StatusCode::BAD_REQUEST, m),
        e => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// `GET /api/v1/validations/{id}`: `202` while queued or running, then the stored run
/// (`200`) or what went wrong.
pub(crate) async fn poll(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    auth::require_any(&state, &headers, &[Scope::Validate, Scope::Read]).await?;
    match state.jobs.get(&id) {
        Some(Job::Failed(status, v)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return Ok((status, Json(v)).into_response());
        }
        Some(job) => return Ok(accepted(&id, Some(job))),
        None => {}
    }
    let db = state.db.clone();
    let key = id.clone();
    match blocking(move || Ok(db.run(&key)?)).await? {
        Some(run) => {
            let mut v = run.result;
            v["status"] = json!("done");
            Ok((StatusCode::OK, Json(v)).into_response())
        }
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no validation `{id}`"),
        )),
    }
}
