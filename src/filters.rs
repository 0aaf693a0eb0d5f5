//! What `lint` shows: the rule ids of `--only` and `--skip` (checked, with a suggestion for a
//! misspelt one), the rules that ran, and the ruleset's name as the reports give it.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;
use gardefou_linter::{Config, RuleSetting};
use gardefou_model::SpecVersion;

/// The rule ids named by `flag` (`--only`, `--skip`): each a rule of the ruleset or of the
/// built-in catalogue (an old id that is now an alias stands for the rules it names). An
/// unknown id is an error, with the closest known id when one is close.
pub(crate) fn rule_ids(flag: &str, given: &[String], config: &Config) -> Result<BTreeSet<String>> {
    let mut ids = BTreeSet::new();
    if given.is_empty() {
        return Ok(ids);
    }
    let catalogue = Config::all_builtin();
    let known: BTreeSet<&str> = config
        .rules()
        .chain(catalogue.rules())
        .map(|(id, _)| id)
        .collect();
    for id in given.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if known.contains(id) {
            ids.insert(id.to_string());
        } else if let Some(alias) = gardefou_linter::find_alias(id) {
            ids.extend(alias.targets.iter().map(|t| t.to_string()));
        } else {
            let id = gardefou_report::text::plain(id);
            let hint = did_you_mean(&id, known.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            anyhow::bail!(
                "{flag}: no rule `{id}` in the ruleset or the catalogue{hint}; `gardefou rules` lists them"
            );
        }
    }
    Ok(ids)
}

/// The known id closest to `word`, when it is close enough to be a likely misspelling.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    known: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    known
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// The OpenAPI version of a linted document, as the rules' `formats` see it: none under a
/// metadata or documentation ruleset, which reads documents as plain YAML or JSON.
pub(crate) fn version_of(
    config: &Config,
    set: &gardefou_document::DocumentSet,
) -> Option<SpecVersion> {
    let root = set
        .root()
        .root
        .as_ref()
        .filter(|_| config.target().is_openapi());
    root.and_then(SpecVersion::detect)
}

/// The rules that ran: enabled, not skipped, applying to the version of one of the documents
/// (each as [`version_of`] gives it).
pub(crate) fn rules_ran(
    config: &Config,
    versions: &[Option<SpecVersion>],
    skip: &BTreeSet<String>,
) -> Vec<String> {
    let target = config.target();
    config
        .rules()
        .filter(|(id, active)| {
            active.setting != RuleSetting::Off
                && !skip.contains(*id)
                && !target.skips_rule(id)
                && versions.iter().any(|v| active.applies_to(*v))
        })
        .map(|(id, _)| id.to_string())
        .collect()
}

/// The ruleset as the reports name it: its file (relative to the current directory when under
/// it), else the built-in name given with `-r`, else `gardefou:recommended`.
pub(crate) fn ruleset_name(config: &Config, given: Option<&Path>) -> String {
    if let Some(source) = &config.source {
        let shown = std::env::current_dir()
            .ok()
            .and_then(|cwd| source.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| source.clone());
        return shown.display().to_string();
    }
    match given {
        Some(name) => name.display().to_string(),
        None => "gardefou:recommended".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_ids_only() {
        let known = [
            "oas3-schema",
            "oas2-schema",
            "info-contact",
            "operation-tags",
        ];
        assert_eq!(
            did_you_mean("oas3-schemaa", known.into_iter()),
            Some("oas3-schema")
        );
        assert_eq!(
            did_you_mean("info-contcat", known.into_iter()),
            Some("info-contact")
        );
        assert_eq!(did_you_mean("zzz", known.into_iter()), None);
    }
}
