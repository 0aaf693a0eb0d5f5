//! WSO2 API Manager's default governance rulesets, built in: `wso2:api-management-guidelines`
//! (rules over the `api.yaml` representation, target `metadata`), `wso2:rest-api-design-guidelines`
//! and `wso2:owasp-top-10` (over the OpenAPI definition), with WSO2's rule names and severities
//! (`../shared/reference/wso2-governance.md` §3). They are data, as `spectral:oas` is: one
//! ruleset file each beside this file, read by [`super::data`]; the documented examples are
//! `fixtures/rules/<id>/` (a `:` of an id is a `-` in the folder's name).
//!
//! WSO2's default policy, "WSO2 API Management Best Practices", is data too:
//! [`BEST_PRACTICES_POLICY`], a `policies:` section for the governance crate to read.

use std::sync::OnceLock;

use super::data::{DataRule, DataRuleset, Reading, SharedRule};
use crate::rule::Rule;

/// The built-in WSO2 rulesets, with their files.
const FILES: [(&str, &str); 3] = [
    (
        "wso2:api-management-guidelines",
        include_str!("api-management-guidelines.yaml"),
    ),
    (
        "wso2:rest-api-design-guidelines",
        include_str!("rest-api-design-guidelines.yaml"),
    ),
    ("wso2:owasp-top-10", include_str!("owasp-top-10.yaml")),
];

/// The names of the built-in WSO2 rulesets.
pub const RULESETS: [&str; 3] = [FILES[0].0, FILES[1].0, FILES[2].0];

/// WSO2's default policy as gardefou's governance reads policies: a `policies:` list with one
/// policy, `wso2:best-practices`.
pub const BEST_PRACTICES_POLICY: &str = include_str!("best-practices.yaml");

/// The documented examples of a rule, by id: `fixtures/rules/<dir>/invalid.yaml` and `valid.yaml`.
macro_rules! examples {
    ($(($id:literal, $dir:literal))*) => {
        #[cfg(test)]
        const EXAMPLE_IDS: &[&str] = &[$($id),*];

        fn examples(id: &str) -> Option<(&'static str, &'static str)> {
            match id {
                $($id => Some((
                    include_str!(concat!("../../../../../fixtures/rules/", $dir, "/invalid.yaml")),
                    include_str!(concat!("../../../../../fixtures/rules/", $dir, "/valid.yaml")),
                )),)*
                _ => None,
            }
        }
    };
}

