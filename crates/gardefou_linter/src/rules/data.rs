//! Built-in rulesets written as data: a ruleset file in Spectral's format whose rules carry
//! gardefou's keys beside their definitions (`spectral:oas` in `oas/spectral-oas.yaml`, the
//! `wso2:*` rulesets in `wso2/`). Each file is compiled in and read once; its strings are kept
//! for the life of the process, as the compiled-in metadata of native rules is.
//!
//! A rule entry is a Spectral definition followed by gardefou's keys (`severity`,
//! `recommended`, `formats`, `category`, `summary`, `peers`, `docs`). An entry of the form
//! `{from: RULESET, severity: S}` instead names a rule of another built-in ruleset that this one
//! shares (WSO2's REST guidelines take many rules of `spectral:oas` under Spectral's names):
//! extending this ruleset turns that rule on at severity `S`.

use gardefou_source::{parse, Limits, Member, Node, Syntax};
use serde::Deserialize;

use crate::finding::{Category, Severity};
use crate::formats::Format;
use crate::rule::{Rule, RuleDocs, RuleMeta};

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

/// A rule of a data ruleset: its metadata and its definition in Spectral's format.
pub struct DataRule {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) definition: &'static str,
}

impl Rule for DataRule {
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

/// A rule of another built-in ruleset that a ruleset shares, at its own severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SharedRule {
    /// The rule's id (its name in both rulesets).
    pub id: &'static str,
    /// The built-in ruleset the rule belongs to.
    pub from: &'static str,
    /// Its severity in the sharing ruleset.
    pub severity: Severity,
}

/// A ruleset file as read: its own rules and the rules it shares, in the file's order.
pub(crate) struct DataRuleset {
    pub(crate) rules: Vec<DataRule>,
    pub(crate) shared: Vec<SharedRule>,
}

/// How a data ruleset file is read.
pub(crate) struct Reading {
    /// The built-in ruleset its rules belong to.
    pub(crate) ruleset: &'static str,
    /// A rule's documented invalid and valid examples, by id.
    pub(crate) examples: fn(&str) -> Option<(&'static str, &'static str)>,
    /// Prepended to a rule's id as its first peer (`spectral:` for Spectral's rules).
    pub(crate) peer_prefix: Option<&'static str>,
}

impl Reading {
    /// Reads the ruleset file. The top-level `formats` are the default formats of its rules
    /// (none: every format); keys other than `formats` and `rules` are the file's own business.
    pub(crate) fn read(&self, text: &'static str) -> Result<DataRuleset, String> {
        let parsed = parse(text, Syntax::Yaml, &Limits::default());
        if let Some(issue) = parsed.issues.first() {
            return Err(issue.message.clone());
        }
        let root = parsed.root.ok_or("empty")?;
        let default_formats = match root.get("formats") {
            Some(f) => strings(f)?,
            None => Vec::new(),
        };
        let rules = root
            .get("rules")
            .and_then(Node::as_object)
            .ok_or("no `rules` object")?;
        let mut out = DataRuleset {
            rules: Vec::new(),
            shared: Vec::new(),
        };
        for m in rules {
            let at = |e: String| format!("{}: {e}", m.key);
            if let Some(from) = m.value.get("from") {
                out.shared.push(shared(m, from).map_err(at)?);
            } else {
                out.rules
                    .push(self.rule(text, m, &default_formats).map_err(at)?);
            }
        }
        Ok(out)
    }

    fn rule(
        &self,
        text: &'static str,
        rule: &Member,
        default_formats: &[String],
    ) -> Result<DataRule, String> {
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
        let (invalid, valid) = (self.examples)(id).ok_or("no examples in `examples!`")?;
        let formats = added
            .formats
            .unwrap_or_else(|| default_formats.to_vec())
            .iter()
            .map(|f| Format::parse(f).ok_or_else(|| format!("unknown format `{f}`")))
            .collect::<Result<Vec<_>, _>>()?;
        let peers = self
            .peer_prefix
            .map(|p| format!("{p}{id}"))
            .into_iter()
            .chain(added.peers)
            .map(leak)
            .collect::<Vec<_>>();
        let meta = RuleMeta {
            id,
            ruleset: self.ruleset,
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
        Ok(DataRule {
            meta: Box::leak(Box::new(meta)),
            definition: leak(definition_text(text, &definition)?),
        })
    }
}

/// `{from: RULESET, severity: S}`: a rule of another built-in ruleset.
fn shared(m: &Member, from: &Node) -> Result<SharedRule, String> {
    let members = m.value.as_object().ok_or("not an object")?;
    if let Some(x) = members
        .iter()
        .find(|x| !matches!(x.key.as_str(), "from" | "severity"))
    {
        return Err(format!(
            "`{}`: a shared rule has only `from` and `severity`",
            x.key
        ));
    }
    let severity = m
        .value
        .get_str("severity")
        .and_then(Severity::parse)
        .ok_or("a shared rule needs a `severity`")?;
    Ok(SharedRule {
        id: leak(m.key.clone()),
        from: leak(
            from.as_str()
                .ok_or("`from` must be a ruleset name")?
                .to_string(),
        ),
        severity,
    })
}

/// The text of a rule's definition: its members as written in the file, without their
/// indentation, one after the other.
pub(crate) fn definition_text(text: &str, members: &[&Member]) -> Result<String, String> {
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

pub(crate) fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples(id: &str) -> Option<(&'static str, &'static str)> {
        (id != "no-examples").then_some(("invalid: 1\n", "valid: 1\n"))
    }

    const READING: Reading = Reading {
        ruleset: "test:set",
        examples,
        peer_prefix: None,
    };

    const ADDED: &str = "    severity: error\n    recommended: true\n    category: naming\n    summary: S.\n    peers: []\n    docs: {what: W., why: Y., fix: F.}\n";

    #[test]
    fn without_formats_the_rules_apply_to_every_document() {
        let text = leak(format!(
            "rules:\n  api-name-required:\n    given: $.data\n    then: {{field: name, function: truthy}}\n{ADDED}  info-contact: {{from: spectral:oas, severity: error}}\n"
        ));
        let set = READING.read(text).unwrap();
        let r = &set.rules[0];
        assert_eq!(r.meta.ruleset, "test:set");
        assert!(r.meta.formats.is_empty() && r.meta.peers.is_empty());
        assert_eq!(
            r.definition,
            "given: $.data\nthen: {field: name, function: truthy}\n"
        );
        assert_eq!(
            set.shared,
            [SharedRule {
                id: "info-contact",
                from: "spectral:oas",
                severity: Severity::Error
            }]
        );
    }

    #[test]
    fn a_shared_rule_has_a_severity_and_nothing_else() {
        let read = |entry: &str| {
            READING
                .read(leak(format!("rules:\n  info-contact: {entry}\n")))
                .err()
                .unwrap()
        };
        assert_eq!(
            read("{from: spectral:oas}"),
            "info-contact: a shared rule needs a `severity`"
        );
        assert_eq!(
            read("{from: spectral:oas, severity: warn, given: $}"),
            "info-contact: `given`: a shared rule has only `from` and `severity`"
        );
        assert_eq!(
            read("{from: [x], severity: warn}"),
            "info-contact: `from` must be a ruleset name"
        );
    }
}
