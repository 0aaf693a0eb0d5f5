//! `security-no-numeric-ids` (gardefou:security).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-no-numeric-ids",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Resource identifiers in paths should not be sequential integers.",
    peers: &["owasp:owasp-no-numeric-ids", "vacuum:owasp-no-numeric-ids"],
    docs: RuleDocs {
        what: "Reports path parameters named `id` or ending in `Id`/`_id` whose schema is an integer.",
        why: "Sequential identifiers let an attacker enumerate other users' resources (OWASP API1, broken object level authorization).",
        fix: "Use random identifiers (UUIDs, opaque strings).",
        invalid: include_str!("../../../../../fixtures/rules/security-no-numeric-ids/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-no-numeric-ids/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityNoNumericIds,
    META,
    Visit([Parameter]),
    |node, cx, options, out| {
        if let Visit::Parameter(_, p) = node {
            let Some(name) = p.name else { return };
            let lower = name.to_ascii_lowercase();
            let id_like = lower == "id"
                || name.ends_with("Id")
                || lower.ends_with("_id")
                || lower.ends_with("-id");
            let integer = p.schema.as_ref().and_then(|s| s.node.get_str("type")) == Some("integer");
            if p.location == Some("path") && id_like && integer {
                out.push(Diagnostic::at(
                    &p.at,
                    format!("path parameter `{name}` is a numeric identifier"),
                ));
            }
        }
    }
);
