//! Quick fixes: for the rules whose problem has one safe, local correction, the edit that makes
//! it. Every fix is declared in [`FIXES`], one line per rule, next to the function that makes
//! it; a fix that would not be safe where the problem is (a path that would clash, an id that
//! is taken) gives nothing rather than a guess.

use gardefou_source::{Node, Syntax};

use crate::edit::{insert_member, text_of, NewValue, TextEdit};

/// Where a problem is: the file's text, its syntax and tree, and the byte offset the
/// diagnostic starts at.
pub struct Site<'a> {
    /// The file's text, as the editor has it.
    pub text: &'a str,
    /// YAML or JSON.
    pub syntax: Syntax,
    /// Its tree.
    pub root: &'a Node,
    /// Where the diagnostic starts.
    pub offset: u32,
}

/// A fix: its title and edits.
pub type Fix = (String, Vec<TextEdit>);

/// Makes a rule's fix at a site, or nothing when it would not be safe there.
pub type MakeFix = fn(&Site) -> Option<Fix>;

/// The rules with a quick fix, and the function that makes it.
pub const FIXES: &[(&str, MakeFix)] = &[
    ("path-keys-no-trailing-slash", trailing_slash),
    ("operation-operationId", operation_id),
];

/// The quick fix of `rule` at `site`, when the rule has one and it is safe there.
pub fn fix(rule: &str, site: &Site) -> Option<Fix> {
    let (_, make) = FIXES.iter().find(|(r, _)| *r == rule)?;
    make(site)
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `/pets/` → `/pets`, unless `/pets` is a path already.
fn trailing_slash(site: &Site) -> Option<Fix> {
    let paths = site.root.get("paths")?.as_object()?;
    let m = paths
        .iter()
        .find(|m| m.key_span.start <= site.offset && site.offset <= m.key_span.end)?;
    let new = m.key.trim_end_matches('/');
    if new.is_empty() || new == m.key || paths.iter().any(|p| p.key == new) {
        return None;
    }
    // The key as written, without its quotes; only a key written without escapes is edited.
    let written = text_of(site.text, m.key_span);
    let quoted = written.starts_with(['\'', '"']);
    let start = m.key_span.start as usize + usize::from(quoted);
    let end = m.key_span.end as usize - usize::from(quoted);
    if site.text.get(start..end) != Some(m.key.as_str()) {
        return None;
    }
    Some((
        format!("Remove the trailing slash: `{new}`"),
        vec![TextEdit {
            start: start + new.len(),
            end,
            text: String::new(),
        }],
    ))
}

/// A missing `operationId`, made from the method and the path (`get /pets/{id}` →
/// `getPetsById`), numbered when that id is taken.
fn operation_id(site: &Site) -> Option<Fix> {
    let paths = site.root.get("paths")?.as_object()?;
    // From a member's key to the end of its value (a finding about a value is reported at
    // the end of its key's line, before the value starts).
    let inside = |m: &&gardefou_source::Member| {
        m.key_span.start <= site.offset && site.offset < m.value.span.end.max(m.key_span.end)
    };
    let item = paths.iter().find(inside)?;
    let op = item
        .value
        .as_object()?
        .iter()
        .filter(|m| METHODS.contains(&m.key.as_str()))
        .find(inside)?;
    if !op.value.is_object() || op.value.get("operationId").is_some() {
        return None;
    }
    let taken: Vec<&str> = paths
        .iter()
        .filter_map(|p| p.value.as_object())
        .flatten()
        .filter_map(|o| o.value.get_str("operationId"))
        .collect();
    let base = derive_id(&op.key, &item.key);
    let id = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}{n}")
            }
        })
        .find(|id| !taken.contains(&id.as_str()))?;
    let edit = insert_member(
        site.text,
        site.syntax,
        &op.value,
        "operationId",
        &NewValue::Scalar(&id),
    )?;
    Some((format!("Add `operationId: {id}`"), vec![edit]))
}

/// `get` + `/pets/{petId}/toys` → `getPetsByPetIdToys`; the root path is `Root`.
pub fn derive_id(method: &str, path: &str) -> String {
    fn camel(s: &str) -> String {
        s.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                let first = c.next().map(|f| f.to_ascii_uppercase());
                first.into_iter().chain(c).collect::<String>()
            })
            .collect()
    }
    let mut id = method.to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => id.push_str(&format!("By{}", camel(param))),
            None => id.push_str(&camel(segment)),
        }
    }
    if id.len() == method.len() {
        id.push_str("Root");
    }
    id
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_made_from_method_and_path() {
        assert_eq!(
            super::derive_id("get", "/pets/{petId}/toys"),
            "getPetsByPetIdToys"
        );
        assert_eq!(
            super::derive_id("POST", "/user-accounts"),
            "postUserAccounts"
        );
        assert_eq!(super::derive_id("get", "/"), "getRoot");
    }
}

#[cfg(test)]
mod site_tests {
    use super::*;

    #[test]
    fn an_operation_id_is_inserted() {
        let text = "openapi: 3.0.3\npaths:\n  /pets:\n    get:\n      responses: {}\n";
        let root = gardefou_source::parse(text, Syntax::Yaml, &Default::default())
            .root
            .unwrap();
        let offset = text.find("get:").unwrap() as u32 + 4;
        let op = root
            .get("paths")
            .unwrap()
            .get("/pets")
            .unwrap()
            .get("get")
            .unwrap();
        assert!(op.span.start > offset, "reported before the value starts");
        let site = Site {
            text,
            syntax: Syntax::Yaml,
            root: &root,
            offset,
        };
        let (title, _) = operation_id(&site).unwrap();
        assert_eq!(title, "Add `operationId: getPets`");
    }
}
