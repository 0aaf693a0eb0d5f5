//! `naming-plural-collections` (gardefou:naming).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-plural-collections",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Collections are plural: the segment before `{id}` should be a plural noun.",
    peers: &["redocly:path-segment-plural", "zalando:134 (pluralize resource names)"],
    docs: RuleDocs {
        what: "Reports a static segment directly followed by a path parameter that does not look plural (does not end in `s` and is not a known irregular or uncountable word).",
        why: "`/orders/{orderId}` reads as an item of a collection; `/order/{orderId}` leaves clients guessing where the collection lives.",
        fix: "Use the plural (`/orders/{orderId}`), or add the word to the `singulars` option if it is uncountable.",
        invalid: include_str!("../../../../../fixtures/rules/naming-plural-collections/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-plural-collections/valid.yaml"),
    },
};

/// The options of `naming-plural-collections`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SingularOptions {
    /// Words accepted as collection names although they do not look plural.
    pub singulars: Vec<String>,
}

crate::native_rule!(
    NamingPluralCollections,
    META,
    Visit([PathItem]),
    SingularOptions {
        singulars: Vec::new()
    },
    |node, cx, options: &SingularOptions, out| {
        if let Visit::PathItem(p) = node {
            let segs: Vec<&str> = p.path.split('/').filter(|s| !s.is_empty()).collect();
            for w in segs.windows(2) {
                if !w[0].contains('{')
                    && w[1].starts_with('{')
                    && !is_version_segment(w[0])
                    && !looks_plural(w[0])
                    && !options.singulars.iter().any(|a| a == w[0])
                {
                    out.push(Diagnostic::at_key(
                        &p.at,
                        format!(
                            "`{}` in `{}` names a collection but is not plural",
                            w[0], p.path
                        ),
                    ));
                }
            }
        }
    }
);
