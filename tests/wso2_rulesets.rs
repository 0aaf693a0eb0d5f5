//! WSO2 API Manager's default rulesets built in (`wso2:*`): exactly the rules the reference
//! lists, under WSO2's names and severities; the rules shared with `spectral:oas` reported at
//! WSO2's severity; the metadata ruleset on an `api.yaml` from the command line; WSO2's default
//! policy as data; and, when WSO2's own ruleset files are at hand, agreement with them.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::catalogue::file_stem;
use gardefou_linter::{find_rule, lint, Config, RuleSetting, Target};

const MANAGEMENT: &str = "wso2:api-management-guidelines";
const REST: &str = "wso2:rest-api-design-guidelines";
const OWASP: &str = "wso2:owasp-top-10";

/// The rules a built-in ruleset turns on, by id, at their severity (the `gardefou:core` rules
/// every configuration has left out).
fn members(name: &str) -> BTreeMap<String, String> {
    let c = Config::builtin(name).unwrap_or_else(|| panic!("{name} is built in"));
    c.rules()
        .filter(|(id, _)| find_rule(id).is_some_and(|r| r.meta().ruleset != "gardefou:core"))
        .map(|(id, a)| {
            let RuleSetting::On(s) = a.setting else {
                panic!("{name}: `{id}` is off, every WSO2 rule runs")
            };
            (id.to_string(), s.as_str().to_string())
        })
        .collect()
}

/// The rule names and severities of one ruleset's section of the reference
/// (`../shared/reference/wso2-governance.md` §3.1, §3.2, §3.3): each table row's first
/// backquoted name, and its severity: the severity column (the docs' severity where the docs
/// and a YAML differ, written first), or for §3.2 the heading of the table (Errors, Warnings,
/// Info).
fn reference(text: &str, section: &str) -> BTreeMap<String, String> {
    let start = text
        .find(&format!("### {section} "))
        .unwrap_or_else(|| panic!("§{section}"));
    let rest = &text[start + 4..];
    let end = rest
        .find("\n### ")
        .or_else(|| rest.find("\n## "))
        .unwrap_or(rest.len());
    let mut out = BTreeMap::new();
    let mut heading = "";
    let mut severity_column = None;
    for line in rest[..end].lines() {
        match line.trim_end_matches(':') {
            "Errors" => heading = "error",
            "Warnings" => heading = "warn",
            "Info" => heading = "info",
            _ => {}
        }
        if !line.starts_with('|') || line.starts_with("|---") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.contains(&"rule") {
            severity_column = cells.iter().position(|c| *c == "severity" || *c == "sev");
            continue;
        }
        let Some(name) = cells.iter().find_map(|c| {
            let c = c.strip_prefix('`')?;
            Some(&c[..c.find('`')?])
        }) else {
            continue;
        };
        let severity = match severity_column {
            Some(i) => cells[i].split_whitespace().next().unwrap_or(""),
            None => heading,
        };
        out.insert(name.to_string(), severity.to_string());
    }
    out
}

#[test]
fn the_rulesets_have_exactly_the_reference_s_rules_names_and_severities() {
    let Some(shared) = common::shared() else {
        return;
    };
    let text = std::fs::read_to_string(shared.join("reference/wso2-governance.md")).unwrap();
    for (section, name, count) in [
        ("3.1", MANAGEMENT, 25),
        ("3.2", REST, 33),
        ("3.3", OWASP, 15),
    ] {
        let want = reference(&text, section);
        assert_eq!(want.len(), count, "§{section} of the reference: {want:?}");
        assert_eq!(members(name), want, "{name} against §{section}");
    }
}

