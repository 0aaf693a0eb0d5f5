//! `naming-operation-id-casing` (gardefou:naming).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-operation-id-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "operationIds must follow the house casing (camelCase by default).",
    peers: &["vacuum:operation-operationId-valid-in-url (partly)", "ibm:ibm-operationid-casing-convention"],
    docs: RuleDocs {
        what: "Checks every operationId against the configured casing. Options: `casing`: flat, camel (default), pascal, kebab, cobol, snake or macro.",
        why: "SDK generators turn operationIds into method names; a consistent casing gives idiomatic clients.",
        fix: "Rename the operationId (`listOrders`), or configure the house casing.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /items:
    get:
      operationId: List_Items
      responses: {'200': {description: OK}}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /items:
    get:
      operationId: listItems
      responses: {'200': {description: OK}}
"#,
    },
};

crate::native_rule!(
    NamingOperationIdCasing,
    META,
    [Operation],
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            let casing = opt_str(options, "casing", "camel");
            if let Some(id) = o.operation_id.filter(|id| !is_case(casing, id)) {
                out.push(Diagnostic::at_member(
                    &o.at,
                    "operationId",
                    format!("operationId `{id}` is not {casing} case"),
                ));
            }
        }
    }
);
