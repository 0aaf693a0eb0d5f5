//! Conventions of the command line: shell completions, the man pages and the ruleset schema
//! shipped in the repository (regenerate with `GARDEFOU_UPDATE_DOCS=1 cargo test --profile fast
//! --test cli_conventions`), `--color` with NO_COLOR/FORCE_COLOR, "did you mean", every
//! ruleset error at once, `--write-baseline`'s exit code and `gardefou init`.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

fn update() -> bool {
    std::env::var_os("GARDEFOU_UPDATE_DOCS").is_some()
}

/// Compares (or, when updating, writes) a generated file shipped in the repository.
fn shipped(rel: &str, generated: &str, stale: &mut Vec<String>) {
    let path = root().join(rel);
    if update() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
    } else if std::fs::read_to_string(&path).ok().as_deref() != Some(generated) {
        stale.push(rel.to_string());
    }
}

fn ok_stdout(args: &[&str]) -> String {
    let out = gardefou(&root(), args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn completions_are_generated_for_every_shell_and_shipped_up_to_date() {
    let mut stale = Vec::new();
    for (shell, file, checker) in [
        ("bash", "gardefou.bash", Some(("bash", "-n"))),
        ("zsh", "_gardefou", Some(("zsh", "-n"))),
        ("fish", "gardefou.fish", Some(("fish", "--no-execute"))),
        ("powershell", "_gardefou.ps1", None),
    ] {
        let script = ok_stdout(&["completions", shell]);
        // The script knows the commands and their options.
        for word in [
            "lint",
            "score",
            "diff",
            "init",
            "completions",
            "fail-severity",
        ] {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
        // Syntax check by the shell itself, when it is installed.
        if let Some((program, flag)) = checker {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(file);
            std::fs::write(&path, &script).unwrap();
            match Command::new(program).arg(flag).arg(&path).output() {
                Ok(o) => assert!(o.status.success(), "{shell}: {}", stderr(&o)),
                Err(_) => eprintln!("{program} not installed: {shell} syntax not checked"),
            }
        }
        shipped(&format!("docs/completions/{file}"), &script, &mut stale);
    }
    let out = gardefou(&root(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stale.is_empty(),
        "stale completions (GARDEFOU_UPDATE_DOCS=1 cargo test --profile fast --test cli_conventions): {stale:?}"
    );
}

#[test]
fn man_pages_are_shipped_up_to_date() {
    let page = ok_stdout(&["man"]);
    assert!(page.contains(".TH gardefou 1"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man");
    ok_stdout(&["man", "--out-dir", out_dir.to_str().unwrap()]);
    let mut generated: Vec<(String, String)> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    generated.sort();
    let names: Vec<&str> = generated.iter().map(|(n, _)| n.as_str()).collect();
    for page in [
        "gardefou.1",
        "gardefou-lint.1",
        "gardefou-score.1",
        "gardefou-init.1",
    ] {
        assert!(names.contains(&page), "{names:?}");
    }
    // `gardefou man` prints the top page, the same as the file.
    assert_eq!(
        generated.iter().find(|(n, _)| n == "gardefou.1").unwrap().1,
        page
    );
    let lint_page = &generated
        .iter()
        .find(|(n, _)| n == "gardefou-lint.1")
        .unwrap()
        .1;
    assert!(lint_page.contains("fail\\-severity"), "{lint_page}");
    let mut stale = Vec::new();
    for (name, text) in &generated {
        shipped(&format!("docs/man/{name}"), text, &mut stale);
    }
    for entry in std::fs::read_dir(root().join("docs/man")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !names.contains(&name.as_str()) {
            stale.push(format!("docs/man/{name} (no such command)"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale man pages (GARDEFOU_UPDATE_DOCS=1 cargo test --profile fast --test cli_conventions): {stale:?}"
    );
}

const BROKEN: &str = "openapi: 3.0.3\ninfo: {title: B, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses: {}\n";

/// `gardefou lint` with the given colour flags and environment, its stdout.
fn lint_colour(dir: &Path, flags: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gardefou"));
    cmd.current_dir(dir)
        .arg("lint")
        .args(flags)
        .arg("api.yaml")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn colour_follows_the_flag_then_force_color_then_no_color() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("api.yaml"), BROKEN).unwrap();
    let coloured = |s: &str| s.contains('\u{1b}');
    // Piped: no colour unless forced.
    assert!(!coloured(&lint_colour(t.path(), &[], &[])));
    assert!(coloured(&lint_colour(
        t.path(),
        &["--color", "always"],
        &[]
    )));
    assert!(coloured(&lint_colour(
        t.path(),
        &[],
        &[("FORCE_COLOR", "1")]
    )));
    assert!(!coloured(&lint_colour(
        t.path(),
        &[],
        &[("FORCE_COLOR", "0")]
    )));
    assert!(!coloured(&lint_colour(
        t.path(),
        &[],
        &[("FORCE_COLOR", "")]
    )));
    assert!(coloured(&lint_colour(
        t.path(),
        &[],
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]
    )));
    // The flag beats the environment.
    assert!(!coloured(&lint_colour(
        t.path(),
        &["--color", "never"],
        &[("FORCE_COLOR", "1")]
    )));
    assert!(!coloured(&lint_colour(
        t.path(),
        &["--no-color"],
        &[("FORCE_COLOR", "1")]
    )));
    assert!(coloured(&lint_colour(
        t.path(),
        &["--color", "always"],
        &[("NO_COLOR", "1")]
    )));
    // Without colour the text is the same.
    let plain = lint_colour(t.path(), &["--color", "never"], &[]);
    assert_eq!(plain, lint_colour(t.path(), &[], &[]));
    assert!(
        plain.contains("oas3-schema") || plain.contains("path-params"),
        "{plain}"
    );
    let out = gardefou(t.path(), &["lint", "--color", "sometimes", "api.yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unknown_rule_id_gets_a_suggestion() {
    let out = gardefou(&root(), &["rule", "oas3-schemaa"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `oas3-schema`?"),
        "{}",
        stderr(&out)
    );
    // An old id that is now an alias is suggested too.
    let out = gardefou(&root(), &["rule", "naming-no-trailing-slashh"]);
    assert!(
        stderr(&out).contains("did you mean `naming-no-trailing-slash`?"),
        "{}",
        stderr(&out)
    );
    // Nothing close: no guess.
    let out = gardefou(&root(), &["rule", "completely-different"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("did you mean"), "{}", stderr(&out));
}

#[test]
fn every_problem_of_the_rules_section_is_reported_at_once() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("api.yaml"), BROKEN).unwrap();
    std::fs::write(
        t.path().join("rs.yaml"),
        "extends: spectral:oas\nrules:\n  oas3-schemaa: error\n  info-contact: loud\n  operation-tags: warn\n  no-such-rule-at-all: off\n",
    )
    .unwrap();
    let out = gardefou(t.path(), &["lint", "-r", "rs.yaml", "api.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("gardefou: error: "))
        .collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].contains("rs.yaml:3:3: unknown rule `oas3-schemaa` (did you mean `oas3-schema`?)"),
        "{err}"
    );
    assert!(
        lines[1].contains("rs.yaml:4:17:") && lines[1].contains("`loud` is not a severity"),
        "{err}"
    );
    assert!(
        lines[2].contains("rs.yaml:6:3: unknown rule `no-such-rule-at-all`:"),
        "{err}"
    );
}

#[test]
fn every_problem_of_every_section_is_reported_at_once() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("api.yaml"), BROKEN).unwrap();
    std::fs::write(
        t.path().join("rs.yaml"),
        "extends: [spectral:oas, ./missing.yaml, spectral:nothing]\nrulez: {}\nfunctionsDir: [x]\nfunctions: [absent]\nparserOptions: {duplicateKeys: loud}\nrules:\n  info-contact: loud\noverrides: 3\n",
    )
    .unwrap();
    let out = gardefou(t.path(), &["lint", "-r", "rs.yaml", "api.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("gardefou: error: "))
        .collect();
    // In the order of the file's parts: keys, functions, extends, rules, parser options,
    // overrides; each at its line.
    let expected = [
        ("rs.yaml:2:1:", "unknown ruleset key `rulez`"),
        ("rs.yaml:3:15:", "`functionsDir` must be a folder name"),
        ("rs.yaml:4:13:", "function `absent`"),
        ("rs.yaml:1:25:", "`./missing.yaml` not found"),
        (
            "rs.yaml:1:41:",
            "unknown built-in ruleset `spectral:nothing`",
        ),
        ("rs.yaml:7:17:", "`loud` is not a severity"),
        ("rs.yaml:5:32:", "`duplicateKeys` must be"),
        ("rs.yaml:8:12:", "`overrides` must be a list"),
    ];
    assert_eq!(lines.len(), expected.len(), "{err}");
    for (line, (at, what)) in lines.iter().zip(expected) {
        assert!(
            line.contains(at) && line.contains(what),
            "{line}\n---\n{err}"
        );
    }
}

#[test]
fn write_baseline_exits_0_after_writing() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("api.yaml"), BROKEN).unwrap();
    let out = gardefou(t.path(), &["lint", "api.yaml"]);
    assert_eq!(out.status.code(), Some(1), "errors fail a plain run");
    let out = gardefou(
        t.path(),
        &["lint", "--write-baseline", "base.json", "api.yaml"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("base.json")).unwrap())
            .unwrap();
    let n = written["findings"].as_array().unwrap().len();
    assert!(n > 0);
    assert!(
        stderr(&out).contains(&format!("baseline base.json: {n} finding(s) recorded")),
        "{}",
        stderr(&out)
    );
    // The findings were still shown, and the baseline then hides them.
    assert!(stdout(&out).contains("error"), "{}", stdout(&out));
    let out = gardefou(t.path(), &["lint", "--baseline", "base.json", "api.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/schemas/gardefou.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap()
}

fn yaml_json(text: &str) -> serde_json::Value {
    gardefou_source::parse(
        text,
        gardefou_source::Syntax::Yaml,
        &gardefou_source::Limits::default(),
    )
    .root
    .expect("YAML")
    .to_json()
}

fn schema_errors(v: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect()
}

#[test]
fn the_ruleset_schema_is_shipped_up_to_date_and_accepts_the_rulesets_gardefou_accepts() {
    let printed = ok_stdout(&["schema"]);
    let mut stale = Vec::new();
    shipped("docs/schemas/gardefou.schema.json", &printed, &mut stale);
    assert!(
        stale.is_empty(),
        "stale schema (GARDEFOU_UPDATE_DOCS=1 cargo test --profile fast --test cli_conventions)"
    );
    let schema: serde_json::Value = serde_json::from_str(&printed).unwrap();
    // Every built-in rule is completed with its summary.
    let rules = &schema["properties"]["rules"]["properties"];
    for id in ["oas3-schema", "naming-property-casing", "operation-tags"] {
        assert!(rules[id]["description"].is_string(), "{id}");
    }
    let v = validator();
    // Every YAML ruleset of the fixtures (and of ../shared's references) that gardefou loads.
    let mut files = Vec::new();
    collect_rulesets(&root().join("fixtures"), &mut files);
    if let Some(shared) = shared() {
        collect_rulesets(&shared.join("reference/rulesets"), &mut files);
        files.push(shared.join("corpus/spectral-oas.yaml"));
    }
    let mut checked = 0;
    for f in &files {
        if gardefou_linter::Config::load(f).is_err() {
            continue;
        }
        let value = yaml_json(&std::fs::read_to_string(f).unwrap());
        let errors = schema_errors(&v, &value);
        assert!(errors.is_empty(), "{}: {errors:?}", f.display());
        checked += 1;
    }
    assert!(checked >= 9, "only {checked} rulesets checked: {files:?}");
    // What the schema refuses, gardefou refuses too.
    for bad in [
        "extends: spectral:oas\nrulez: {}\n",
        "extends: spectral:oas\nrules:\n  info-contact: loud\n",
        "extends: spectral:oas\nrules:\n  info-contact: {severity: warn, given: $}\n",
        "scorecard:\n  categories: {style: 1}\n",
        "scorecard:\n  schemaShare: 2\n",
    ] {
        assert!(!schema_errors(&v, &yaml_json(bad)).is_empty(), "{bad}");
        let t = tempfile::tempdir().unwrap();
        let path = t.path().join("rs.yaml");
        std::fs::write(&path, bad).unwrap();
        std::fs::write(t.path().join("api.yaml"), BROKEN).unwrap();
        let out = gardefou(t.path(), &["score", "-r", "rs.yaml", "api.yaml"]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stdout(&out));
    }
}

fn collect_rulesets(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let path = e.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "node_modules") {
                collect_rulesets(&path, out);
            }
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if text
            .lines()
            .any(|l| l.starts_with("extends:") || l.starts_with("rules:"))
            && !text
                .lines()
                .any(|l| l.starts_with("openapi:") || l.starts_with("swagger:"))
        {
            out.push(path);
        }
    }
}

#[test]
fn init_writes_a_commented_ruleset_that_loads_validates_and_is_never_overwritten() {
    let t = tempfile::tempdir().unwrap();
    let project = t.path().join("project");
    std::fs::create_dir_all(project.join("apis/orders")).unwrap();
    std::fs::write(project.join("apis/orders/api.yaml"), BROKEN).unwrap();
    std::fs::write(project.join("notes.yaml"), "title: not an API\n").unwrap();
    let out = gardefou(t.path(), &["init", "project"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = project.join(".gardefou.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("#   apis/orders/api.yaml\n"), "{text}");
    assert!(!text.contains("notes.yaml"), "{text}");
    assert!(text.contains("\nextends: gardefou:recommended\n"), "{text}");
    assert!(
        text.contains("naming-property-casing: {options: {casing: camel}}"),
        "{text}"
    );
    assert!(text.contains("\nscorecard:\n"), "{text}");
    assert!(text.contains("categories: {validity: 30"), "{text}");
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 10
    );
    // It validates against the schema, and gardefou lints and scores with it.
    assert!(schema_errors(&validator(), &yaml_json(&text)).is_empty());
    let out = gardefou(&project, &["lint", "apis"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = gardefou(&project, &["score", "apis"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Never overwritten.
    std::fs::write(&path, "extends: spectral:oas\n").unwrap();
    let out = gardefou(t.path(), &["init", "project"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("never overwrites"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "extends: spectral:oas\n"
    );
    // No API, no file.
    let empty = t.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = gardefou(&empty, &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!empty.join(".gardefou.yaml").exists());
}
