//! `naming-schema-name-casing` (gardefou:naming).

use super::support::*;
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
        what: "Checks the names of `components/schemas` (Swagger 2.0 `definitions`) against the configured casing.",
        why: "Schema names become type names in every generated client.",
        fix: "Rename the schema (`OrderItem`), or configure the house casing.",
        invalid: include_str!("../../../../../fixtures/rules/naming-schema-name-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-schema-name-casing/valid.yaml"),
    },
};

crate::native_rule!(
    NamingSchemaNameCasing,
    META,
    Visit([NamedSchema]),
    CasingOptions {
        casing: Casing::Pascal
    },
    |node, cx, options: &CasingOptions, out| {
        if let Visit::NamedSchema(s) = node {
            if let Some(m) = s
                .name
                .and_then(|name| casing_finding(options.casing, "schema name", name))
            {
                out.push(Diagnostic::at_key(s.at, m));
            }
        }
    }
);
