//! `naming-schema-name-casing` (gardefou:naming).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-schema-name-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Schema component names must follow the house casing (PascalCase by default).",
    peers: &["ibm:ibm-schema-casing-convention", "rhoas:rhoas-schema-name-pascal-case"],
    docs: RuleDocs {
        what: "Checks the names of `components/schemas` (Swagger 2.0 `definitions`) against the configured casing. Options: `casing`: … pascal (default) …",
        why: "Schema names become type names in every generated client.",
        fix: "Rename the schema (`OrderItem`), or configure the house casing.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    order_item: {type: object}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths: {}
components:
  schemas:
    OrderItem: {type: object}
"#,
    },
};

crate::native_rule!(
    NamingSchemaNameCasing,
    META,
    [Schema],
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            let casing = opt_str(options, "casing", "pascal");
            if let Some(name) = s.name.filter(|n| !is_case(casing, n)) {
                out.push(Diagnostic::at_key(
                    s.at,
                    format!("schema name `{name}` is not {casing} case"),
                ));
            }
        }
    }
);
