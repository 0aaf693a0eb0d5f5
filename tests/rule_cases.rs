//! One test per rule case, found at run time in `fixtures/rules/<rule-id>/` (the layout is in
//! `fixtures/rules/README.md`). A rule's first two cases are the invalid and valid examples of
//! its documentation; every other `<case>.yaml` of its folder is a further case, linted with the
//! rule's options from `<case>.options.yaml` when there is one. A case's findings of its rule,
//! one `line:column severity [path] message` line each, must equal `<case>.snap` (the documented
//! valid example must have none, and has no snapshot). `GARDEFOU_UPDATE_SNAPSHOTS=1` writes the
//! snapshots that are missing or different.
//!
//! Tests are named `<rule_id_snake>::<case>`: `cargo test --test rule_cases oas3_server_variables`
//! runs that rule's cases. A plain test harness (`harness = false`, libtest-mimic) makes the list.

mod common;

use std::path::{Path, PathBuf};

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{all_rules, lint_with_base, Config, Rule, Target, BUILTIN_RULESETS};
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    libtest_mimic::run(&args, trials()).exit();
}

fn fixtures() -> PathBuf {
    common::root().join("fixtures/rules")
}

/// `operation-operationId-unique` → `operation_operationid_unique`.
fn snake(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// One case of a rule.
struct Case {
    rule: &'static dyn Rule,
    name: String,
    /// The document; two YAML documents separated by `\n---\n` are a base version, then the
    /// new one.
    text: String,
    /// The `options` of the rule, as a ruleset writes them.
    options: Option<String>,
    /// The expected findings; `None` for the valid example, which must have none.
    snapshot: Option<PathBuf>,
}

fn trials() -> Vec<Trial> {
    let mut trials = vec![Trial::test("fixtures_rules::layout", layout)];
    for &rule in all_rules() {
        let m = rule.meta();
        let dir = fixtures().join(gardefou_linter::catalogue::file_stem(m.id));
        let mut cases = vec![
            Case {
                rule,
                name: "invalid".into(),
                text: m.docs.invalid.into(),
                options: None,
                snapshot: Some(dir.join("invalid.snap")),
            },
            Case {
                rule,
                name: "valid".into(),
                text: m.docs.valid.into(),
                options: None,
                snapshot: None,
            },
        ];
        for name in extra_cases(&dir) {
            let options = dir.join(format!("{name}.options.yaml"));
            cases.push(Case {
                rule,
                text: read(&dir.join(format!("{name}.yaml"))),
                options: options.exists().then(|| read(&options)),
                snapshot: Some(dir.join(format!("{name}.snap"))),
                name,
            });
        }
        for case in cases {
            let test = format!("{}::{}", snake(m.id), case.name);
            trials.push(Trial::test(test, move || run(&case)));
        }
    }
    trials
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names of the further cases in a rule's folder, in order.
fn extra_cases(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let file = e.ok()?.file_name().into_string().ok()?;
            let name = file.strip_suffix(".yaml")?;
            (!name.ends_with(".options") && name != "invalid" && name != "valid")
                .then(|| name.to_string())
        })
        .collect();
    names.sort();
    names
}

fn run(case: &Case) -> Result<(), Failed> {
    let id = case.rule.meta().id;
    let rendered = match config(case) {
        Ok(config) => findings(&config, id, &case.text),
        // A ruleset error is the case's outcome, as a user would see it.
        Err(error) => error,
    };
    let Some(snapshot) = &case.snapshot else {
        return if rendered.is_empty() {
            Ok(())
        } else {
            Err(format!("the documented valid example is reported:\n{rendered}").into())
        };
    };
    if case.name == "invalid" && rendered.is_empty() {
        return Err("the documented invalid example is not reported".into());
    }
    let expected = std::fs::read_to_string(snapshot).ok();
    if expected.as_deref() == Some(rendered.as_str()) {
        return Ok(());
    }
    if std::env::var("GARDEFOU_UPDATE_SNAPSHOTS").is_ok_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(snapshot, &rendered).map_err(|e| format!("{}: {e}", snapshot.display()))?;
        return Ok(());
    }
    let how = "(GARDEFOU_UPDATE_SNAPSHOTS=1 writes it)";
    Err(match expected {
        None => format!(
            "no snapshot {} {how}; the findings are:\n{rendered}",
            snapshot.display()
        ),
        Some(expected) => format!(
            "the findings differ from {} {how}\n--- expected\n{expected}--- found\n{rendered}",
            snapshot.display()
        ),
    }
    .into())
}

