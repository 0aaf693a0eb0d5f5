//! Evaluating the policies that govern an API at a stage, and the portfolio's compliance.
//!
//! - A ruleset **fails** on an API when it finds a violation (a finding at `error`, `warn` or
//!   `info`; hints are not violations) in the document of its target, **passes** when it
//!   finds none, and is **unapplied** when the API has no document of its target (a plain
//!   OpenAPI file has no metadata or documentation).
//! - A policy governs an API at a stage when it is evaluated at that stage and applies to the
//!   API (`all`, or a label the API carries). For that API it is **violated** when one of its
//!   rulesets failed, else **followed**. Over the portfolio it is **violated** when it is
//!   violated on one API, **unapplied** when it governs none, else **followed**.
//! - An API is **non-compliant** when a policy that governs it is violated, **not applicable**
//!   when none governs it, else **compliant**.
//! - Each violation's action is its policy's for (stage, severity); `notify` when none is set.

use std::collections::HashMap;

use gardefou_diagnostics::{Finding, Severity};
use serde::Serialize;

use crate::api::{Api, Label};
use crate::discover::ApiKind;
use crate::load::Governance;
use crate::model::{Action, ApiStatus, Counts, PolicyStatus, RulesetStatus, Stage, Target};
use crate::policy::AppliesTo;

/// One violation of a rule, with what it does at the stage.
#[derive(Clone, Debug, Serialize)]
pub struct Violation {
    /// The rule id.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// The rule's message.
    pub message: String,
    /// The file it is in, as reports show it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
    /// Where in its file (the JSON path, segment by segment).
    pub path: Vec<String>,
    /// What it does at the stage.
    pub action: Action,
    #[serde(skip)]
    pub(crate) finding: Finding,
}

/// A ruleset's result on one API.
#[derive(Clone, Debug, Serialize)]
pub struct RulesetResult {
    /// The ruleset as the policy names it.
    pub name: String,
    /// What it validated.
    #[serde(serialize_with = "crate::model::target_name")]
    pub target: Target,
    /// PASSED, FAILED or UNAPPLIED.
    pub status: RulesetStatus,
    /// Why it is unapplied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Its violations by severity.
    pub violations: Counts,
    /// Its violations, in document order.
    pub findings: Vec<Violation>,
}

/// A policy's result on one API.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyResult {
    /// The policy.
    pub name: String,
    /// FOLLOWED or VIOLATED.
    pub status: PolicyStatus,
    /// Violations by severity, over its rulesets.
    pub violations: Counts,
    /// How many of them block the stage.
    pub blocking: usize,
    /// Its rulesets, in the policy's order.
    pub rulesets: Vec<RulesetResult>,
}

/// One API's compliance at the stage.
#[derive(Clone, Debug, Serialize)]
pub struct ApiResult {
    /// What reports call it.
    pub name: String,
    /// Its folder or file.
    pub path: String,
    /// An apictl project or a lone definition.
    pub kind: ApiKind,
    /// Its labels, with where each comes from.
    pub labels: Vec<Label>,
    /// COMPLIANT, NON-COMPLIANT or NOT-APPLICABLE.
    pub status: ApiStatus,
    /// Violations by severity, over the policies that govern it.
    pub violations: Counts,
    /// How many violations block the stage.
    pub blocking: usize,
    /// The policies that govern it at the stage.
    pub policies: Vec<PolicyResult>,
    /// What could not be read about it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl ApiResult {
    /// The violations that block the stage, once each however many policies found them, by
    /// the target document they are in (their messages name the policies that block).
    pub fn blocking_findings(&self) -> Vec<(Target, Vec<Finding>)> {
        type Key = (Target, String, u32, u32, String);
        let mut seen: Vec<(Key, Finding, Vec<&str>)> = Vec::new();
        let mut index: HashMap<Key, usize> = HashMap::new();
        for p in &self.policies {
            for r in &p.rulesets {
                for v in r.findings.iter().filter(|v| v.action == Action::Block) {
                    let f = &v.finding;
                    let key = (
                        r.target,
                        f.rule.clone(),
                        f.file.0,
                        f.span.start,
                        f.message.clone(),
                    );
                    match index.get(&key) {
                        Some(&i) => {
                            let names = &mut seen[i].2;
                            if !names.contains(&p.name.as_str()) {
                                names.push(&p.name);
                            }
                        }
                        None => {
                            index.insert(key.clone(), seen.len());
                            seen.push((key, f.clone(), vec![&p.name]));
                        }
                    }
                }
            }
        }
        let mut out: Vec<(Target, Vec<Finding>)> = Vec::new();
        for ((target, ..), mut f, names) in seen {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let which = if names.len() == 1 {
                "policy"
            } else {
                "policies"
            };
            f.message = format!("{} (blocked by {which} {})", f.message, names.join(", "));
            match out.iter_mut().find(|(t, _)| *t == target) {
                Some((_, list)) => list.push(f),
                None => out.push((target, vec![f])),
            }
        }
        out.sort_by_key(|(t, _)| *t);
        out
    }
}

