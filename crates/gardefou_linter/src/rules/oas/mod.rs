//! Rules of Spectral's `spectral:oas` ruleset, with Spectral's names, severities, formats and
//! definitions. They are data: `spectral-oas.yaml` beside this file holds each rule's Spectral
//! definition and what gardefou adds (category, summary, peers, docs), and
//! `fixtures/rules/<id>/invalid.yaml` and `valid.yaml` its documented examples. Both are
//! compiled in and read once; the functions the definitions call are in `crate::functions`.

use std::sync::OnceLock;

use gardefou_source::{parse, Limits, Member, Node, Syntax};
use serde::Deserialize;

use crate::finding::{Category, Severity};
use crate::formats::Format;
use crate::rule::{Rule, RuleDocs, RuleMeta};

/// The ruleset file.
const RULESET: &str = include_str!("spectral-oas.yaml");

/// The keys gardefou adds to a rule's Spectral definition; every other key of the rule is the
/// definition.
const ADDED_KEYS: &[&str] = &[
    "severity",
    "recommended",
    "formats",
    "category",
    "summary",
    "peers",
    "docs",
];

/// The documented examples of a rule, by id: `fixtures/rules/<id>/invalid.yaml` and `valid.yaml`.
macro_rules! examples {
    ($($id:literal)*) => {
        #[cfg(test)]
        const EXAMPLE_IDS: &[&str] = &[$($id),*];

        fn examples(id: &str) -> Option<(&'static str, &'static str)> {
            match id {
                $($id => Some((
                    include_str!(concat!("../../../../../fixtures/rules/", $id, "/invalid.yaml")),
                    include_str!(concat!("../../../../../fixtures/rules/", $id, "/valid.yaml")),
                )),)*
                _ => None,
            }
        }
    };
}

examples! {
    "operation-success-response" "oas2-operation-formData-consume-check"
    "operation-operationId-unique" "operation-parameters" "operation-tag-defined" "path-params"
    "contact-properties" "duplicated-entry-in-enum" "info-contact" "info-description"
    "info-license" "license-url" "no-eval-in-markdown" "no-script-tags-in-markdown"
    "openapi-tags-alphabetical" "openapi-tags-uniqueness" "openapi-tags" "operation-description"
    "operation-operationId" "operation-operationId-valid-in-url" "operation-singular-tag"
    "operation-tags" "path-declarations-must-exist" "path-keys-no-trailing-slash"
    "path-not-include-query" "tag-description" "no-$ref-siblings" "array-items" "typed-enum"
    "oas2-api-host" "oas2-api-schemes" "oas2-discriminator" "oas2-host-not-example"
    "oas2-host-trailing-slash" "oas2-parameter-description" "oas2-operation-security-defined"
    "oas2-valid-schema-example" "oas2-valid-media-example" "oas2-anyOf" "oas2-oneOf"
    "oas2-schema" "oas2-unused-definition" "oas3-api-servers"
    "oas3-examples-value-or-externalValue" "oas3-operation-security-defined"
    "oas3-parameter-description" "oas3-server-not-example.com" "oas3-server-trailing-slash"
    "oas3-valid-media-example" "oas3-valid-schema-example" "oas3-schema" "oas3-unused-component"
    "oas3-server-variables" "oas3-callbacks-in-callbacks" "oas3_1-servers-in-webhook"
    "oas3_1-callbacks-in-webhook" "oas3_2-no-deprecated-xml-attribute"
}

/// What gardefou adds to a rule's definition.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Added {
    severity: String,
    recommended: bool,
    formats: Option<Vec<String>>,
    category: String,
    summary: String,
    peers: Vec<String>,
    docs: AddedDocs,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddedDocs {
    what: String,
    why: String,
    fix: String,
}

/// A rule of `spectral:oas`: its metadata and its definition in Spectral's format.
pub struct OasRule {
    meta: &'static RuleMeta,
    definition: &'static str,
}

