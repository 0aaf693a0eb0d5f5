//! Budgets for everything that expands (issue 12): `$ref` expansion in example validation,
//! lookups through large objects, JSONPath filters whose regex uses up its budget, message
//! templates, and reports with many findings. Every run here has 1 GiB of address space and is
//! killed (failing the test) when it does not end in time.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The memory a run may use: its peak resident set, read from `/proc` while it runs.
const MAX_RSS_KIB: u64 = 1 << 20;

/// The peak resident set of process `pid` so far (`VmHWM`), when `/proc` shows it.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs gardefou, killing it (and failing) after `limit`, and fails when its peak resident
/// memory passes 1 GiB. The address space is capped at 4 GiB so that a runaway run ends:
/// address space is not the measure, since the allocator and thread stacks reserve far more
/// than they use (a run with a 420 MB peak reserves about 1.5 GiB).
fn run_bounded(cwd: &Path, args: &[&str], limit: Duration) -> Run {
    let out_path = cwd.join(".stdout");
    let err_path = cwd.join(".stderr");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4194304; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_gardefou"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("run gardefou");
    let start = Instant::now();
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = peak_rss_kib(child.id()) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("gardefou {args:?} still running after {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        peak <= MAX_RSS_KIB,
        "gardefou {args:?} peaked at {peak} KiB of resident memory, over 1 GiB"
    );
    Run {
        code: status.code().unwrap_or(-1),
        stdout: std::fs::read_to_string(&out_path).unwrap(),
        stderr: std::fs::read_to_string(&err_path).unwrap(),
    }
}

fn findings(run: &Run) -> Vec<serde_json::Value> {
    let v: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
    v["documents"][0]["findings"].as_array().unwrap().clone()
}

const LIMIT: Duration = Duration::from_secs(30);

/// 31 schemas, each referencing the next twice, and an `example` on the media type: replacing
/// every `$ref` by its target would write 2^31 nodes.
fn doubling() -> String {
    let mut doc = String::from(
        "openapi: 3.0.3\ninfo: {title: Exp, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\n              example: {a: {a: x}}\ncomponents:\n  schemas:\n",
    );
    for i in 0..31 {
        let n = i + 1;
        doc.push_str(&format!(
            "    S{i}:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/S{n}'}}\n        b: {{$ref: '#/components/schemas/S{n}'}}\n"
        ));
    }
    doc.push_str("    S31: {type: string}\n");
    doc
}

#[test]
fn doubling_refs_under_an_example_stop_at_the_expansion_budget() {
    let t = tempfile::tempdir().unwrap();
    let doc = doubling();
    assert!(doc.len() < 5_000);
    std::fs::write(t.path().join("api.yaml"), &doc).unwrap();
    let run = run_bounded(t.path(), &["lint", "-f", "json", "api.yaml"], LIMIT);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let stopped: Vec<_> = findings(&run)
        .into_iter()
        .filter(|f| f["rule"] == "oas3-valid-media-example")
        .collect();
    assert_eq!(stopped.len(), 1, "{stopped:?}");
    let message = stopped[0]["message"].as_str().unwrap();
    let budget = gardefou_linter::example::REF_EXPANSION_BUDGET;
    let prefix = format!(
        "example validation stopped: `$ref` expansion budget of {budget} units exceeded at api.yaml:"
    );
    assert!(message.starts_with(&prefix), "{message}");
    // The place named is a `$ref` of the document.
    let place = &message[prefix.len()..];
    let line: usize = place.split(':').next().unwrap().parse().unwrap();
    assert!(
        doc.lines().nth(line - 1).unwrap().contains("$ref"),
        "{place}"
    );
    // Reported at the example.
    assert_eq!(stopped[0]["start"]["line"], 12);
}

