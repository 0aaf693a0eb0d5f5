//! `documentation-problem-json` (gardefou:documentation).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "documentation-problem-json",
    ruleset: "gardefou:documentation",
    category: Category::Documentation,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "Error responses should use RFC 9457 `application/problem+json`.",
    peers: &["redocly:operation-4xx-problem-details-rfc7807", "zalando:176 (problem JSON)"],
    docs: RuleDocs {
        what: "Reports 4xx and 5xx responses with content but no `application/problem+json` (or `+json` problem) media type.",
        why: "One error format across a portfolio lets clients share error handling; RFC 9457 is the standard one.",
        fix: "Return `application/problem+json` with `type`, `title`, `status`, `detail`.",
        invalid: include_str!("../../../../../fixtures/rules/documentation-problem-json/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/documentation-problem-json/valid.yaml"),
    },
};

crate::native_rule!(
    DocumentationProblemJson,
    META,
    Visit([Response]),
    |node, cx, options, out| {
        if let Visit::Response(_, r) = node {
            let error = r.code.starts_with('4') || r.code.starts_with('5');
            if error
                && !r.content.is_empty()
                && !r.content.iter().any(|m| {
                    m.media_type.contains("problem+json") || m.media_type.contains("problem+xml")
                })
            {
                out.push(Diagnostic::at(
                    &r.at,
                    format!(
                        "error response `{}` is not `application/problem+json`",
                        r.code
                    ),
                ));
            }
        }
    }
);
