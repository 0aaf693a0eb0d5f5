//! Output is inert: hostile text planted in every field of a document (path keys, property and
//! schema names, descriptions, operationId, tags, info.title), in messages built from document
//! values by a declarative rule and returned by a JavaScript function, and in the file name,
//! reaches no terminal, CI log or rendered comment raw, in every format of `lint`, `score` and
//! `check`.

mod common;
use common::*;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// ESC sequences (a colour and an OSC title with BEL), forged workflow commands after CR LF, a
/// NEL, a right-to-left override, HTML that would run or hide, Markdown links, a cell
/// separator and a lone CR, and a marker at the very end to see that nothing was cut.
const HOSTILE: &str = "\u{1b}[31mred\u{1b}[0m\u{1b}]0;title\u{7}\r\n::error file=x::forged\r\n::add-mask::x \u{85}::stop-commands::tok\u{202e}evil\u{2028}<!-- hidden <script>alert(1)</script> <img src=x onerror=alert(1)> | cell [link](http://x) `ti|ck` a\rb END";

/// A file name with an ESC and a newline (Linux allows both).
const FILE_NAME: &str = "api\u{1b}[7m|\n::error file=n::name.json";

fn document() -> String {
    let h = HOSTILE;
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": h, "version": "1.0.0", "description": h},
        "tags": [{"name": h, "description": h}],
        "paths": {
            format!("/pets{h}"): {
                "get": {
                    "operationId": h,
                    "tags": [h],
                    "summary": h,
                    "description": h,
                    "responses": {
                        "200": {
                            "description": h,
                            "content": {"application/json": {"schema": {
                                "type": "object",
                                "properties": {(h): {"type": "string", "description": h}}
                            }}}
                        }
                    }
                }
            }
        },
        "components": {"schemas": {(h): {
            "type": "object",
            "description": h,
            "properties": {(h): {"type": "string"}}
        }}}
    });
    serde_json::to_string_pretty(&doc).unwrap()
}

const RULESET: &str = r#"extends: [[spectral:oas, recommended]]
functions: [echo]
rules:
  hostile-value:
    description: every string carrying the marker
    given: "$..*"
    severity: error
    message: "{{property}} is {{value}} at {{path}}"
    then: {function: pattern, functionOptions: {notMatch: "forged"}}
  hostile-key:
    given: ["$.paths[*]~", "$..properties[*]~", "$.components.schemas[*]~"]
    severity: warn
    message: "key {{property}}"
    then: {function: pattern, functionOptions: {notMatch: "forged"}}
  hostile-function:
    given: "$.info.title"
    severity: info
    then: {function: echo}
"#;

const ECHO: &str = "export default (title) => [{ message: `from a function: ${title}` }];\n";

struct Project {
    dir: tempfile::TempDir,
    file: String,
}

fn project() -> Project {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("functions")).unwrap();
    std::fs::write(dir.path().join("functions/echo.js"), ECHO).unwrap();
    std::fs::write(dir.path().join(".spectral.yaml"), RULESET).unwrap();
    let file = if std::fs::write(dir.path().join(FILE_NAME), document()).is_ok() {
        FILE_NAME.to_string()
    } else {
        eprintln!("the filesystem refuses the hostile file name; using a plain one");
        std::fs::write(dir.path().join("api.json"), document()).unwrap();
        "api.json".to_string()
    };
    Project { dir, file }
}

fn run(p: &Project, args: &[&str]) -> (String, String, i32) {
    let mut all: Vec<&str> = args.to_vec();
    all.push(&p.file);
    let o = gardefou(p.dir.path(), &all);
    (stdout(&o), stderr(&o), o.status.code().unwrap_or(-1))
}

/// Characters a terminal or a renderer would act on.
fn hostile_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// No raw control character, and no line that a CI runner would read as a workflow command
/// (it trims leading spaces) unless `commands` allows it.
fn assert_inert(what: &str, out: &str, commands: bool) {
    if let Some(c) = out.chars().find(|&c| hostile_char(c)) {
        panic!("{what}: raw {c:?} in the output:\n{out}");
    }
    for line in out.lines() {
        let line = line.trim_start();
        // `:::` alone is the human format's own snippet marker (after a long line is cut).
        if line.starts_with("::") && line.trim_end() != ":::" {
            assert!(
                commands,
                "{what}: a line reads as a workflow command: {line:?}"
            );
            assert_github_command(line);
        }
    }
}

