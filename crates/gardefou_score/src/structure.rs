//! Whether a document can be scored at all (docs/scoring.md, "Documents that cannot be scored").
//!
//! The check reads the root document's tree, not the findings, so it holds whatever ruleset is
//! in use: a ruleset without schema rules cannot make a broken file look clean.

use gardefou_document::DocumentSet;
use gardefou_source::{Node, Value};
use serde::Serialize;

/// Why a document gets no real score.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum UnscorableKind {
    /// The root file is not readable JSON/YAML (syntax, encoding, a limit), or is empty.
    Unparseable,
    /// The root is not an OpenAPI object: not a mapping, or no `openapi`/`swagger` field.
    NotOpenapi,
    /// An OpenAPI object whose skeleton is broken past the threshold of docs/scoring.md.
    InvalidStructure,
}

impl UnscorableKind {
    /// `unparseable`, `not-openapi` or `invalid-structure`.
    pub fn as_str(self) -> &'static str {
        match self {
            UnscorableKind::Unparseable => "unparseable",
            UnscorableKind::NotOpenapi => "not-openapi",
            UnscorableKind::InvalidStructure => "invalid-structure",
        }
    }
}

/// A document that cannot be scored, and why (with `file:line:column` where there is one).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Unscorable {
    /// Why, in one word.
    pub kind: UnscorableKind,
    /// Why, for people (with `file:line:column` where there is one).
    pub reason: String,
}

/// The HTTP methods whose keys under a path item are operations.
const METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// `None` when the root document can be scored; otherwise what is wrong with it.
///
/// Unscorable when any of these holds:
/// - the root file has a fatal parse issue (the same test as `gardefou lint`'s exit 2) or no
///   content at all, or a file it reaches by `$ref` has a fatal parse issue;
/// - its root is not an object, or has no `openapi`/`swagger` field;
/// - `info` is missing or not an object; `paths` is present but not an object; or there is
///   none of `paths`, `webhooks`, `components` to score;
/// - more than half of the entries under `paths` (path items and the operations in them,
///   counted together) are not objects.
pub fn assess(set: &DocumentSet) -> Option<Unscorable> {
    let file = set.root();
    let at = |node: &Node| set.place(file.id, node.span.start);
    if let Some(issue) = file.issues.iter().find(|i| i.kind.is_fatal()) {
        return Some(Unscorable {
            kind: UnscorableKind::Unparseable,
            reason: format!(
                "{} at {}",
                issue.message,
                set.place(file.id, issue.span.start)
            ),
        });
    }
    // A file the document reaches by `$ref` that cannot be read leaves a hole in the API: what
    // it held is neither checked nor counted, so the score would be of a different document.
    for other in set.files().iter().skip(1) {
        if let Some(issue) = other.issues.iter().find(|i| i.kind.is_fatal()) {
            return Some(Unscorable {
                kind: UnscorableKind::Unparseable,
                reason: format!(
                    "{}, reached by `$ref`: {} at {}",
                    other.name,
                    issue.message,
                    set.place(other.id, issue.span.start)
                ),
            });
        }
    }
    let Some(root) = &file.root else {
        return Some(Unscorable {
            kind: UnscorableKind::Unparseable,
            reason: format!("{} is empty", file.name),
        });
    };
    let invalid = |reason: String| {
        Some(Unscorable {
            kind: UnscorableKind::InvalidStructure,
            reason,
        })
    };
    if !root.is_object() {
        return Some(Unscorable {
            kind: UnscorableKind::NotOpenapi,
            reason: format!(
                "the root is {}, not an OpenAPI object, at {}",
                article(root.type_name()),
                at(root)
            ),
        });
    }
    let version = root.get("openapi").or_else(|| root.get("swagger"));
    match version {
        None => {
            return Some(Unscorable {
                kind: UnscorableKind::NotOpenapi,
                reason: format!("no `openapi` or `swagger` field at {}", at(root)),
            })
        }
        Some(v) if !matches!(v.value, Value::String(_) | Value::Number(_)) => {
            return invalid(format!(
                "the OpenAPI version is {}, not a string, at {}",
                article(v.type_name()),
                at(v)
            ))
        }
        Some(_) => {}
    }
    match root.get("info") {
        None => return invalid(format!("no `info` object at {}", at(root))),
        Some(info) if !info.is_object() => {
            return invalid(format!(
                "`info` is {}, not an object, at {}",
                article(info.type_name()),
                at(info)
            ))
        }
        Some(_) => {}
    }
    let paths = root.get("paths");
    if let Some(p) = paths.filter(|p| !p.is_object()) {
        return invalid(format!(
            "`paths` is {}, not an object, at {}",
            article(p.type_name()),
            at(p)
        ));
    }
    let has = |key: &str| root.get(key).is_some_and(Node::is_object);
    if paths.is_none() && !has("webhooks") && !has("components") {
        return invalid(format!(
            "none of `paths`, `webhooks`, `components` at {}: nothing to score",
            at(root)
        ));
    }
    let (mut entries, mut broken) = (0usize, Vec::new());
    for member in paths.and_then(Node::as_object).unwrap_or(&[]) {
        if member.key.starts_with("x-") {
            continue;
        }
        entries += 1;
        let Some(item) = member.value.as_object() else {
            broken.push(&member.value);
            continue;
        };
        for op in item.iter().filter(|m| METHODS.contains(&m.key.as_str())) {
            entries += 1;
            if !op.value.is_object() {
                broken.push(&op.value);
            }
        }
    }
    if broken.len() * 2 > entries {
        return invalid(format!(
            "{} of the {entries} path items and operations are not objects (first at {})",
            broken.len(),
            at(broken[0])
        ));
    }
    None
}

