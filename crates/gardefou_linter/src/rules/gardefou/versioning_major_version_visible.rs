//! `versioning-major-version-visible` (gardefou:versioning).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "versioning-major-version-visible",
    ruleset: "gardefou:versioning",
    category: Category::Versioning,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "The API's major version appears where the house style says, and agrees with `info.version`.",
    peers: &["zalando:115 (no URI versioning)", "baloise:can-use-correct-uri-versioning"],
    docs: RuleDocs {
        what: "With `location: path` every path starts with `/v{major}`; with `location: server` every server URL ends with `/v{major}`; with `location: any` (default) one of the two holds; with `location: header` no path or server carries a version (it is in a header). The number must be the major of `info.version`.",
        why: "Clients route by the visible version; a `/v1` path on an API whose `info.version` is 2.3.0 means the contract and the URL disagree.",
        fix: "Put `/v{major}` where the house style says, or align `info.version`.",
        invalid: include_str!("../../../../../fixtures/rules/versioning-major-version-visible/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/versioning-major-version-visible/valid.yaml"),
    },
};

/// The options of `versioning-major-version-visible`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationOptions {
    /// Where the major version must appear.
    pub location: Location,
}

/// Where an API carries its major version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// In every path or in every server URL.
    Any,
    /// At the start of every path (`/v2/orders`).
    Path,
    /// At the end of every server URL (`https://api.example.com/v2`).
    Server,
    /// Nowhere in URLs: the version is in a header.
    Header,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Location::Any => "any",
            Location::Path => "path",
            Location::Server => "server",
            Location::Header => "header",
        };
        f.write_str(name)
    }
}

crate::native_rule!(
    VersioningMajorVersionVisible,
    META,
    Visit([Document]),
    LocationOptions {
        location: Location::Any
    },
    |node, cx, options: &LocationOptions, out| {
        if let Visit::Document(api) = node {
            let Some(major) = api
                .info
                .as_ref()
                .and_then(|i| i.version)
                .and_then(|v| v.trim_start_matches(['v', 'V']).split('.').next())
                .filter(|m| m.bytes().all(|c| c.is_ascii_digit()) && !m.is_empty())
            else {
                return;
            };
            let want = format!("v{major}");
            let version_in = |s: &str| -> Option<String> {
                s.split('/')
                    .find(|seg| is_version_segment(seg) && seg.starts_with(['v', 'V']))
                    .map(|seg| seg.split('.').next().unwrap_or(seg).to_ascii_lowercase())
            };
            let location = options.location;
            let server_versions: Vec<Option<String>> =
                api.servers.iter().map(|s| version_in(&s.url)).collect();
            let path_versions: Vec<Option<String>> =
                api.path_items.iter().map(|p| version_in(p.path)).collect();
            let wrong: Vec<String> = server_versions
                .iter()
                .chain(path_versions.iter())
                .flatten()
                .filter(|v| **v != want)
                .cloned()
                .collect();
            if let Some(v) = wrong.first() {
                out.push(Diagnostic::at(
                    &api.root,
                    format!(
                        "the version `{v}` in URLs does not match `info.version` (major {major})"
                    ),
                ));
                return;
            }
            let in_servers =
                !server_versions.is_empty() && server_versions.iter().all(Option::is_some);
            let in_paths = !path_versions.is_empty() && path_versions.iter().all(Option::is_some);
            let ok = match location {
                Location::Path => in_paths,
                Location::Server => in_servers,
                Location::Header => server_versions
                    .iter()
                    .chain(path_versions.iter())
                    .all(Option::is_none),
                Location::Any => in_paths || in_servers,
            };
            if !ok {
                out.push(Diagnostic::at(&api.root, format!("the major version `{want}` does not appear where the house style puts it ({location})")));
            }
        }
    }
);