/// Evaluates every policy of `governance` that governs `api` at `stage` (`None`: no policy,
/// the API is not applicable).
pub fn evaluate(api: &Api, governance: Option<&Governance>, stage: Stage) -> ApiResult {
    let mut cache: HashMap<(usize, Target), Vec<Finding>> = HashMap::new();
    let mut policies = Vec::new();
    let governed = governance.iter().flat_map(|g| {
        g.policies
            .iter()
            .zip(&g.bound)
            .map(move |(p, b)| (p, b, *g))
    });
    for (policy, bound, governance) in governed {
        if !policy.runs_at(stage) || !applies(&policy.applies_to, api) {
            continue;
        }
        let mut rulesets = Vec::new();
        for b in bound {
            let loaded = governance.ruleset(*b);
            let Some(set) = api.target(b.target) else {
                rulesets.push(RulesetResult {
                    name: loaded.name.clone(),
                    target: b.target,
                    status: RulesetStatus::Unapplied,
                    reason: Some(unapplied_reason(api, b.target)),
                    violations: Counts::default(),
                    findings: Vec::new(),
                });
                continue;
            };
            let findings = cache
                .entry((b.ruleset, b.target))
                .or_insert_with(|| gardefou_linter::lint(set, &loaded.config));
            let mut counts = Counts::default();
            let violations: Vec<Violation> = findings
                .iter()
                .filter(|f| f.severity != Severity::Hint)
                .map(|f| {
                    counts.add(f.severity);
                    let file = set.file(f.file);
                    let p = file.position(f.span.start);
                    Violation {
                        rule: f.rule.clone(),
                        severity: f.severity,
                        message: f.message.clone(),
                        file: file.name.clone(),
                        line: p.line,
                        column: p.column,
                        path: f.path.iter().map(|s| s.to_string()).collect(),
                        action: policy.action(stage, f.severity),
                        finding: f.clone(),
                    }
                })
                .collect();
            rulesets.push(RulesetResult {
                name: loaded.name.clone(),
                target: b.target,
                status: if violations.is_empty() {
                    RulesetStatus::Passed
                } else {
                    RulesetStatus::Failed
                },
                reason: None,
                violations: counts,
                findings: violations,
            });
        }
        let violations = rulesets
            .iter()
            .fold(Counts::default(), |c, r| c.plus(r.violations));
        let blocking = rulesets
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|v| v.action == Action::Block)
            .count();
        policies.push(PolicyResult {
            name: policy.name.clone(),
            status: if rulesets.iter().any(|r| r.status == RulesetStatus::Failed) {
                PolicyStatus::Violated
            } else {
                PolicyStatus::Followed
            },
            violations,
            blocking,
            rulesets,
        });
    }
    let status = if policies.is_empty() {
        ApiStatus::NotApplicable
    } else if policies.iter().any(|p| p.status == PolicyStatus::Violated) {
        ApiStatus::NonCompliant
    } else {
        ApiStatus::Compliant
    };
    ApiResult {
        name: api.name.clone(),
        path: api.path.clone(),
        kind: api.files.kind,
        labels: api.labels.clone(),
        status,
        violations: policies
            .iter()
            .fold(Counts::default(), |c, p| c.plus(p.violations)),
        blocking: policies.iter().map(|p| p.blocking).sum(),
        policies,
        problems: api.problems.clone(),
    }
}

fn applies(to: &AppliesTo, api: &Api) -> bool {
    match to {
        AppliesTo::All => true,
        AppliesTo::Labels(labels) => labels.iter().any(|l| api.has_label(l)),
    }
}

fn unapplied_reason(api: &Api, target: Target) -> String {
    match (target, api.files.kind) {
        (Target::Definition, _) => {
            "the API has no definition (Definitions/swagger.yaml|json or asyncapi.yaml|json)".into()
        }
        (_, ApiKind::Definition) => format!(
            "a lone OpenAPI document has no {}; an apictl project has (api.yaml, Docs/)",
            target.as_str()
        ),
        (Target::Metadata, ApiKind::ApictlProject) => {
            "the project has no api.yaml or api.json".into()
        }
        (Target::Documentation, ApiKind::ApictlProject) => {
            "the project's documents could not be gathered".into()
        }
    }
}

/// A policy's adherence over the portfolio.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyAdherence {
    /// The policy.
    pub name: String,
    /// What it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `all`, or the labels it applies to.
    pub applies_to: AppliesToView,
    /// The stages it is evaluated at.
    pub stages: Vec<Stage>,
    /// Its rulesets and their targets.
    pub rulesets: Vec<RulesetView>,
    /// FOLLOWED, VIOLATED or UNAPPLIED.
    pub status: PolicyStatus,
    /// APIs it governs that follow it.
    pub compliant: usize,
    /// APIs it governs that violate it.
    pub non_compliant: usize,
    /// Violations that block the stage, over the APIs.
    pub blocking: usize,
}

