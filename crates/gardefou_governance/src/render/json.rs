//! The compliance report as JSON, in the versioned shape of
//! `docs/schemas/compliance.schema.json`.

use serde_json::json;

use super::Meta;
use crate::evaluate::Report;

/// Version of the `gardefou check -f json` shape; bumped on any incompatible change.
pub const COMPLIANCE_FORMAT_VERSION: u32 = 1;

/// The report as pretty-printed JSON with a final newline.
pub fn render_json(r: &Report, meta: &Meta) -> String {
    let v = json!({
        "version": COMPLIANCE_FORMAT_VERSION,
        "generated_at": meta.generated_at,
        "gardefou_version": meta.gardefou_version,
        "ruleset": r.ruleset,
        "stage": r.stage,
        "blocked": r.blocked,
        "summary": {
            "apis": r.api_summary,
            "policies": r.policy_summary,
            "violations": r.violations,
            "blocking": r.blocking,
        },
        "policies": r.policies,
        "apis": r.apis,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