impl Rule for OasRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn needs(&self) -> crate::rule::Needs<'_> {
        crate::rule::Needs::Given(self.definition)
    }

    fn configure(
        &self,
        _options: &serde_json::Value,
    ) -> Result<Option<crate::rule::RuleOptions>, crate::rule::OptionsError> {
        Ok(None)
    }

    fn options_schema(&self) -> Option<serde_json::Value> {
        None
    }
}

/// The rules in Spectral's order (the file's).
pub fn rules() -> Vec<&'static dyn Rule> {
    static RULES: OnceLock<Vec<OasRule>> = OnceLock::new();
    RULES
        .get_or_init(|| read_ruleset(RULESET).unwrap_or_else(|e| panic!("spectral-oas.yaml: {e}")))
        .iter()
        .map(|r| r as &'static dyn Rule)
        .collect()
}

/// Reads the ruleset file. Its strings are kept for the life of the process, as the compiled-in
/// metadata of the other rules is; this runs once.
fn read_ruleset(text: &'static str) -> Result<Vec<OasRule>, String> {
    let parsed = parse(text, Syntax::Yaml, &Limits::default());
    if let Some(issue) = parsed.issues.first() {
        return Err(issue.message.clone());
    }
    let root = parsed.root.ok_or("empty")?;
    let default_formats = strings(root.get("formats").ok_or("no `formats`")?)?;
    let rules = root
        .get("rules")
        .and_then(Node::as_object)
        .ok_or("no `rules` object")?;
    rules
        .iter()
        .map(|m| read_rule(text, m, &default_formats).map_err(|e| format!("{}: {e}", m.key)))
        .collect()
}

fn read_rule(
    text: &'static str,
    rule: &Member,
    default_formats: &[String],
) -> Result<OasRule, String> {
    let members = rule.value.as_object().ok_or("not an object")?;
    let (added, definition): (Vec<&Member>, Vec<&Member>) = members
        .iter()
        .partition(|m| ADDED_KEYS.contains(&m.key.as_str()));
    let added: Added = serde_json::from_value(serde_json::Value::Object(
        added
            .iter()
            .map(|m| (m.key.clone(), m.value.to_json()))
            .collect(),
    ))
    .map_err(|e| e.to_string())?;
    let id = leak(rule.key.clone());
    let (invalid, valid) = examples(id).ok_or("no examples in `examples!`")?;
    let formats = added
        .formats
        .unwrap_or_else(|| default_formats.to_vec())
        .iter()
        .map(|f| Format::parse(f).ok_or_else(|| format!("unknown format `{f}`")))
        .collect::<Result<Vec<_>, _>>()?;
    let peers = std::iter::once(format!("spectral:{id}"))
        .chain(added.peers)
        .map(leak)
        .collect::<Vec<_>>();
    let meta = RuleMeta {
        id,
        ruleset: "spectral:oas",
        category: Category::parse(&added.category)
            .ok_or_else(|| format!("unknown category `{}`", added.category))?,
        severity: Severity::parse(&added.severity)
            .ok_or_else(|| format!("unknown severity `{}`", added.severity))?,
        recommended: added.recommended,
        formats: Vec::leak(formats),
        summary: leak(added.summary),
        peers: Vec::leak(peers),
        docs: RuleDocs {
            what: leak(added.docs.what),
            why: leak(added.docs.why),
            fix: leak(added.docs.fix),
            invalid,
            valid,
        },
    };
    Ok(OasRule {
        meta: Box::leak(Box::new(meta)),
        definition: leak(definition_text(text, &definition)?),
    })
}

/// The text of a rule's definition: its members as written in the file, without their
/// indentation, one after the other.
fn definition_text(text: &str, members: &[&Member]) -> Result<String, String> {
    let mut out = String::new();
    for m in members {
        let start = text[..m.key_span.start as usize]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        // A block value's span may run on to the next key: end at the line of its last
        // character.
        let last = text[..m.value.span.end as usize].trim_end().len();
        let end = text[last..].find('\n').map_or(text.len(), |i| last + i + 1);
        let indent = m.key_span.start as usize - start;
        for line in text[start..end].split_inclusive('\n') {
            if line.trim_end_matches('\n').is_empty() {
                out.push_str(line);
                continue;
            }
            let (pad, rest) = line.split_at(indent.min(line.len()));
            if !pad.bytes().all(|b| b == b' ') {
                return Err(format!("`{}` is indented less than the rule's keys", m.key));
            }
            out.push_str(rest);
        }
    }
    Ok(out)
}

