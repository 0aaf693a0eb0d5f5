//! Runs: written one transaction each (the run, its policies, its API's latest pointer), read
//! back by API, by id, and summed up over each API's latest run.

use serde::Serialize;
use serde_json::Value;

use super::sql::{Conn, Row, WrongType};
use super::{Db, DbError};
use crate::engine::Validation;

/// One run, as lists show it.
#[derive(Clone, Debug, Serialize)]
pub struct RunRow {
    /// The run's id.
    pub id: String,
    /// The API.
    pub api: String,
    /// The API's version at that run.
    pub version: Option<String>,
    /// The stage evaluated.
    pub stage: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
    /// `serve` or `cli`.
    pub source: String,
    /// The token (or CI user) that submitted it.
    pub actor: String,
    /// 0–100.
    pub score: f64,
    /// The grade.
    pub grade: String,
    /// COMPLIANT, NON-COMPLIANT or NOT-APPLICABLE.
    pub compliance: String,
    /// Whether a violation blocked the stage.
    pub blocked: bool,
    /// Violations that block the stage.
    pub blocking: i64,
    /// Policy violations by severity.
    pub violations: Value,
    /// Findings of the scoring ruleset.
    pub findings: i64,
}

/// A run with its whole answer.
#[derive(Clone, Debug, Serialize)]
pub struct StoredRun {
    /// The row.
    #[serde(flatten)]
    pub row: RunRow,
    /// The answer the validation gave.
    pub result: Value,
}

/// One API with its latest run.
#[derive(Clone, Debug, Serialize)]
pub struct ApiRow {
    /// Its name.
    pub name: String,
    /// Its team, if known.
    pub team: Option<String>,
    /// Its labels at the latest run.
    pub labels: Vec<String>,
    /// First run.
    pub created_at: String,
    /// Latest run.
    pub updated_at: String,
    /// How many runs it has.
    pub runs: i64,
    /// The latest run.
    pub latest: Option<RunRow>,
    /// The score of the run before the latest one.
    pub previous_score: Option<f64>,
}

const RUN_COLUMNS: &str = "r.id, r.api, r.version, r.stage, r.created_at, r.source, r.actor, r.score, r.grade, r.compliance, r.blocked, r.blocking, r.errors, r.warnings, r.infos, r.findings";

fn run_row(r: &Row, at: usize) -> Result<RunRow, WrongType> {
    Ok(RunRow {
        id: r.text(at)?,
        api: r.text(at + 1)?,
        version: r.opt_text(at + 2)?,
        stage: r.text(at + 3)?,
        created_at: r.text(at + 4)?,
        source: r.text(at + 5)?,
        actor: r.text(at + 6)?,
        score: r.real(at + 7)?,
        grade: r.text(at + 8)?,
        compliance: r.text(at + 9)?,
        blocked: r.int(at + 10)? != 0,
        blocking: r.int(at + 11)?,
        violations: serde_json::json!({
            "error": r.int(at + 12)?,
            "warn": r.int(at + 13)?,
            "info": r.int(at + 14)?,
        }),
        findings: r.int(at + 15)?,
    })
}

/// Whether an API's labels (a JSON array in text) hold `?1` (or `?1` is NULL): the one
/// filter whose SQL differs (SQLite's `json_each`, PostgreSQL's `jsonb_array_elements_text`).
fn label_filter(c: &Conn<'_, '_>) -> &'static str {
    if c.is_postgres() {
        "(CAST(?1 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(CAST(a.labels AS JSONB)) AS l(value) WHERE l.value = ?1))"
    } else {
        "(CAST(?1 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM json_each(a.labels) WHERE value = ?1))"
    }
}

/// A policy over the APIs' latest runs: its name, how many follow it, how many violate it,
/// and which.
pub type PolicyCount = (String, i64, i64, Vec<String>);

/// Filters of the API list.
#[derive(Clone, Debug, Default)]
pub struct ApiFilter {
    /// Only APIs with this label.
    pub label: Option<String>,
    /// Only APIs of this team.
    pub team: Option<String>,
}