/// The same lists, written out (§3.1, §3.2 and §3.3 of the reference), for runs without it.
#[test]
fn the_rulesets_have_wso2_s_rule_counts_and_severity_totals() {
    let count = |name: &str| {
        let m = members(name);
        let n = |s: &str| m.values().filter(|v| *v == s).count();
        (m.len(), n("error"), n("warn"), n("info"))
    };
    // §3.1: 25 rules, 12 error, 12 warn, 1 info.
    assert_eq!(count(MANAGEMENT), (25, 12, 12, 1));
    // §3.2: 33 rules, 7 error, 25 warn, 1 info.
    assert_eq!(count(REST), (33, 7, 25, 1));
    // §3.3: 15 rules, 7 error, 8 warn.
    assert_eq!(count(OWASP), (15, 7, 8, 0));
    // Not in the default configuration: WSO2's rules are a governance choice.
    let recommended = Config::recommended();
    for name in [MANAGEMENT, OWASP] {
        for id in members(name).keys() {
            assert!(!recommended.rules().any(|(r, _)| r == id), "{id}");
        }
    }
    assert_eq!(
        Config::builtin(MANAGEMENT).unwrap().target(),
        Target::Metadata
    );
    assert_eq!(Config::builtin(REST).unwrap().target(), Target::Definition);
}

fn findings(config: &Config, name: &str, text: &str) -> Vec<(String, String, String)> {
    let set = DocumentSet::from_text(
        name,
        text.to_string(),
        Path::new("."),
        &LoadOptions::default(),
    );
    lint(&set, config)
        .into_iter()
        .map(|f| {
            let path: Vec<String> = f.path.iter().map(|s| s.to_string()).collect();
            (f.rule, path.join("."), f.severity.as_str().to_string())
        })
        .collect()
}

#[test]
fn shared_spectral_rules_report_their_examples_at_wso2_s_severity() {
    let rest = Config::builtin(REST).unwrap();
    let shared = members(REST);
    let mut checked = 0;
    for (id, severity) in &shared {
        let rule = find_rule(id).unwrap();
        if rule.meta().ruleset != "spectral:oas" {
            continue;
        }
        checked += 1;
        let found = findings(&rest, "invalid.yaml", rule.meta().docs.invalid);
        let mine: Vec<_> = found.iter().filter(|f| f.0 == *id).collect();
        assert!(
            !mine.is_empty(),
            "{id}: its invalid example is not reported"
        );
        assert!(mine.iter().all(|f| f.2 == *severity), "{id}: {mine:?}");
        let valid = findings(&rest, "valid.yaml", rule.meta().docs.valid);
        assert!(!valid.iter().any(|f| f.0 == *id), "{id}: valid example");
    }
    assert_eq!(checked, 22);
    // The severity is the ruleset's, not the rule's: Spectral's is `warn`.
    assert_eq!(shared["operation-operationId-valid-in-url"], "error");
    let oas = Config::builtin("spectral:oas").unwrap();
    assert_eq!(
        oas.setting("operation-operationId-valid-in-url"),
        RuleSetting::On(gardefou_linter::Severity::Warn)
    );
}

#[test]
fn the_metadata_ruleset_lints_an_api_yaml_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("api.yaml"),
        "type: api\nversion: v4.5.0\ndata:\n  name: Pizza Shack\n  context: /pizzashack\n  version: 1.0.0\n  tags: [pizza]\n",
    )
    .unwrap();
    let o = common::gardefou(
        dir.path(),
        &["lint", "api.yaml", "-r", MANAGEMENT, "-f", "stylish"],
    );
    let out = common::stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    let lines: Vec<&str> = out.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0].starts_with("api.yaml:4:9 error The API name \"Pizza Shack\" has spaces")
            && lines[0].ends_with("[api-name-no-special-characters]"),
        "{out}"
    );
    // `rules --ruleset` lists the 33 REST rules, Spectral's among them at WSO2's severity.
    let o = common::gardefou(dir.path(), &["rules", "--ruleset", REST, "-f", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rules.len(), 33);
    let valid_in_url = rules
        .iter()
        .find(|r| r["id"] == "operation-operationId-valid-in-url")
        .unwrap();
    assert_eq!(valid_in_url["setting"], "error");
    assert_eq!(valid_in_url["ruleset"], "spectral:oas");
}