/// `::error file=…,line=N,col=N,title=…::message`, with the properties free of raw `:` and `,`,
/// or the one summary notice, `::notice title=gardefou::…`.
fn assert_github_command(line: &str) {
    let rest = ["::error ", "::warning ", "::notice "]
        .iter()
        .find_map(|k| line.strip_prefix(k))
        .unwrap_or_else(|| panic!("not one of gardefou's annotations: {line:?}"));
    let (props, message) = rest
        .split_once("::")
        .unwrap_or_else(|| panic!("no message: {line:?}"));
    if props == "title=gardefou" {
        assert!(line.starts_with("::notice "), "{line:?}");
        assert!(!message.contains('\r') && !message.contains('\n'));
        return;
    }
    let props: Vec<&str> = props.split(',').collect();
    assert_eq!(props.len(), 4, "{line:?}");
    let value = |i: usize, key: &str| {
        props[i]
            .strip_prefix(key)
            .unwrap_or_else(|| panic!("{key} missing: {line:?}"))
    };
    assert!(!value(0, "file=").contains(':'), "{line:?}");
    assert!(value(1, "line=").parse::<u32>().is_ok(), "{line:?}");
    assert!(value(2, "col=").parse::<u32>().is_ok(), "{line:?}");
    assert!(!value(3, "title=").contains(':'), "{line:?}");
    assert!(!message.contains('\r') && !message.contains('\n'));
}

/// The messages of the hostile rules, from `-f json`: the raw text must be there, so the
/// checks below see it and are not passing over an empty report.
fn findings(p: &Project) -> Vec<serde_json::Value> {
    let (out, err, code) = run(p, &["lint", "-f", "json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all: Vec<serde_json::Value> = v["documents"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .flat_map(|f| f["findings"].as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    for rule in ["hostile-value", "hostile-key", "hostile-function"] {
        assert!(
            all.iter().any(|f| f["rule"] == rule
                && f["message"].as_str().unwrap().contains("\u{1b}[31m")),
            "no raw hostile message from {rule}: {out}"
        );
    }
    all
}

#[test]
fn terminal_and_ci_formats_show_control_characters() {
    let p = project();
    let all = findings(&p);
    let n = all.len();
    let of = |severities: &[&str]| {
        all.iter()
            .filter(|f| severities.contains(&f["severity"].as_str().unwrap()))
            .count()
    };
    for format in ["human", "stylish", "github"] {
        let (out, err, code) = run(&p, &["lint", "--no-color", "-f", format]);
        assert_eq!(code, 1, "{format}: {err}");
        assert_inert(format, &out, format == "github");
        assert_inert(&format!("{format} (stderr)"), &err, false);
        // The text is there, shown: ESC as `\u{1b}`, CR LF as `\r\n` (or %0D%0A for GitHub).
        assert!(out.contains("\\u{1b}[31mred"), "{format}:\n{out}");
        assert!(out.contains("END"), "{format}:\n{out}");
        if format == "github" {
            assert!(out.contains("%0D%0A::error file=x::forged"), "{out}");
            // GitHub shows 10 annotations of each kind per step: no more are written, and
            // one notice gives the totals.
            let shown =
                of(&["error"]).min(10) + of(&["warn"]).min(10) + of(&["info", "hint"]).min(9);
            assert!(shown < n, "the cap is not tested:\n{out}");
            assert_eq!(out.lines().count(), shown + 1, "{out}");
            assert!(out
                .lines()
                .last()
                .unwrap()
                .starts_with("::notice title=gardefou::"));
        } else {
            assert!(
                out.contains("\\r\\n::error file=x::forged"),
                "{format}:\n{out}"
            );
        }
        if p.file == FILE_NAME {
            assert!(out.contains("api\\u{1b}[7m|"), "{format}: file name\n{out}");
        }
    }
    // Stylish: one line per finding, whatever the messages hold, then a blank line and the
    // summary.
    let (out, _, _) = run(&p, &["lint", "-f", "stylish"]);
    let lines = out.lines().take_while(|l| !l.is_empty()).count();
    assert_eq!(lines, n, "{out}");
    assert!(
        out.contains("\n\nSummary: ruleset .spectral.yaml, "),
        "{out}"
    );
}

/// Events of a Markdown document, with the cells of each table row.
fn markdown_tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                assert_eq!(&*h, "<br>", "raw HTML in the Markdown:\n{md}");
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                panic!("a link in the Markdown:\n{md}")
            }
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

