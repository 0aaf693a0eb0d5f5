//! `gardefou serve` (the validation endpoint, the compliance history, the dashboard) and
//! `gardefou token` (bearer tokens for it). The service itself is `gardefou_serve`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use gardefou_report::text::plain;
use gardefou_serve::{Db, Engine, Location, Scope, ServeOptions};

use crate::cli::{ServeArgs, TokenArgs, TokenCommand};

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
            let db = Db::connect(&Location::from_arg(&db))?;
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
            let db = Db::connect(&Location::from_arg(&db))?;
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
    let db = Db::connect(&Location::from_arg(&args.db))?;
    let listener = std::net::TcpListener::bind(&args.listen)
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr().context("no local address")?;
    crate::output::stderr(&format!(
        "gardefou: serving on http://{addr} (ruleset {}, database {}, {} worker(s), queue {})",
        plain(&name),
        plain(db.name()),
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

/// `gardefou score|check … --history DB` (a SQLite file or a PostgreSQL URL): each API under `paths` evaluated and scored as the
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
    let history = Db::connect(&Location::from_arg(db))?;
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
        plain(history.name())
    ));
    Ok(recorded)
}
