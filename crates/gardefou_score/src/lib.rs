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

use std::collections::BTreeMap;

use gardefou_linter::{Category, Severity};
use serde::Serialize;

mod config;
pub use config::{ConfigError, GradeBand, GradeCap, ScoreConfig};

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
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    /// Where it is (`file:line:column`), shown for the costliest rules.
    pub location: Option<String>,
}

/// How many locations each loss lists.
pub const LOCATIONS_PER_LOSS: usize = 3;

/// The score of one category.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CategoryScore {
    pub category: Category,
    /// 0–100, one decimal.
    pub score: f64,
    pub grade: String,
    /// The category's weight in the overall score.
    pub weight: f64,
    /// Weighted penalty points of its findings.
    pub penalty: f64,
    pub findings: usize,
}

/// Points lost to one rule, in the overall score.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Loss {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
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
    pub name: String,
    pub operations: usize,
    pub schemas: usize,
    /// 0–100, one decimal.
    pub score: f64,
    pub grade: String,
    pub categories: Vec<CategoryScore>,
    /// Biggest loss first.
    pub losses: Vec<Loss>,
    /// The caps that hold the grade below what the score earns (`validity error → D`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capped_by: Vec<String>,
    /// The score in an earlier scorecard (`gardefou score --compare`), when it had this API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<f64>,
}

impl ApiScore {
    /// The change since the earlier scorecard, one decimal.
    pub fn delta(&self) -> Option<f64> {
        self.previous.map(|p| round1(self.score - p))
    }
}

/// Scores one API of this size with these findings.
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
            capped_by.push(format!(
                "{} {} → {}",
                cap.category.as_str(),
                cap.severity.as_str(),
                cap.grade
            ));
            if config.grade_rank(&cap.grade) > config.grade_rank(&grade) {
                grade = cap.grade.clone();
            }
        }
    }
    ApiScore {
        name: name.to_string(),
        operations: size.operations,
        schemas: size.schemas,
        score,
        grade,
        capped_by,
        categories,
        losses,
        previous: None,
    }
}

/// A portfolio summary: the mean score and how many APIs have each grade.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Portfolio {
    pub apis: usize,
    /// The mean of the APIs' scores, one decimal (100 for an empty portfolio).
    pub score: f64,
    pub grade: String,
    /// Grade → number of APIs, in band order.
    pub grades: Vec<(String, usize)>,
    /// Category → mean score.
    pub categories: Vec<(Category, f64)>,
    /// The mean score of the earlier scorecard (`--compare`).
    pub previous: Option<f64>,
    /// APIs in the earlier scorecard that are gone.
    pub removed: Vec<String>,
    /// The rules that cost the portfolio most, costliest first (at most [`COSTLIEST_RULES`]).
    pub costliest: Vec<RuleCost>,
}

/// How many rules [`Portfolio::costliest`] lists.
pub const COSTLIEST_RULES: usize = 10;

/// What one rule costs a portfolio.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RuleCost {
    pub rule: String,
    pub category: Category,
    /// APIs it fires on.
    pub apis: usize,
    pub findings: usize,
    /// Points of the portfolio's mean score it costs: its losses summed over the APIs, divided
    /// by the number of APIs. Over all rules these add up to `100 - score` (up to rounding).
    pub points: f64,
}

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
        .map(|(i, c)| (*c, mean(&|s| s.categories[i].score)))
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
        score,
        grade: config.grade(score).to_string(),
        grades,
        categories,
        previous: None,
        removed: Vec::new(),
        costliest,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
