//! Output that scales (issue 13): the summary table, `--summary`, `--max-problems`, the display
//! filters `--only`, `--skip` and `--min-severity` and what they do to the exit code, Markdown
//! within a pull-request comment, GitHub annotations within what GitHub displays, the job
//! summary file, and JUnit suites per rule.

mod common;
use common::*;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const BROKEN: &str = "fixtures/lint/openapi-3.0.yaml";

fn lint(args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    let o = gardefou(&root(), &all);
    (stdout(&o), stderr(&o), o.status.code().unwrap_or(-1))
}

/// The findings of `-f json` with the same arguments: (rule, severity) pairs.
fn json_findings(args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["-f", "json"];
    all.extend_from_slice(args);
    let (out, err, _) = lint(&all);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["findings"].as_array().unwrap().clone())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The findings printed by the human format: the `severity: message [rule]` title lines.
fn human_titles(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| {
            ["error: ", "warning: ", "info: ", "note: "]
                .iter()
                .any(|p| l.starts_with(p))
                && l.ends_with(']')
        })
        .collect()
}

#[test]
fn summary_table_of_a_portfolio() {
    let (out, err, code) = lint(&["--summary", "fixtures/portfolio"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        human_titles(&out).is_empty(),
        "no finding with --summary:\n{out}"
    );
    insta::assert_snapshot!("summary_portfolio", out);
    // The same table ends the full report, after the findings.
    let (full, _, _) = lint(&["fixtures/portfolio"]);
    assert!(full.ends_with(&out), "{full}");
    assert_eq!(human_titles(&full).len(), 40, "{full}");
    // Stylish ends with it too.
    let (stylish, _, _) = lint(&["-f", "stylish", "fixtures/portfolio"]);
    assert!(stylish.ends_with(&out), "{stylish}");
    assert_eq!(stylish.lines().take_while(|l| !l.is_empty()).count(), 40);
}

#[test]
fn summary_counts_per_rule_sorted_by_count() {
    let (out, _, code) = lint(&["--summary", BROKEN]);
    assert_eq!(code, 1);
    let findings = json_findings(&[BROKEN]);
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(2)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(rows.len() > 5, "{out}");
    let mut previous = usize::MAX;
    for row in &rows {
        let [rule, severity, _category, count] = row[..] else {
            panic!("{row:?}")
        };
        let count: usize = count.parse().unwrap();
        let expected = findings
            .iter()
            .filter(|(r, s)| r == rule && s == severity)
            .count();
        assert_eq!(count, expected, "{row:?}");
        assert!(count <= previous, "not sorted by count:\n{out}");
        previous = count;
    }
    assert_eq!(
        rows.iter()
            .map(|r| r[3].parse::<usize>().unwrap())
            .sum::<usize>(),
        findings.len()
    );
    assert!(
        out.starts_with("Summary: ruleset gardefou:recommended, ")
            && out.lines().next().unwrap().ends_with(" rules ran"),
        "{out}"
    );
    let (out, _, _) = lint(&["--summary", "-r", "spectral:oas", BROKEN]);
    assert!(out.starts_with("Summary: ruleset spectral:oas, "), "{out}");
}

#[test]
fn max_problems_caps_the_findings_printed() {
    let total = json_findings(&[BROKEN]).len();
    let errors = json_findings(&["--min-severity", "error", BROKEN]).len();
    assert!(errors > 2 && total > errors, "{errors} of {total}");
    // On a pipe, all of them.
    let (all, _, code_all) = lint(&["--no-color", BROKEN]);
    assert_eq!(human_titles(&all).len(), total, "{all}");
    assert!(!all.contains("more; use --max-problems"));
    let (out, _, code) = lint(&["--no-color", "--max-problems", "3", BROKEN]);
    assert_eq!(code, code_all, "the cap does not change the exit code");
    let titles = human_titles(&out);
    assert_eq!(titles.len(), 3, "{out}");
    // The most severe first.
    assert!(
        titles.iter().all(|t| t.starts_with("error: ")),
        "{titles:?}"
    );
    assert!(
        out.contains(&format!(
            "… and {} more; use --max-problems 0 for all.\n",
            total - 3
        )),
        "{out}"
    );
    // The summary still counts everything.
    assert!(out.contains(&format!("\n{total} problems (")), "{out}");
    let (zero, _, _) = lint(&["--no-color", "--max-problems", "0", BROKEN]);
    assert_eq!(zero, all);
    let (stylish, _, _) = lint(&["-f", "stylish", "--max-problems", "2", BROKEN]);
    let lines: Vec<&str> = stylish.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "{stylish}");
    assert!(
        lines[..2].iter().all(|l| l.contains(" error ")),
        "{lines:?}"
    );
    assert!(lines[2].starts_with("… and "), "{lines:?}");
}

