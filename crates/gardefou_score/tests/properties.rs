//! The properties DESIGN §6 asks of a score, checked over random finding sets.

use gardefou_diagnostics::{Category, Severity};
use gardefou_score::{score_api, Hit, ScoreConfig, Size};
use proptest::prelude::*;

const RULES: [&str; 6] = [
    "oas3-schema",
    "operation-description",
    "gf-security-defined",
    "gf-path-kebab-case",
    "gf-version-in-path",
    "operation-operationId",
];

fn hit() -> impl Strategy<Value = Hit> {
    (
        0..RULES.len(),
        prop_oneof![
            Just(Category::Validity),
            Just(Category::Security),
            Just(Category::Documentation),
            Just(Category::Naming),
            Just(Category::Versioning),
            Just(Category::Design),
        ],
        prop_oneof![
            Just(Severity::Error),
            Just(Severity::Warn),
            Just(Severity::Info),
            Just(Severity::Hint),
        ],
    )
        .prop_map(|(r, category, severity)| Hit {
            rule: RULES[r].to_string(),
            category,
            severity,
            location: None,
        })
}

proptest! {
    #[test]
    fn bounded(hits in prop::collection::vec(hit(), 0..400), ops in 0usize..2000) {
        let s = score_api("api", Size::operations(ops), &hits, &ScoreConfig::default());
        prop_assert!((0.0..=100.0).contains(&s.score));
        for c in &s.categories {
            prop_assert!((0.0..=100.0).contains(&c.score));
        }
        if hits.iter().all(|h| h.severity == Severity::Hint) {
            prop_assert_eq!(s.score, 100.0);
        }
    }

    #[test]
    fn fixing_a_finding_never_lowers_the_score(
        hits in prop::collection::vec(hit(), 1..200),
        ops in 0usize..500,
        pick in any::<prop::sample::Index>(),
    ) {
        let config = ScoreConfig::default();
        let before = score_api("api", Size::operations(ops), &hits, &config);
        let mut fixed = hits.clone();
        fixed.remove(pick.index(hits.len()));
        let after = score_api("api", Size::operations(ops), &fixed, &config);
        prop_assert!(after.score >= before.score, "{} < {}", after.score, before.score);
        prop_assert!(config.grade_rank(&after.grade) <= config.grade_rank(&before.grade));
        for (a, b) in after.categories.iter().zip(&before.categories) {
            prop_assert!(a.score >= b.score);
        }
    }

    #[test]
    fn order_does_not_matter(hits in prop::collection::vec(hit(), 0..100), ops in 0usize..100) {
        let config = ScoreConfig::default();
        let mut reversed = hits.clone();
        reversed.reverse();
        prop_assert_eq!(
            score_api("api", Size::operations(ops), &hits, &config),
            score_api("api", Size::operations(ops), &reversed, &config)
        );
    }

    /// Ten copies of an API, with ten times the operations and ten times the findings, score
    /// within a point of the original: size alone is not punished.
    #[test]
    fn normalized_for_size(hits in prop::collection::vec(hit(), 0..50), ops in 20usize..200) {
        let config = ScoreConfig::default();
        let small = score_api("api", Size::operations(ops), &hits, &config);
        let big_hits: Vec<Hit> = hits.iter().cloned().cycle().take(hits.len() * 10).collect();
        let big = score_api("api", Size::operations(ops * 10), &big_hits, &config);
        prop_assert!((big.score - small.score).abs() <= 1.0, "{} vs {}", big.score, small.score);
    }

    /// Every point lost is accounted for by a rule.
    #[test]
    fn losses_explain_the_score(hits in prop::collection::vec(hit(), 0..200), ops in 0usize..300) {
        let s = score_api("api", Size::operations(ops), &hits, &ScoreConfig::default());
        let lost: f64 = s.losses.iter().map(|l| l.points).sum();
        prop_assert!((100.0 - s.score - lost).abs() < 0.05 + 0.005 * s.losses.len() as f64);
        prop_assert!(s.losses.windows(2).all(|w| w[0].points >= w[1].points));
    }
}

