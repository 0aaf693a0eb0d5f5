//! The words of WSO2's governance model: stages (governable states), actions and the statuses
//! of APIs, policies and rulesets (the three kinds of rulesets, targets, are the linter's).

use serde::Serialize;

/// A step of an API's life at which policies are evaluated (WSO2's governable states
/// `API_CREATE`, `API_UPDATE`, `API_DEPLOY`, `API_PUBLISH`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The API is created.
    Create,
    /// The API is updated.
    Update,
    /// A revision of the API is deployed to a gateway.
    Deploy,
    /// The API is published to the developer portal.
    Publish,
}

impl Stage {
    /// Every stage, in lifecycle order.
    pub const ALL: [Stage; 4] = [Stage::Create, Stage::Update, Stage::Deploy, Stage::Publish];

    /// `create`, `update`, `deploy` or `publish`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Create => "create",
            Stage::Update => "update",
            Stage::Deploy => "deploy",
            Stage::Publish => "publish",
        }
    }

    /// The stage named `s` (the names [`Stage::as_str`] gives).
    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether a violation can stop the operation at this stage. As in WSO2, only deploying
    /// and publishing can be blocked; creating and updating always go ahead.
    pub fn can_block(self) -> bool {
        matches!(self, Stage::Deploy | Stage::Publish)
    }
}

/// What a violation does at a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The violation is reported; the operation goes ahead (the default for any stage and
    /// severity without an action).
    Notify,
    /// The operation is stopped: `gardefou check` exits with 1.
    Block,
}

impl Action {
    /// `notify` or `block`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Notify => "notify",
            Action::Block => "block",
        }
    }
}

pub use gardefou_linter::Target;

/// Serializes a target by its name (`definition`, `metadata`, `documentation`).
pub(crate) fn target_name<S: serde::Serializer>(t: &Target, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.as_str())
}

/// An API's compliance at a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ApiStatus {
    /// Every policy that governs it is followed.
    #[serde(rename = "COMPLIANT")]
    Compliant,
    /// At least one policy that governs it is violated.
    #[serde(rename = "NON-COMPLIANT")]
    NonCompliant,
    /// No policy governs it at this stage.
    #[serde(rename = "NOT-APPLICABLE")]
    NotApplicable,
}

impl ApiStatus {
    /// WSO2's name of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiStatus::Compliant => "COMPLIANT",
            ApiStatus::NonCompliant => "NON-COMPLIANT",
            ApiStatus::NotApplicable => "NOT-APPLICABLE",
        }
    }
}

/// A policy's adherence: for one API, or over the portfolio.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PolicyStatus {
    /// No ruleset of the policy failed (on every API it governs).
    #[serde(rename = "FOLLOWED")]
    Followed,
    /// A ruleset of the policy failed (on at least one API it governs).
    #[serde(rename = "VIOLATED")]
    Violated,
    /// The policy governs no API at this stage.
    #[serde(rename = "UNAPPLIED")]
    Unapplied,
}

impl PolicyStatus {
    /// WSO2's name of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyStatus::Followed => "FOLLOWED",
            PolicyStatus::Violated => "VIOLATED",
            PolicyStatus::Unapplied => "UNAPPLIED",
        }
    }
}

/// A ruleset's result on one API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum RulesetStatus {
    /// No violation.
    #[serde(rename = "PASSED")]
    Passed,
    /// At least one violation.
    #[serde(rename = "FAILED")]
    Failed,
    /// The API has nothing of the ruleset's target (no metadata, no documentation).
    #[serde(rename = "UNAPPLIED")]
    Unapplied,
}

impl RulesetStatus {
    /// WSO2's name of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            RulesetStatus::Passed => "PASSED",
            RulesetStatus::Failed => "FAILED",
            RulesetStatus::Unapplied => "UNAPPLIED",
        }
    }
}

/// Violations by severity (WSO2 counts `ERROR`, `WARN` and `INFO`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Violations at `error`.
    pub error: usize,
    /// Violations at `warn`.
    pub warn: usize,
    /// Violations at `info`.
    pub info: usize,
}

impl Counts {
    /// Every violation.
    pub fn total(&self) -> usize {
        self.error + self.warn + self.info
    }

    /// Counts one more violation of severity `s` (hints are not violations).
    pub fn add(&mut self, s: gardefou_diagnostics::Severity) {
        match s {
            gardefou_diagnostics::Severity::Error => self.error += 1,
            gardefou_diagnostics::Severity::Warn => self.warn += 1,
            gardefou_diagnostics::Severity::Info => self.info += 1,
            gardefou_diagnostics::Severity::Hint => {}
        }
    }

    /// The sum of two counts.
    pub fn plus(self, o: Counts) -> Counts {
        Counts {
            error: self.error + o.error,
            warn: self.warn + o.warn,
            info: self.info + o.info,
        }
    }

    /// `2 error, 1 warn` (only the severities present), or `no violation`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.error, "error"),
            (self.warn, "warn"),
            (self.info, "info"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, s)| format!("{n} {s}"))
        .collect();
        if parts.is_empty() {
            "no violation".to_string()
        } else {
            parts.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_only_deploy_and_publish_block() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        assert_eq!(Stage::parse("API_PUBLISH"), None);
        let blocking: Vec<_> = Stage::ALL.into_iter().filter(|s| s.can_block()).collect();
        assert_eq!(blocking, [Stage::Deploy, Stage::Publish]);
    }

    #[test]
    fn statuses_serialize_with_wso2_names() {
        fn j<T: Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap()
        }
        assert_eq!(j(&ApiStatus::NonCompliant), "\"NON-COMPLIANT\"");
        assert_eq!(j(&ApiStatus::NotApplicable), "\"NOT-APPLICABLE\"");
        assert_eq!(j(&PolicyStatus::Unapplied), "\"UNAPPLIED\"");
        assert_eq!(j(&RulesetStatus::Failed), "\"FAILED\"");
        assert_eq!(j(&Stage::Publish), "\"publish\"");
        for s in [
            ApiStatus::Compliant,
            ApiStatus::NonCompliant,
            ApiStatus::NotApplicable,
        ] {
            assert_eq!(j(&s), format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn counts_describe_only_what_is_there() {
        let mut c = Counts::default();
        assert_eq!(c.describe(), "no violation");
        c.add(gardefou_diagnostics::Severity::Error);
        c.add(gardefou_diagnostics::Severity::Hint);
        c.add(gardefou_diagnostics::Severity::Info);
        assert_eq!(c.describe(), "1 error, 1 info");
        assert_eq!(c.total(), 2);
        assert_eq!(c.plus(c).error, 2);
    }
}
