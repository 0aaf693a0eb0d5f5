//! `documentation-response-example` (gardefou:documentation).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-response-example",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "Success responses with a body should show an example.",
    peers: &["vacuum:oas3-missing-example"],
    docs: RuleDocs {
        what: "Reports 2xx responses with content where no media type has an `example`/`examples` and the schema has no `example`.",
        why: "Examples are what developers copy first; portals and mock servers show them.",
        fix: "Add an `example` (or `examples`) to the media type.",
        invalid: include_str!("../../../../../fixtures/rules/documentation-response-example/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/documentation-response-example/valid.yaml"),
    },
};

crate::native_rule!(
    DocumentationResponseExample,
    META,
    Visit([Response]),
    |node, cx, options, out| {
        if let Visit::Response(_, r) = node {
            if !r.code.starts_with('2') || r.content.is_empty() {
                return;
            }
            let has = r.content.iter().any(|m| {
                m.at.node.get("example").is_some()
                    || m.at.node.get("examples").is_some()
                    || m.schema.as_ref().is_some_and(|s| {
                        s.node.get("example").is_some() || s.node.get("examples").is_some()
                    })
            });
            if !has {
                out.push(Diagnostic::at(
                    &r.at,
                    format!("response `{}` has no example", r.code),
                ));
            }
        }
    }
);
