//! `gardefou:recommended` says each thing once: no two of its rules report the same defect.
//! "The same defect" is defined by the pairs below, found by linting the corpus and reading the
//! rules (see "Rules that report the same defect" in `docs/rules/README.md`). Also: what a
//! public operation, a non-OpenAPI document and an old rule id get, through the binary.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{find_alias, find_rule, lint, Config};
use gardefou_source::PathSeg;

/// Pairs of rules that reported one defect twice in `gardefou:recommended`. An alias id in a
/// pair must never fire (it names the other rule now); two live rules must never both report
/// at one JSON path, or at a path and one inside it.
const SAME_DEFECT: &[(&str, &str)] = &[
    ("info-contact", "documentation-info-contact"),
    ("operation-operationId-unique", "naming-operation-id-unique"),
    ("path-keys-no-trailing-slash", "naming-no-trailing-slash"),
    (
        "oas3-operation-security-defined",
        "security-requirements-defined",
    ),
    (
        "oas2-operation-security-defined",
        "security-requirements-defined",
    ),
    // An empty description: the presence rules report it, not the quality rule.
    (
        "operation-description",
        "documentation-meaningful-description",
    ),
    (
        "documentation-parameter-description",
        "documentation-meaningful-description",
    ),
];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(p);
        }
    }
}

fn corpus() -> Option<PathBuf> {
    let dir = root().join("../shared/corpus/docs");
    if dir.is_dir() {
        return Some(dir);
    }
    skip(&format!("{} is not present", dir.display()));
    None
}

/// The same place: one JSON path, or a path and its direct child (a rule reporting at the
/// parameter, another at the parameter's `description`).
fn inside(a: &[PathSeg], b: &[PathSeg]) -> bool {
    a == b
        || (a.len() + 1 == b.len() && b.starts_with(a))
        || (b.len() + 1 == a.len() && a.starts_with(b))
}

#[test]
fn the_pairs_name_rules_or_aliases() {
    for (a, b) in SAME_DEFECT {
        for id in [a, b] {
            assert!(
                find_rule(id).is_some() || find_alias(id).is_some(),
                "`{id}` is neither a rule nor an alias"
            );
        }
        // An alias names the rule it is paired with.
        if let Some(alias) = find_alias(b) {
            assert!(alias.targets.contains(a), "`{b}` is not an alias of `{a}`");
        }
    }
}

