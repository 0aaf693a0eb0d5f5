//! `versioning-deprecation-sunset` (gardefou:versioning).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-deprecation-sunset",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Deprecated operations and parameters must say when they go away.",
    peers: &["zalando:189 (Sunset header)"],
    docs: RuleDocs {
        what: "Reports deprecated operations without an `x-sunset` date or a `Sunset` response header, and deprecated parameters without `x-sunset`.",
        why: "Consumers plan migrations by dates; a deprecation without a sunset is either ignored or a surprise (RFC 8594).",
        fix: "Add `x-sunset: YYYY-MM-DD` (or a `Sunset` header on the responses).",
        invalid: include_str!("../../../../../fixtures/rules/versioning-deprecation-sunset/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/versioning-deprecation-sunset/valid.yaml"),
    },
};

crate::native_rule!(
    VersioningDeprecationSunset,
    META,
    Visit([Operation, Parameter]),
    |node, cx, options, out| {
        match node {
            Visit::Operation(o) if o.deprecated => {
                let header = o.responses.iter().any(|r| {
                    r.headers
                        .iter()
                        .any(|h| h.name.eq_ignore_ascii_case("sunset"))
                });
                if o.at.node.get("x-sunset").is_none() && !header {
                    out.push(Diagnostic::at_member(
                        &o.at,
                        "deprecated",
                        format!(
                            "deprecated {} {} has no `x-sunset` date or `Sunset` header",
                            o.method.to_uppercase(),
                            o.path
                        ),
                    ));
                }
            }
            Visit::Parameter(_, p) if p.deprecated && p.at.node.get("x-sunset").is_none() => {
                let name = p.name.unwrap_or("?");
                let message = format!("deprecated parameter `{name}` has no `x-sunset` date");
                out.push(Diagnostic::at_member(&p.at, "deprecated", message));
            }
            _ => {}
        }
    }
);
