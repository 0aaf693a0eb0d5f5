//! What a stranger needs to install and run gardefou: the licence, the container image, the
//! GitHub Action, the GitLab template and the pre-commit hooks are there and well formed; the
//! README points only inside the repository; every URL in the code is a real one; tests that
//! need `../shared` say when they skip.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml(rel: &str) -> serde_json::Value {
    let text = read(rel);
    let parsed = gardefou_source::parse(
        &text,
        gardefou_source::Syntax::Yaml,
        &gardefou_source::Limits::default(),
    );
    assert!(
        !parsed.issues.iter().any(|i| i.kind.is_fatal()),
        "{rel}: {:?}",
        parsed.issues
    );
    parsed.root.expect("a YAML document").to_json()
}

#[test]
fn the_licence_is_the_apache_2_0_text_cargo_toml_names() {
    let licence = read("LICENSE");
    assert!(
        licence.contains("Apache License\n                           Version 2.0, January 2004")
    );
    assert!(licence.contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"));
    assert!(licence.contains("END OF TERMS AND CONDITIONS"));
    assert!(licence.lines().count() > 190, "the full text");
    assert!(read("Cargo.toml").contains("license = \"Apache-2.0\""));
}

#[test]
fn the_release_profile_builds_a_small_binary_and_profiling_keeps_symbols() {
    let manifest: Vec<String> = read("Cargo.toml").lines().map(str::to_string).collect();
    let section = |name: &str| -> Vec<String> {
        manifest
            .iter()
            .skip_while(|l| l.trim() != format!("[profile.{name}]"))
            .skip(1)
            .take_while(|l| !l.starts_with('['))
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| l.replace(' ', ""))
            .collect()
    };
    let release = section("release");
    for want in ["debug=false", "strip=true", "lto=true", "codegen-units=1"] {
        assert!(release.iter().any(|l| l == want), "release: {release:?}");
    }
    let profiling = section("profiling");
    assert!(profiling.iter().any(|l| l == "inherits=\"release\""));
    assert!(profiling
        .iter()
        .any(|l| l.starts_with("debug=") && l != "debug=false"));
    assert!(profiling.iter().any(|l| l == "strip=false"));
    assert!(section("fast").iter().any(|l| l == "lto=false"));
}

/// The instructions of the Dockerfile: (instruction, arguments), continuation lines joined.
fn dockerfile() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in read("Dockerfile").lines() {
        let t = line.trim();
        if t.starts_with('#') || (t.is_empty() && current.is_empty()) {
            continue;
        }
        current.push_str(t.trim_end_matches('\\'));
        current.push(' ');
        if !t.ends_with('\\') {
            let (i, a) = current
                .trim()
                .split_once(' ')
                .unwrap_or((current.trim(), ""));
            out.push((i.to_ascii_uppercase(), a.trim().to_string()));
            current.clear();
        }
    }
    out
}

#[test]
fn the_dockerfile_is_multi_stage_runs_as_a_user_and_enters_gardefou() {
    let steps = dockerfile();
    let froms: Vec<&String> = steps
        .iter()
        .filter(|(i, _)| i == "FROM")
        .map(|(_, a)| a)
        .collect();
    assert!(froms.len() >= 2, "multi-stage: {froms:?}");
    assert!(froms[0].ends_with(" AS build"), "{froms:?}");
    let last = froms.last().unwrap();
    assert!(last.contains("slim") || last.contains("distroless") || last.contains("static"));
    let final_stage: Vec<&(String, String)> = steps
        .iter()
        .skip_while(|s| s.0 != "FROM" || &&s.1 != last)
        .collect();
    let user = final_stage
        .iter()
        .rev()
        .find(|(i, _)| i == "USER")
        .expect("a USER");
    assert!(user.1 != "root" && user.1 != "0", "{user:?}");
    assert!(final_stage
        .iter()
        .any(|(i, a)| i == "ENTRYPOINT" && a == "[\"gardefou\"]"));
    assert!(final_stage.iter().any(|(i, a)| i == "COPY"
        && a.contains("--from=build")
        && a.contains("target/release/gardefou")));
    assert!(read(".dockerignore").lines().any(|l| l == "target"));
}

