use gardefou_model::SpecVersion;

use crate::finding::{Category, Severity};
use crate::rule::{Context, Diagnostic, Rule, RuleDocs, RuleMeta};

/// `oas2-schema`: a Swagger 2.0 document against the official Swagger 2.0 schema.
pub struct Oas2Schema;

static META: RuleMeta = RuleMeta {
    id: "oas2-schema",
    ruleset: "spectral:oas",
    category: Category::Validity,
    severity: Severity::Error,
    recommended: true,
    formats: &["oas2"],
    summary: "Validate structure of OpenAPI v2 specification.",
    peers: &["spectral:oas2-schema", "redocly:struct", "vacuum:oas2-schema"],
    docs: RuleDocs {
        what: "Checks a Swagger 2.0 document against the official Swagger 2.0 JSON Schema: required fields, allowed fields, types and allowed values. The root document is checked as written, references not followed, as Spectral does.",
        why: "A document that breaks the specification is read differently by each tool: generators drop parts, gateways reject it, documentation renders it wrong.",
        fix: "Each message names the field and what is expected there; follow it, using the Swagger 2.0 specification for that object.",
        invalid: "swagger: '2.0'\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: cookie, type: string}\n      responses:\n        '200': {description: OK}\n",
        valid: "swagger: '2.0'\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, type: string}\n      responses:\n        '200': {description: OK}\n",
    },
};

impl Rule for Oas2Schema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(api) = cx.api {
            if api.version == SpecVersion::Swagger2 {
                out.extend(crate::structure::validate(cx.set, api.version));
            }
        }
    }
}