/// On a terminal the default is 100 (`script` gives the run a pseudo-terminal).
#[test]
fn terminal_default_is_one_hundred() {
    let Some(shared) = shared() else { return };
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        skip_unavailable("no `script` to run gardefou on a pseudo-terminal");
        return;
    }
    let stripe = shared.join("corpus/docs/stripe/spec3.yaml");
    let total = json_findings(&[stripe.to_str().unwrap()]).len();
    let command = format!(
        "{} lint --no-color {}",
        env!("CARGO_BIN_EXE_gardefou"),
        stripe.display()
    );
    let o = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let out = stdout(&o).replace("\r\n", "\n");
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_eq!(human_titles(&out).len(), 100, "{out}");
    assert!(
        out.contains(&format!(
            "… and {} more; use --max-problems 0 for all.",
            gardefou_report::thousands(total - 100)
        )),
        "{out}"
    );
}

#[test]
fn only_and_min_severity_filter_the_display_not_the_exit_code() {
    let all = json_findings(&[BROKEN]);
    // `--only` a warning rule: its findings alone are shown, the errors still fail the run.
    let (out, _, code) = lint(&["--no-color", "--only", "operation-tags", BROKEN]);
    assert_eq!(code, 1);
    let titles = human_titles(&out);
    let tags = all.iter().filter(|(r, _)| r == "operation-tags").count();
    assert!(tags > 0);
    assert_eq!(titles.len(), tags, "{out}");
    assert!(titles.iter().all(|t| t.ends_with("[operation-tags]")));
    assert!(
        out.contains(&format!(
            "; {} more hidden by --only/--min-severity (they still count for the exit code).",
            all.len() - tags
        )),
        "{out}"
    );
    // Several rules, comma-separated or repeated; every format is filtered.
    let both = json_findings(&["--only", "operation-tags,oas3-schema", BROKEN]);
    assert!(both
        .iter()
        .all(|(r, _)| r == "operation-tags" || r == "oas3-schema"));
    assert_eq!(
        both,
        json_findings(&["--only", "operation-tags", "--only", "oas3-schema", BROKEN])
    );
    // `--min-severity error` with `--fail-severity warn`: no warning shown, the run fails.
    let errors = json_findings(&["--min-severity", "error", BROKEN]);
    assert!(errors.iter().all(|(_, s)| s == "error") && !errors.is_empty());
    let (_, _, code) = lint(&["--only", "oas3-schema", "--fail-severity", "warn", BROKEN]);
    assert_eq!(code, 1);
    let clean_warn = "fixtures/portfolio";
    let (out, _, code) = lint(&[
        "--min-severity",
        "error",
        "--fail-severity",
        "warn",
        clean_warn,
    ]);
    assert_eq!(
        code, 1,
        "warnings hidden from view still fail the run:\n{out}"
    );
    assert!(
        out.contains("No problems shown in 3 documents; 40 hidden"),
        "{out}"
    );
    let (_, _, code) = lint(&["--min-severity", "error", clean_warn]);
    assert_eq!(code, 0);
}

