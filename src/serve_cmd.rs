//! `gardefou serve` (the validation endpoint, the compliance history, the dashboard) and
//! `gardefou token` (bearer tokens for it). The service itself is `gardefou_serve`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use gardefou_report::text::plain;
use gardefou_serve::{Db, Engine, Scope, ServeOptions};

use crate::cli::FunctionLimits;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The ruleset file: its rules score every submission, its `policies:` decide compliance.
    /// Default: the nearest .gardefou.yaml (or .spectral.yaml|yml|json) from the current
    /// directory upwards, else gardefou:recommended.
    #[arg(short = 'c', long = "config", visible_alias = "ruleset")]
    pub config: Option<PathBuf>,
    /// The history database (SQLite; created and migrated when needed).
    #[arg(long, default_value = "gardefou.db")]
    pub db: PathBuf,
    /// Address and port to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The largest request body accepted, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_body: usize,
    /// How long one validation may take, in seconds (longer: the run fails with 422).
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub time_budget: f64,
    /// Validations run at the same time. Default: the number of CPUs.
    #[arg(long)]
    pub workers: Option<usize>,
    /// Validations that may wait beyond those running (more: 503 with Retry-After).
    #[arg(long, default_value_t = 64)]
    pub queue: usize,
    /// How long a request waits for its validation before answering 202 with a URL to poll,
    /// in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub wait: f64,
    /// Open the dashboard pages (not the REST API) to anyone who can reach the service.
    #[arg(long)]
    pub public_dashboard: bool,
    #[command(flatten)]
    pub functions: FunctionLimits,
}

#[derive(Args, Debug)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Make a bearer token; it is printed once, only its SHA-256 is stored.
    Create {
        /// The history database.
        #[arg(long, default_value = "gardefou.db")]
        db: PathBuf,
        /// What it may do: gardefou:validate, gardefou:read, gardefou:admin (comma-separated).
        #[arg(long, value_delimiter = ',', required = true, value_parser = scope)]
        scope: Vec<String>,
        /// Who or what it is for (shown in the audit log).
        #[arg(long)]
        name: String,
    },
    /// Revoke a token by its id (`token create` prints it).
    Revoke {
        /// The history database.
        #[arg(long, default_value = "gardefou.db")]
        db: PathBuf,
        /// The token's id.
        #[arg(long)]
        id: i64,
    },
}

fn scope(s: &str) -> Result<String, String> {
    Scope::parse(s)
        .map(|sc| sc.as_str().to_string())
        .ok_or_else(|| "expected gardefou:validate, gardefou:read or gardefou:admin".into())
}

fn seconds(flag: &str, s: f64) -> Result<Duration> {
    anyhow::ensure!(
        s.is_finite() && s > 0.0 && s <= 86_400.0,
        "{flag} must be a number of seconds above 0 and at most 86400, not {s}"
    );
    Ok(Duration::from_secs_f64(s))
}

pub fn token(args: TokenArgs) -> Result<u8> {
    match args.command {
        TokenCommand::Create { db, scope, name } => {
            let db = Db::open(&db)?;
            let scopes: Vec<Scope> = scope.iter().filter_map(|s| Scope::parse(s)).collect();
            let (token, info) = db.create_token(&name, &scopes)?;
            crate::output::stdout(&format!("{token}\n"))?;
            crate::output::stderr(&format!(
                "gardefou: token {} `{}` with {} (shown once; only its hash is stored)",
                info.id,
                plain(&info.name),
                scope.join(", ")
            ));
            Ok(0)
        }
        TokenCommand::Revoke { db, id } => {
            let db = Db::open(&db)?;
            anyhow::ensure!(db.revoke_token(id)?, "no active token {id}");
            crate::output::stderr(&format!("gardefou: token {id} revoked"));
            Ok(0)
        }
    }
}

pub fn run(args: ServeArgs) -> Result<u8> {
    let ruleset = args
        .config
        .clone()
        .or_else(|| gardefou_linter::discover::find_ruleset(&std::env::current_dir().ok()?));
    let config = crate::lint::load_config(ruleset.clone(), args.functions.limits(), None)?;
    let name = crate::filters::ruleset_name(&config, ruleset.as_deref());
    let settings = gardefou_governance::LoadSettings {
        js_limits: args.functions.limits(),
        remote: None,
    };
    let engine = Engine::new(config, name.clone(), &settings)?;
    let options = ServeOptions {
        max_body: args.max_body,
        time_budget: seconds("--time-budget", args.time_budget)?,
        workers: args
            .workers
            .unwrap_or_else(|| ServeOptions::default().workers)
            .max(1),
        queue: args.queue,
        wait: seconds("--wait", args.wait)?,
        public_dashboard: args.public_dashboard,
    };
    let db = Db::open(&args.db)?;
    let listener = std::net::TcpListener::bind(&args.listen)
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr().context("no local address")?;
    crate::output::stderr(&format!(
        "gardefou: serving on http://{addr} (ruleset {}, database {}, {} worker(s), queue {})",
        plain(&name),
        plain(&args.db.display().to_string()),
        options.workers,
        options.queue
    ));
    gardefou_serve::serve(
        listener,
        Arc::new(engine),
        Arc::new(db),
        options,
        gardefou_serve::signal(),
    )
    .context("the service stopped")?;
    crate::output::stderr("gardefou: stopped; every queued validation was finished");
    Ok(0)
}

/// `gardefou score|check … --history DB`: each API under `paths` evaluated and scored as the
/// service does (same rows, source `cli`), recorded in `db`. The actor is `GARDEFOU_ACTOR`,
/// else `GITLAB_USER_LOGIN`, else `USER`, else `cli`. Returns how many runs were recorded.
pub fn record(
    db: &std::path::Path,
    config: &gardefou_linter::Config,
    ruleset: &str,
    paths: &[PathBuf],
    stage: gardefou_governance::Stage,
    limits: gardefou_linter::JsLimits,
) -> Result<usize> {
    let settings = gardefou_governance::LoadSettings {
        js_limits: limits,
        remote: None,
    };
    let engine = Engine::new(config.clone(), ruleset.to_string(), &settings)?;
    let history = Db::open(db)?;
    let actor = ["GARDEFOU_ACTOR", "GITLAB_USER_LOGIN", "USER"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "cli".to_string());
    let files = gardefou_governance::discover(paths, engine.max_file_size())?;
    let mut recorded = 0;
    for f in files {
        let shown = f.path.display().to_string();
        let sub = gardefou_serve::Submission {
            name: String::new(),
            version: None,
            stage,
            labels: Vec::new(),
            team: None,
            kind: gardefou_serve::SubmissionKind::Yaml,
            body: Vec::new(),
        };
        match engine.evaluate(f, None, &sub) {
            Ok(v) => {
                let id = gardefou_serve::new_run_id();
                history
                    .insert_run(&id, &gardefou_serve::now_rfc3339(), "cli", &actor, &v)
                    .with_context(|| format!("cannot record {shown}"))?;
                recorded += 1;
            }
            // What cannot be read is reported by the command itself; it has no run.
            Err(_) => continue,
        }
    }
    crate::output::stderr(&format!(
        "gardefou: {recorded} run(s) recorded in {}",
        plain(&db.display().to_string())
    ));
    Ok(recorded)
}
