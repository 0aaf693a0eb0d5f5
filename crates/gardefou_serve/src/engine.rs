//! One validation: a submitted definition evaluated against the policies that govern it at a
//! stage (as `gardefou check`) and scored (as `gardefou score`), with one ruleset file.

use std::collections::HashMap;
use std::path::Path;

use gardefou_diagnostics::Severity;
use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_governance::{
    Api, ApiFiles, ApiKind, ApiStatus, Counts, Governance, Label, LoadSettings, Stage,
};
use gardefou_linter::Config;
use gardefou_score::{score_api, Hit, ScoreConfig, Size, LOCATIONS_PER_LOSS};
use serde::Serialize;
use serde_json::{json, Value};

/// How many findings a validation's answer lists (the counts are always complete).
pub const FINDINGS_SHOWN: usize = 500;

/// Why a validation could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The ruleset's policies or scorecard are wrong (at start-up).
    #[error("{0}")]
    Config(String),
    /// The submitted document cannot be read or is not an OpenAPI description.
    #[error("{}", .0.join("; "))]
    Unreadable(Vec<String>),
    /// The submission is malformed (a bad name, an unsupported archive …).
    #[error("{0}")]
    Invalid(String),
    /// A temporary file could not be written.
    #[error("cannot stage the document: {0}")]
    Io(#[from] std::io::Error),
}

/// What the body of a submission is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubmissionKind {
    /// A YAML definition.
    Yaml,
    /// A JSON definition.
    Json,
    /// A zip archive: an apictl project (`api.yaml`, `Definitions/`, `Docs/`) or a definition
    /// with the files it references.
    Zip,
}

/// One definition submitted for validation.
#[derive(Clone, Debug)]
pub struct Submission {
    /// The API's name: its identity in the history.
    pub name: String,
    /// Its version, when given (else `info.version`).
    pub version: Option<String>,
    /// The lifecycle stage evaluated.
    pub stage: Stage,
    /// Labels given with the submission, beside those the definition carries.
    pub labels: Vec<String>,
    /// The owning team, when given (else `info.x-gardefou-team`).
    pub team: Option<String>,
    /// What the body is.
    pub kind: SubmissionKind,
    /// The document.
    pub body: Vec<u8>,
}

/// A finding of the scoring ruleset, as the answer lists it.
#[derive(Clone, Debug, Serialize)]
pub struct FindingView {
    /// The rule id.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// `file:line:column`.
    pub location: String,
    /// The JSON path in the document.
    pub path: Vec<String>,
}

/// The outcome of one validation, before it is stored.
#[derive(Clone, Debug)]
pub struct Validation {
    /// The API's name.
    pub name: String,
    /// Its version, if known.
    pub version: Option<String>,
    /// The stage evaluated.
    pub stage: Stage,
    /// Its labels.
    pub labels: Vec<String>,
    /// Its team, if known.
    pub team: Option<String>,
    /// Whether a violation blocks the stage.
    pub blocked: bool,
    /// COMPLIANT, NON-COMPLIANT or NOT-APPLICABLE.
    pub compliance: ApiStatus,
    /// Policy violations by severity.
    pub violations: Counts,
    /// Violations that block the stage.
    pub blocking: usize,
    /// (policy, status) for each policy that governs the API.
    pub policies: Vec<(String, String)>,
    /// 0–100.
    pub score: f64,
    /// The grade.
    pub grade: String,
    /// Findings of the scoring ruleset.
    pub findings: usize,
    /// The whole answer, as JSON (`docs/serve-openapi.yaml`, `ValidationResult`).
    pub result: Value,
}

/// The ruleset file loaded once: its lint rules for the score, its policies for compliance.
pub struct Engine {
    config: Config,
    governance: Option<Governance>,
    score_config: ScoreConfig,
    ruleset: String,
    options: LoadOptions,
}

impl Engine {
    /// An engine for `config` (named `ruleset` in answers).
    pub fn new(
        config: Config,
        ruleset: String,
        settings: &LoadSettings,
    ) -> Result<Engine, EngineError> {
        let score_config = match &config.scorecard {
            Some(v) => ScoreConfig::from_value(v)
                .map_err(|e| EngineError::Config(format!("in {ruleset}: {e}")))?,
            None => ScoreConfig::default(),
        };
        let governance =
            Governance::of(&config, settings).map_err(|e| EngineError::Config(e.to_string()))?;
        Ok(Engine {
            config,
            governance,
            score_config,
            ruleset,
            options: LoadOptions::default(),
        })
    }