fn docker_works() -> bool {
    Command::new("docker")
        .args(["info", "--format", "{{.ServerVersion}}"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_container_image_builds_and_lints_the_portfolio() {
    if !docker_works() {
        skip_unavailable("no Docker daemon (`docker info` fails): the image is not built");
        return;
    }
    let tag = "gardefou-test:packaging";
    let build = Command::new("docker")
        .args(["build", "-t", tag, "."])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    let user = Command::new("docker")
        .args(["image", "inspect", "--format", "{{.Config.User}}", tag])
        .output()
        .unwrap();
    let user = stdout(&user);
    assert!(!user.trim().is_empty() && user.trim() != "root", "{user}");
    let mount = format!("{}:/work:ro", root().join("fixtures/portfolio").display());
    let run = Command::new("docker")
        .args(["run", "--rm", "-v", &mount, tag, "lint", "."])
        .output()
        .unwrap();
    assert!(matches!(run.status.code(), Some(0 | 1)), "{}", stderr(&run));
    let out = stdout(&run);
    assert!(
        out.contains("catalogue") && out.contains("royalties"),
        "{out}"
    );
}

#[test]
fn the_github_action_has_its_required_keys_and_uses_only_its_inputs() {
    let action = yaml("action.yml");
    for key in ["name", "description", "inputs", "runs"] {
        assert!(!action[key].is_null(), "action.yml: no `{key}`");
    }
    let inputs = action["inputs"].as_object().unwrap();
    for want in [
        "paths",
        "ruleset",
        "fail-severity",
        "baseline",
        "sarif-file",
        "upload-sarif",
    ] {
        assert!(inputs.contains_key(want), "input `{want}`");
    }
    for (name, input) in inputs {
        assert!(
            input["description"].is_string(),
            "input `{name}` has no description"
        );
    }
    let runs = &action["runs"];
    assert_eq!(runs["using"], "composite");
    let steps = runs["steps"].as_array().unwrap();
    for s in steps {
        assert!(
            s["uses"].is_string() || (s["run"].is_string() && s["shell"].is_string()),
            "a composite step needs `uses`, or `run` and `shell`: {s}"
        );
        // Inputs reach scripts through the environment, never spliced into the script.
        if let Some(script) = s["run"].as_str() {
            assert!(!script.contains("${{"), "{script}");
        }
    }
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))));
    // Every `inputs.X` named anywhere is declared.
    let text = read("action.yml");
    for part in text.split("inputs.").skip(1) {
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        assert!(inputs.contains_key(&name), "undeclared input `{name}`");
    }
}

#[test]
fn the_pre_commit_hooks_and_the_gitlab_template_are_well_formed() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    assert!(!hooks.is_empty());
    for h in hooks {
        for key in ["id", "name", "entry", "language"] {
            assert!(h[key].is_string(), "hook without `{key}`: {h}");
        }
        assert!(h["entry"].as_str().unwrap().starts_with("gardefou lint"));
        assert!(["rust", "docker"].contains(&h["language"].as_str().unwrap()));
    }
    let gitlab = yaml("ci/gardefou.gitlab-ci.yml");
    let job = &gitlab[".gardefou"];
    let script = job["script"].as_array().expect("a script");
    assert!(script.iter().any(|l| l
        .as_str()
        .is_some_and(|l| l.contains("gardefou lint") && l.contains("gitlab="))));
    assert_eq!(job["image"]["entrypoint"], serde_json::json!([""]));
    assert!(job["artifacts"]["reports"]["codequality"].is_string());
    assert!(job["artifacts"]["reports"]["junit"].is_string());
    assert_eq!(gitlab["gardefou"]["extends"], ".gardefou");
}

