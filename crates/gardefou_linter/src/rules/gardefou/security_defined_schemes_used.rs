//! `security-defined-schemes-used` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-defined-schemes-used",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Defined security schemes should be used.",
    peers: &[],
    docs: RuleDocs {
        what: "Reports security schemes that no security requirement uses.",
        why: "An unused scheme documents an authentication method the API does not accept, and confuses integrators.",
        fix: "Require the scheme where it applies, or remove it.",
        invalid: include_str!("../../../../../fixtures/rules/security-defined-schemes-used/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-defined-schemes-used/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityDefinedSchemesUsed,
    META,
    Visit([Document]),
    |node, cx, options, out| {
        if let Visit::Document(api) = node {
            let used: std::collections::HashSet<&str> = api
                .security
                .iter()
                .flatten()
                .chain(
                    api.all_operations()
                        .into_iter()
                        .flat_map(|o| o.security.iter().flatten()),
                )
                .flat_map(|r| r.schemes.iter().map(|(n, _)| *n))
                .collect();
            for s in &api.components.security_schemes {
                if !used.contains(s.name) {
                    out.push(Diagnostic::at_key(
                        &s.at,
                        format!("security scheme `{}` is never required", s.name),
                    ));
                }
            }
        }
    }
);