#[test]
fn markdown_tables_hold_no_html() {
    let p = project();
    let all = findings(&p);
    let (md, err, code) = run(&p, &["lint", "-f", "markdown"]);
    assert_eq!(code, 1, "{err}");
    assert_inert("markdown", &md, false);
    let tables = markdown_tables(&md);
    // The summary per rule and severity, then the findings of the one document.
    assert_eq!(tables.len(), 2, "{md}");
    let rules = &tables[0];
    assert_eq!(rules[0], ["rule", "severity", "category", "count"]);
    for rule in ["hostile-value", "hostile-key", "hostile-function"] {
        let count: usize = all.iter().filter(|f| f["rule"] == rule).count();
        assert!(
            rules
                .iter()
                .any(|r| r[0] == rule && r[3] == count.to_string()),
            "{rule}: {rules:?}"
        );
    }
    let rows = &tables[1];
    assert_eq!(rows.len(), all.len() + 1, "a row per finding:\n{md}");
    let mut cut = 0;
    // Every finding fits: the rows are the findings, in document order.
    for (row, f) in rows[1..].iter().zip(&all) {
        assert_eq!(row.len(), 4, "{row:?}");
        assert_eq!(row[0], f["severity"].as_str().unwrap(), "{row:?}");
        assert_eq!(row[1], f["rule"].as_str().unwrap(), "{row:?}");
        let message = f["message"].as_str().unwrap();
        if message.contains("END") && message.chars().count() <= 500 {
            // The whole message, in one cell, with its controls shown.
            assert!(row[3].contains("ti|ck a\\rb END"), "{row:?}");
            assert!(row[3].contains("<script>alert(1)</script>"), "{row:?}");
            assert!(
                row[3].contains("| cell [link](http://x) ti|ck a\\rb"),
                "{row:?}"
            );
        } else if message.chars().count() > 500 {
            // A long message is cut, still in its one cell.
            assert!(row[3].ends_with('…'), "{row:?}");
            cut += 1;
        }
    }
    assert!(cut > 0, "no long message was cut:\n{md}");
    // The file's heading shows the file name, escaped; a finding in it is at `line:col`.
    if p.file == FILE_NAME {
        assert!(
            md.contains("### `api\\u{1b}[7m|\\n::error file=n::name.json`"),
            "{md}"
        );
    }
    assert!(
        rows[1][2].split(':').all(|n| n.parse::<u32>().is_ok()),
        "{:?}",
        rows[1]
    );
}