#[test]
fn the_readme_points_only_inside_the_repository_in_order() {
    let readme = read("README.md");
    let headings: Vec<&str> = readme.lines().filter(|l| l.starts_with("## ")).collect();
    let at = |h: &str| {
        headings
            .iter()
            .position(|x| *x == h)
            .unwrap_or_else(|| panic!("no `{h}` in {headings:?}"))
    };
    assert!(at("## Install") < at("## Quick start"));
    assert!(at("## Quick start") < at("## Use in CI"));
    assert!(at("## Install") <= 1, "{headings:?}");
    assert!(!readme.contains("../shared"), "README names ../shared");
    // Every relative link names a file of the repository.
    for part in readme.split("](").skip(1) {
        let target = part.split(')').next().unwrap();
        if target.starts_with("http") || target.starts_with('#') {
            continue;
        }
        let file = target.split('#').next().unwrap();
        assert!(root().join(file).exists(), "README links to missing {file}");
    }
}

#[test]
fn every_url_in_the_code_is_a_real_one() {
    // Specification and standard pages that exist; example hosts (RFC 2606) and loopback are
    // placeholders in examples and tests.
    const KNOWN: &[&str] = &[
        "https://json.schemastore.org/sarif-2.1.0.json",
        "https://meta.stoplight.io/docs/spectral/docs/reference/openapi-rules.md",
        "https://opensource.org/licenses/MIT",
        "https://www.apache.org/licenses/LICENSE-2.0",
        "http://json-schema.org/draft-07/schema#",
    ];
    let mut files = Vec::new();
    for dir in ["src", "crates"] {
        collect_sources(&root().join(dir), &mut files);
    }
    assert!(files.len() > 100, "{} source files", files.len());
    let mut unknown = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, _) in text.match_indices("http") {
            let rest = &text[i..];
            let Some(after) = rest
                .strip_prefix("https://")
                .or_else(|| rest.strip_prefix("http://"))
            else {
                continue;
            };
            let url_len = rest.len() - after.len()
                + after
                    .find(|c: char| c.is_whitespace() || "\"'`)>,\\]".contains(c))
                    .unwrap_or(after.len());
            let url = &rest[..url_len];
            let host: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                .collect();
            // No host (`"https://"` prefixes, `https://…`, `https://{server}`) or a single label
            // (`https://a` in a test) is no address of anything.
            let placeholder = !host.contains('.')
                || [
                    "example.org",
                    "example.com",
                    "example.net",
                    "localhost",
                    "127.0.0.1",
                    "x.org",
                ]
                .iter()
                .any(|e| host == *e || host.ends_with(&format!(".{e}")));
            if !placeholder && !KNOWN.contains(&url) {
                unknown.push(format!(
                    "{}: {url}",
                    f.strip_prefix(root()).unwrap().display()
                ));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "URLs not known to be real: {unknown:#?}"
    );
}

fn collect_sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect_sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs" || x == "js") {
            out.push(p);
        }
    }
}

/// A test that needs `../shared`: run by the next test with `GARDEFOU_SHARED` pointing nowhere.
#[test]
fn probe_needing_shared() {
    let Some(shared) = shared() else { return };
    assert!(shared.join("spec").is_dir());
}

#[test]
fn a_test_needing_shared_says_it_skipped_and_fails_under_ci() {
    let run = |ci: Option<&str>| {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args(["--exact", "probe_needing_shared"])
            .env("GARDEFOU_SHARED", root().join("no-such-folder"))
            .env_remove("CI");
        if let Some(v) = ci {
            cmd.env("CI", v);
        }
        cmd.output().unwrap()
    };
    // Without CI: passes, and says so in the normal (captured) output.
    let out = run(None);
    assert!(out.status.success(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("SKIPPED probe_needing_shared: ")
            && err.contains("(1 test(s) of this binary skipped so far)"),
        "{err}"
    );
    // With CI set: fails.
    let out = run(Some("true"));
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains("CI is set: not skipping"),
        "{}",
        stdout(&out)
    );
}
