//! `naming-header-casing` (gardefou:naming).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-header-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Header names must be Hyphenated-Pascal-Case (`X-Request-Id`).",
    peers: &["zalando:132 (hyphenated pascal case headers)"],
    docs: RuleDocs {
        what: "Checks header parameters and response headers against Hyphenated-Pascal-Case (each hyphen-separated word starts with a capital); the `pattern` option replaces the convention.",
        why: "HTTP header names are case-insensitive, but documentation, SDKs and logs show them as written; one spelling avoids duplicates such as `x-request-id` and `X-Request-ID` in one portfolio.",
        fix: "Write `X-Request-Id`, `Retry-After`.",
        invalid: include_str!("../../../../../fixtures/rules/naming-header-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-header-casing/valid.yaml"),
    },
};

/// Hyphenated-Pascal-Case: `X-Request-Id`, `Retry-After`.
const HYPHENATED_PASCAL: &str = "^[A-Z0-9][A-Za-z0-9]*(-[A-Z0-9][A-Za-z0-9]*)*$";

/// The options of `naming-header-casing`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderOptions {
    /// A regular expression header names must match (instead of Hyphenated-Pascal-Case).
    pub pattern: Pattern,
}

crate::native_rule!(
    NamingHeaderCasing,
    META,
    Visit([Parameter, Response]),
    HeaderOptions {
        pattern: Pattern::new(HYPHENATED_PASCAL).expect("a valid pattern")
    },
    |node, cx, options: &HeaderOptions, out| {
        let ok = |name: &str| {
            // A pattern that exceeds its budget counts as not matched: a finding of the rule.
            options.pattern.is_match(name).unwrap_or(false)
        };
        match node {
            Visit::Parameter(_, p) if p.location == Some("header") => {
                if let Some(name) = p.name.filter(|n| !ok(n)) {
                    out.push(Diagnostic::at_member(
                        &p.at,
                        "name",
                        format!("header `{name}` is not Hyphenated-Pascal-Case"),
                    ));
                }
            }
            Visit::Response(_, r) => {
                for h in &r.headers {
                    if !ok(h.name) {
                        out.push(Diagnostic::at_key(
                            &h.at,
                            format!("response header `{}` is not Hyphenated-Pascal-Case", h.name),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
);