#[test]
fn no_two_recommended_rules_report_one_defect_on_the_corpus() {
    let Some(dir) = corpus() else { return };
    let mut files = Vec::new();
    walk(&dir, &mut files);
    let config = Config::recommended();
    let mut fired: BTreeMap<String, usize> = BTreeMap::new();
    let mut twice = Vec::new();
    let mut linted = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        if !(text.contains("openapi") || text.contains("swagger")) {
            continue;
        }
        let set = DocumentSet::load(&f, &LoadOptions::default()).unwrap();
        if gardefou_model::build(&set).is_none() {
            continue;
        }
        linted += 1;
        let findings = lint(&set, &config);
        for x in &findings {
            if SAME_DEFECT
                .iter()
                .any(|(a, b)| x.rule == *a || x.rule == *b)
            {
                *fired.entry(x.rule.clone()).or_default() += 1;
            }
        }
        for (a, b) in SAME_DEFECT {
            for x in findings.iter().filter(|x| x.rule == *a) {
                if let Some(y) = findings
                    .iter()
                    .find(|y| y.rule == *b && y.file == x.file && inside(&x.path, &y.path))
                {
                    twice.push(format!(
                        "{}: `{a}` ({}) and `{b}` ({}) at {:?}",
                        f.display(),
                        x.message,
                        y.message,
                        y.path
                    ));
                }
            }
        }
    }
    assert!(linted >= 152, "linted {linted} documents");
    assert!(
        twice.is_empty(),
        "{} defects reported twice, e.g. {:#?}",
        twice.len(),
        &twice[..twice.len().min(10)]
    );
    for (a, b) in SAME_DEFECT {
        if find_alias(b).is_some() {
            // An old id never reports anything: the rule it names does.
            assert_eq!(fired.get(*b), None, "alias `{b}` fired");
        } else {
            // Both rules of a live pair report on the corpus, so the pair is really compared.
            for id in [a, b] {
                assert!(
                    fired.get(*id).copied().unwrap_or(0) > 0,
                    "`{id}` never fired"
                );
            }
        }
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn spectral_json(dir: &Path, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut all = vec!["lint", "-f", "spectral-json"];
    all.extend_from_slice(args);
    let o = gardefou(dir, &all);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (o.status.code().unwrap(), v.as_array().unwrap().to_vec())
}

fn codes(findings: &[serde_json::Value]) -> Vec<&str> {
    findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

#[test]
fn a_document_that_is_not_openapi_gets_only_unrecognized_format() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "foo.yaml", "foo: bar\n");
    write(tmp.path(), "spectral.yaml", "extends: [\"spectral:oas\"]\n");
    for args in [
        vec!["foo.yaml"],
        vec!["-r", "spectral:oas", "foo.yaml"],
        vec!["-r", "spectral.yaml", "foo.yaml"],
        vec!["-r", "gardefou:recommended", "foo.yaml"],
    ] {
        let (code, findings) = spectral_json(tmp.path(), &args);
        assert_eq!(codes(&findings), ["unrecognized-format"], "{args:?}");
        let f = &findings[0];
        // Spectral 6's message, severity (warning) and place (the document root).
        assert_eq!(
            f["message"],
            "The provided document does not match any of the registered formats [OpenAPI 2.0 (Swagger), OpenAPI 3.x, OpenAPI 3.0.x, OpenAPI 3.1.x, OpenAPI 3.2.x]"
        );
        assert_eq!(f["severity"], 1, "{args:?}");
        assert_eq!(f["path"], serde_json::json!([]));
        assert_eq!(f["range"]["start"]["line"], 0);
        assert_eq!(code, 0, "a warning does not fail the run: {args:?}");
    }
    // The human report says why.
    let o = gardefou(tmp.path(), &["lint", "foo.yaml"]);
    assert!(
        stdout(&o).contains("declares neither `openapi` nor `swagger`"),
        "{}",
        stdout(&o)
    );
}

const PUBLIC: &str = "openapi: 3.0.3
info: {title: T, version: 1.0.0, description: Health of the service., contact: {name: N, email: n@example.org}}
servers: [{url: 'https://api.example.org/v1'}]
tags: [{name: health, description: Health}]
SECURITY
paths:
  /health:
    get:
      operationId: getHealth
      summary: Health
      description: Tells whether the service is up.
      tags: [health]
OPSECURITY      responses:
        '200': {description: OK}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer, bearerFormat: JWT}
";

#[test]
fn an_operation_with_an_empty_security_list_is_public_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = |global: &str, op: &str| {
        PUBLIC
            .replace("SECURITY\n", global)
            .replace("OPSECURITY", op)
    };
    write(
        tmp.path(),
        "public.yaml",
        &doc("security: [{bearer: []}]\n", "      security: []\n"),
    );
    write(
        tmp.path(),
        "public-no-global.yaml",
        &doc("", "      security: []\n"),
    );
    write(tmp.path(), "unsecured.yaml", &doc("", ""));
    for name in ["public.yaml", "public-no-global.yaml"] {
        let (code, findings) = spectral_json(tmp.path(), &[name]);
        let security: Vec<_> = findings
            .iter()
            .filter(|f| {
                [
                    "security-operation-secured",
                    "security-401-documented",
                    "security-403-documented",
                    "oas3-operation-security-defined",
                ]
                .contains(&f["code"].as_str().unwrap())
            })
            .collect();
        assert!(security.is_empty(), "{name}: {security:#?}");
        assert_eq!(code, 0, "{name}: {findings:#?}");
    }
    // Without `security: []` nor a global requirement, the operation is unsecured: an error.
    let (code, findings) = spectral_json(tmp.path(), &["unsecured.yaml"]);
    assert!(codes(&findings).contains(&"security-operation-secured"));
    assert_eq!(code, 1);
}

