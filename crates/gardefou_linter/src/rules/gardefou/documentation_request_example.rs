//! `documentation-request-example` (gardefou:documentation).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-request-example",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "Request bodies should show an example.",
    peers: &["vacuum:oas3-missing-example"],
    docs: RuleDocs {
        what: "Reports request bodies where no media type has an `example`/`examples` and the schema has no `example`.",
        why: "Developers start from an example request; mock servers and portals need one.",
        fix: "Add an `example` to the request body's media type.",
        invalid: include_str!("../../../../../fixtures/rules/documentation-request-example/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/documentation-request-example/valid.yaml"),
    },
};

crate::native_rule!(
    DocumentationRequestExample,
    META,
    Visit([Operation]),
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            let Some(body) = &o.request_body else { return };
            let has = body.content.iter().any(|m| {
                m.at.node.get("example").is_some()
                    || m.at.node.get("examples").is_some()
                    || m.schema
                        .as_ref()
                        .is_some_and(|s| s.node.get("example").is_some())
            });
            if !body.content.is_empty() && !has {
                out.push(Diagnostic::at(
                    &body.at,
                    format!(
                        "the request body of {} {} has no example",
                        o.method.to_uppercase(),
                        o.path
                    ),
                ));
            }
        }
    }
);