/// Six media types whose schemas each reach 15 levels of schemas referencing the next twice,
/// under 100-byte property names: each expands to about 250,000 nodes, and a compiled
/// validator keeps every keyword's location. Counting nodes alone, three of them compiled
/// within the budget and the run peaked at 2.2 GB.
fn deep_under_long_keys() -> String {
    let pad = "x".repeat(100);
    let mut doc = String::from("openapi: 3.0.3\ninfo: {title: Deep, version: 1.0.0}\npaths:\n");
    for m in 0..6 {
        doc.push_str(&format!(
            "  /m{m}:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  w{m}: {{$ref: '#/components/schemas/L0'}}\n              example: {{w{m}: 1}}\n"
        ));
    }
    doc.push_str("components:\n  schemas:\n");
    for i in 0..15 {
        let n = i + 1;
        doc.push_str(&format!(
            "    L{i}:\n      type: object\n      properties:\n        left_{pad}_{i}: {{$ref: '#/components/schemas/L{n}'}}\n        right_{pad}_{i}: {{$ref: '#/components/schemas/L{n}'}}\n        name_{i}: {{type: string, description: a name}}\n"
        ));
    }
    doc.push_str("    L15: {type: string}\n");
    doc
}

#[test]
fn deep_schemas_under_long_keys_stop_at_the_budget_in_bounded_memory() {
    let t = tempfile::tempdir().unwrap();
    let doc = deep_under_long_keys();
    assert!(doc.len() < 8_000);
    std::fs::write(t.path().join("api.yaml"), &doc).unwrap();
    let run = run_bounded(t.path(), &["lint", "-f", "json", "api.yaml"], LIMIT);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let examples: Vec<_> = findings(&run)
        .into_iter()
        .filter(|f| f["rule"] == "oas3-valid-media-example")
        .collect();
    // One finding per example: stopped, or (for a schema compiled within the budget) the
    // example's real error; never nothing.
    assert_eq!(examples.len(), 6, "{examples:?}");
    assert!(
        examples.iter().any(|f| f["message"]
            .as_str()
            .unwrap()
            .starts_with("example validation stopped: `$ref` expansion budget")),
        "{examples:?}"
    );
}

#[test]
fn many_refs_with_siblings_are_reported_in_linear_time() {
    let t = tempfile::tempdir().unwrap();
    let mut doc = String::from(
        "openapi: 3.0.3\ninfo: {title: Many, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    T: {type: string}\n",
    );
    for i in 0..100_000 {
        doc.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/T', description: d}}\n"
        ));
    }
    std::fs::write(t.path().join("api.yaml"), doc).unwrap();
    let started = Instant::now();
    // Before: more than 120 s (a scan of the 100,000 schemas per reference and per finding).
    let run = run_bounded(t.path(), &["lint", "-f", "json", "api.yaml"], LIMIT);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let siblings = findings(&run)
        .iter()
        .filter(|f| f["rule"] == "no-$ref-siblings")
        .count();
    assert_eq!(siblings, 100_000);
    eprintln!("100,000 $ref siblings: {:?}", started.elapsed());
}

#[test]
fn a_regex_over_its_budget_in_a_filter_is_a_finding_of_its_rule() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths: {}\nx-names:\n  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!: 1\n  aaab: 2\n",
    )
    .unwrap();
    // A backreference runs on the backtracking engine, with its step budget.
    std::fs::write(
        t.path().join("rules.yaml"),
        r#"rules:
  in-given:
    given: "$.x-names[?(@property.match(/^(a|a)*\\1b/))]"
    severity: error
    message: "matched {{property}}"
    then: {function: falsy}
  in-field:
    given: "$"
    severity: warn
    message: "matched {{property}}"
    then: {field: "$.x-names[?(@property.match(/^(a|a)*\\1b/))]", function: falsy}
"#,
    )
    .unwrap();
    let run = run_bounded(
        t.path(),
        &["lint", "-f", "json", "-r", "rules.yaml", "api.yaml"],
        LIMIT,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let budget = gardefou_linter::ecma_regex::BACKTRACK_LIMIT;
    let undecided = format!(
        "this value could not be checked: the regular expression needed more than {budget} backtracking steps in a JSONPath filter of the rule"
    );
    let mut got: Vec<(String, String, u64)> = findings(&run)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("in-field".into(), "matched aaab".into(), 6),
            ("in-field".into(), undecided.clone(), 5),
            ("in-given".into(), "matched aaab".into(), 6),
            ("in-given".into(), undecided, 5),
        ]
    );
}