/// Which APIs a policy applies to, as reports show it.
#[derive(Clone, Debug, Serialize)]
pub struct AppliesToView {
    /// Every API.
    pub all: bool,
    /// Or the APIs with one of these labels.
    pub labels: Vec<String>,
}

/// One ruleset of a policy, as reports show it.
#[derive(Clone, Debug, Serialize)]
pub struct RulesetView {
    /// Its name.
    pub name: String,
    /// What it validates.
    #[serde(serialize_with = "crate::model::target_name")]
    pub target: Target,
}

/// API counts by status.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct ApiSummary {
    /// APIs checked.
    pub total: usize,
    /// COMPLIANT.
    pub compliant: usize,
    /// NON-COMPLIANT.
    pub non_compliant: usize,
    /// NOT-APPLICABLE.
    pub not_applicable: usize,
}

/// Policy counts by adherence.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct PolicySummary {
    /// Policies.
    pub total: usize,
    /// FOLLOWED.
    pub followed: usize,
    /// VIOLATED.
    pub violated: usize,
    /// UNAPPLIED.
    pub unapplied: usize,
}

/// The portfolio's compliance at a stage.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The stage checked.
    pub stage: Stage,
    /// The ruleset file holding the policies.
    pub ruleset: String,
    /// Whether a violation blocks the stage (`gardefou check` exits with 1).
    pub blocked: bool,
    /// APIs by status.
    pub api_summary: ApiSummary,
    /// Policies by adherence.
    pub policy_summary: PolicySummary,
    /// Violations by severity, over every API.
    pub violations: Counts,
    /// Violations that block the stage.
    pub blocking: usize,
    /// Every policy, in the file's order.
    pub policies: Vec<PolicyAdherence>,
    /// Every API, by path.
    pub apis: Vec<ApiResult>,
}

/// The portfolio's report from each API's result.
pub fn report(
    governance: Option<&Governance>,
    ruleset: &str,
    stage: Stage,
    mut apis: Vec<ApiResult>,
) -> Report {
    apis.sort_by(|a, b| a.path.cmp(&b.path));
    let mut api_summary = ApiSummary {
        total: apis.len(),
        ..ApiSummary::default()
    };
    for a in &apis {
        match a.status {
            ApiStatus::Compliant => api_summary.compliant += 1,
            ApiStatus::NonCompliant => api_summary.non_compliant += 1,
            ApiStatus::NotApplicable => api_summary.not_applicable += 1,
        }
    }
    let mut policies = Vec::new();
    let mut policy_summary = PolicySummary::default();
    let governed = governance.iter().flat_map(|g| {
        g.policies
            .iter()
            .zip(&g.bound)
            .map(move |(p, b)| (p, b, *g))
    });
    for (p, bound, g) in governed {
        let results: Vec<&PolicyResult> = apis
            .iter()
            .flat_map(|a| a.policies.iter().filter(|r| r.name == p.name))
            .collect();
        let non_compliant = results
            .iter()
            .filter(|r| r.status == PolicyStatus::Violated)
            .count();
        let status = if results.is_empty() {
            PolicyStatus::Unapplied
        } else if non_compliant > 0 {
            PolicyStatus::Violated
        } else {
            PolicyStatus::Followed
        };
        policy_summary.total += 1;
        match status {
            PolicyStatus::Followed => policy_summary.followed += 1,
            PolicyStatus::Violated => policy_summary.violated += 1,
            PolicyStatus::Unapplied => policy_summary.unapplied += 1,
        }
        policies.push(PolicyAdherence {
            name: p.name.clone(),
            description: p.description.clone(),
            applies_to: match &p.applies_to {
                AppliesTo::All => AppliesToView {
                    all: true,
                    labels: Vec::new(),
                },
                AppliesTo::Labels(l) => AppliesToView {
                    all: false,
                    labels: l.clone(),
                },
            },
            stages: p.stages.clone(),
            rulesets: bound
                .iter()
                .map(|b| RulesetView {
                    name: g.ruleset(*b).name.clone(),
                    target: b.target,
                })
                .collect(),
            status,
            compliant: results.len() - non_compliant,
            non_compliant,
            blocking: results.iter().map(|r| r.blocking).sum(),
        });
    }
    let violations = apis
        .iter()
        .fold(Counts::default(), |c, a| c.plus(a.violations));
    let blocking = apis.iter().map(|a| a.blocking).sum();
    Report {
        stage,
        ruleset: ruleset.to_string(),
        blocked: blocking > 0,
        api_summary,
        policy_summary,
        violations,
        blocking,
        policies,
        apis,
    }
}