impl Db {
    /// Stores one run (and creates or updates its API), all or nothing. `id` must be new:
    /// storing the same id twice is refused, so a run is never in the history twice. The
    /// API's row is locked first (the upsert), so concurrent runs of one API, from any number
    /// of instances, get increasing `seq`s in the order they commit and `latest` is the last.
    pub fn insert_run(
        &self,
        id: &str,
        created_at: &str,
        source: &str,
        actor: &str,
        v: &Validation,
    ) -> Result<(), DbError> {
        let labels = serde_json::to_string(&v.labels).unwrap_or_else(|_| "[]".into());
        let mut result = v.result.clone();
        if let Value::Object(m) = &mut result {
            m.insert("id".into(), Value::String(id.to_string()));
            m.insert("created_at".into(), Value::String(created_at.to_string()));
        }
        let result = serde_json::to_string(&result).unwrap_or_else(|_| "{}".into());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO apis (name, team, labels, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT(name) DO UPDATE SET team = coalesce(excluded.team, apis.team),
                     labels = excluded.labels, updated_at = excluded.updated_at",
                &[v.name.as_str().into(), v.team.as_deref().into(), labels.as_str().into(), created_at.into()],
            )?;
            let seq = tx
                .query_one(
                    "INSERT INTO runs (id, api, version, stage, labels, team, created_at, source, actor, score, grade,
                         compliance, blocked, blocking, errors, warnings, infos, findings, result)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
                     RETURNING seq",
                    &[
                        id.into(),
                        v.name.as_str().into(),
                        v.version.as_deref().into(),
                        v.stage.as_str().into(),
                        labels.as_str().into(),
                        v.team.as_deref().into(),
                        created_at.into(),
                        source.into(),
                        actor.into(),
                        v.score.into(),
                        v.grade.as_str().into(),
                        v.compliance.as_str().into(),
                        i64::from(v.blocked).into(),
                        (v.blocking as i64).into(),
                        (v.violations.error as i64).into(),
                        (v.violations.warn as i64).into(),
                        (v.violations.info as i64).into(),
                        (v.findings as i64).into(),
                        result.as_str().into(),
                    ],
                )?
                .int(0)?;
            for (policy, status) in &v.policies {
                tx.execute(
                    "INSERT INTO run_policies (run_seq, policy, status) VALUES (?1, ?2, ?3)
                     ON CONFLICT (run_seq, policy) DO UPDATE SET status = excluded.status",
                    &[seq.into(), policy.into(), status.into()],
                )?;
            }
            tx.execute(
                "UPDATE apis SET latest_seq = ?2 WHERE name = ?1",
                &[v.name.as_str().into(), seq.into()],
            )?;
            // Who validated what, in the same transaction as the run.
            tx.execute(
                "INSERT INTO audit (at, actor, action, target, outcome) VALUES (?1, ?2, 'validation', ?3, ?4)",
                &[
                    created_at.into(),
                    actor.into(),
                    format!("{} {} at {} (run {id})", v.name, v.version.as_deref().unwrap_or("-"), v.stage.as_str()).into(),
                    if v.blocked { "block" } else { "pass" }.into(),
                ],
            )?;
            Ok(())
        })
    }

    /// Every API with its latest run, by name.
    pub fn apis(&self, filter: &ApiFilter) -> Result<Vec<ApiRow>, DbError> {
        self.read(|c| {
            let sql = format!(
                "SELECT a.name, a.team, a.labels, a.created_at, a.updated_at,
                    (SELECT count(*) FROM runs x WHERE x.api = a.name),
                    (SELECT p.score FROM runs p WHERE p.api = a.name AND p.seq < a.latest_seq ORDER BY p.seq DESC LIMIT 1),
                    {RUN_COLUMNS}
                 FROM apis a LEFT JOIN runs r ON r.seq = a.latest_seq
                 WHERE {}
                   AND (CAST(?2 AS TEXT) IS NULL OR a.team = ?2)
                 ORDER BY a.name",
                label_filter(c)
            );
            let rows = c.query(&sql, &[filter.label.as_deref().into(), filter.team.as_deref().into()])?;
            Ok(rows.iter().map(api_row).collect::<Result<_, _>>()?)
        })
    }

    /// One API with its latest run, and that run's whole answer.
    pub fn api(&self, name: &str) -> Result<Option<(ApiRow, Option<Value>)>, DbError> {
        self.read(|c| {
            let sql = format!(
                "SELECT a.name, a.team, a.labels, a.created_at, a.updated_at,
                    (SELECT count(*) FROM runs x WHERE x.api = a.name),
                    (SELECT p.score FROM runs p WHERE p.api = a.name AND p.seq < a.latest_seq ORDER BY p.seq DESC LIMIT 1),
                    {RUN_COLUMNS}, r.result
                 FROM apis a LEFT JOIN runs r ON r.seq = a.latest_seq WHERE a.name = ?1"
            );
            let Some(r) = c.query_opt(&sql, &[name.into()])? else {
                return Ok(None);
            };
            let result = r.opt_text(23)?;
            Ok(Some((
                api_row(&r)?,
                result.and_then(|t| serde_json::from_str(&t).ok()),
            )))
        })
    }

    /// An API's runs, newest first, and how many it has in all.
    pub fn history(
        &self,
        name: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<RunRow>, i64), DbError> {
        self.read(|c| {
            let total = c
                .query_one("SELECT count(*) FROM runs WHERE api = ?1", &[name.into()])?
                .int(0)?;
            let sql = format!(
                "SELECT {RUN_COLUMNS} FROM runs r WHERE r.api = ?1 ORDER BY r.seq DESC LIMIT ?2 OFFSET ?3"
            );
            let rows = c.query(
                &sql,
                &[name.into(), (limit as i64).into(), (offset as i64).into()],
            )?;
            let rows = rows.iter().map(|r| run_row(r, 0)).collect::<Result<_, _>>()?;
            Ok((rows, total))
        })
    }

    /// One run by id.
    pub fn run(&self, id: &str) -> Result<Option<StoredRun>, DbError> {
        self.read(|c| {
            let sql = format!("SELECT {RUN_COLUMNS}, r.result FROM runs r WHERE r.id = ?1");
            let Some(r) = c.query_opt(&sql, &[id.into()])? else {
                return Ok(None);
            };
            let text = r.text(16)?;
            Ok(Some(StoredRun {
                row: run_row(&r, 0)?,
                result: serde_json::from_str(&text).unwrap_or(Value::Null),
            }))
        })
    }

    /// How many runs are stored, and how many with this id (tests, the load test).
    pub fn count_runs(&self, id: Option<&str>) -> Result<i64, DbError> {
        self.read(|c| {
            Ok(c.query_one(
                "SELECT count(*) FROM runs WHERE CAST(?1 AS TEXT) IS NULL OR id = ?1",
                &[id.into()],
            )?
            .int(0)?)
        })
    }

    /// APIs by the compliance of their latest run: (status, count).
    pub fn compliance_counts(&self) -> Result<Vec<(String, i64)>, DbError> {
        self.read(|c| {
            let rows = c.query(
                "SELECT r.compliance, count(*) FROM apis a JOIN runs r ON r.seq = a.latest_seq GROUP BY r.compliance",
                &[],
            )?;
            Ok(rows
                .iter()
                .map(|r| Ok((r.text(0)?, r.int(1)?)))
                .collect::<Result<_, WrongType>>()?)
        })
    }

    /// Each policy's status over the APIs' latest runs: (policy, followed, violated), and the
    /// names of the APIs violating it.
    pub fn policy_counts(&self) -> Result<Vec<PolicyCount>, DbError> {
        self.read(|c| {
            let rows = c.query(
                "SELECT p.policy, p.status, a.name FROM apis a JOIN run_policies p ON p.run_seq = a.latest_seq
                 ORDER BY p.policy, a.name",
                &[],
            )?;
            let mut out: Vec<PolicyCount> = Vec::new();
            for row in &rows {
                let (policy, status, api) = (row.text(0)?, row.text(1)?, row.text(2)?);
                if out.last().is_none_or(|l| l.0 != policy) {
                    out.push((policy, 0, 0, Vec::new()));
                }
                let last = out.last_mut().expect("pushed");
                if status == "VIOLATED" {
                    last.2 += 1;
                    last.3.push(api);
                } else {
                    last.1 += 1;
                }
            }
            Ok(out)
        })
    }

    /// The portfolio's trend: per day, the runs' mean score and the share of compliant runs.
    pub fn trend(&self, days: usize) -> Result<Vec<(String, f64, f64, i64)>, DbError> {
        self.read(|c| {
            let rows = c.query(
                "SELECT substr(created_at, 1, 10) AS day, CAST(avg(score) AS DOUBLE PRECISION),
                        CAST(avg(CASE WHEN compliance = 'NON-COMPLIANT' THEN 0.0 ELSE 1.0 END) AS DOUBLE PRECISION),
                        count(*)
                 FROM runs GROUP BY day ORDER BY day DESC LIMIT ?1",
                &[(days as i64).into()],
            )?;
            let mut v = rows
                .iter()
                .map(|r| Ok((r.text(0)?, r.real(1)?, r.real(2)?, r.int(3)?)))
                .collect::<Result<Vec<_>, WrongType>>()?;
            v.reverse();
            Ok(v)
        })
    }
}

fn api_row(r: &Row) -> Result<ApiRow, WrongType> {
    let labels = r.text(2)?;
    Ok(ApiRow {
        name: r.text(0)?,
        team: r.opt_text(1)?,
        labels: serde_json::from_str(&labels).unwrap_or_default(),
        created_at: r.text(3)?,
        updated_at: r.text(4)?,
        runs: r.int(5)?,
        previous_score: r.opt_real(6)?,
        latest: match r.opt_text(7)? {
            Some(_) => Some(run_row(r, 7)?),
            None => None,
        },
    })
}
