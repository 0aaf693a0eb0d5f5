//! `naming-no-verbs-in-path` (gardefou:naming).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-no-verbs-in-path",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Paths name resources, not actions: no HTTP or CRUD verbs in path segments.",
    peers: &["vacuum:no-http-verbs-in-path", "redocly:no-http-verbs-in-paths"],
    docs: RuleDocs {
        what: "Reports path segments that are (or start with) a verb such as get, create, update, delete, list, fetch, add, remove.",
        why: "The HTTP method already says what happens; `/getOrders` or `/orders/delete` break REST conventions, caching and tooling that relies on them.",
        fix: "Use the method on the resource: `GET /orders`, `DELETE /orders/{id}`.",
        invalid: include_str!("../../../../../fixtures/rules/naming-no-verbs-in-path/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-no-verbs-in-path/valid.yaml"),
    },
};

/// The options of `naming-no-verbs-in-path`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerbOptions {
    /// The words a path segment may not be or start with (lower case).
    pub verbs: Vec<String>,
}

crate::native_rule!(
    NamingNoVerbsInPath,
    META,
    Visit([PathItem]),
    VerbOptions {
        verbs: [
            "get", "post", "put", "patch", "delete", "create", "update", "remove", "list", "fetch",
            "add", "set"
        ]
        .map(String::from)
        .to_vec()
    },
    |node, cx, options: &VerbOptions, out| {
        if let Visit::PathItem(p) = node {
            for seg in static_segments(p.path) {
                let lower = seg.to_ascii_lowercase();
                let hit = options.verbs.iter().find(|v| {
                    lower == **v
                        || (lower.starts_with(v.as_str())
                            && seg[v.len()..].starts_with(|c: char| {
                                c.is_ascii_uppercase() || c == '-' || c == '_'
                            }))
                });
                if let Some(v) = hit {
                    out.push(Diagnostic::at_key(
                        &p.at,
                        format!(
                            "path segment `{seg}` of `{}` contains the verb `{v}`",
                            p.path
                        ),
                    ));
                }
            }
        }
    }
);
