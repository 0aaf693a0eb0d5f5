//! `naming-enum-value-casing` (gardefou:naming).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
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
        what: "Checks the string values of every `enum` against the configured casing. Options: `casing`: … macro (default, UPPER_SNAKE_CASE) …",
        why: "Enum values are constants in generated code and in client `switch` statements; one convention per portfolio avoids `active`/`ACTIVE` mismatches.",
        fix: "Rename the values, or configure the house casing.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Status: {type: string, enum: [open, closed]}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    Status: {type: string, enum: [OPEN, CLOSED]}
"#,
    },
};

crate::native_rule!(
    NamingEnumValueCasing,
    META,
    [Schema],
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            let casing = opt_str(options, "casing", "macro");
            if let Some(values) =
                s.at.node
                    .get("enum")
                    .and_then(gardefou_source::Node::as_array)
            {
                for v in values {
                    if let Some(text) = v.as_str().filter(|t| !t.is_empty() && !is_case(casing, t))
                    {
                        out.push(Diagnostic {
                            message: format!("enum value `{text}` is not {casing} case"),
                            file: s.at.file,
                            span: v.span,
                            path: s.at.path.clone(),
                            help: None,
                            related: Vec::new(),
                        });
                    }
                }
            }
        }
    }
);
