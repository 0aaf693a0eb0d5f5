//! `naming-path-parameter-casing` (gardefou:naming).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-path-parameter-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Path parameter names must follow the house casing (camelCase by default).",
    peers: &["ibm:ibm-parameter-casing-convention"],
    docs: RuleDocs {
        what: "Checks the `name` of every `in: path` parameter against the configured casing. Options: `casing`: flat, camel (default), pascal, kebab, cobol, snake or macro.",
        why: "Parameter names end up in generated client method signatures and in every request; consistent names make the API guessable.",
        fix: "Rename the parameter, or configure the house casing.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /items/{item_id}:
    get:
      operationId: op
      parameters:
        - {name: item_id, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: OK}}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /items/{itemId}:
    get:
      operationId: op
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: OK}}
"#,
    },
};

crate::native_rule!(
    NamingPathParameterCasing,
    META,
    [Parameter],
    |node, cx, options, out| {
        if let Visit::Parameter(_, p) = node {
            if p.location == Some("path") {
                let casing = opt_str(options, "casing", "camel");
                if let Some(name) = p.name.filter(|n| !is_case(casing, n)) {
                    out.push(Diagnostic::at_member(
                        &p.at,
                        "name",
                        format!("path parameter `{name}` is not {casing} case"),
                    ));
                }
            }
        }
    }
);