#[test]
fn the_default_policy_is_data_naming_built_in_rulesets() {
    let text = gardefou_linter::rules::wso2::BEST_PRACTICES_POLICY;
    let parsed = gardefou_source::parse(text, gardefou_source::Syntax::Yaml, &Default::default());
    assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
    let root = parsed.root.unwrap().to_json();
    let policies = root["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 1);
    let p = &policies[0];
    assert_eq!(p["name"], "wso2:best-practices");
    assert_eq!(p["appliesTo"], serde_json::json!({"all": true}));
    // WSO2's governable states API_CREATE and API_UPDATE; no actions: everything notifies.
    assert_eq!(p["stages"], serde_json::json!(["create", "update"]));
    assert!(p.get("actions").is_none());
    let rulesets: Vec<&str> = p["rulesets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(rulesets, [REST, MANAGEMENT]);
    for r in rulesets {
        assert!(gardefou_linter::BUILTIN_RULESETS.contains(&r), "{r}");
    }
}

/// A difference between WSO2's own ruleset file run by gardefou and the built-in ruleset, on
/// a fixture, that is intended: (fixture folder, file, rule, JSON path, which side reports it);
/// `*` for a folder or file: on every fixture.
type Known = (&'static str, &'static str, &'static str, &'static str, Side);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    /// Reported by the built-in rule only.
    Ours,
    /// Reported by WSO2's file only.
    Theirs,
}

/// Each intended difference, with its reason (docs/decisions.md, "WSO2's rulesets").
const KNOWN: &[Known] = &[
    // WSO2's validator fails `truthy` on `[]` and `{}`; Spectral's semantics (which gardefou
    // runs WSO2's file with) pass them. The built-in rules follow WSO2's verdict.
    ("*", "invalid", "api-tags", "data.tags", Side::Ours),
    (
        "api-endpointConfig-production-required",
        "invalid",
        "api-endpointConfig-production-required",
        "data.endpointConfig.production_endpoints",
        Side::Ours,
    ),
    // The 4.5.0 file checks the API-level policy only; its docs' example is the resource's.
    (
        "api-no-unlimited-throttling-policy",
        "invalid",
        "api-no-unlimited-throttling-policy",
        "data.operations.0.throttlingPolicy",
        Side::Ours,
    ),
    // WSO2's pattern refuses a path that starts with a parameter.
    (
        "path-casing",
        "valid",
        "path-casing",
        "paths./{tenant}/users/{user-id}",
        Side::Theirs,
    ),
    // `\b` misses camelCase verbs: the docs' own example `/getUsers`.
    (
        "paths-no-http-verbs",
        "invalid",
        "paths-no-http-verbs",
        "paths./getUsers",
        Side::Ours,
    ),
    // WSO2's pattern refuses the root path `/`.
    (
        "*",
        "valid",
        "resource-names-plural",
        "paths./",
        Side::Theirs,
    ),
    // A trailing slash is `paths-no-trailing-slash`'s finding; WSO2's casing and plural
    // patterns report it again.
    (
        "paths-no-trailing-slash",
        "invalid",
        "path-casing",
        "paths./users/",
        Side::Theirs,
    ),
    (
        "paths-no-trailing-slash",
        "invalid",
        "resource-names-plural",
        "paths./users/",
        Side::Theirs,
    ),
    // HTTP authentication scheme names are case-insensitive (RFC 9110): `Basic` is basic.
    (
        "owasp-api2-2023-no-http-basic",
        "invalid",
        "owasp:api2:2023-no-http-basic",
        "components.securitySchemes.basicAuth.scheme",
        Side::Ours,
    ),
    // A 429 response without any headers declares no `Retry-After` either.
    (
        "owasp-api4-2023-rate-limit-responses-429",
        "valid",
        "owasp:api4:2023-rate-limit-retry-after",
        "paths./orders.get.responses.429",
        Side::Ours,
    ),
    // The REST guidelines bring Spectral's `license-url`, whose `given` is `$` (a document
    // without `info.license` is reported, besides `info-license`); WSO2's looks only at a
    // license that exists.
    ("*", "*", "license-url", "info", Side::Ours),
];

/// Whether a difference is one of [`KNOWN`].
fn known(d: &(String, &str, String, String, Side)) -> bool {
    KNOWN.iter().any(|k| known_by(k, d))
}

fn known_by(k: &Known, d: &(String, &str, String, String, Side)) -> bool {
    let (f, c, r, p, s) = k;
    (*f == "*" || *f == d.0) && (*c == "*" || *c == d.1) && *r == d.2 && *p == d.3 && *s == d.4
}

/// The folder of WSO2's own ruleset files (`wso2_api_management_guidelines.yaml`,
/// `wso2_rest_api_design_guidelines.yaml`, `owasp_top_10.yaml` of `wso2/carbon-apimgt`, 4.5.0),
/// named by `GARDEFOU_WSO2_RULESETS`. They are WSO2's, not ours to ship: without them the test
/// says so and passes.
fn wso2_files() -> Option<PathBuf> {
    let dir = std::env::var_os("GARDEFOU_WSO2_RULESETS").map(PathBuf::from);
    match dir.filter(|d| d.join("owasp_top_10.yaml").is_file()) {
        Some(d) => Some(d),
        None => {
            common::skip_unavailable(
                "GARDEFOU_WSO2_RULESETS does not name a folder with WSO2's ruleset files",
            );
            None
        }
    }
}

#[test]
fn wso2_s_own_files_run_unchanged_agree_with_the_built_in_rulesets() {
    let Some(dir) = wso2_files() else {
        return;
    };
    let fixtures = common::root().join("fixtures/rules");
    let mut differences = BTreeSet::new();
    let mut compared = 0;
    for (file, name, target) in [
        (
            "wso2_api_management_guidelines.yaml",
            MANAGEMENT,
            Target::Metadata,
        ),
        (
            "wso2_rest_api_design_guidelines.yaml",
            REST,
            Target::Definition,
        ),
        ("owasp_top_10.yaml", OWASP, Target::Definition),
    ] {
        let theirs = Config::load(&dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(theirs.target(), target, "{file}: its ruleType");
        let ours = Config::builtin(name).unwrap();
        // The rules of both (WSO2's 4.5.0 files lack a few documented rules).
        let in_theirs: BTreeSet<String> = theirs.rules().map(|(id, _)| id.to_string()).collect();
        let ids: BTreeSet<String> = members(name)
            .into_keys()
            .filter(|id| in_theirs.contains(id))
            .collect();
        for id in &ids {
            for case in ["invalid", "valid"] {
                let folder = file_stem(id);
                let path = fixtures.join(&folder).join(format!("{case}.yaml"));
                let text = std::fs::read_to_string(&path).unwrap();
                let of = |config: &Config| -> BTreeSet<(String, String)> {
                    findings(config, "case.yaml", &text)
                        .into_iter()
                        .filter(|f| ids.contains(&f.0))
                        .map(|f| (f.0, f.1))
                        .collect()
                };
                let (a, b) = (of(&ours), of(&theirs));
                compared += 1;
                for (rule, at) in a.difference(&b) {
                    differences.insert((
                        folder.clone(),
                        case,
                        rule.clone(),
                        at.clone(),
                        Side::Ours,
                    ));
                }
                for (rule, at) in b.difference(&a) {
                    differences.insert((
                        folder.clone(),
                        case,
                        rule.clone(),
                        at.clone(),
                        Side::Theirs,
                    ));
                }
            }
        }
    }
    assert!(compared > 100, "{compared}");
    eprintln!("{compared} comparisons");
    let unexpected: Vec<_> = differences.iter().filter(|d| !known(d)).collect();
    let gone: Vec<_> = KNOWN
        .iter()
        .filter(|k| !differences.iter().any(|d| known_by(k, d)))
        .collect();
    assert!(
        unexpected.is_empty() && gone.is_empty(),
        "unexpected differences: {unexpected:#?}\nknown differences no longer seen: {gone:#?}"
    );
}