#[test]
fn skip_drops_findings_and_their_weight_in_the_exit_code() {
    let all = json_findings(&[BROKEN]);
    let error_rules: std::collections::BTreeSet<&str> = all
        .iter()
        .filter(|(_, s)| s == "error")
        .map(|(r, _)| r.as_str())
        .collect();
    let skip = error_rules.iter().copied().collect::<Vec<_>>().join(",");
    let kept = json_findings(&["--skip", &skip, BROKEN]);
    assert_eq!(
        kept,
        all.iter()
            .filter(|(r, _)| !error_rules.contains(r.as_str()))
            .cloned()
            .collect::<Vec<_>>()
    );
    // Skipping every rule that reports an error: nothing fails the run any more.
    let (out, _, code) = lint(&["--skip", &skip, BROKEN]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("hidden by"), "skipped is not hidden:\n{out}");
    // Skipped rules do not count as having run.
    let ran = |out: &str| -> usize {
        let head = out.lines().find(|l| l.starts_with("Summary: ")).unwrap();
        head.rsplit(", ")
            .next()
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (before, _, _) = lint(&["--summary", BROKEN]);
    assert_eq!(ran(&before) - error_rules.len(), ran(&out));
}

#[test]
fn unknown_rule_ids_are_errors_with_a_suggestion() {
    for flag in ["--only", "--skip"] {
        let (out, err, code) = lint(&[flag, "info-contact,oas3-schemaa", BROKEN]);
        assert_eq!(code, 2, "{out}");
        assert!(out.is_empty());
        assert!(
            err.contains(&format!(
                "{flag}: no rule `oas3-schemaa` in the ruleset or the catalogue (did you mean `oas3-schema`?)"
            )),
            "{err}"
        );
        let (_, err, code) = lint(&[flag, "zzzz", BROKEN]);
        assert_eq!(code, 2);
        assert!(
            err.contains("no rule `zzzz`") && !err.contains("did you mean"),
            "{err}"
        );
    }
    // A rule of the catalogue that this ruleset does not run is known (it shows nothing).
    let (_, err, code) = lint(&["--only", "oas2-schema", BROKEN]);
    assert_eq!(code, 1, "{err}");
}

/// Tables of a Markdown document (rows of cells), after checking it has no HTML and no link.
fn markdown_tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in the Markdown"),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => panic!("a link in the Markdown"),
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                tables.last_mut().unwrap().push(Vec::new())
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let row: &mut Vec<String> = tables.last_mut().unwrap().last_mut().unwrap();
                row.push(cell.take().unwrap());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = &mut cell {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    tables
}

/// Checks a capped Markdown report of a big API: under `limit` characters, tables of even width,
/// the rule table's counts adding up to the total, and the note counting what was left out.
fn check_big_markdown(md: &str, total: usize, limit: usize) {
    assert!(
        md.chars().count() < limit,
        "{} characters",
        md.chars().count()
    );
    let tables = markdown_tables(md);
    for t in &tables {
        let width = t[0].len();
        assert!(t.iter().all(|r| r.len() == width), "{t:?}");
    }
    let rules = &tables[0];
    assert_eq!(rules[0], ["rule", "severity", "category", "count"]);
    let counted: usize = rules[1..]
        .iter()
        .map(|r| r[3].replace(',', "").parse::<usize>().unwrap())
        .sum();
    assert_eq!(counted, total);
    let shown: usize = tables[1..]
        .iter()
        .filter(|t| t[0] == ["severity", "rule", "where", "message"])
        .map(|t| t.len() - 1)
        .sum();
    assert!(shown > 50, "only {shown} findings shown");
    let t = gardefou_report::thousands;
    assert!(
        md.contains(&format!(
            "**{} of {} problems shown** (the most severe first); {} left out ",
            t(shown),
            t(total),
            t(total - shown)
        )),
        "{}",
        &md[md.len().saturating_sub(400)..]
    );
}

#[test]
fn markdown_of_big_apis_fits_one_comment() {
    let Some(shared) = shared() else { return };
    for api in [
        "corpus/docs/stripe/spec3.yaml",
        "corpus/docs/github/api.github.com.json",
    ] {
        let path = shared.join(api);
        let path = path.to_str().unwrap();
        let total = json_findings(&[path]).len();
        assert!(total > 5_000, "{api}: {total}");
        let (md, err, code) = lint(&["-f", "markdown", path]);
        assert_eq!(code, 1, "{err}");
        check_big_markdown(&md, total, 60_000);
        // The job summary holds more, within GitHub's 1 MiB.
        let t = tempfile::tempdir().unwrap();
        let file = t.path().join("summary.md");
        std::fs::write(&file, "earlier step\n").unwrap();
        let (_, err, code) = lint(&[
            "-f",
            "github",
            "--summary-file",
            file.to_str().unwrap(),
            path,
        ]);
        assert_eq!(code, 1, "{err}");
        let written = std::fs::read_to_string(&file).unwrap();
        let ours = written
            .strip_prefix("earlier step\n")
            .expect("the summary is appended");
        assert!(ours.len() <= 1_000_000, "{} bytes", ours.len());
        check_big_markdown(ours, total, 1_048_576);
        assert!(ours.len() > md.len() * 10, "{}", ours.len());
    }
}

#[test]
fn markdown_honours_summary_and_max_problems() {
    let total = json_findings(&[BROKEN]).len();
    let (md, _, code) = lint(&["-f", "markdown", "--summary", BROKEN]);
    assert_eq!(code, 1);
    let tables = markdown_tables(&md);
    assert_eq!(tables.len(), 1, "the summary table alone:\n{md}");
    assert!(md.contains("ruleset `gardefou:recommended`, "), "{md}");
    let (md, _, _) = lint(&["-f", "markdown", "--max-problems", "4", BROKEN]);
    let tables = markdown_tables(&md);
    assert_eq!(tables[1].len(), 5, "{md}");
    assert!(tables[1][1..].iter().all(|r| r[0] == "error"), "{md}");
    assert!(
        md.contains(&format!(
            "**4 of {total} problems shown** (the most severe first); {} left out by `--max-problems`.",
            total - 4
        )),
        "{md}"
    );
}

/// A document with 30 errors, 30 warnings and 30 info findings of a ruleset's own rules.
fn many_findings() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let mut paths = serde_json::Map::new();
    for i in 0..30 {
        paths.insert(
            format!("/p{i}"),
            serde_json::json!({"get": {"responses": {"200": {"description": "ok"}}}}),
        );
    }
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
    });
    std::fs::write(t.path().join("api.json"), doc.to_string()).unwrap();
    let rule = |severity: &str| {
        format!("  path-{severity}:\n    given: \"$.paths[*]~\"\n    severity: {severity}\n    then: {{function: pattern, functionOptions: {{match: \"^/q\"}}}}\n")
    };
    std::fs::write(
        t.path().join("rs.yaml"),
        format!("rules:\n{}{}{}", rule("error"), rule("warn"), rule("info")),
    )
    .unwrap();
    t
}

