//! API scorecards: turns findings into a 0–100 score and grade, per category and overall.
//!
//! The formula is documented in `docs/scoring.md`. In short, for each category `c`:
//!
//! ```text
//! penalty(c) = Σ over findings f in c of severity_weight(f) × rule_weight(f)
//! size       = operations + schema_share × named schemas
//! budget     = budget_per_operation × (1 + size)
//! score(c)   = 100 × budget / (budget + penalty(c))
//! overall    = Σ weight(c) × score(c) / Σ weight(c)
//! ```
//!
//! The score is bounded (0, 100], normalized for size by the budget, monotone (removing a
//! finding only lowers a penalty), deterministic (sums do not depend on order) and explainable:
//! [`ApiScore::losses`] splits the points lost over the rules that cost them.
//!
//! # Example
//!
//! ```
//! use gardefou_diagnostics::{Category, Severity};
//! use gardefou_score::{score_api, Hit, ScoreConfig, Size};
//!
//! let hit = |rule: &str, category, severity| Hit {
//!     rule: rule.to_string(),
//!     category,
//!     severity,
//!     location: None,
//! };
//! let hits = [
//!     hit("security-operation-secured", Category::Security, Severity::Error),
//!     hit("info-contact", Category::Documentation, Severity::Warn),
//! ];
//! let config = ScoreConfig::default();
//! let clean = score_api("pets.yaml", Size::operations(4), &[], &config);
//! let scored = score_api("pets.yaml", Size::operations(4), &hits, &config);
//! assert_eq!(clean.score, 100.0);
//! assert!(scored.score < clean.score);
//! // The biggest loss comes first, and all losses add up to what the score lost.
//! assert_eq!(scored.losses[0].rule, "security-operation-secured");
//! let lost: f64 = scored.losses.iter().map(|l| l.points).sum();
//! assert!((100.0 - scored.score - lost).abs() < 0.2);
//! ```
#![deny(missing_docs)]

use std::collections::BTreeMap;

use gardefou_diagnostics::{Category, Severity};
use serde::Serialize;

mod config;
mod structure;
pub use config::{ConfigError, GradeBand, GradeCap, ScoreConfig};
pub use structure::{assess, info, Unscorable, UnscorableKind};

/// The categories a scorecard shows, in display order. `design` findings count as validity.
pub const CATEGORIES: [Category; 5] = [
    Category::Validity,
    Category::Security,
    Category::Documentation,
    Category::Naming,
    Category::Versioning,
];

/// The scorecard category a finding's rule category counts under.
pub fn scored_category(c: Category) -> Category {
    match c {
        Category::Design => Category::Validity,
        other => other,
    }
}

/// What the scorer needs to know of one finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The rule that reported it.
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// The finding's severity.
    pub severity: Severity,
    /// Where it is (`file:line:column`), shown for the costliest rules.
    pub location: Option<String>,
}

/// How many locations each loss lists.
pub const LOCATIONS_PER_LOSS: usize = 3;

/// The score of one category.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CategoryScore {
    /// The category.
    pub category: Category,
    /// 0–100, one decimal.
    pub score: f64,
    /// The grade the score earns.
    pub grade: String,
    /// The category's weight in the overall score.
    pub weight: f64,
    /// Weighted penalty points of its findings.
    pub penalty: f64,
    /// How many findings it has.
    pub findings: usize,
}

/// Points lost to one rule, in the overall score.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Loss {
    /// The rule id.
    pub rule: String,
    /// Its scorecard category.
    pub category: Category,
    /// The severity its findings had.
    pub severity: Severity,
    /// How many findings.
    pub count: usize,
    /// Points of the overall 0–100 score this rule costs; all losses add up to `100 - score`.
    pub points: f64,
    /// The first few places it fires, in finding order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<String>,
}

/// How big an API is, for the budget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Size {
    /// Operations (every method of every path item).
    pub operations: usize,
    /// Named schemas (`components/schemas`, Swagger 2.0 `definitions`).
    pub schemas: usize,
}

impl Size {
    /// An API of `operations` operations and no named schemas.
    pub fn operations(operations: usize) -> Size {
        Size {
            operations,
            schemas: 0,
        }
    }
}

