//! `naming-operation-id-casing` (gardefou:naming).

use super::support::*;
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
        what: "Checks every operationId against the configured casing.",
        why: "SDK generators turn operationIds into method names; a consistent casing gives idiomatic clients.",
        fix: "Rename the operationId (`listOrders`), or configure the house casing.",
        invalid: include_str!("../../../../../fixtures/rules/naming-operation-id-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-operation-id-casing/valid.yaml"),
    },
};

crate::native_rule!(
    NamingOperationIdCasing,
    META,
    Visit([Operation]),
    CasingOptions {
        casing: Casing::Camel
    },
    |node, cx, options: &CasingOptions, out| {
        if let Visit::Operation(o) = node {
            if let Some(m) = o
                .operation_id
                .and_then(|id| casing_finding(options.casing, "operationId", id))
            {
                out.push(Diagnostic::at_member(&o.at, "operationId", m));
            }
        }
    }
);
