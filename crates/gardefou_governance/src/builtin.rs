//! Built-in policies, named in `policies:` by their name alone. They are data, written as a
//! `policies:` section like any `.gardefou.yaml` and read with the same reader:
//! `wso2:best-practices` is `gardefou_linter::rules::wso2::BEST_PRACTICES_POLICY`.

use gardefou_source::{parse, Limits, Syntax};

use crate::policy::{read_policies, Entry, Policy};
use crate::text::{Problems, Text};

/// The names of the built-in policies.
pub const BUILTIN_POLICIES: &[&str] = &["wso2:best-practices"];

/// The `policies:` text of each built-in policy.
fn source(name: &str) -> Option<&'static str> {
    match name {
        "wso2:best-practices" => Some(gardefou_linter::rules::wso2::BEST_PRACTICES_POLICY),
        _ => None,
    }
}

/// The built-in policy `name`.
///
/// `wso2:best-practices` is WSO2's default policy, "WSO2 API Management Best Practices": every
/// API (label `GLOBAL`), evaluated when an API is created or updated, with the REST API design
/// guidelines (definition) and the API management guidelines (metadata), and no action, so
/// every violation notifies.
pub fn policy(name: &str) -> Option<Policy> {
    let text = source(name)?;
    let root = parse(text, Syntax::Yaml, &Limits::default()).root?;
    let src = Text::new(format!("<built-in {name}>"), text);
    let mut problems = Problems::default();
    let entries = read_policies(root.get("policies")?, &src, &mut problems);
    if !problems.is_empty() {
        return None;
    }
    entries.into_iter().find_map(|e| match e {
        Entry::Written(mut p, _) if p.name == name => {
            p.builtin = Some(name.to_string());
            Some(p)
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;
    use crate::policy::AppliesTo;

    /// Every built-in policy reads, under its own name, as WSO2 defines its default policy.
    #[test]
    fn built_in_policies_read() {
        for name in BUILTIN_POLICIES {
            let p = policy(name).unwrap_or_else(|| panic!("{name} does not read"));
            assert_eq!(p.name, *name);
            assert_eq!(p.builtin.as_deref(), Some(*name));
        }
        let p = policy("wso2:best-practices").unwrap();
        assert_eq!(p.applies_to, AppliesTo::All);
        assert_eq!(p.stages, [Stage::Create, Stage::Update]);
        let rulesets: Vec<&str> = p.rulesets.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            rulesets,
            [
                "wso2:rest-api-design-guidelines",
                "wso2:api-management-guidelines"
            ]
        );
        assert!(p.actions.is_empty());
        assert!(policy("wso2:nothing").is_none());
    }
}
