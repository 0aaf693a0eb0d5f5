//! `naming-enum-value-casing` (gardefou:naming).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-enum-value-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "String enum values should follow one casing (UPPER_SNAKE_CASE by default).",
    peers: &["zalando:240 (UPPER_SNAKE_CASE enum values)"],
    docs: RuleDocs {
        what: "Checks the string values of every `enum` against the configured casing.",
        why: "Enum values are constants in generated code and in client `switch` statements; one convention per portfolio avoids `active`/`ACTIVE` mismatches.",
        fix: "Rename the values, or configure the house casing.",
        invalid: include_str!("../../../../../fixtures/rules/naming-enum-value-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-enum-value-casing/valid.yaml"),
    },
};

crate::native_rule!(
    NamingEnumValueCasing,
    META,
    Visit([Schema]),
    CasingOptions {
        casing: Casing::Macro
    },
    |node, cx, options: &CasingOptions, out| {
        let Visit::Schema(s) = node else { return };
        let values =
            s.at.node
                .get("enum")
                .and_then(gardefou_source::Node::as_array);
        for v in values.into_iter().flatten() {
            let text = v.as_str().filter(|t| !t.is_empty());
            if let Some(message) =
                text.and_then(|t| casing_finding(options.casing, "enum value", t))
            {
                let at = Diagnostic::at(s.at, message);
                out.push(Diagnostic { span: v.span, ..at });
            }
        }
    }
);
