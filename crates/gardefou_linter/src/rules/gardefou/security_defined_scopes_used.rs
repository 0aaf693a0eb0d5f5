//! `security-defined-scopes-used` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-defined-scopes-used",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Defined OAuth2 scopes should be required somewhere.",
    peers: &[],
    docs: RuleDocs {
        what: "Reports OAuth2 scopes that no security requirement of the document uses.",
        why: "Unused scopes are permissions nobody can reason about: either an operation forgot to require them, or they should go.",
        fix: "Require the scope on the operations it protects, or remove it.",
        invalid: include_str!("../../../../../fixtures/rules/security-defined-scopes-used/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-defined-scopes-used/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityDefinedScopesUsed,
    META,
    Visit([Document]),
    |node, cx, options, out| {
        if let Visit::Document(api) = node {
            let mut used = std::collections::HashSet::new();
            for req in api.security.iter().flatten().chain(
                api.all_operations()
                    .into_iter()
                    .flat_map(|o| o.security.iter().flatten()),
            ) {
                for (name, scopes) in &req.schemes {
                    for s in scopes {
                        used.insert((*name, *s));
                    }
                }
            }
            for scheme in &api.components.security_schemes {
                for flow in &scheme.flows {
                    for (scope, _) in &flow.scopes {
                        if !used.contains(&(scheme.name, *scope)) {
                            out.push(Diagnostic::at_member(
                                &flow.at,
                                "scopes",
                                format!("scope `{scope}` of `{}` is never required", scheme.name),
                            ));
                        }
                    }
                }
            }
        }
    }
);