/// The scorecard of one API.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ApiScore {
    /// What reports call the API: `info.title` and `info.version`, or the path without a title.
    pub name: String,
    /// `info.title`, when the document has one.
    pub title: Option<String>,
    /// `info.version`, when the document has one.
    pub version: Option<String>,
    /// The root document's path as given; the API's identity for `--compare`.
    pub path: String,
    /// Set when the document cannot be scored (docs/scoring.md): its score is then 0, its grade
    /// the lowest, it counts as 0 in the portfolio's mean and it has no losses.
    pub unparseable: Option<Unscorable>,
    /// Its operations.
    pub operations: usize,
    /// Its named schemas.
    pub schemas: usize,
    /// 0–100, one decimal.
    pub score: f64,
    /// The grade the score earns, after caps.
    pub grade: String,
    /// One score per scorecard category.
    pub categories: Vec<CategoryScore>,
    /// Biggest loss first.
    pub losses: Vec<Loss>,
    /// The caps that hold the grade below what the score earns, with the rules that triggered
    /// them (`validity error → D (oas3-schema)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capped_by: Vec<String>,
    /// The score in an earlier scorecard (`gardefou score --compare`), when it had this API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<f64>,
    /// Its compliance with the ruleset's governance policies, when the ruleset has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compliance: Option<Compliance>,
}

/// An API's compliance beside its score: WSO2's status at a lifecycle stage
/// (`gardefou check`).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Compliance {
    /// `COMPLIANT`, `NON-COMPLIANT` or `NOT-APPLICABLE`.
    pub status: String,
    /// The stage evaluated (`publish` …).
    pub stage: String,
}

impl ApiScore {
    /// Names the API by its `info.title` and `info.version` (the path stays its identity).
    pub fn with_info(mut self, title: Option<String>, version: Option<String>) -> ApiScore {
        self.name = match (&title, &version) {
            (Some(t), Some(v)) => format!("{t} {v}"),
            (Some(t), None) => t.clone(),
            (None, _) => self.path.clone(),
        };
        self.title = title;
        self.version = version;
        self
    }

    /// Marks the API as one that cannot be scored: score 0 and the lowest grade, overall and in
    /// every category (the finding counts stay), no losses and no caps.
    pub fn unscorable(mut self, why: Unscorable, config: &ScoreConfig) -> ApiScore {
        let lowest = config.lowest_grade().to_string();
        self.score = 0.0;
        self.grade = lowest.clone();
        for c in &mut self.categories {
            c.score = 0.0;
            c.grade = lowest.clone();
        }
        self.losses.clear();
        self.capped_by.clear();
        self.unparseable = Some(why);
        self
    }

    /// The change since the earlier scorecard, one decimal.
    pub fn delta(&self) -> Option<f64> {
        self.previous.map(|p| round1(self.score - p))
    }
}

/// How many of the rules that trigger a cap its description names.
const CAP_RULES_SHOWN: usize = 3;