#[test]
fn github_annotations_stay_within_what_github_shows() {
    let t = many_findings();
    let o = gardefou(
        t.path(),
        &["lint", "-r", "rs.yaml", "-f", "github", "api.json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let cap = gardefou_report::GITHUB_ANNOTATIONS_PER_KIND;
    assert_eq!(cap, 10);
    // Errors first, then warnings, then notices, then the summary notice: 10 + 10 + 9 + 1. The
    // ruleset's three rules ran, and the five of gardefou:core every run has.
    assert_eq!(lines.len(), 30, "{out}");
    assert!(lines[..10]
        .iter()
        .all(|l| l.starts_with("::error file=api.json,")));
    assert!(lines[10..20]
        .iter()
        .all(|l| l.starts_with("::warning file=api.json,")));
    assert!(lines[20..29]
        .iter()
        .all(|l| l.starts_with("::notice file=api.json,")));
    assert_eq!(
        lines[29],
        "::notice title=gardefou::90 problems (30 errors, 30 warnings, 30 info, 0 hints) in 1 document; \
ruleset rs.yaml, 8 rules ran. 29 annotated, 61 not (GitHub shows 10 annotations of each kind per step); \
`gardefou lint --summary-file \"$GITHUB_STEP_SUMMARY\"` lists more in the job summary."
    );
    // With a summary file, the notice points at it, and the file has every finding.
    let o = gardefou(
        t.path(),
        &[
            "lint",
            "-r",
            "rs.yaml",
            "-f",
            "github",
            "--summary-file",
            "summary.md",
            "api.json",
        ],
    );
    assert!(stdout(&o).ends_with("per step); the job summary lists more.\n"));
    let md = std::fs::read_to_string(t.path().join("summary.md")).unwrap();
    let tables = markdown_tables(&md);
    assert_eq!(tables[1].len(), 91, "{md}");
    // A clean run: the summary notice alone.
    let o = gardefou(
        &root(),
        &[
            "lint",
            "-f",
            "github",
            "-r",
            "spectral:oas",
            "fixtures/portfolio/catalogue/openapi.yaml",
        ],
    );
    let out = stdout(&o);
    assert!(out.lines().count() >= 1);
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("::notice title=gardefou::"),
        "{out}"
    );
}

#[test]
fn junit_has_a_suite_per_rule() {
    let t = many_findings();
    let o = gardefou(
        t.path(),
        &["lint", "-r", "rs.yaml", "-f", "junit", "api.json"],
    );
    let xml = stdout(&o);
    let suites: Vec<&str> = xml
        .lines()
        .filter(|l| l.trim_start().starts_with("<testsuite "))
        .collect();
    // The three rules of the ruleset and the core rules that ran (passing, one case each).
    for severity in ["error", "warn", "info"] {
        assert!(
            suites.contains(&&*format!(
                "  <testsuite name=\"path-{severity}\" tests=\"30\" failures=\"30\">"
            )),
            "{xml}"
        );
    }
    assert!(
        suites
            .iter()
            .any(|s| s.contains("tests=\"1\" failures=\"0\"")),
        "{xml}"
    );
    assert!(
        xml.contains("<testsuites name=\"gardefou\" tests=\""),
        "{xml}"
    );
    assert!(xml.contains("failures=\"90\">"), "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 90);
}
