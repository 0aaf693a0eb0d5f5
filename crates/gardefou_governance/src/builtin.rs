//! Built-in policies, named in `policies:` by their name alone.

use crate::model::Stage;
use crate::policy::{AppliesTo, Policy, RulesetEntry};

/// The names of the built-in policies.
pub const BUILTIN_POLICIES: &[&str] = &["wso2:best-practices"];

/// The built-in policy `name`.
///
/// `wso2:best-practices` is WSO2's default policy, "WSO2 API Management Best Practices": every
/// API (label `GLOBAL`), evaluated when an API is created or updated, with the REST API design
/// guidelines (definition) and the API management guidelines (metadata), and no action, so
/// every violation notifies.
pub fn policy(name: &str) -> Option<Policy> {
    match name {
        "wso2:best-practices" => Some(Policy {
            name: name.to_string(),
            description: Some(
                "WSO2 API Management Best Practices: WSO2's default policy (REST API design and API management guidelines, notify only)"
                    .to_string(),
            ),
            applies_to: AppliesTo::All,
            stages: vec![Stage::Create, Stage::Update],
            rulesets: ["wso2:rest-api-design-guidelines", "wso2:api-management-guidelines"]
                .into_iter()
                .map(|r| RulesetEntry {
                    name: r.to_string(),
                    target: None,
                    span: gardefou_source::Span::empty(0),
                })
                .collect(),
            actions: Vec::new(),
            builtin: Some(name.to_string()),
        }),
        _ => None,
    }
}
