//! The `scorecard:` section of a ruleset.

use std::collections::BTreeMap;

use gardefou_diagnostics::{Category, Severity};
use serde_json::Value;

/// One grade band: scores at or above `min` get `grade` (bands are tried best first).
#[derive(Clone, Debug, PartialEq)]
pub struct GradeBand {
    /// Its name (`A`, …).
    pub grade: String,
    /// The lowest score that earns it.
    pub min: f64,
}

/// How findings turn into scores. `ScoreConfig::default()` is documented in `docs/scoring.md`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreConfig {
    /// Weight of each category in the overall score.
    pub category_weights: BTreeMap<Category, f64>,
    /// Penalty points of one finding of each severity.
    pub severity_weights: BTreeMap<Severity, f64>,
    /// Per-rule multiplier of the severity weight; rules not named weigh 1.
    pub rule_weights: BTreeMap<String, f64>,
    /// Penalty points an API may carry per operation (plus one) before a category drops to 50.
    pub budget_per_operation: f64,
    /// How much of an operation one named schema (`components/schemas`, `definitions`) counts
    /// for in the budget: schema rules fire once per schema however many operations use it.
    pub schema_share: f64,
    /// Best first.
    pub grades: Vec<GradeBand>,
    /// Grade caps: an API with a finding of `category` at `severity` or worse gets at best
    /// `grade`, whatever its score.
    pub caps: Vec<GradeCap>,
}

/// "Any finding of this category at this severity or worse caps the grade at `grade`."
#[derive(Clone, Debug, PartialEq)]
pub struct GradeCap {
    /// The category of the findings that cap.
    pub category: Category,
    /// The least severe finding that caps.
    pub severity: Severity,
    /// The best grade left.
    pub grade: String,
}

impl Default for ScoreConfig {
    fn default() -> Self {
        ScoreConfig {
            category_weights: [
                (Category::Validity, 30.0),
                (Category::Security, 25.0),
                (Category::Documentation, 20.0),
                (Category::Naming, 15.0),
                (Category::Versioning, 10.0),
            ]
            .into_iter()
            .collect(),
            severity_weights: [
                (Severity::Error, 10.0),
                (Severity::Warn, 4.0),
                (Severity::Info, 1.0),
                (Severity::Hint, 0.0),
            ]
            .into_iter()
            .collect(),
            rule_weights: BTreeMap::new(),
            budget_per_operation: 12.0,
            schema_share: 0.25,
            grades: [
                ("A", 90.0),
                ("B", 80.0),
                ("C", 70.0),
                ("D", 60.0),
                ("F", 0.0),
            ]
            .into_iter()
            .map(|(g, min)| GradeBand {
                grade: g.to_string(),
                min,
            })
            .collect(),
            caps: vec![GradeCap {
                category: Category::Validity,
                severity: Severity::Error,
                grade: "D".to_string(),
            }],
        }
    }
}

/// A mistake in the `scorecard:` section.
#[derive(Debug, thiserror::Error)]
#[error("scorecard: {0}")]
pub struct ConfigError(pub String);

impl ScoreConfig {
    /// The weight of category `c` (0 when not configured).
    pub fn category_weight(&self, c: Category) -> f64 {
        self.category_weights.get(&c).copied().unwrap_or(0.0)
    }

    /// The penalty points of one finding of severity `s` (0 when not configured).
    pub fn severity_weight(&self, s: Severity) -> f64 {
        self.severity_weights.get(&s).copied().unwrap_or(0.0)
    }

    /// The multiplier of rule `rule` (1 when the section does not name it).
    pub fn rule_weight(&self, rule: &str) -> f64 {
        self.rule_weights.get(rule).copied().unwrap_or(1.0)
    }

    /// The grade of a score: the first band whose minimum it reaches (the last band otherwise).
    pub fn grade(&self, score: f64) -> &str {
        self.grades
            .iter()
            .find(|b| score >= b.min)
            .or(self.grades.last())
            .map_or("?", |b| b.grade.as_str())
    }

    /// The worst grade band (what an unscorable document gets).
    pub fn lowest_grade(&self) -> &str {
        self.grades.last().map_or("?", |b| b.grade.as_str())
    }

    /// Where a grade sits in the bands, 0 for the best; bands not listed sort last.
    pub fn grade_rank(&self, grade: &str) -> usize {
        self.grades
            .iter()
            .position(|b| b.grade == grade)
            .unwrap_or(self.grades.len())
    }

