//! `naming-header-casing` (gardefou:naming).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
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
        what: "Checks header parameters and response headers against Hyphenated-Pascal-Case (each hyphen-separated word starts with a capital); the `pattern` option replaces the convention. Options: `pattern`: a regular expression header names must match.",
        why: "HTTP header names are case-insensitive, but documentation, SDKs and logs show them as written; one spelling avoids duplicates such as `x-request-id` and `X-Request-ID` in one portfolio.",
        fix: "Write `X-Request-Id`, `Retry-After`.",
        invalid: include_str!("../../../../../fixtures/rules/naming-header-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-header-casing/valid.yaml"),
    },
};

crate::native_rule!(
    NamingHeaderCasing,
    META,
    [Parameter, Response],
    |node, cx, options, out| {
        let pattern = opt_str(
            options,
            "pattern",
            "^[A-Z0-9][A-Za-z0-9]*(-[A-Z0-9][A-Za-z0-9]*)*$",
        );
        let ok = |name: &str| {
            // A pattern that exceeds its budget counts as not matched: a finding of the rule.
            crate::ecma_regex::EcmaRegex::cached(pattern, "")
                .map(|r| r.is_match(name).unwrap_or(false))
                .unwrap_or(true)
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
