//! `naming-no-file-extension-in-path` (gardefou:naming).

use super::support::*;
use crate::finding::{Category, Severity};
use crate::rule::{Diagnostic, RuleDocs, RuleMeta, Visit};

static META: RuleMeta = RuleMeta {
    id: "naming-no-file-extension-in-path",
    ruleset: "gardefou:naming",
    category: Category::Naming,
    severity: Severity::Warn,
    recommended: true,
    formats: &[],
    summary: "Paths must not end with a file extension (`.json`, `.xml` …).",
    peers: &["zalando:244 (no file extensions)"],
    docs: RuleDocs {
        what: "Reports path segments ending with a media-type extension such as `.json`, `.xml`, `.yaml`, `.csv`, `.html`.",
        why: "The representation is negotiated with `Accept` and described by `content`; an extension in the path duplicates that and multiplies routes.",
        fix: "Remove the extension and describe the media types under `content`.",
        invalid: include_str!("../../../../../fixtures/rules/naming-no-file-extension-in-path/invalid.yaml"),
        valid: include_str!("../../../../../fixtures/rules/naming-no-file-extension-in-path/valid.yaml"),
    },
};

crate::native_rule!(
    NamingNoFileExtensionInPath,
    META,
    Visit([PathItem]),
    |node, cx, options, out| {
        if let Visit::PathItem(p) = node {
            for seg in static_segments(p.path) {
                if let Some(ext) = file_extension(seg) {
                    out.push(Diagnostic::at_key(
                        &p.at,
                        format!("path `{}` ends with the file extension `.{ext}`", p.path),
                    ));
                }
            }
        }
    }
);
