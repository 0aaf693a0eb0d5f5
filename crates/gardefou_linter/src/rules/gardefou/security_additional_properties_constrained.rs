//! `security-additional-properties-constrained` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-additional-properties-constrained",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: false,
    formats: &[],
    summary: "Objects that allow additional properties must bound them with `maxProperties`.",
    peers: &["owasp:owasp-constrained-additionalProperties", "owasp:owasp-no-additionalProperties"],
    docs: RuleDocs {
        what: "Reports object schemas whose `additionalProperties` is `true` or a schema, without `maxProperties`.",
        why: "Open objects accept any number of unknown fields: mass assignment (OWASP API3) and unbounded payloads.",
        fix: "Set `additionalProperties: false`, or bound the object with `maxProperties`.",
        invalid: include_str!("../../../../../fixtures/rules/security-additional-properties-constrained/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-additional-properties-constrained/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityAdditionalPropertiesConstrained,
    META,
    Visit([Schema]),
    |node, cx, options, out| {
        if let Visit::Schema(s) = node {
            let n = s.at.node;
            let open = match n.get("additionalProperties") {
                Some(v) => v.as_bool() != Some(false),
                None => false,
            };
            if open && n.get("maxProperties").is_none() {
                out.push(Diagnostic::at_member(
                    s.at,
                    "additionalProperties",
                    "object allows additional properties without `maxProperties`",
                ));
            }
        }
    }
);
