//! WSO2 API Manager's ruleset files, read as they are: the ruleset wrapped in WSO2's fields
//! (`name`, `description`, `ruleCategory: SPECTRAL`, `ruleType`, `artifactType`,
//! `documentationLink`, `provider`) with the Spectral ruleset under `rulesetContent`. The
//! `ruleType` is the ruleset's target (`API_METADATA` → metadata …), so a file exported from
//! APIM runs on what APIM runs it on.

use gardefou_source::Node;

use super::error::{ConfigError, Src};
use super::target::Target;

/// WSO2's fields around `rulesetContent`.
const KEYS: &[&str] = &[
    "name",
    "description",
    "ruleCategory",
    "ruleType",
    "artifactType",
    "documentationLink",
    "provider",
    "rulesetContent",
];

/// A WSO2 ruleset file's Spectral ruleset and target; `None` when `root` is a plain ruleset
/// (no `rulesetContent`).
pub(super) fn unwrap<'n>(
    root: &'n Node,
    src: &Src<'_>,
) -> Result<Option<(&'n Node, Target)>, ConfigError> {
    let Some(content) = root.get("rulesetContent") else {
        return Ok(None);
    };
    for m in root.as_object().into_iter().flatten() {
        if !KEYS.contains(&m.key.as_str()) && !m.key.starts_with("x-") {
            return Err(src.err(
                Some(m.key_span),
                format!(
                    "unknown key `{}` of a WSO2 ruleset file (expected {})",
                    m.key,
                    KEYS.join(", ")
                ),
            ));
        }
    }
    let one_of = |key: &str, allowed: &[&str]| -> Result<Option<&'n Node>, ConfigError> {
        let Some(node) = root.get(key) else {
            return Ok(None);
        };
        match node.as_str() {
            Some(s) if allowed.contains(&s) => Ok(Some(node)),
            _ => Err(src.err(
                Some(node.span),
                format!("`{key}` must be {}", allowed.join(" or ")),
            )),
        }
    };
    let types: Vec<&str> = Target::ALL.iter().map(|t| t.wso2_rule_type()).collect();
    let rule_type = one_of("ruleType", &types)?.ok_or_else(|| {
        src.err(
            Some(root.span),
            format!(
                "a WSO2 ruleset file (with `rulesetContent`) needs `ruleType`: {}",
                types.join(", ")
            ),
        )
    })?;
    one_of("ruleCategory", &["SPECTRAL"])?;
    one_of("artifactType", &["REST_API", "ASYNC_API"])?;
    if !content.is_object() {
        return Err(src.err(
            Some(content.span),
            "`rulesetContent` must be the ruleset itself (an object with `rules`)",
        ));
    }
    let target = rule_type
        .as_str()
        .and_then(Target::from_wso2_rule_type)
        .expect("checked");
    Ok(Some((content, target)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::load::tests::Dir;

    const CONTENT: &str = "rulesetContent:\n  rules:\n    api-name-required:\n      given: $.data\n      severity: error\n      then: {field: name, function: truthy}\n";

    #[test]
    fn a_wso2_file_runs_its_content_on_its_rule_type() {
        let d = Dir::new(&[
            (
                "meta.yaml",
                &format!("name: Mine\nruleCategory: SPECTRAL\nruleType: API_METADATA\nartifactType: REST_API\nprovider: me\n{CONTENT}"),
            ),
            (
                "def.yaml",
                &format!("ruleType: API_DEFINITION\n{CONTENT}"),
            ),
        ]);
        let c = d.load("meta.yaml").unwrap();
        assert_eq!(c.target(), Target::Metadata);
        assert!(c.rules().any(|(id, _)| id == "api-name-required"));
        assert_eq!(d.load("def.yaml").unwrap().target(), Target::Definition);
    }

    #[test]
    fn its_fields_are_checked_where_they_are_written() {
        let d = Dir::new(&[
            ("none.yaml", &format!("name: x\n{CONTENT}")),
            ("bad.yaml", &format!("ruleType: METADATA\n{CONTENT}")),
            (
                "cat.yaml",
                &format!("ruleType: API_METADATA\nruleCategory: OTHER\n{CONTENT}"),
            ),
            (
                "key.yaml",
                &format!("ruleType: API_METADATA\nowner: x\n{CONTENT}"),
            ),
            (
                "text.yaml",
                "ruleType: API_METADATA\nrulesetContent: 'rules: {}'\n",
            ),
            (
                "inner.yaml",
                &format!(
                    "ruleType: API_METADATA\n{}",
                    CONTENT.replace("given", "gven")
                ),
            ),
        ]);
        assert!(d
            .fail("none.yaml")
            .starts_with("none.yaml:1:1: a WSO2 ruleset file (with `rulesetContent`) needs `ruleType`: API_DEFINITION, API_METADATA, API_DOCUMENTATION"));
        assert_eq!(
            d.fail("bad.yaml"),
            "bad.yaml:1:11: `ruleType` must be API_DEFINITION or API_METADATA or API_DOCUMENTATION"
        );
        assert_eq!(
            d.fail("cat.yaml"),
            "cat.yaml:2:15: `ruleCategory` must be SPECTRAL"
        );
        assert!(d
            .fail("key.yaml")
            .starts_with("key.yaml:2:1: unknown key `owner` of a WSO2 ruleset file"));
        assert!(d
            .fail("text.yaml")
            .starts_with("text.yaml:2:17: `rulesetContent` must be"));
        // Problems inside the content point into it.
        assert_eq!(
            d.fail("inner.yaml"),
            "inner.yaml:5:7: rule `api-name-required`: unknown key `gven`"
        );
    }
}