/// Scores one API (named by its path until [`ApiScore::with_info`]) of this size with these findings.
pub fn score_api(name: &str, size: Size, hits: &[Hit], config: &ScoreConfig) -> ApiScore {
    let units = size.operations as f64 + config.schema_share * size.schemas as f64;
    let budget = config.budget_per_operation * (1.0 + units);
    // Per (category, rule, severity): count and penalty. A BTreeMap keeps it deterministic.
    let mut per_rule: BTreeMap<(Category, &str, Severity), (usize, f64)> = BTreeMap::new();
    let mut places: BTreeMap<(Category, &str, Severity), Vec<String>> = BTreeMap::new();
    for h in hits {
        let cat = scored_category(h.category);
        let p = config.severity_weight(h.severity) * config.rule_weight(&h.rule);
        let key = (cat, h.rule.as_str(), h.severity);
        let e = per_rule.entry(key).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += p;
        if let Some(loc) = &h.location {
            let v = places.entry(key).or_default();
            if v.len() < LOCATIONS_PER_LOSS {
                v.push(loc.clone());
            }
        }
    }
    let total_weight: f64 = CATEGORIES.iter().map(|c| config.category_weight(*c)).sum();
    let mut categories = Vec::new();
    let mut raw_overall = 0.0;
    let mut cat_loss: BTreeMap<Category, (f64, f64)> = BTreeMap::new();
    for &cat in &CATEGORIES {
        let (findings, penalty) = per_rule
            .iter()
            .filter(|((c, _, _), _)| *c == cat)
            .fold((0, 0.0), |(n, p), (_, (k, q))| (n + k, p + q));
        let raw = 100.0 * budget / (budget + penalty);
        let weight = config.category_weight(cat);
        let share = if total_weight > 0.0 {
            weight / total_weight
        } else {
            0.0
        };
        raw_overall += share * raw;
        cat_loss.insert(cat, ((100.0 - raw) * share, penalty));
        categories.push(CategoryScore {
            category: cat,
            score: round1(raw),
            grade: config.grade(round1(raw)).to_string(),
            weight,
            penalty: round1(penalty),
            findings,
        });
    }
    if total_weight <= 0.0 {
        raw_overall = 100.0;
    }
    let mut losses: Vec<Loss> = per_rule
        .iter()
        .filter(|(_, (_, p))| *p > 0.0)
        .map(|(key, (count, p))| {
            let (cat, rule, sev) = key;
            let (lost, penalty) = cat_loss[cat];
            Loss {
                rule: (*rule).to_string(),
                category: *cat,
                severity: *sev,
                count: *count,
                points: if penalty > 0.0 {
                    lost * p / penalty
                } else {
                    0.0
                },
                locations: places.get(key).cloned().unwrap_or_default(),
            }
        })
        .collect();
    losses.sort_by(|a, b| {
        b.points
            .total_cmp(&a.points)
            .then_with(|| a.rule.cmp(&b.rule))
            .then(a.severity.cmp(&b.severity))
    });
    for l in &mut losses {
        l.points = round2(l.points);
    }
    let score = round1(raw_overall);
    let earned = config.grade(score).to_string();
    let mut grade = earned.clone();
    let mut capped_by = Vec::new();
    for cap in &config.caps {
        let hit = hits
            .iter()
            .any(|h| h.category == cap.category && h.severity <= cap.severity);
        if hit && config.grade_rank(&cap.grade) > config.grade_rank(&earned) {
            let rules: std::collections::BTreeSet<&str> = hits
                .iter()
                .filter(|h| h.category == cap.category && h.severity <= cap.severity)
                .map(|h| h.rule.as_str())
                .collect();
            let mut named: Vec<&str> = rules.iter().copied().take(CAP_RULES_SHOWN).collect();
            if rules.len() > CAP_RULES_SHOWN {
                named.push("…");
            }
            capped_by.push(format!(
                "{} {} → {} ({})",
                cap.category.as_str(),
                cap.severity.as_str(),
                cap.grade,
                named.join(", ")
            ));
            if config.grade_rank(&cap.grade) > config.grade_rank(&grade) {
                grade = cap.grade.clone();
            }
        }
    }
    ApiScore {
        name: name.to_string(),
        title: None,
        version: None,
        path: name.to_string(),
        unparseable: None,
        operations: size.operations,
        schemas: size.schemas,
        score,
        grade,
        capped_by,
        categories,
        losses,
        previous: None,
        compliance: None,
    }
}

/// A portfolio summary: the mean score and how many APIs have each grade.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Portfolio {
    /// How many APIs.
    pub apis: usize,
    /// APIs that cannot be scored; each counts as 0 in the mean.
    pub unparseable: usize,
    /// The mean of the APIs' scores, one decimal, an unscorable API counting as 0 (100 for an
    /// empty portfolio, which `gardefou score` refuses).
    pub score: f64,
    /// The grade of the mean score.
    pub grade: String,
    /// Grade → number of APIs, in band order.
    pub grades: Vec<(String, usize)>,
    /// Category → mean score and the grade it earns.
    pub categories: Vec<(Category, f64, String)>,
    /// The mean score of the earlier scorecard (`--compare`).
    pub previous: Option<f64>,
    /// APIs in the earlier scorecard that are gone.
    pub removed: Vec<String>,
    /// The rules that cost the portfolio most, costliest first (at most [`COSTLIEST_RULES`]).
    pub costliest: Vec<RuleCost>,
    /// The verdict of `--min-score`, when one was asked for.
    pub gate: Option<Gate>,
}

