//! `naming-consistent-identifiers` (gardefou:naming).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-consistent-identifiers",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Identifier path parameters follow one style across the API (`{id}` or `{orderId}`, not both).",
    peers: &["zalando:(consistent resource identifiers)"],
    docs: RuleDocs {
        what: "Classifies the path parameters that name identifiers as bare (`{id}`) or qualified (`{orderId}`, `{order_id}`) and, when an API mixes the two, reports the parameters of the less common style.",
        why: "`/orders/{id}` next to `/customers/{customerId}` makes every client guess; one style lets people and generators predict the next endpoint.",
        fix: "Rename the parameters to the dominant style.",
        invalid: include_str!("../../../../../fixtures/rules/naming-consistent-identifiers/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-consistent-identifiers/valid.yaml"),
    },
};

crate::native_rule!(
    NamingConsistentIdentifiers,
    META,
    Visit([Document]),
    |node, cx, options, out| {
        if let Visit::Document(api) = node {
            let mut bare = Vec::new();
            let mut qualified = Vec::new();
            for o in api.all_operations() {
                for p in o.parameters.iter().filter(|p| p.location == Some("path")) {
                    let Some(name) = p.name else { continue };
                    let lower = name.to_ascii_lowercase();
                    if lower == "id" {
                        bare.push(p);
                    } else if lower.ends_with("id")
                        && (name.ends_with("Id")
                            || lower.ends_with("_id")
                            || lower.ends_with("-id"))
                    {
                        qualified.push(p);
                    }
                }
            }
            if bare.is_empty() || qualified.is_empty() {
                return;
            }
            let (minority, style) = if bare.len() <= qualified.len() {
                (&bare, "bare `{id}`")
            } else {
                (&qualified, "qualified `{resourceId}`")
            };
            let mut seen = std::collections::HashSet::new();
            for p in minority {
                if seen.insert((p.at.file, p.at.span())) {
                    out.push(Diagnostic::at_member(&p.at, "name", format!("path parameter `{}` uses the {style} style while most identifiers of this API use the other", p.name.unwrap_or("?"))));
                }
            }
        }
    }
);
