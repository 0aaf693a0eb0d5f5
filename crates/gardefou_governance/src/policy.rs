//! The `labels:` and `policies:` sections of a ruleset file, read from its spanned tree so
//! that every problem points at its line and column.
//!
//! ```yaml
//! labels:                       # labels by location, added to those the API declares
//!   partner: ["apis/partners/**"]
//! policies:
//!   - wso2:best-practices       # a built-in policy, by name
//!   - name: partner-apis
//!     description: Versioned, throttled, documented partner APIs
//!     appliesTo: {labels: [partner]}        # or {all: true}
//!     stages: [deploy, publish]             # optional: every stage by default
//!     rulesets:
//!       - gardefou:versioning
//!       - {ruleset: ./rules/partner-metadata.yaml, target: metadata}
//!     actions:
//!       - {stage: publish, severity: error, action: block}
//! ```

use gardefou_diagnostics::Severity;
use gardefou_source::{Node, Span};

use crate::model::{Action, Stage, Target};
use crate::text::{Problems, Text};

/// Labels given by location: a label, and the globs of the paths that carry it.
#[derive(Clone, Debug)]
pub struct LabelGlobs {
    /// The label.
    pub label: String,
    /// Globs relative to the ruleset file's folder, as written.
    pub patterns: Vec<String>,
    /// The compiled globs.
    pub(crate) matcher: globset::GlobSet,
}

/// Which APIs a policy governs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppliesTo {
    /// Every API (WSO2's `GLOBAL` label).
    All,
    /// The APIs that carry at least one of these labels.
    Labels(Vec<String>),
}

/// One ruleset of a policy, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesetEntry {
    /// A built-in name (`gardefou:versioning`) or a file relative to the ruleset file.
    pub name: String,
    /// The target the policy gives it; `None`: the ruleset's own (`x-gardefou-target`), else
    /// `definition`.
    pub target: Option<Target>,
    /// Where the entry is written.
    pub span: Span,
}

/// What violations of one severity do at one stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionRule {
    /// The stage.
    pub stage: Stage,
    /// The severity of the violations.
    pub severity: Severity,
    /// What they do.
    pub action: Action,
}

/// A governance policy: rulesets, the APIs they govern, when, and what a violation does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Unique among the policies.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// Which APIs it governs.
    pub applies_to: AppliesTo,
    /// The stages at which it is evaluated, in lifecycle order.
    pub stages: Vec<Stage>,
    /// Its rulesets, in order.
    pub rulesets: Vec<RulesetEntry>,
    /// Its actions; any (stage, severity) not listed notifies.
    pub actions: Vec<ActionRule>,
    /// The built-in policy it is (`wso2:best-practices`), when it is one.
    pub builtin: Option<String>,
}

impl Policy {
    /// What a violation of severity `s` does at `stage`.
    pub fn action(&self, stage: Stage, s: Severity) -> Action {
        self.actions
            .iter()
            .find(|a| a.stage == stage && a.severity == s)
            .map_or(Action::Notify, |a| a.action)
    }

    /// Whether it is evaluated at `stage`.
    pub fn runs_at(&self, stage: Stage) -> bool {
        self.stages.contains(&stage)
    }
}

/// The keys a policy object may have.
const POLICY_KEYS: [&str; 7] = [
    "name",
    "description",
    "appliesTo",
    "stages",
    "rulesets",
    "actions",
    "x-",
];

