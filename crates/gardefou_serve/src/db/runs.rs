//! Runs: written one transaction each (the run, its policies, its API's latest pointer), read
//! back by API, by id, and summed up over each API's latest run.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use serde_json::Value;

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

fn run_row(r: &Row<'_>, at: usize) -> rusqlite::Result<RunRow> {
    Ok(RunRow {
        id: r.get(at)?,
        api: r.get(at + 1)?,
        version: r.get(at + 2)?,
        stage: r.get(at + 3)?,
        created_at: r.get(at + 4)?,
        source: r.get(at + 5)?,
        actor: r.get(at + 6)?,
        score: r.get(at + 7)?,
        grade: r.get(at + 8)?,
        compliance: r.get(at + 9)?,
        blocked: r.get::<_, i64>(at + 10)? != 0,
        blocking: r.get(at + 11)?,
        violations: serde_json::json!({
            "error": r.get::<_, i64>(at + 12)?,
            "warn": r.get::<_, i64>(at + 13)?,
            "info": r.get::<_, i64>(at + 14)?,
        }),
        findings: r.get(at + 15)?,
    })
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
    /// storing the same id twice is refused, so a run is never in the history twice.
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
        let mut c = self.writer();
        let tx = c.transaction().map_err(|e| self.err(e))?;
        tx.execute(
            "INSERT INTO apis (name, team, labels, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT(name) DO UPDATE SET team = coalesce(excluded.team, apis.team),
                 labels = excluded.labels, updated_at = excluded.updated_at",
            params![v.name, v.team, labels, created_at],
        )
        .map_err(|e| self.err(e))?;
        tx.execute(
            "INSERT INTO runs (id, api, version, stage, labels, team, created_at, source, actor, score, grade,
                 compliance, blocked, blocking, errors, warnings, infos, findings, result)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            params![
                id,
                v.name,
                v.version,
                v.stage.as_str(),
                labels,
                v.team,
                created_at,
                source,
                actor,
                v.score,
                v.grade,
                v.compliance.as_str(),
                i64::from(v.blocked),
                v.blocking as i64,
                v.violations.error as i64,
                v.violations.warn as i64,
                v.violations.info as i64,
                v.findings as i64,
                result
            ],
        )
        .map_err(|e| self.err(e))?;
        let seq = tx.last_insert_rowid();
        for (policy, status) in &v.policies {
            tx.execute(
                "INSERT OR REPLACE INTO run_policies (run_seq, policy, status) VALUES (?1, ?2, ?3)",
                params![seq, policy, status],
            )
            .map_err(|e| self.err(e))?;
        }
        tx.execute(
            "UPDATE apis SET latest_seq = ?2 WHERE name = ?1",
            params![v.name, seq],
        )
        .map_err(|e| self.err(e))?;
        // Who validated what, in the same transaction as the run.
        tx.execute(
            "INSERT INTO audit (at, actor, action, target, outcome) VALUES (?1, ?2, 'validation', ?3, ?4)",
            params![
                created_at,
                actor,
                format!("{} {} at {} (run {id})", v.name, v.version.as_deref().unwrap_or("-"), v.stage.as_str()),
                if v.blocked { "block" } else { "pass" }
            ],
        )
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))
    }

    /// Every API with its latest run, by name.
    pub fn apis(&self, filter: &ApiFilter) -> Result<Vec<ApiRow>, DbError> {
        let c = self.reader();
        let sql = format!(
            "SELECT a.name, a.team, a.labels, a.created_at, a.updated_at,
                (SELECT count(*) FROM runs x WHERE x.api = a.name),
                (SELECT p.score FROM runs p WHERE p.api = a.name AND p.seq < a.latest_seq ORDER BY p.seq DESC LIMIT 1),
                {RUN_COLUMNS}
             FROM apis a LEFT JOIN runs r ON r.seq = a.latest_seq
             WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM json_each(a.labels) WHERE value = ?1))
               AND (?2 IS NULL OR a.team = ?2)
             ORDER BY a.name"
        );
        let mut st = c.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![filter.label, filter.team], api_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// One API with its latest run, and that run's whole answer.
    pub fn api(&self, name: &str) -> Result<Option<(ApiRow, Option<Value>)>, DbError> {
        let c = self.reader();
        let sql = format!(
            "SELECT a.name, a.team, a.labels, a.created_at, a.updated_at,
                (SELECT count(*) FROM runs x WHERE x.api = a.name),
                (SELECT p.score FROM runs p WHERE p.api = a.name AND p.seq < a.latest_seq ORDER BY p.seq DESC LIMIT 1),
                {RUN_COLUMNS}, r.result
             FROM apis a LEFT JOIN runs r ON r.seq = a.latest_seq WHERE a.name = ?1"
        );
        c.query_row(&sql, params![name], |r| {
            let result: Option<String> = r.get(23)?;
            Ok((
                api_row(r)?,
                result.and_then(|t| serde_json::from_str(&t).ok()),
            ))
        })
        .optional()
        .map_err(|e| self.err(e))
    }

    /// An API's runs, newest first, and how many it has in all.
    pub fn history(
        &self,
        name: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<RunRow>, i64), DbError> {
        let c = self.reader();
        let total: i64 = c
            .query_row(
                "SELECT count(*) FROM runs WHERE api = ?1",
                params![name],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM runs r WHERE r.api = ?1 ORDER BY r.seq DESC LIMIT ?2 OFFSET ?3"
        );
        let mut st = c.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![name, limit as i64, offset as i64], |r| {
                run_row(r, 0)
            })
            .map_err(|e| self.err(e))?;
        let rows = rows.collect::<Result<_, _>>().map_err(|e| self.err(e))?;
        Ok((rows, total))
    }

    /// One run by id.
    pub fn run(&self, id: &str) -> Result<Option<StoredRun>, DbError> {
        let c = self.reader();
        let sql = format!("SELECT {RUN_COLUMNS}, r.result FROM runs r WHERE r.id = ?1");
        c.query_row(&sql, params![id], |r| {
            let text: String = r.get(16)?;
            Ok(StoredRun {
                row: run_row(r, 0)?,
                result: serde_json::from_str(&text).unwrap_or(Value::Null),
            })
        })
        .optional()
        .map_err(|e| self.err(e))
    }

    /// How many runs are stored, and how many with this id (tests, the load test).
    pub fn count_runs(&self, id: Option<&str>) -> Result<i64, DbError> {
        let c = self.reader();
        c.query_row(
            "SELECT count(*) FROM runs WHERE ?1 IS NULL OR id = ?1",
            params![id],
            |r| r.get(0),
        )
        .map_err(|e| self.err(e))
    }

    /// APIs by the compliance of their latest run: (status, count).
    pub fn compliance_counts(&self) -> Result<Vec<(String, i64)>, DbError> {
        let c = self.reader();
        let mut st = c
            .prepare(
                "SELECT r.compliance, count(*) FROM apis a JOIN runs r ON r.seq = a.latest_seq GROUP BY r.compliance",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Each policy's status over the APIs' latest runs: (policy, followed, violated), and the
    /// names of the APIs violating it.
    pub fn policy_counts(&self) -> Result<Vec<PolicyCount>, DbError> {
        let c = self.reader();
        let mut st = c
            .prepare(
                "SELECT p.policy, p.status, a.name FROM apis a JOIN run_policies p ON p.run_seq = a.latest_seq
                 ORDER BY p.policy, a.name",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out: Vec<PolicyCount> = Vec::new();
        for row in rows {
            let (policy, status, api) = row.map_err(|e| self.err(e))?;
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
    }

    /// The portfolio's trend: per day, the runs' mean score and the share of compliant runs.
    pub fn trend(&self, days: usize) -> Result<Vec<(String, f64, f64, i64)>, DbError> {
        let c = self.reader();
        let mut st = c
            .prepare(
                "SELECT substr(created_at, 1, 10) AS day, avg(score),
                        avg(CASE WHEN compliance = 'NON-COMPLIANT' THEN 0.0 ELSE 1.0 END), count(*)
                 FROM runs GROUP BY day ORDER BY day DESC LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![days as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .map_err(|e| self.err(e))?;
        let mut v: Vec<_> = rows.collect::<Result<_, _>>().map_err(|e| self.err(e))?;
        v.reverse();
        Ok(v)
    }
}

fn api_row(r: &Row<'_>) -> rusqlite::Result<ApiRow> {
    let labels: String = r.get(2)?;
    let has_run: Option<String> = r.get(7)?;
    Ok(ApiRow {
        name: r.get(0)?,
        team: r.get(1)?,
        labels: serde_json::from_str(&labels).unwrap_or_default(),
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
        runs: r.get(5)?,
        previous_score: r.get(6)?,
        latest: match has_run {
            Some(_) => Some(run_row(r, 7)?),
            None => None,
        },
    })
}
