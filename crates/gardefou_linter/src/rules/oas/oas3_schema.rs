use gardefou_model::SpecVersion;

use crate::finding::{Category, Severity};
use crate::rule::{Context, Diagnostic, Rule, RuleDocs, RuleMeta};

/// `oas3-schema`: an OpenAPI 3.x document against the official schema of its version.
pub struct Oas3Schema;

static META: RuleMeta = RuleMeta {
    id: "oas3-schema",
    ruleset: "spectral:oas",
    category: Category::Validity,
    severity: Severity::Error,
    recommended: true,
    formats: &["oas3"],
    summary: "Validate structure of OpenAPI v3 specification.",
    peers: &["spectral:oas3-schema", "redocly:struct", "vacuum:oas3-schema"],
    docs: RuleDocs {
        what: "Checks an OpenAPI 3.0, 3.1 or 3.2 document against the official JSON Schema of its version (for 3.1 and 3.2 with the OpenAPI dialect, so Schema Objects are checked too): required fields, allowed fields, types, allowed values, mutually exclusive fields. The root document is checked as written, references not followed, as Spectral does.",
        why: "A document that breaks the specification is read differently by each tool: generators drop parts, gateways reject it, documentation renders it wrong.",
        fix: "Each message names the field and what is expected there; follow it, using the specification section for that object.",
        invalid: "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: body, schema: {type: string}}\n      responses:\n        '200': {description: OK}\n",
        valid: "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      responses:\n        '200': {description: OK}\n",
    },
};

impl Rule for Oas3Schema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(api) = cx.api {
            if api.version != SpecVersion::Swagger2 {
                out.extend(crate::structure::validate(cx.set, api.version));
            }
        }
    }
}
