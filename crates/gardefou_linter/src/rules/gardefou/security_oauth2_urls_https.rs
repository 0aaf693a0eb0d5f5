//! `security-oauth2-urls-https` (gardefou:security).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "security-oauth2-urls-https",
    ruleset: "gardefou:security",
    category: Category::Security,
    severity: Severity::Error,
    recommended: true,
    formats: &[],
    summary: "OAuth2 and OpenID Connect URLs must use https.",
    peers: &["owasp:owasp-security-hosts-https-oas3"],
    docs: RuleDocs {
        what: "Reports authorization, token and refresh URLs of OAuth2 flows, and OpenID Connect discovery URLs, that are not `https://` (localhost excepted).",
        why: "Tokens and credentials sent over plain HTTP can be read and replayed by anyone on the path.",
        fix: "Use https URLs.",
        invalid: include_str!("../../../../../fixtures/rules/security-oauth2-urls-https/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/security-oauth2-urls-https/valid.yaml"),
    },
};

crate::native_rule!(
    SecurityOauth2UrlsHttps,
    META,
    Visit([SecurityScheme]),
    |node, cx, options, out| {
        if let Visit::SecurityScheme(s) = node {
            let insecure = |u: &str| u.starts_with("http://") && !is_local(u);
            for f in &s.flows {
                for (key, url) in [
                    ("authorizationUrl", f.authorization_url),
                    ("tokenUrl", f.token_url),
                    ("refreshUrl", f.refresh_url),
                ] {
                    if let Some(u) = url.filter(|u| insecure(u)) {
                        out.push(Diagnostic::at_member(
                            &f.at,
                            key,
                            format!("`{key}` of `{}` is not https: {u}", s.name),
                        ));
                    }
                }
            }
            if let Some(u) = s.open_id_connect_url.filter(|u| insecure(u)) {
                out.push(Diagnostic::at_member(
                    &s.at,
                    "openIdConnectUrl",
                    format!("`openIdConnectUrl` of `{}` is not https: {u}", s.name),
                ));
            }
        }
    }
);