/// Every built-in rule at its default severity, run on what the rule's ruleset looks at (the
/// definition, or WSO2's `api.yaml` metadata); with options, the same through a ruleset file
/// that sets them, read by the ruleset loader. A ruleset error comes back as it would be shown,
/// its position in the options file.
fn config(case: &Case) -> Result<Config, String> {
    let target = Target::of_builtin(case.rule.meta().ruleset);
    let Some(options) = &case.options else {
        return Ok(Config::all_builtin().with_target(target));
    };
    // The options, indented under `rules: {ID: {options: …}}`, start on line 5, column 7.
    const LINES: u32 = 4;
    const COLUMNS: u32 = 6;
    let extends: Vec<String> = BUILTIN_RULESETS
        .iter()
        .filter(|r| Target::of_builtin(r) == target)
        .map(|r| format!("[{r}, all]"))
        .collect();
    let mut ruleset = format!(
        "extends: [{}]\nrules:\n  {}:\n    options:\n",
        extends.join(", "),
        serde_json::to_string(case.rule.meta().id).unwrap()
    );
    for line in options.lines() {
        ruleset.push_str(&format!("{}{line}\n", " ".repeat(COLUMNS as usize)));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("ruleset.yaml");
    std::fs::write(&path, ruleset).map_err(|e| e.to_string())?;
    let file = path.display().to_string();
    Config::load(&path).map_err(|e| {
        e.all()
            .map(|e| match e.position {
                Some((l, c)) if e.file == file && l > LINES && c > COLUMNS => format!(
                    "error: {}.options.yaml:{}:{}: {}\n",
                    case.name,
                    l - LINES,
                    c - COLUMNS,
                    e.message
                ),
                _ => format!("error: {}\n", e.line()),
            })
            .collect::<String>()
            .replace(&file, "ruleset.yaml")
    })
}

/// The findings of rule `id` on a case's document, one line each.
fn findings(config: &Config, id: &str, text: &str) -> String {
    let (base_text, doc_text) = match text.split_once("\n---\n") {
        Some((b, d)) => (Some(b), d),
        None => (None, text),
    };
    let options = LoadOptions::default();
    let set = DocumentSet::from_text(
        "invalid.yaml",
        doc_text.to_string(),
        Path::new("."),
        &options,
    );
    let base = base_text
        .map(|b| DocumentSet::from_text("base.yaml", b.to_string(), Path::new("."), &options));
    lint_with_base(&set, config, base.as_ref())
        .iter()
        .filter(|f| f.rule == id)
        .map(|f| {
            let p = set.file(f.file).position(f.span.start);
            let path = f
                .path
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(".");
            format!(
                "{}:{} {} [{}] {}\n",
                p.line,
                p.column,
                f.severity.as_str(),
                path,
                f.message
            )
        })
        .collect()
}

/// `fixtures/rules/` holds a folder per rule and nothing else; a folder holds cases, their
/// options and snapshots, and nothing else; the documented examples, when kept there as files,
/// are the rule's docs; no two rules share a test name.
fn layout() -> Result<(), Failed> {
    let mut wrong = Vec::new();
    let mut names = std::collections::HashMap::new();
    for r in all_rules() {
        if let Some(other) = names.insert(snake(r.meta().id), r.meta().id) {
            wrong.push(format!(
                "`{other}` and `{}` have one test name",
                r.meta().id
            ));
        }
    }
    for entry in std::fs::read_dir(fixtures()).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        let rule = all_rules()
            .iter()
            .find(|r| gardefou_linter::catalogue::file_stem(r.meta().id) == name);
        let Some(rule) = rule else {
            wrong.push(format!("{name}: no rule has this id"));
            continue;
        };
        let dir = entry.path();
        let cases = extra_cases(&dir);
        for case in &cases {
            if !case
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                wrong.push(format!("{name}/{case}.yaml: a case's name is snake_case"));
            }
        }
        let is_case = |n: &str| n == "invalid" || n == "valid" || cases.iter().any(|c| c == n);
        for file in std::fs::read_dir(&dir).map_err(|e| e.to_string())? {
            let file = file.map_err(|e| e.to_string())?.file_name();
            let file = file.to_string_lossy();
            let ok = if let Some(case) = file.strip_suffix(".options.yaml") {
                cases.iter().any(|c| c == case)
            } else if let Some(case) = file.strip_suffix(".snap") {
                case != "valid" && is_case(case)
            } else {
                file.ends_with(".yaml")
            };
            if !ok {
                wrong.push(format!(
                    "{name}/{file}: not a case, its options or its snapshot"
                ));
            }
        }
        for (file, text) in [
            ("invalid.yaml", rule.meta().docs.invalid),
            ("valid.yaml", rule.meta().docs.valid),
        ] {
            let path = dir.join(file);
            if path.exists() && read(&path) != text {
                wrong.push(format!("{name}/{file}: not the example of the rule's docs"));
            }
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("\n").into())
    }
}