    /// The lint configuration (the score's rules).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The policies, if the ruleset has any.
    pub fn governance(&self) -> Option<&Governance> {
        self.governance.as_ref()
    }

    /// The ruleset's name as answers give it.
    pub fn ruleset(&self) -> &str {
        &self.ruleset
    }

    /// The largest document accepted.
    pub fn max_file_size(&self) -> usize {
        self.options.limits.max_file_size
    }

    /// Validates one submission: written to a private temporary folder, loaded and evaluated
    /// as `gardefou check` and `gardefou score` load and evaluate a file.
    pub fn validate(&self, sub: &Submission) -> Result<Validation, EngineError> {
        let dir = tempfile::Builder::new()
            .prefix("gardefou-serve-")
            .tempdir()?;
        let file = match sub.kind {
            SubmissionKind::Yaml => "openapi.yaml",
            SubmissionKind::Json => "openapi.json",
            SubmissionKind::Zip => return self.validate_archive(sub, dir.path()),
        };
        let path = dir.path().join(file);
        std::fs::write(&path, &sub.body)?;
        let files = ApiFiles {
            path: path.clone(),
            kind: ApiKind::Definition,
            metadata: None,
            definition: Some(path.clone()),
            documents: Vec::new(),
        };
        self.evaluate(files, Some(dir.path()), sub)
    }

    /// An archive unpacked into `dir`: it must hold exactly one API.
    fn validate_archive(&self, sub: &Submission, dir: &Path) -> Result<Validation, EngineError> {
        let limit = 4 * self.options.limits.max_file_size as u64;
        crate::archive::unpack(&sub.body, dir, limit)
            .map_err(|e| EngineError::Unreadable(vec![e]))?;
        let found = gardefou_governance::discover(&[dir.to_path_buf()], self.max_file_size())
            .map_err(|e| EngineError::Unreadable(vec![e.to_string()]))?;
        let mut found = found.into_iter();
        match (found.next(), found.next()) {
            (Some(files), None) => self.evaluate(files, Some(dir), sub),
            (None, _) => Err(EngineError::Unreadable(vec![
                "no API in the archive: expected an apictl project (api.yaml with Definitions/swagger.yaml) or an OpenAPI document".into(),
            ])),
            (Some(_), Some(_)) => Err(EngineError::Unreadable(vec![format!(
                "the archive holds {} APIs; send one per validation",
                2 + found.count()
            )])),
        }
    }