#[test]
fn structured_formats_stay_well_formed() {
    let p = project();
    let n = findings(&p).len();
    for format in ["json", "spectral-json", "sarif", "gitlab"] {
        let (out, err, code) = run(&p, &["lint", "-f", format]);
        assert_eq!(code, 1, "{format}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("{format} is not JSON ({e}):\n{out}"));
        // The data is kept exactly: JSON escaping is enough.
        assert!(v.to_string().contains("\\u001b[31mred"), "{format}");
    }
    let (xml, err, code) = run(&p, &["lint", "-f", "junit"]);
    assert_eq!(code, 1, "{err}");
    let failures = check_xml(&xml).unwrap_or_else(|e| panic!("junit: {e}:\n{xml}"));
    assert_eq!(failures, n, "{xml}");
    assert!(xml.contains("\\u{1b}[31mred"), "{xml}");
}

#[test]
fn scorecards_are_inert() {
    let p = project();
    for format in ["text", "markdown", "html", "json"] {
        let (out, err, code) = run(&p, &["score", "-f", format]);
        assert_eq!(code, 0, "{format}: {err}");
        assert_inert(&format!("score {format} (stderr)"), &err, false);
        match format {
            "json" => {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert!(v["apis"][0]["name"].as_str().unwrap().contains('\u{1b}'));
            }
            "html" => {
                assert_inert("score html", &out, false);
                for raw in ["<script>alert", "<img src=x", "<!-- hidden", "[31m"] {
                    assert!(
                        !out.contains(raw) || raw == "[31m" && out.contains("\\u{1b}[31m"),
                        "score html holds {raw:?}"
                    );
                }
                assert_eq!(
                    out.matches("<script>").count(),
                    1,
                    "gardefou's own script only"
                );
                assert!(out.contains("&lt;script&gt;alert(1)"), "{out}");
            }
            "markdown" => {
                assert_inert("score markdown", &out, false);
                let tables = markdown_tables(&out);
                // The APIs table has one row for the one API, with the name whole in its cell.
                let apis = &tables[0];
                assert_eq!(apis.len(), 2, "{out}");
                assert!(apis[1][0].contains("END 1.0.0"), "{:?}", apis[1]);
                for t in &tables {
                    let width = t[0].len();
                    assert!(t.iter().all(|r| r.len() == width), "{t:?}");
                }
            }
            _ => {
                assert_inert("score text", &out, false);
                assert!(out.contains("\\u{1b}[31mred"), "{out}");
            }
        }
    }
}

/// `gardefou check` in every format, with a policy that runs the hostile ruleset and blocks
/// its errors at publish.
#[test]
fn compliance_reports_are_inert() {
    let p = project();
    std::fs::write(
        p.dir.path().join(".gardefou.yaml"),
        "policies:\n  - name: hostile\n    appliesTo: {all: true}\n    rulesets: [./.spectral.yaml]\n    actions: [{stage: publish, severity: error, action: block}]\n",
    )
    .unwrap();
    for format in [
        "text", "json", "markdown", "html", "sarif", "junit", "github", "gitlab",
    ] {
        let (out, err, code) = run(&p, &["check", "--stage", "publish", "-f", format]);
        assert_eq!(code, 1, "{format}: {err}");
        assert_inert(&format!("check {format} (stderr)"), &err, false);
        match format {
            "json" | "sarif" | "gitlab" => {
                let v: serde_json::Value = serde_json::from_str(&out)
                    .unwrap_or_else(|e| panic!("check {format}: {e}\n{out}"));
                assert!(v.to_string().contains("\\u001b"), "check {format}: {v}");
            }
            "junit" => {
                let failures = check_xml(&out).unwrap_or_else(|e| panic!("junit: {e}:\n{out}"));
                assert!(failures > 0, "{out}");
            }
            "github" => assert_inert("check github", &out, true),
            "html" => {
                assert_inert("check html", &out, false);
                for raw in ["<script>alert", "<img src=x", "<!-- hidden"] {
                    assert!(!out.contains(raw), "check html holds {raw:?}");
                }
                assert_eq!(
                    out.matches("<script>").count(),
                    1,
                    "gardefou's own script only"
                );
            }
            "markdown" => {
                assert_inert("check markdown", &out, false);
                // Each API's violations are in `<details>`: an HTML block, its text escaped as
                // HTML; the rest is Markdown.
                let mut md = String::new();
                for line in out.lines() {
                    if let Some(summary) = line.strip_prefix("<details><summary>") {
                        let text = summary.strip_suffix("</summary>").unwrap();
                        assert!(!text.contains(['<', '>']), "{line}");
                        assert!(
                            text.contains("&lt;script&gt;") || !text.contains("script"),
                            "{line}"
                        );
                    } else if line != "</details>" {
                        md.push_str(line);
                        md.push('\n');
                    }
                }
                assert!(out.contains("<details><summary>"), "{out}");
                for t in &markdown_tables(&md) {
                    let width = t[0].len();
                    assert!(t.iter().all(|r| r.len() == width), "{t:?}");
                }
            }
            _ => {
                assert_inert("check text", &out, false);
                assert!(out.contains("\\u{1b}[31mred"), "{out}");
            }
        }
    }
}

/// A small well-formedness check of XML 1.0: one root element, tags nested and closed, quoted
/// attributes, only the five predefined or numeric entities, and no character XML forbids.
/// Returns the number of `<failure` elements.
fn check_xml(s: &str) -> Result<usize, String> {
    if let Some(c) = s.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    }) {
        return Err(format!("character {c:?} is not allowed in XML 1.0"));
    }
    let check_text = |t: &str| -> Result<(), String> {
        let mut rest = t;
        while let Some(i) = rest.find('&') {
            let end = rest[i..].find(';').ok_or("unterminated entity")?;
            let name = &rest[i + 1..i + end];
            let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || name
                    .strip_prefix("#x")
                    .is_some_and(|h| u32::from_str_radix(h, 16).is_ok())
                || name
                    .strip_prefix('#')
                    .is_some_and(|d| d.parse::<u32>().is_ok());
            if !ok {
                return Err(format!("unknown entity &{name};"));
            }
            rest = &rest[i + end..];
        }
        if t.contains('>') && t.contains("]]>") {
            return Err("]]> in text".into());
        }
        Ok(())
    };
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut failures = 0;
    let mut rest = s.strip_prefix("<?xml").ok_or("no XML declaration")?;
    rest = &rest[rest.find("?>").ok_or("unterminated declaration")? + 2..];
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        check_text(text)?;
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        let gt = rest.find('>').ok_or("unterminated tag")?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name.trim()) {
                return Err(format!("</{name}> closes nothing open"));
            }
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.:".contains(c))
        {
            return Err(format!("bad element name {name:?}"));
        }
        let mut attrs = tag[name_end..].trim();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .ok_or(format!("attribute without value in {tag:?}"))?;
            let value = attrs[eq + 1..]
                .strip_prefix('"')
                .ok_or("unquoted attribute")?;
            let close = value.find('"').ok_or("unterminated attribute")?;
            if value[..close].contains('<') {
                return Err("< in an attribute".into());
            }
            check_text(&value[..close])?;
            attrs = value[close + 1..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if name == "failure" {
            failures += 1;
        }
        if !empty {
            stack.push(name.to_string());
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(failures)
}

#[test]
fn diff_text_is_inert() {
    let p = project();
    let mut new: serde_json::Value = serde_json::from_str(&document()).unwrap();
    // The operation goes, and the schema's hostile property with it: both are named.
    new["paths"] = serde_json::json!({});
    new["components"]["schemas"][HOSTILE]["properties"] = serde_json::json!({});
    std::fs::write(p.dir.path().join("new.json"), new.to_string()).unwrap();
    let o = gardefou(p.dir.path(), &["diff", &p.file, "new.json"]);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(o.status.code().is_some_and(|c| c <= 1), "{err}");
    assert_inert("diff", &out, false);
    assert_inert("diff (stderr)", &err, false);
    assert!(out.contains("\\u{1b}[31mred"), "{out}");
}

#[test]
fn errors_on_standard_error_are_inert() {
    let p = project();
    let missing = "missing\u{1b}[2J\r\n::error file=e::forged.yaml";
    let o = gardefou(p.dir.path(), &["lint", missing]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_inert("error (stderr)", &err, false);
    assert!(err.contains("missing\\u{1b}[2J\\r\\n::error"), "{err}");
}

/// Raw control characters in the source itself (YAML takes ESC in a comment and a quoted
/// value): the human format quotes the line with them shown, the underline still under it.
#[test]
fn quoted_source_lines_are_inert() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("raw.yaml"),
        "openapi: 3.0.3 # \u{1b}[31m\u{85}\u{202e} raw\ninfo: {title: \"a\u{1b}[2Jb\", version: \"1\"}\npaths: {}\n",
    )
    .unwrap();
    let o = gardefou(t.path(), &["lint", "--no-color", "raw.yaml"]);
    let out = stdout(&o);
    assert_inert("human source lines", &out, false);
    assert!(
        out.contains("1 | openapi: 3.0.3 # \\u{1b}[31m\\u{85}\\u{202e} raw"),
        "{out}"
    );
    assert!(
        out.contains("2 | info: {title: \"a\\u{1b}[2Jb\", version: \"1\"}"),
        "{out}"
    );
}
