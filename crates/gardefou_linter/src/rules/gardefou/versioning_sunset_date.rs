//! `versioning-sunset-date` (gardefou:versioning).

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-sunset-date",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "`x-sunset` must be a date (YYYY-MM-DD).",
    peers: &[],
    docs: RuleDocs {
        what: "Reports `x-sunset` values that are not calendar dates.",
        why: "Tools and portals compute how long is left; a free-form value cannot be read.",
        fix: "Write `x-sunset: 2027-06-30`.",
        invalid: include_str!("../../../../../fixtures/rules/versioning-sunset-date/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/versioning-sunset-date/valid.yaml"),
    },
};

crate::native_rule!(
    VersioningSunsetDate,
    META,
    Visit([Operation, Parameter]),
    |node, cx, options, out| {
        let at = match node {
            Visit::Operation(o) => &o.at,
            Visit::Parameter(_, p) => &p.at,
            _ => return,
        };
        if let Some(v) = at.node.get("x-sunset") {
            let text = v.as_str().unwrap_or("");
            let b = text.as_bytes();
            let ok = b.len() >= 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b[..4]
                    .iter()
                    .chain(&b[5..7])
                    .chain(&b[8..10])
                    .all(u8::is_ascii_digit)
                && (1..=12).contains(&text[5..7].parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&text[8..10].parse::<u32>().unwrap_or(0));
            if !ok {
                out.push(Diagnostic::at_member(
                    at,
                    "x-sunset",
                    format!("`x-sunset` `{text}` is not a date (YYYY-MM-DD)"),
                ));
            }
        }
    }
);