/// Reads `labels:` (a map of label → glob or list of globs).
pub(crate) fn read_labels(
    node: &Node,
    text: &Text<'_>,
    problems: &mut Problems,
) -> Vec<LabelGlobs> {
    let Some(members) = node.as_object() else {
        problems.push(text.err(
            node.span,
            "`labels` must be a map of label names to path globs (`partner: [\"apis/partners/**\"]`)",
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in members {
        if m.key.trim().is_empty() {
            problems.push(text.err(m.key_span, "a label name must not be empty"));
            continue;
        }
        let Some(patterns) = strings(&m.value) else {
            problems.push(text.err(
                m.value.span,
                format!("label `{}`: expected a glob or a list of globs", m.key),
            ));
            continue;
        };
        let mut builder = globset::GlobSetBuilder::new();
        let mut ok = true;
        for (p, span) in &patterns {
            match globset::GlobBuilder::new(p).literal_separator(true).build() {
                Ok(g) => {
                    builder.add(g);
                }
                Err(e) => {
                    ok = false;
                    problems.push(text.err(
                        *span,
                        format!("label `{}`: bad glob `{p}`: {}", m.key, e.kind()),
                    ));
                }
            }
        }
        let Ok(matcher) = builder.build() else {
            continue;
        };
        if ok {
            out.push(LabelGlobs {
                label: m.key.clone(),
                patterns: patterns.into_iter().map(|(p, _)| p).collect(),
                matcher,
            });
        }
    }
    out
}

/// One policy entry: a built-in policy named, or a policy written out.
pub(crate) enum Entry {
    /// `- wso2:best-practices`.
    Builtin(Policy, Span),
    /// A policy written out.
    Written(Policy, Span),
}

/// Reads `policies:` (a list of policy objects or built-in policy names).
pub(crate) fn read_policies(node: &Node, text: &Text<'_>, problems: &mut Problems) -> Vec<Entry> {
    let Some(items) = node.as_array() else {
        problems.push(text.err(node.span, "`policies` must be a list of policies"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        if let Some(name) = item.as_str() {
            match crate::builtin::policy(name) {
                Some(p) => out.push(Entry::Builtin(p, item.span)),
                None => problems.push(text.err(
                    item.span,
                    format!(
                        "unknown built-in policy `{name}` (known: {})",
                        crate::builtin::BUILTIN_POLICIES.join(", ")
                    ),
                )),
            }
            continue;
        }
        if let Some(p) = read_policy(item, text, problems) {
            out.push(Entry::Written(p, item.span));
        }
    }
    out
}

fn read_policy(node: &Node, text: &Text<'_>, problems: &mut Problems) -> Option<Policy> {
    let Some(members) = node.as_object() else {
        problems.push(text.err(
            node.span,
            "a policy must be an object (name, appliesTo, rulesets …) or the name of a built-in policy",
        ));
        return None;
    };
    let before = problems.len();
    let name = match node.get("name") {
        Some(n) => match n.as_str().map(str::trim) {
            Some(s) if !s.is_empty() => Some(s.to_string()),
            _ => {
                problems.push(text.err(n.span, "a policy's `name` must be a non-empty string"));
                None
            }
        },
        None => {
            problems.push(text.err(node.span, "a policy needs a `name`"));
            None
        }
    };
    let label = name.clone().unwrap_or_else(|| "(unnamed)".to_string());
    let at = |message: String| format!("policy `{label}`: {message}");
    for m in members {
        if !POLICY_KEYS.contains(&m.key.as_str()) && !m.key.starts_with("x-") {
            let hint = gardefou_linter::did_you_mean(&m.key, POLICY_KEYS[..6].iter().copied())
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            problems.push(text.err(
                m.key_span,
                at(format!(
                    "unknown key `{}` (expected name, description, appliesTo, stages, rulesets, actions){hint}",
                    m.key
                )),
            ));
        }
    }
    let description = match node.get("description") {
        Some(d) => match d.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                problems.push(text.err(d.span, at("`description` must be a string".into())));
                None
            }
        },
        None => None,
    };
    let applies_to = match node.get("appliesTo") {
        Some(a) => read_applies_to(a, text, problems, &at),
        None => {
            problems.push(text.err(
                node.span,
                at("needs `appliesTo`: `{labels: [LABEL, …]}` or `{all: true}`".into()),
            ));
            None
        }
    };
    let stages = match node.get("stages") {
        Some(s) => read_stages(s, text, problems, &at),
        None => Some(Stage::ALL.to_vec()),
    };
    let rulesets = match node.get("rulesets") {
        Some(r) => read_rulesets(r, text, problems, &at),
        None => {
            problems.push(text.err(
                node.span,
                at("needs `rulesets` (a list of rulesets)".into()),
            ));
            None
        }
    };
    let actions = match node.get("actions") {
        Some(a) => read_actions(a, stages.as_deref(), text, problems, &at),
        None => Some(Vec::new()),
    };
    if problems.len() > before {
        return None;
    }
    Some(Policy {
        name: name?,
        description,
        applies_to: applies_to?,
        stages: stages?,
        rulesets: rulesets?,
        actions: actions?,
        builtin: None,
    })
}

type At<'a> = dyn Fn(String) -> String + 'a;

fn read_applies_to(
    node: &Node,
    text: &Text<'_>,
    problems: &mut Problems,
    at: &At<'_>,
) -> Option<AppliesTo> {
    let expected = "`appliesTo` must be `{labels: [LABEL, …]}` or `{all: true}`";
    let Some(members) = node.as_object() else {
        problems.push(text.err(node.span, at(expected.into())));
        return None;
    };
    if members.len() != 1 {
        problems.push(text.err(node.span, at(expected.into())));
        return None;
    }
    let m = &members[0];
    match m.key.as_str() {
        "all" if m.value.as_bool() == Some(true) => Some(AppliesTo::All),
        "all" => {
            problems.push(text.err(
                m.value.span,
                at("`all` must be `true`; a policy that governs no API is one to remove".into()),
            ));
            None
        }
        "labels" => match strings(&m.value) {
            Some(labels)
                if !labels.is_empty() && labels.iter().all(|(l, _)| !l.trim().is_empty()) =>
            {
                let mut names: Vec<String> = labels.into_iter().map(|(l, _)| l).collect();
                names.dedup();
                Some(AppliesTo::Labels(names))
            }
            _ => {
                problems.push(text.err(
                    m.value.span,
                    at("`labels` must be a non-empty list of label names".into()),
                ));
                None
            }
        },
        _ => {
            problems.push(text.err(m.key_span, at(expected.into())));
            None
        }
    }
}

fn read_stages(
    node: &Node,
    text: &Text<'_>,
    problems: &mut Problems,
    at: &At<'_>,
) -> Option<Vec<Stage>> {
    let Some(items) = strings(node).filter(|s| !s.is_empty()) else {
        problems.push(text.err(
            node.span,
            at("`stages` must be a non-empty list of create, update, deploy, publish".into()),
        ));
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (s, span) in items {
        match Stage::parse(&s).ok_or_else(|| unknown_stage(&s)) {
            Ok(st) if out.contains(&st) => {
                ok = false;
                problems.push(text.err(span, at(format!("stage `{s}` is listed twice"))));
            }
            Ok(st) => out.push(st),
            Err(e) => {
                ok = false;
                problems.push(text.err(span, at(e)));
            }
        }
    }
    out.sort();
    ok.then_some(out)
}

fn unknown_stage(s: &str) -> String {
    format!("unknown stage `{s}` (expected create, update, deploy or publish)")
}

fn read_rulesets(
    node: &Node,
    text: &Text<'_>,
    problems: &mut Problems,
    at: &At<'_>,
) -> Option<Vec<RulesetEntry>> {
    let bad = "`rulesets` must be a non-empty list of rulesets: built-in names, files, or `{ruleset: NAME, target: definition|metadata|documentation}`";
    let Some(items) = node.as_array().filter(|i| !i.is_empty()) else {
        problems.push(text.err(node.span, at(bad.into())));
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        if let Some(name) = item.as_str().filter(|s| !s.trim().is_empty()) {
            out.push(RulesetEntry {
                name: name.to_string(),
                target: None,
                span: item.span,
            });
            continue;
        }
        let Some(members) = item.as_object() else {
            ok = false;
            problems.push(text.err(item.span, at(bad.into())));
            continue;
        };
        let mut name = None;
        let mut target = None;
        for m in members {
            match m.key.as_str() {
                "ruleset" => match m.value.as_str().filter(|s| !s.trim().is_empty()) {
                    Some(s) => name = Some(s.to_string()),
                    None => {
                        ok = false;
                        problems.push(text.err(
                            m.value.span,
                            at("`ruleset` must be a built-in name or a file".into()),
                        ));
                    }
                },
                "target" => match m.value.as_str().and_then(Target::parse) {
                    Some(t) => target = Some(t),
                    None => {
                        ok = false;
                        problems.push(text.err(
                            m.value.span,
                            at("`target` must be definition, metadata or documentation".into()),
                        ));
                    }
                },
                other => {
                    ok = false;
                    problems.push(text.err(
                        m.key_span,
                        at(format!(
                            "unknown key `{other}` in a ruleset entry (expected ruleset, target)"
                        )),
                    ));
                }
            }
        }
        match name {
            Some(name) => out.push(RulesetEntry {
                name,
                target,
                span: item.span,
            }),
            None => {
                if ok {
                    problems
                        .push(text.err(item.span, at("a ruleset entry needs `ruleset`".into())));
                }
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn read_actions(
    node: &Node,
    stages: Option<&[Stage]>,
    text: &Text<'_>,
    problems: &mut Problems,
    at: &At<'_>,
) -> Option<Vec<ActionRule>> {
    let Some(items) = node.as_array() else {
        problems.push(text.err(
            node.span,
            at("`actions` must be a list of `{stage, severity, action}`".into()),
        ));
        return None;
    };
    let mut out: Vec<(ActionRule, Span)> = Vec::new();
    let mut ok = true;
    for item in items {
        match read_action(item) {
            Ok(a) => {
                if let Some((_, first)) = out
                    .iter()
                    .find(|(b, _)| b.stage == a.stage && b.severity == a.severity)
                {
                    ok = false;
                    let line = text.line_of(*first);
                    problems.push(text.err(
                        item.span,
                        at(format!(
                            "a second action for {} violations at `{}` (the first is on line {line})",
                            a.severity.as_str(),
                            a.stage.as_str()
                        )),
                    ));
                } else if stages.is_some_and(|s| !s.contains(&a.stage)) {
                    ok = false;
                    let listed: Vec<&str> =
                        stages.unwrap_or(&[]).iter().map(|s| s.as_str()).collect();
                    problems.push(text.err(
                        item.span,
                        at(format!(
                            "an action at `{}`, a stage the policy is not evaluated at (stages: {})",
                            a.stage.as_str(),
                            listed.join(", ")
                        )),
                    ));
                } else {
                    out.push((a, item.span));
                }
            }
            Err((span, message)) => {
                ok = false;
                problems.push(text.err(span, at(message)));
            }
        }
    }
    ok.then(|| out.into_iter().map(|(a, _)| a).collect())
}

fn read_action(item: &Node) -> Result<ActionRule, (Span, String)> {
    let shape = "an action must be `{stage: create|update|deploy|publish, severity: error|warn|info, action: notify|block}`";
    let Some(members) = item.as_object() else {
        return Err((item.span, shape.into()));
    };
    for m in members {
        if !["stage", "severity", "action"].contains(&m.key.as_str()) {
            return Err((
                m.key_span,
                format!(
                    "unknown key `{}` in an action (expected stage, severity, action)",
                    m.key
                ),
            ));
        }
    }
    let field = |key: &str| -> Result<(&str, Span), (Span, String)> {
        match item.get(key) {
            Some(n) => n
                .as_str()
                .map(|s| (s, n.span))
                .ok_or((n.span, format!("`{key}` must be a string"))),
            None => Err((item.span, format!("{shape}; `{key}` is missing"))),
        }
    };
    let (s, stage_span) = field("stage")?;
    let stage = Stage::parse(s).ok_or_else(|| (stage_span, unknown_stage(s)))?;
    let (s, span) = field("severity")?;
    let severity = match s {
        "error" => Severity::Error,
        "warn" => Severity::Warn,
        "info" => Severity::Info,
        "hint" => {
            return Err((
                span,
                "`hint` findings are not violations (WSO2 counts error, warn and info); an action for them would never fire".into(),
            ))
        }
        _ => return Err((span, format!("unknown severity `{s}` (expected error, warn or info)"))),
    };
    let (s, span) = field("action")?;
    let action = match s {
        "notify" => Action::Notify,
        "block" => Action::Block,
        _ => {
            return Err((
                span,
                format!("unknown action `{s}` (expected notify or block)"),
            ))
        }
    };
    if action == Action::Block && !stage.can_block() {
        return Err((
            span,
            format!(
                "`block` is refused at `{}`: as in WSO2, creating and updating an API are never blocked (violations there notify); block at deploy or publish",
                stage.as_str()
            ),
        ));
    }
    Ok(ActionRule {
        stage,
        severity,
        action,
    })
}

/// A string, or a list of strings, with their spans; `None` for anything else.
fn strings(node: &Node) -> Option<Vec<(String, Span)>> {
    if let Some(s) = node.as_str() {
        return Some(vec![(s.to_string(), node.span)]);
    }
    node.as_array()?
        .iter()
        .map(|n| n.as_str().map(|s| (s.to_string(), n.span)))
        .collect()
}
