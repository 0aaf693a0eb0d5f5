//! The compliance report in each format: text, JSON (`docs/schemas/compliance.schema.json`),
//! Markdown (a pull-request comment) and HTML (a self-contained dashboard). They only render;
//! user text passes through `gardefou_report::text` so that it shows instead of acting.

mod html;
mod json;
mod markdown;
mod text;

pub use html::render_html;
pub use json::{render_json, COMPLIANCE_FORMAT_VERSION};
pub use markdown::render_markdown;
pub use text::render_text;

/// What every report says about its making.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    /// When, RFC 3339 UTC.
    pub generated_at: String,
    /// The gardefou version.
    pub gardefou_version: String,
}

use crate::evaluate::{ApiResult, Report};
use crate::model::{Action, ApiStatus};

/// "blocks publish: 3 violation(s) of policy `p`" or what the run did.
pub(crate) fn verdict(r: &Report) -> String {
    let stage = r.stage.as_str();
    if r.blocked {
        format!("BLOCKED: {} violation(s) block {stage}", r.blocking)
    } else if r.violations.total() > 0 {
        format!(
            "not blocked: {} violation(s) notified, none blocks {stage}",
            r.violations.total()
        )
    } else {
        format!("not blocked: no violation at {stage}")
    }
}

/// The policies that block `a` at the stage.
pub(crate) fn blocking_policies(a: &ApiResult) -> Vec<&str> {
    a.policies
        .iter()
        .filter(|p| p.blocking > 0)
        .map(|p| p.name.as_str())
        .collect()
}

/// APIs in the order reports list them: blocked first, then non-compliant, compliant, not
/// applicable; by path within each.
pub(crate) fn ordered(r: &Report) -> Vec<&ApiResult> {
    let rank = |a: &ApiResult| match a.status {
        ApiStatus::NonCompliant if a.blocking > 0 => 0,
        ApiStatus::NonCompliant => 1,
        ApiStatus::Compliant => 2,
        ApiStatus::NotApplicable => 3,
    };
    let mut v: Vec<&ApiResult> = r.apis.iter().collect();
    v.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.path.cmp(&b.path)));
    v
}

/// `BLOCK` or `notify`, as the text formats show an action.
pub(crate) fn action_word(a: Action) -> &'static str {
    match a {
        Action::Block => "BLOCK",
        Action::Notify => "notify",
    }
}