    /// Reads the `scorecard:` section of a ruleset over the defaults:
    ///
    /// ```yaml
    /// scorecard:
    ///   categories: { validity: 30, security: 25, documentation: 20, naming: 15, versioning: 10 }
    ///   severities: { error: 10, warn: 4, info: 1, hint: 0 }
    ///   rules: { operation-description: 0.5 }
    ///   budgetPerOperation: 12
    ///   schemaShare: 0.25
    ///   grades: { A: 90, B: 80, C: 70, D: 60, F: 0 }
    ///   caps: [{ category: validity, severity: error, grade: D }]
    /// ```
    pub fn from_value(v: &Value) -> Result<ScoreConfig, ConfigError> {
        let mut c = ScoreConfig::default();
        let Some(obj) = v.as_object() else {
            return Err(ConfigError("must be a mapping".into()));
        };
        for (key, val) in obj {
            match key.as_str() {
                "categories" => {
                    for (name, w) in map(key, val)? {
                        c.category_weights.insert(category(&name)?, w);
                    }
                }
                "severities" => {
                    for (name, w) in map(key, val)? {
                        let s = Severity::parse(&name)
                            .ok_or_else(|| ConfigError(format!("unknown severity `{name}`")))?;
                        c.severity_weights.insert(s, w);
                    }
                }
                "rules" => c.rule_weights.extend(map(key, val)?),
                "budgetPerOperation" => {
                    c.budget_per_operation = number(key, val)?;
                    if c.budget_per_operation <= 0.0 {
                        return Err(ConfigError("budgetPerOperation must be above 0".into()));
                    }
                }
                "schemaShare" => {
                    c.schema_share = number(key, val)?;
                    if !(0.0..=1.0).contains(&c.schema_share) {
                        return Err(ConfigError("schemaShare must be between 0 and 1".into()));
                    }
                }
                "grades" => {
                    let mut bands: Vec<GradeBand> = map(key, val)?
                        .into_iter()
                        .map(|(grade, min)| GradeBand { grade, min })
                        .collect();
                    if bands.is_empty() {
                        return Err(ConfigError("grades must name at least one band".into()));
                    }
                    bands.sort_by(|a, b| b.min.total_cmp(&a.min));
                    c.grades = bands;
                }
                "caps" => c.caps = caps(val)?,
                other => {
                    return Err(ConfigError(format!(
                        "unknown key `{other}` (categories, severities, rules, \
                         budgetPerOperation, schemaShare, grades, caps)"
                    )))
                }
            }
        }
        Ok(c)
    }
}

fn number(key: &str, v: &Value) -> Result<f64, ConfigError> {
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(ConfigError(format!(
            "`{key}` must be a number of at least 0"
        ))),
    }
}

fn map(key: &str, v: &Value) -> Result<Vec<(String, f64)>, ConfigError> {
    let obj = v
        .as_object()
        .ok_or_else(|| ConfigError(format!("`{key}` must be a mapping")))?;
    obj.iter()
        .map(|(k, v)| Ok((k.clone(), number(&format!("{key}.{k}"), v)?)))
        .collect()
}

/// A scorecard category (design findings count as validity, so `design` is not one).
fn category(name: &str) -> Result<Category, ConfigError> {
    Category::parse(name)
        .filter(|c| *c != Category::Design)
        .ok_or_else(|| {
            ConfigError(format!(
                "unknown category `{name}` (validity, security, documentation, naming, versioning)"
            ))
        })
}

fn caps(v: &Value) -> Result<Vec<GradeCap>, ConfigError> {
    let items = v.as_array().ok_or_else(|| {
        ConfigError("`caps` must be a list of {category, severity, grade}".into())
    })?;
    items
        .iter()
        .map(|item| {
            let field = |k: &str| {
                item.get(k)
                    .and_then(Value::as_str)
                    .ok_or_else(|| ConfigError(format!("each of `caps` needs a `{k}` string")))
            };
            let severity = field("severity")?;
            Ok(GradeCap {
                category: category(field("category")?)?,
                severity: Severity::parse(severity)
                    .ok_or_else(|| ConfigError(format!("unknown severity `{severity}`")))?,
                grade: field("grade")?.to_string(),
            })
        })
        .collect()
}