#[test]
fn worked_example_from_docs_scoring_md() {
    // 3 operations → budget 12 × (1 + 3) = 48.
    // Security: 1 error (10) → 100 × 48 / 58 = 82.8.
    // Documentation: 5 warnings (20) → 100 × 48 / 68 = 70.6.
    // Overall: (30×100 + 25×82.76 + 20×70.59 + 15×100 + 10×100) / 100 = 89.8 → B.
    let mut hits = vec![Hit {
        rule: "gf-security-defined".into(),
        category: Category::Security,
        severity: Severity::Error,
        location: None,
    }];
    for i in 0..5 {
        hits.push(Hit {
            rule: "operation-description".into(),
            category: Category::Documentation,
            severity: Severity::Warn,
            location: Some(format!("pets.yaml:{}:5", 10 + i)),
        });
    }
    let s = score_api("pets", Size::operations(3), &hits, &ScoreConfig::default());
    assert_eq!(s.score, 89.8);
    assert_eq!(s.grade, "B");
    let cat: Vec<(&str, f64)> = s
        .categories
        .iter()
        .map(|c| (c.category.as_str(), c.score))
        .collect();
    assert_eq!(
        cat,
        [
            ("validity", 100.0),
            ("security", 82.8),
            ("documentation", 70.6),
            ("naming", 100.0),
            ("versioning", 100.0)
        ]
    );
    assert_eq!(s.losses[0].rule, "operation-description");
    assert_eq!(s.losses[0].points, 5.88);
    assert_eq!(s.losses[1].points, 4.31);
    assert_eq!(
        s.losses[0].locations,
        ["pets.yaml:10:5", "pets.yaml:11:5", "pets.yaml:12:5"]
    );
}

#[test]
fn config_reads_the_scorecard_section() {
    let v = serde_json::json!({
        "categories": {"security": 50},
        "rules": {"operation-description": 0},
        "grades": {"pass": 75, "fail": 0}
    });
    let c = ScoreConfig::from_value(&v).unwrap();
    assert_eq!(c.category_weight(Category::Security), 50.0);
    assert_eq!(c.rule_weight("operation-description"), 0.0);
    assert_eq!(c.grade(80.0), "pass");
    assert_eq!(c.grade(10.0), "fail");
    let bad = ScoreConfig::from_value(&serde_json::json!({"categories": {"speed": 1}}));
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("unknown category `speed`"));
    let neg = ScoreConfig::from_value(&serde_json::json!({"rules": {"x": -1}}));
    assert!(neg.is_err());
}

#[test]
fn a_validity_error_caps_the_grade() {
    let config = ScoreConfig::default();
    let hits = vec![Hit {
        rule: "oas3-schema".into(),
        category: Category::Validity,
        severity: Severity::Error,
        location: None,
    }];
    // 100 operations: one error barely moves the score, but the grade is held at D.
    let s = score_api("big", Size::operations(100), &hits, &config);
    assert!(s.score > 99.0);
    assert_eq!(s.grade, "D");
    assert_eq!(s.capped_by, ["validity error → D (oas3-schema)"]);
    let clean = score_api("big", Size::operations(100), &[], &config);
    assert_eq!((clean.grade.as_str(), clean.capped_by.len()), ("A", 0));
}

/// A `design` rule counts toward the validity score but does not trigger the validity cap.
#[test]
fn a_design_error_lowers_validity_without_capping() {
    let config = ScoreConfig::default();
    let hits = vec![Hit {
        rule: "must-use-problem-json-for-errors".into(),
        category: Category::Design,
        severity: Severity::Error,
        location: None,
    }];
    let s = score_api("big", Size::operations(100), &hits, &config);
    assert!(s.categories[0].score < 100.0, "{:?}", s.categories[0]);
    assert_eq!((s.grade.as_str(), s.capped_by.len()), ("A", 0));
}