/// The verdict of `--min-score`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Gate {
    /// The bar.
    pub min_score: f64,
    /// Whether the bar applies to the portfolio's mean (`--portfolio`) rather than each API.
    pub portfolio: bool,
    /// Whether every API (or the mean) reached it.
    pub passed: bool,
    /// The APIs scoring below the bar, in report order; listed with `--portfolio` too.
    pub below: Vec<Below>,
}

/// An API below the `--min-score` bar.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Below {
    /// The API's name.
    pub name: String,
    /// Its root document's path.
    pub path: String,
    /// Its score.
    pub score: f64,
    /// Its grade.
    pub grade: String,
}

/// Applies `--min-score min` to each API, or with `on_mean` to the portfolio's mean score.
pub fn gate(scores: &[ApiScore], portfolio: &Portfolio, min: f64, on_mean: bool) -> Gate {
    let below: Vec<Below> = scores
        .iter()
        .filter(|s| s.score < min)
        .map(|s| Below {
            name: s.name.clone(),
            path: s.path.clone(),
            score: s.score,
            grade: s.grade.clone(),
        })
        .collect();
    let passed = if on_mean {
        portfolio.score >= min
    } else {
        below.is_empty()
    };
    Gate {
        min_score: min,
        portfolio: on_mean,
        passed,
        below,
    }
}

/// How many rules [`Portfolio::costliest`] lists.
pub const COSTLIEST_RULES: usize = 10;

/// What one rule costs a portfolio.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RuleCost {
    /// The rule id.
    pub rule: String,
    /// Its scorecard category.
    pub category: Category,
    /// APIs it fires on.
    pub apis: usize,
    /// Its findings over all APIs.
    pub findings: usize,
    /// Points of the portfolio's mean score it costs: its losses summed over the APIs, divided
    /// by the number of APIs. Over all rules these add up to `100 - score` (up to rounding).
    pub points: f64,
}

/// The portfolio summary of `scores`, with the grades of `config`.
pub fn portfolio(scores: &[ApiScore], config: &ScoreConfig) -> Portfolio {
    let n = scores.len();
    let mean = |f: &dyn Fn(&ApiScore) -> f64| {
        if n == 0 {
            100.0
        } else {
            round1(scores.iter().map(f).sum::<f64>() / n as f64)
        }
    };
    let score = mean(&|s| s.score);
    let grades = config
        .grades
        .iter()
        .map(|b| {
            let count = scores.iter().filter(|s| s.grade == b.grade).count();
            (b.grade.clone(), count)
        })
        .collect();
    let categories = CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let m = mean(&|s| s.categories[i].score);
            (*c, m, config.grade(m).to_string())
        })
        .collect();
    // Rule → (category, APIs, findings, points summed over APIs).
    let mut per_rule: BTreeMap<&str, (Category, usize, usize, f64)> = BTreeMap::new();
    for s in scores {
        let mut seen = std::collections::BTreeSet::new();
        for l in &s.losses {
            let e = per_rule
                .entry(l.rule.as_str())
                .or_insert((l.category, 0, 0, 0.0));
            if seen.insert(l.rule.as_str()) {
                e.1 += 1;
            }
            e.2 += l.count;
            e.3 += l.points;
        }
    }
    let mut costliest: Vec<RuleCost> = per_rule
        .into_iter()
        .map(|(rule, (category, apis, findings, points))| RuleCost {
            rule: rule.to_string(),
            category,
            apis,
            findings,
            points: round2(points / n.max(1) as f64),
        })
        .collect();
    costliest.sort_by(|a, b| {
        b.points
            .total_cmp(&a.points)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    costliest.truncate(COSTLIEST_RULES);
    Portfolio {
        apis: n,
        unparseable: scores.iter().filter(|s| s.unparseable.is_some()).count(),
        score,
        grade: config.grade(score).to_string(),
        grades,
        categories,
        previous: None,
        removed: Vec::new(),
        costliest,
        gate: None,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