#[test]
fn message_templates_are_cut_at_their_limit() {
    let t = tempfile::tempdir().unwrap();
    let mut doc =
        String::from("openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths: {}\nx-list:\n");
    for i in 0..20_000 {
        doc.push_str(&format!("  - item{i}\n"));
    }
    std::fs::write(t.path().join("api.yaml"), doc).unwrap();
    std::fs::write(
        t.path().join("rules.yaml"),
        "rules:\n  big-message:\n    given: \"$.x-list\"\n    severity: warn\n    message: \"{{value}} {{value}} {{value}}\"\n    then: {function: falsy}\n",
    )
    .unwrap();
    let run = run_bounded(
        t.path(),
        &["lint", "-f", "json", "-r", "rules.yaml", "api.yaml"],
        LIMIT,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let f = findings(&run);
    let message = f
        .iter()
        .find(|f| f["rule"] == "big-message")
        .and_then(|f| f["message"].as_str())
        .unwrap()
        .to_string();
    let limit = gardefou_linter::declarative::MAX_MESSAGE_BYTES;
    assert!(message.starts_with("item0,item1,item2,"), "{message}");
    assert!(message.ends_with('…'), "{message}");
    assert!(message.len() <= limit + '…'.len_utf8(), "{}", message.len());
}

#[test]
fn three_hundred_thousand_findings_stream_within_the_memory_limit() {
    let t = tempfile::tempdir().unwrap();
    let mut doc =
        String::from("openapi: 3.0.3\ninfo: {title: Big, version: 1.0.0}\npaths: {}\nx-items:\n");
    for i in 0..300_000 {
        doc.push_str(&format!("  - {{name: item{i}}}\n"));
    }
    std::fs::write(t.path().join("api.yaml"), doc).unwrap();
    std::fs::write(
        t.path().join("rules.yaml"),
        "rules:\n  every-item:\n    given: \"$.x-items[*].name\"\n    severity: warn\n    message: \"item {{value}} is reported\"\n    then: {function: falsy}\n",
    )
    .unwrap();
    // Before, the reports were built whole: 2.5 GB (json) and 2.9 GB (sarif) at their peak.
    for format in ["json", "sarif"] {
        let arg = format!("{format}=report.{format}");
        let run = run_bounded(
            t.path(),
            &["lint", "-r", "rules.yaml", "-f", &arg, "api.yaml"],
            Duration::from_secs(60),
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        let text = std::fs::read_to_string(t.path().join(format!("report.{format}"))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let n = match format {
            "json" => v["documents"][0]["findings"].as_array().unwrap().len(),
            _ => v["runs"][0]["results"].as_array().unwrap().len(),
        };
        assert_eq!(n, 300_000, "{format}");
    }
}

#[test]
fn a_baseline_that_is_not_a_regular_file_or_too_large_is_refused() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths: {}\n",
    )
    .unwrap();
    let fifo = t.path().join("baseline.json");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Before, reading the FIFO blocked forever.
    let run = run_bounded(
        t.path(),
        &["lint", "--baseline", "baseline.json", "api.yaml"],
        LIMIT,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("baseline.json") && run.stderr.contains("not a regular file (fifo)"),
        "{}",
        run.stderr
    );
    std::fs::write(
        t.path().join("big.json"),
        format!(
            "{{\"version\": 2, \"tool\": \"gardefou\", \"findings\": [], \"pad\": \"{}\"}}",
            "x".repeat(5_000)
        ),
    )
    .unwrap();
    let run = run_bounded(
        t.path(),
        &[
            "lint",
            "--max-file-size",
            "4000",
            "--baseline",
            "big.json",
            "api.yaml",
        ],
        LIMIT,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("big.json") && run.stderr.contains("larger than the 4000 byte limit"),
        "{}",
        run.stderr
    );
}