fn strings(node: &Node) -> Result<Vec<String>, String> {
    node.as_array()
        .ok_or("not a list")?
        .iter()
        .map(|n| n.as_str().map(str::to_string).ok_or("not a string".into()))
        .collect()
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "formats: [oas2, oas3]\nrules:\n";

    fn read(rules: &str) -> Result<Vec<OasRule>, String> {
        read_ruleset(leak(format!("{HEAD}{rules}")))
    }

    const ADDED: &str = "    severity: warn\n    recommended: false\n    category: documentation\n    summary: S.\n    peers: [vacuum:info-contact]\n    docs: {what: W., why: Y., fix: F.}\n";

    #[test]
    fn the_definition_is_the_rule_without_the_added_keys() {
        let rules = read(&format!(
            "  info-contact:\n    description: D\n{ADDED}    given:\n      - \"$\"\n      - \"$.info\"\n\n    then: {{field: contact, function: truthy}}\n"
        ))
        .unwrap();
        let r = &rules[0];
        assert_eq!(
            r.definition,
            "description: D\ngiven:\n  - \"$\"\n  - \"$.info\"\nthen: {field: contact, function: truthy}\n"
        );
        let m = r.meta;
        assert_eq!(m.id, "info-contact");
        assert_eq!((m.severity, m.recommended), (Severity::Warn, false));
        assert_eq!(m.category, Category::Documentation);
        // No `formats` of its own: the ruleset's.
        assert_eq!(m.formats, [Format::Oas2, Format::Oas3]);
        assert_eq!(m.peers, ["spectral:info-contact", "vacuum:info-contact"]);
        assert_eq!((m.docs.what, m.docs.why, m.docs.fix), ("W.", "Y.", "F."));
        assert_eq!(m.docs.invalid, examples("info-contact").unwrap().0);
    }

    #[test]
    fn a_rule_with_formats_of_its_own_keeps_them() {
        let rules = read(&format!(
            "  info-contact:\n    given: \"$\"\n    then: {{function: truthy}}\n    formats: [oas3_1, oas3_2]\n{ADDED}"
        ))
        .unwrap();
        assert_eq!(rules[0].meta.formats, [Format::Oas3_1, Format::Oas3_2]);
    }

    #[test]
    fn mistakes_in_the_added_keys_are_errors() {
        let def = "  info-contact:\n    given: \"$\"\n    then: {function: truthy}\n";
        let bad_category = ADDED.replace("documentation", "docs");
        assert_eq!(
            read(&format!("{def}{bad_category}")).err().unwrap(),
            "info-contact: unknown category `docs`"
        );
        let misspelt = ADDED.replace("why:", "whyy:");
        assert!(read(&format!("{def}{misspelt}"))
            .err()
            .unwrap()
            .contains("unknown field `whyy`"));
        let no_severity = ADDED.replace("    severity: warn\n", "");
        assert!(read(&format!("{def}{no_severity}"))
            .err()
            .unwrap()
            .contains("missing field `severity`"));
        let unknown = def.replace("info-contact", "no-such-rule");
        assert_eq!(
            read(&format!("{unknown}{ADDED}")).err().unwrap(),
            "no-such-rule: no examples in `examples!`"
        );
    }

    #[test]
    fn the_shipped_file_reads() {
        let rules = rules();
        assert_eq!(rules.len(), 57);
        assert!(rules.iter().all(|r| r.meta().ruleset == "spectral:oas"));
        // `examples!` lists the rules of the file, no more.
        let ids: Vec<&str> = rules.iter().map(|r| r.meta().id).collect();
        assert_eq!(ids, EXAMPLE_IDS);
    }
}
