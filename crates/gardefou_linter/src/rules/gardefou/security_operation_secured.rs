//! `security-operation-secured` (gardefou:security).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-operation-secured",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "Every operation has a security requirement, or is explicitly public.",
    peers: &["owasp:owasp-protection-global-unsafe", "owasp:owasp-protection-global-safe", "vacuum:owasp-protection-global-unsafe"],
    docs: RuleDocs {
        what: "Reports operations (webhooks and callbacks excepted) with no effective security requirement — neither their own nor the document's — unless they are public on purpose: an operation-level `security: []` (the specification's way to say that no authentication is needed, as for `/health`), `x-public: true`, or a path listed in the `public` option. An empty requirement `{}` in the list means anonymous access is allowed and is reported too.",
        why: "An unprotected operation is the first item of the OWASP API Security Top 10 (broken object level authorization starts with missing authentication); publishing one by accident is the mistake governance exists to catch.",
        fix: "Add a `security` requirement (globally or on the operation), or give the operation `security: []` (or `x-public: true`) when it is public on purpose.",
        invalid: include_str!("../../../../../fixtures/rules/security-operation-secured/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-operation-secured/valid.yaml"),
    },
};

/// The options of `security-operation-secured`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicOptions {
    /// Paths (as written under `paths`) whose operations are public on purpose.
    pub public: Vec<String>,
}

crate::native_rule!(
    SecurityOperationSecured,
    META,
    Visit([Operation]),
    PublicOptions { public: Vec::new() },
    |node, cx, options: &PublicOptions, out| {
        if let Visit::Operation(o) = node {
            if o.kind != gardefou_model::OperationKind::Path {
                return;
            }
            let public =
                o.at.node
                    .get("x-public")
                    .and_then(gardefou_source::Node::as_bool)
                    == Some(true)
                    || o.security.as_ref().is_some_and(|own| own.is_empty())
                    || options.public.iter().any(|p| p == o.path);
            if public {
                return;
            }
            if o.effective_security.is_empty() {
                out.push(
                    Diagnostic::at(
                        &o.at,
                        format!(
                            "{} {} has no security requirement",
                            o.method.to_uppercase(),
                            o.path
                        ),
                    )
                    .with_help(
                        "add `security`, or `security: []` if the operation is public on purpose",
                    ),
                );
            } else if o.effective_security.iter().any(|r| r.schemes.is_empty()) {
                out.push(Diagnostic::at(
                    &o.at,
                    format!(
                        "{} {} allows anonymous access (`{{}}` in its security)",
                        o.method.to_uppercase(),
                        o.path
                    ),
                ));
            }
        }
    }
);
