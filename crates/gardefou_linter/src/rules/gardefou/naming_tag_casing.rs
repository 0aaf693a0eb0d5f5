//! `naming-tag-casing` (gardefou:naming).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-tag-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Info,
    recommended: false,
    formats: &[],
    summary: "Tag names should follow one casing (kebab-case by default).",
    peers: &[],
    docs: RuleDocs {
        what: "Checks the names of the top-level tags against the configured casing.",
        why: "Tags name the groups of a developer portal and the classes of generated clients.",
        fix: "Rename the tag, or configure the house casing.",
        invalid: include_str!("../../../../../fixtures/rules/naming-tag-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-tag-casing/valid.yaml"),
    },
};

crate::native_rule!(
    NamingTagCasing,
    META,
    Visit([Tag]),
    CasingOptions {
        casing: Casing::Kebab
    },
    |node, cx, options: &CasingOptions, out| {
        if let Visit::Tag(t) = node {
            if let Some(m) = t
                .name
                .and_then(|name| casing_finding(options.casing, "tag", name))
            {
                out.push(Diagnostic::at_member(&t.at, "name", m));
            }
        }
    }
);
