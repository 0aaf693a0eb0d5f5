//! `naming-path-segment-casing` (gardefou:naming).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-path-segment-casing",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Path segments must follow the house casing (kebab-case by default).",
    peers: &["zalando:129 (lowercase words with hyphens)", "redocly:paths-kebab-case", "vacuum:paths-kebab-case"],
    docs: RuleDocs {
        what: "Checks every static segment of every path (parameters and version segments such as `v2` excepted) against the configured casing. A media-type file extension (`.json`) is left out of the check: `naming-no-file-extension-in-path` reports it.",
        why: "URLs are the most visible part of an API; mixed conventions across 150 APIs make every client guess.",
        fix: "Rename the segment (`/order-items`, not `/orderItems` or `/order_items`), or configure the house casing.",
        invalid: include_str!("../../../../../fixtures/rules/naming-path-segment-casing/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-path-segment-casing/valid.yaml"),
    },
};

crate::native_rule!(
    NamingPathSegmentCasing,
    META,
    Visit([PathItem]),
    CasingOptions {
        casing: Casing::Kebab
    },
    |node, cx, options: &CasingOptions, out| {
        if let Visit::PathItem(p) = node {
            for seg in static_segments(p.path) {
                // A file extension is `naming-no-file-extension-in-path`'s finding, not a casing one.
                let name = without_file_extension(seg);
                if is_version_segment(name) || is_case(options.casing, name) {
                    continue;
                }
                let (path, casing) = (p.path, options.casing);
                let message = format!("path segment `{seg}` of `{path}` is not {casing} case");
                out.push(Diagnostic::at_key(&p.at, message));
            }
        }
    }
);
