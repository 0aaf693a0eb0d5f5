//! `versioning-deprecation-replacement` (gardefou:versioning).

#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-deprecation-replacement",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Info,
    recommended: true,
    formats: &[],
    summary: "Deprecated operations must say what replaces them.",
    peers: &[],
    docs: RuleDocs {
        what: "Reports deprecated operations without `x-replaced-by` and whose description does not mention a replacement (\"use … instead\", \"replaced by\", \"superseded by\").",
        why: "A deprecation notice is only actionable when it names the way forward.",
        fix: "Add `x-replaced-by: <operationId or path>` or say it in the description.",
        invalid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      operationId: op
      deprecated: true
      responses: {'200': {description: OK}}
"#,
        valid: r#"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      operationId: op
      deprecated: true
      x-replaced-by: listItems
      responses: {'200': {description: OK}}
"#,
    },
};

crate::native_rule!(
    VersioningDeprecationReplacement,
    META,
    [Operation],
    |node, cx, options, out| {
        if let Visit::Operation(o) = node {
            if !o.deprecated || o.at.node.get("x-replaced-by").is_some() {
                return;
            }
            let d = o.description.unwrap_or("").to_ascii_lowercase();
            if !(d.contains("instead")
                || d.contains("replaced by")
                || d.contains("superseded by")
                || d.contains("use "))
            {
                out.push(Diagnostic::at_member(
                    &o.at,
                    "deprecated",
                    format!(
                        "deprecated {} {} does not say what replaces it",
                        o.method.to_uppercase(),
                        o.path
                    ),
                ));
            }
        }
    }
);