examples! {
    ("api-name-required", "api-name-required")
    ("api-name-no-special-characters", "api-name-no-special-characters")
    ("api-name-length", "api-name-length")
    ("api-name-cannot-contain-version", "api-name-cannot-contain-version")
    ("api-context-required", "api-context-required")
    ("api-context-no-special-characters", "api-context-no-special-characters")
    ("api-context-length", "api-context-length")
    ("api-context-cannot-end-with-slash", "api-context-cannot-end-with-slash")
    ("api-context-cannot-contain-version", "api-context-cannot-contain-version")
    ("api-version-required", "api-version-required")
    ("api-business-owner-email-format", "api-business-owner-email-format")
    ("api-technical-owner-email-format", "api-technical-owner-email-format")
    ("api-endpointConfig-production-required", "api-endpointConfig-production-required")
    ("api-resources-security-required", "api-resources-security-required")
    ("api-no-unlimited-business-plan", "api-no-unlimited-business-plan")
    ("api-no-insecure-transports", "api-no-insecure-transports")
    ("api-tags", "api-tags")
    ("api-tags-count", "api-tags-count")
    ("api-tags-alphabetical", "api-tags-alphabetical")
    ("api-business-owner-email", "api-business-owner-email")
    ("api-business-owner", "api-business-owner")
    ("api-technical-owner", "api-technical-owner")
    ("api-technical-owner-email", "api-technical-owner-email")
    ("api-no-unlimited-throttling-policy", "api-no-unlimited-throttling-policy")
    ("api-endpointConfig-sandbox-suggestion", "api-endpointConfig-sandbox-suggestion")
    ("paths-no-trailing-slash", "paths-no-trailing-slash")
    ("path-casing", "path-casing")
    ("paths-no-http-verbs", "paths-no-http-verbs")
    ("contact-url", "contact-url")
    ("contact-email", "contact-email")
    ("contact-name", "contact-name")
    ("parameter-description", "parameter-description")
    ("path-parameters-on-path-only", "path-parameters-on-path-only")
    ("paths-no-query-params", "paths-no-query-params")
    ("resource-names-plural", "resource-names-plural")
    ("paths-avoid-special-characters", "paths-avoid-special-characters")
    ("owasp:api2:2023-no-http-basic", "owasp-api2-2023-no-http-basic")
    ("owasp:api2:2023-jwt-best-practices", "owasp-api2-2023-jwt-best-practices")
    ("owasp:api3:2023-no-additionalProperties", "owasp-api3-2023-no-additionalProperties")
    ("owasp:api3:2023-constrained-additionalProperties", "owasp-api3-2023-constrained-additionalProperties")
    ("owasp:api3:2023-no-unevaluatedProperties", "owasp-api3-2023-no-unevaluatedProperties")
    ("owasp:api3:2023-constrained-unevaluatedProperties", "owasp-api3-2023-constrained-unevaluatedProperties")
    ("owasp:api4:2023-rate-limit-retry-after", "owasp-api4-2023-rate-limit-retry-after")
    ("owasp:api4:2023-rate-limit-responses-429", "owasp-api4-2023-rate-limit-responses-429")
    ("owasp:api8:2023-no-scheme-http", "owasp-api8-2023-no-scheme-http")
    ("owasp:api8:2023-no-server-http", "owasp-api8-2023-no-server-http")
    ("owasp:api8:2023-define-error-validation", "owasp-api8-2023-define-error-validation")
    ("owasp:api8:2023-define-error-responses-401", "owasp-api8-2023-define-error-responses-401")
    ("owasp:api8:2023-define-error-responses-500", "owasp-api8-2023-define-error-responses-500")
    ("owasp:api9:2023-inventory-access", "owasp-api9-2023-inventory-access")
    ("owasp:api9:2023-inventory-environment", "owasp-api9-2023-inventory-environment")
}

/// The three rulesets as read, in [`RULESETS`] order.
fn rulesets() -> &'static [DataRuleset] {
    static SETS: OnceLock<Vec<DataRuleset>> = OnceLock::new();
    SETS.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, text)| {
                let reading = Reading {
                    ruleset: name,
                    examples,
                    peer_prefix: None,
                };
                reading
                    .read(text)
                    .unwrap_or_else(|e| panic!("built-in ruleset {name}: {e}"))
            })
            .collect()
    })
}

/// The WSO2 rules, ruleset by ruleset, each in its file's order.
pub fn rules() -> Vec<&'static dyn Rule> {
    rulesets()
        .iter()
        .flat_map(|s| s.rules.iter().map(|r: &DataRule| r as &'static dyn Rule))
        .collect()
}

/// The rules of other built-in rulesets that the WSO2 ruleset `name` shares, at its severity
/// (empty for any other name).
pub fn shared(name: &str) -> &'static [SharedRule] {
    RULESETS
        .iter()
        .position(|n| *n == name)
        .map_or(&[], |i| &rulesets()[i].shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_read_and_every_rule_has_its_examples() {
        let ids: Vec<&str> = rules().iter().map(|r| r.meta().id).collect();
        assert_eq!(ids, EXAMPLE_IDS);
        for (set, name) in rulesets().iter().zip(RULESETS) {
            assert!(set.rules.iter().all(|r| r.meta.ruleset == name), "{name}");
        }
        // Only the REST guidelines share rules, all of them Spectral's.
        assert!(shared(RULESETS[0]).is_empty() && shared(RULESETS[2]).is_empty());
        assert!(shared(RULESETS[1])
            .iter()
            .all(|s| s.from == "spectral:oas" && crate::rules::find_rule(s.id).is_some()));
        assert!(shared("spectral:oas").is_empty());
    }

    #[test]
    fn peers_that_name_a_gardefou_rule_name_one_that_exists() {
        for r in rules() {
            for p in r.meta().peers {
                if let Some(id) = p.strip_prefix("gardefou:") {
                    assert!(
                        crate::rules::find_rule(id).is_some(),
                        "{}: {p}",
                        r.meta().id
                    );
                }
            }
        }
    }
}