/// `info.title` and `info.version` of the root document, when they are there (a version written
/// as a YAML number is shown as written).
pub fn info(set: &DocumentSet) -> (Option<String>, Option<String>) {
    let file = set.root();
    let Some(info) = file.root.as_ref().and_then(|r| r.get("info")) else {
        return (None, None);
    };
    let text = |key: &str| -> Option<String> {
        let node = info.get(key)?;
        let s = match &node.value {
            Value::String(s) => s.trim().to_string(),
            Value::Number(_) => file
                .text
                .get(node.span.start as usize..node.span.end as usize)?
                .trim()
                .to_string(),
            _ => return None,
        };
        (!s.is_empty()).then_some(s)
    };
    (text("title"), text("version"))
}

fn article(type_name: &str) -> String {
    match type_name {
        "array" | "integer" | "object" => format!("an {type_name}"),
        "null" => "null".to_string(),
        other => format!("a {other}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn title_and_version() {
        let set = DocumentSet::from_text(
            "api.yaml",
            "openapi: 3.0.3\ninfo: {title: ' Pets ', version: 1.10}\npaths: {}\n".to_string(),
            std::path::Path::new("."),
            &LoadOptions::default(),
        );
        assert_eq!(info(&set), (Some("Pets".into()), Some("1.10".into())));
    }

    use super::*;
    use gardefou_document::LoadOptions;

    fn check(text: &str) -> Option<UnscorableKind> {
        let set = DocumentSet::from_text(
            "api.yaml",
            text.to_string(),
            std::path::Path::new("."),
            &LoadOptions::default(),
        );
        assess(&set).map(|u| u.kind)
    }

    #[test]
    fn what_cannot_be_scored() {
        let ok = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
        assert_eq!(check(ok), None);
        assert_eq!(
            check("openapi: 3.0.3\ninfo: {title: [\n"),
            Some(UnscorableKind::Unparseable)
        );
        assert_eq!(check(""), Some(UnscorableKind::Unparseable));
        assert_eq!(check("- a\n- b\n"), Some(UnscorableKind::NotOpenapi));
        assert_eq!(check("foo: bar\n"), Some(UnscorableKind::NotOpenapi));
        for bad in [
            "openapi: [3]\ninfo: {}\npaths: {}\n",
            "openapi: 3.0.3\ninfo: 7\npaths: {}\n",
            "openapi: 3.0.3\npaths: {}\n",
            "openapi: 3.0.3\ninfo: {}\npaths: 12\n",
            "openapi: 3.1.0\ninfo: {}\n",
            "openapi: 3.0.3\ninfo: {}\npaths: {/a: 1, /b: {get: 2}}\n",
        ] {
            assert_eq!(check(bad), Some(UnscorableKind::InvalidStructure), "{bad}");
        }
        // One bad operation among several is a validity finding, not an unscorable document.
        assert_eq!(
            check("openapi: 3.0.3\ninfo: {}\npaths: {/a: {get: 1, post: {}}, /b: {get: {}}}\n"),
            None
        );
        assert_eq!(
            check("openapi: 3.1.0\ninfo: {title: T, version: '1'}\nwebhooks: {}\n"),
            None
        );
    }
}