    /// Evaluates the API of `files` (staged under `staged`, which answers never show; `None`:
    /// files of the user's, shown as found), named and staged as `sub` says (its body unused).
    pub fn evaluate(
        &self,
        files: ApiFiles,
        staged: Option<&Path>,
        sub: &Submission,
    ) -> Result<Validation, EngineError> {
        let prefix = staged.map(|d| format!("{}{}", d.display(), std::path::MAIN_SEPARATOR));
        let strip = |s: &str| match &prefix {
            Some(p) => s.replace(p, ""),
            None => s.to_string(),
        };
        let mut api = Api::load(files, self.governance.as_ref(), &self.options);
        if !api.problems.is_empty() {
            return Err(EngineError::Unreadable(
                api.problems.iter().map(|p| strip(p)).collect(),
            ));
        }
        let Some(set) = api.definition.as_ref() else {
            return Err(EngineError::Invalid(
                "the submission has no definition".into(),
            ));
        };
        if let Some(why) = gardefou_score::assess(set) {
            return Err(EngineError::Unreadable(vec![format!(
                "cannot be validated ({}): {}",
                why.kind.as_str(),
                strip(&why.reason)
            )]));
        }
        for l in &sub.labels {
            match api.labels.iter_mut().find(|x| &x.name == l) {
                Some(x) => x.from.push("labels= of the request".into()),
                None => api.labels.push(Label {
                    name: l.clone(),
                    from: vec!["labels= of the request".into()],
                }),
            }
        }
        // Named by the submission, else (the CLI's `--history`) as the API calls itself.
        let meta = api
            .metadata
            .as_ref()
            .and_then(|m| m.root().root.as_ref())
            .and_then(|r| r.get("data"));
        let info = set.root().root.as_ref().and_then(|r| r.get("info"));
        let own = |key_meta: &str, key_info: &str| {
            meta.and_then(|m| m.get_str(key_meta))
                .or_else(|| info.and_then(|i| i.get_str(key_info)))
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string)
        };
        let name = if sub.name.is_empty() {
            own("name", "title").unwrap_or_else(|| strip(&api.path))
        } else {
            sub.name.clone()
        };
        let version = sub.version.clone().or_else(|| own("version", "version"));
        let (score, findings) = self.score(set, &strip);
        let mut result = gardefou_governance::evaluate(&api, self.governance.as_ref(), sub.stage);
        if staged.is_some() {
            result.path = name.clone();
        }
        for p in &mut result.policies {
            for r in &mut p.rulesets {
                for v in &mut r.findings {
                    v.file = strip(&v.file);
                }
            }
        }
        let team = sub.team.clone().or_else(|| {
            info.and_then(|i| i.get_str("x-gardefou-team"))
                .map(str::to_string)
        });
        let labels: Vec<String> = result.labels.iter().map(|l| l.name.clone()).collect();
        let policies = result
            .policies
            .iter()
            .map(|p| (p.name.clone(), p.status.as_str().to_string()))
            .collect();
        let shown: Vec<&FindingView> = findings.iter().take(FINDINGS_SHOWN).collect();
        let answer = json!({
            "api": {
                "name": name,
                "version": version,
                "stage": sub.stage.as_str(),
                "labels": result.labels,
                "team": team,
                "title": score.title,
            },
            "ruleset": self.ruleset,
            "verdict": if result.blocking > 0 { "block" } else { "pass" },
            "blocked": result.blocking > 0,
            "compliance": {
                "status": result.status.as_str(),
                "violations": result.violations,
                "blocking": result.blocking,
                "policies": result.policies,
            },
            "score": {
                "score": score.score,
                "grade": score.grade,
                "operations": score.operations,
                "schemas": score.schemas,
                "categories": score.categories,
                "losses": score.losses,
                "capped_by": score.capped_by,
            },
            "findings": {
                "total": findings.len(),
                "shown": shown,
            },
        });
        Ok(Validation {
            name,
            version,
            stage: sub.stage,
            labels,
            team,
            blocked: result.blocking > 0,
            compliance: result.status,
            violations: result.violations,
            blocking: result.blocking,
            policies,
            score: score.score,
            grade: score.grade.clone(),
            findings: findings.len(),
            result: answer,
        })
    }

    /// The scorecard of one definition and its findings, as `gardefou score` computes them.
    fn score(
        &self,
        set: &DocumentSet,
        strip: &dyn Fn(&str) -> String,
    ) -> (gardefou_score::ApiScore, Vec<FindingView>) {
        let measured = gardefou_linter::lint_measured(set, &self.config);
        let size = Size {
            operations: measured.operations,
            schemas: measured.schemas,
        };
        let mut seen: HashMap<(&str, Severity), usize> = HashMap::new();
        let hits: Vec<Hit> = measured
            .findings
            .iter()
            .map(|f| {
                let n = seen.entry((f.rule.as_str(), f.severity)).or_insert(0);
                *n += 1;
                Hit {
                    rule: f.rule.clone(),
                    category: f.category,
                    severity: f.severity,
                    location: (*n <= LOCATIONS_PER_LOSS)
                        .then(|| strip(&set.place(f.file, f.span.start))),
                }
            })
            .collect();
        let (title, version) = gardefou_score::info(set);
        let score = score_api(&strip(&set.root().name), size, &hits, &self.score_config)
            .with_info(title, version);
        let findings = measured
            .findings
            .iter()
            .map(|f| FindingView {
                rule: f.rule.clone(),
                severity: f.severity,
                message: f.message.clone(),
                location: strip(&set.place(f.file, f.span.start)),
                path: f.path.iter().map(|s| s.to_string()).collect(),
            })
            .collect();
        (score, findings)
    }
}
