//! `security-servers-https` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-servers-https",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "Servers must use https (localhost excepted).",
    peers: &["owasp:owasp-security-hosts-https-oas3", "owasp:owasp-security-hosts-https-oas2"],
    docs: RuleDocs {
        what: "Reports server URLs (Swagger 2.0 `schemes` included) that use plain `http://` for a host other than localhost.",
        why: "Plain HTTP exposes every token and payload to the network path.",
        fix: "Serve the API over https and declare https servers only.",
        invalid: include_str!("../../../../../fixtures/rules/security-servers-https/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-servers-https/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityServersHttps,
    META,
    Visit([Server]),
    |node, cx, options, out| {
        if let Visit::Server(s) = node {
            if s.url.starts_with("http://") && !is_local(&s.url) {
                match &s.at {
                    Some(at) => out.push(Diagnostic::at_member(
                        at,
                        "url",
                        format!("server `{}` is not https", s.url),
                    )),
                    None => {
                        if let Some(root) = cx.api.map(|a| &a.root) {
                            out.push(Diagnostic::at_member(
                                root,
                                "schemes",
                                format!("server `{}` is not https", s.url),
                            ));
                        }
                    }
                }
            }
        }
    }
);
