//! The HTTP side: routes, errors in WSO2's shape (`{code, message, description}`), bearer
//! tokens with scopes, and the lifecycle (graceful shutdown drains the queue).

mod auth;
mod dashboard;
mod read;
mod validations;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use crate::db::{Db, DbError};
use crate::engine::Engine;

/// How the service runs.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The largest request body accepted (bytes); larger ones get `413`.
    pub max_body: usize,
    /// How long one validation may take; past it the run fails with `422`.
    pub time_budget: Duration,
    /// Validations run at the same time (the others wait in the queue).
    pub workers: usize,
    /// Validations that may wait beyond those running; past it, `503` with `Retry-After`.
    pub queue: usize,
    /// How long a request waits for its validation before answering `202` and a URL to poll.
    pub wait: Duration,
    /// Whether the dashboard pages (not the API) are open without a token.
    pub public_dashboard: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            max_body: 10 * 1024 * 1024,
            time_budget: Duration::from_secs(60),
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue: 64,
            wait: Duration::from_secs(10),
            public_dashboard: false,
        }
    }
}

/// What every handler shares.
pub(crate) struct State {
    pub(crate) engine: Arc<Engine>,
    pub(crate) db: Arc<Db>,
    pub(crate) options: ServeOptions,
    pub(crate) jobs: validations::Jobs,
}

pub(crate) type Shared = Arc<State>;

/// An error answer: `{code, message, description}` with an HTTP status.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    pub(crate) description: Option<String>,
    pub(crate) headers: Vec<(header::HeaderName, String)>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            description: None,
            headers: Vec::new(),
        }
    }

    pub(crate) fn describe(mut self, d: impl Into<String>) -> ApiError {
        self.description = Some(d.into());
        self
    }

    pub(crate) fn header(mut self, name: header::HeaderName, value: impl Into<String>) -> ApiError {
        self.headers.push((name, value.into()));
        self
    }

    pub(crate) fn body(&self) -> serde_json::Value {
        json!({
            "code": self.status.as_u16(),
            "message": self.message,
            "description": self.description,
        })
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        if e.is_unavailable() {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the history database cannot be written now",
            )
            .describe(e.to_string())
            .header(header::RETRY_AFTER, "30")
        } else {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "history database error")
                .describe(e.to_string())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, axum::Json(self.body())).into_response();
        for (name, value) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                r.headers_mut().insert(name, v);
            }
        }
        r
    }
}

/// Runs blocking work (SQLite, the linter) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|_| {
        Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error (a bug): a worker stopped unexpectedly",
        ))
    })
}

fn router(state: Shared) -> Router {
    Router::new()
        .route("/api/v1/validations", post(validations::submit))
        .route("/api/v1/validations/{id}", get(validations::poll))
        .route("/api/v1/apis", get(read::apis))
        .route("/api/v1/apis/{name}", get(read::api))
        .route("/api/v1/apis/{name}/history", get(read::history))
        .route(
            "/api/v1/artifact-compliance/summary",
            get(read::compliance_summary),
        )
        .route("/api/v1/policy-adherence", get(read::policy_adherence))
        .route("/api/v1/policies", get(read::policies))
        .route("/api/v1/rulesets", get(read::rulesets))
        .route("/api/v1/rules/{id}", get(read::rule))
        .route("/api/v1/health", get(read::health))
        .route("/", get(dashboard::portfolio))
        .route("/apis/{name}", get(dashboard::api_page))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such endpoint") })
        .with_state(state)
}

/// Serves on `listener` until `shutdown` completes, then stops accepting requests, lets the
/// ones in flight finish and drains the validation queue. Blocks the calling thread.
pub fn serve(
    listener: std::net::TcpListener,
    engine: Arc<Engine>,
    db: Arc<Db>,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let workers = options.workers.max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(64 * 1024 * 1024)
        .max_blocking_threads(workers + 16)
        .build()?;
    // The database is dropped here, after the runtime: a PostgreSQL connection owns a small
    // runtime of its own, which may not be dropped from an async task.
    let keep = db.clone();
    let served = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let state = Arc::new(State {
            engine,
            db,
            jobs: validations::Jobs::new(workers),
            options,
        });
        let app = router(state.clone());
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await?;
        state.jobs.drained().await;
        Ok(())
    });
    drop(runtime);
    drop(keep);
    served
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

impl State {
    /// Runs queued or running now.
    pub(crate) fn jobs_pending(&self) -> usize {
        self.jobs.pending()
    }
}