const TRAILING: &str = "openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /orders/:
    get:
      operationId: listOrders
      responses:
        '200': {description: OK}
";

#[test]
fn an_old_rule_id_still_configures_the_rule_it_names_now() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "api.yaml", TRAILING);
    let count = |findings: &[serde_json::Value], code: &str| {
        findings.iter().filter(|f| f["code"] == code).count()
    };
    // The default ruleset reports the trailing slash once, under Spectral's name.
    let (_, findings) = spectral_json(tmp.path(), &["api.yaml"]);
    assert_eq!(count(&findings, "path-keys-no-trailing-slash"), 1);
    assert_eq!(count(&findings, "naming-no-trailing-slash"), 0);

    write(
        tmp.path(),
        "off.yaml",
        "extends: [\"gardefou:recommended\"]\nrules:\n  naming-no-trailing-slash: off\n",
    );
    let (_, findings) = spectral_json(tmp.path(), &["-r", "off.yaml", "api.yaml"]);
    assert_eq!(count(&findings, "path-keys-no-trailing-slash"), 0);

    // A ruleset of the old rule's family still brings the rule, and the old id sets it.
    write(
        tmp.path(),
        "naming.yaml",
        "extends: [\"gardefou:naming\"]\nrules:\n  naming-no-trailing-slash: error\n",
    );
    let (code, findings) = spectral_json(tmp.path(), &["-r", "naming.yaml", "api.yaml"]);
    let f = findings
        .iter()
        .find(|f| f["code"] == "path-keys-no-trailing-slash")
        .expect("reported");
    assert_eq!(f["severity"], 0);
    assert_eq!(code, 1);

    // An override and an in-document suppression may name the old id too.
    write(
        tmp.path(),
        "override.yaml",
        "extends: [\"gardefou:recommended\"]\noverrides:\n  - files: ['api.yaml']\n    rules:\n      naming-no-trailing-slash: off\n",
    );
    let (_, findings) = spectral_json(tmp.path(), &["-r", "override.yaml", "api.yaml"]);
    assert_eq!(count(&findings, "path-keys-no-trailing-slash"), 0);
    write(
        tmp.path(),
        "ignored.yaml",
        &TRAILING.replace(
            "paths:\n",
            "paths:\n  x-gardefou-ignore: [naming-no-trailing-slash]\n",
        ),
    );
    let (_, findings) = spectral_json(tmp.path(), &["ignored.yaml"]);
    assert_eq!(count(&findings, "path-keys-no-trailing-slash"), 0);
    assert_eq!(count(&findings, "unused-suppression"), 0);

    // `gardefou rule OLD` says what it names now.
    let o = gardefou(tmp.path(), &["rule", "naming-no-trailing-slash"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("An alias of [`path-keys-no-trailing-slash`]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_file_extension_and_an_empty_description_are_reported_once() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "api.yaml",
        "openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /orders.json:
    get:
      operationId: listOrders
      description: ''
      responses:
        '200': {description: OK}
  /order_items.json:
    get:
      operationId: listOrderItems
      description: Lists the items of all orders, newest first.
      responses:
        '200': {description: OK}
",
    );
    let (_, findings) = spectral_json(tmp.path(), &["api.yaml"]);
    let at = |code: &str, key: &str| {
        findings
            .iter()
            .filter(|f| f["code"] == code && f["path"][1] == key)
            .count()
    };
    assert_eq!(at("naming-no-file-extension-in-path", "/orders.json"), 1);
    // `orders` is kebab case: only the extension is wrong.
    assert_eq!(at("naming-path-segment-casing", "/orders.json"), 0);
    // `order_items` is not: two defects, two findings.
    assert_eq!(
        at("naming-no-file-extension-in-path", "/order_items.json"),
        1
    );
    assert_eq!(at("naming-path-segment-casing", "/order_items.json"), 1);
    assert_eq!(at("operation-description", "/orders.json"), 1);
    assert_eq!(
        at("documentation-meaningful-description", "/orders.json"),
        0
    );
}
