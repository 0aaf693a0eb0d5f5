//! `gardefou bundle` end to end: output to standard output or `-o`, the format, exit codes,
//! errors at file:line:col, and a bundle that `lint` and `diff` take as the source.

mod common;
use common::*;

use std::path::Path;

const ROOT: &str = "openapi: 3.0.3
info: {title: Pets, version: '1', description: Pets.}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: The pets.
          content:
            application/json:
              schema: {$ref: 'schemas/pets.yaml'}
";
const PETS: &str = "type: array\nitems: {$ref: 'pet.yaml'}\n";
const PET: &str = "type: object\nproperties:\n  name: {type: string}\n";

fn project(root: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("schemas")).unwrap();
    std::fs::write(t.path().join("api.yaml"), root).unwrap();
    std::fs::write(t.path().join("schemas/pets.yaml"), PETS).unwrap();
    std::fs::write(t.path().join("schemas/pet.yaml"), PET).unwrap();
    t
}

fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

#[test]
fn bundles_to_standard_output_or_a_file() {
    let t = project(ROOT);
    let out = gardefou(t.path(), &["bundle", "api.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(text.starts_with("openapi: \"3.0.3\"\n"), "{text}");
    assert!(
        text.contains("schema:\n                $ref: \"#/components/schemas/pets\"\n"),
        "{text}"
    );
    assert!(text.ends_with("components:\n  schemas:\n    pets:\n      type: array\n      items:\n        $ref: \"#/components/schemas/pet\"\n    pet:\n      type: object\n      properties:\n        name:\n          type: string\n"), "{text}");
    let out = gardefou(t.path(), &["bundle", "api.yaml", "-o", "out/bundle.yaml"]);
    assert_eq!(code(&out), 2, "the folder does not exist: {}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot write out/bundle.yaml"),
        "{}",
        stderr(&out)
    );
    let out = gardefou(t.path(), &["bundle", "api.yaml", "-o", "bundle.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        std::fs::read_to_string(t.path().join("bundle.yaml")).unwrap(),
        text
    );
}

#[test]
fn the_format_follows_the_root_unless_chosen() {
    let t = project(ROOT);
    let json_root = serde_json::to_string_pretty(&serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "schemas/pet.yaml"}}}}}}}}
    }))
    .unwrap();
    std::fs::write(t.path().join("api.json"), json_root).unwrap();
    let out = gardefou(t.path(), &["bundle", "api.json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON for JSON");
    assert_eq!(v["components"]["schemas"]["pet"]["type"], "object");
    let out = gardefou(t.path(), &["bundle", "api.json", "--format", "yaml"]);
    assert!(
        stdout(&out).starts_with("openapi: \"3.0.3\"\n"),
        "{}",
        stdout(&out)
    );
    let out = gardefou(t.path(), &["bundle", "api.yaml", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON when asked");
    assert_eq!(
        v["components"]["schemas"]["pets"]["items"]["$ref"],
        "#/components/schemas/pet"
    );
    // Standard input: references resolve from the current directory.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .current_dir(t.path())
        .args(["bundle", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ROOT.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("    pet:\n"), "{}", stdout(&out));
}

#[test]
fn errors_exit_2_with_their_place() {
    let t = project(&ROOT.replace("schemas/pets.yaml", "schemas/missing.yaml"));
    let out = gardefou(t.path(), &["bundle", "api.yaml", "-o", "bundle.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "gardefou: error: api.yaml:12:30: cannot read `schemas/missing.yaml`: no such file or directory\n"
    );
    assert!(
        !t.path().join("bundle.yaml").exists(),
        "nothing is written on error"
    );
    assert_eq!(stdout(&out), "");
    // A bad pointer inside a referenced file: reported in that file.
    let t = project(ROOT);
    std::fs::write(
        t.path().join("schemas/pets.yaml"),
        "type: array\nitems: {$ref: 'pet.yaml#/nope'}\n",
    )
    .unwrap();
    let out = gardefou(t.path(), &["bundle", "api.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "gardefou: error: schemas/pets.yaml:2:15: `#/nope` does not exist in `schemas/pet.yaml`\n"
    );
    // A file that does not parse: its own place.
    std::fs::write(
        t.path().join("schemas/pets.yaml"),
        "type: array\nitems: [\n",
    )
    .unwrap();
    let out = gardefou(t.path(), &["bundle", "api.yaml"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.starts_with("gardefou: error: schemas/pets.yaml:"),
        "{err}"
    );
    assert!(
        err.trim_end()
            .ends_with("(this file is referenced at api.yaml:12:30)"),
        "{err}"
    );
    // No such root; not an OpenAPI document.
    let out = gardefou(t.path(), &["bundle", "nope.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nope.yaml"), "{}", stderr(&out));
    std::fs::write(t.path().join("plain.yaml"), "a: 1\n").unwrap();
    let out = gardefou(t.path(), &["bundle", "plain.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("gardefou: error: plain.yaml:1:1: not an OpenAPI"),
        "{}",
        stderr(&out)
    );
    // Bad arguments.
    let out = gardefou(t.path(), &["bundle", "api.yaml", "--format", "xml"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn references_outside_the_project_need_the_flag() {
    let t = tempfile::tempdir().unwrap();
    let project = t.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    // A git work tree bounds the project, whatever the current directory.
    std::fs::create_dir_all(project.join(".git")).unwrap();
    std::fs::write(
        project.join("api.yaml"),
        ROOT.replace("schemas/pets.yaml", "../shared/pet.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(t.path().join("shared")).unwrap();
    std::fs::write(t.path().join("shared/pet.yaml"), PET).unwrap();
    let out = gardefou(&project, &["bundle", "api.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("api.yaml:12:30: `../shared/pet.yaml` is outside the project folder"),
        "{}",
        stderr(&out)
    );
    let out = gardefou(&project, &["bundle", "api.yaml", "--allow-outside-refs"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("    pet:\n      type: object\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn warnings_are_printed_and_do_not_fail() {
    let t = project(&ROOT.replace(
        "description: Pets.}",
        "description: {$ref: 'intro.yaml#/text', x-lost: 1}}",
    ));
    std::fs::write(t.path().join("intro.yaml"), "text: Pets.\n").unwrap();
    let out = gardefou(t.path(), &["bundle", "api.yaml"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stderr(&out),
        "gardefou: warning: api.yaml:2:75: `x-lost` beside a `$ref` is dropped: its target is not an object\n"
    );
    assert!(
        stdout(&out).contains("  description: Pets.\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn text_from_the_documents_is_shown_inert() {
    // A `$ref` with a terminal escape sequence and a hyperlink in it.
    let t = project(&ROOT.replace("'schemas/pets.yaml'", "\"\\e]8;;x\\a\\e[31mred.yaml\""));
    let out = gardefou(t.path(), &["bundle", "api.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("red.yaml"), "{:?}", stderr(&out));
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
    assert!(!stderr(&out).contains('\u{7}'), "{:?}", stderr(&out));
}

fn lint_json(dir: &Path, ruleset: &str, file: &str) -> Vec<(String, String)> {
    let out = gardefou(dir, &["lint", "-r", ruleset, "-f", "json", file]);
    assert!(code(&out) < 2, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut found: Vec<(String, String)> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn the_bundle_lints_and_diffs_as_its_source() {
    let t = project(ROOT);
    for flags in [&[][..], &["--dereference"][..]] {
        let mut args = vec!["bundle", "api.yaml", "-o", "bundle.yaml"];
        args.extend_from_slice(flags);
        let out = gardefou(t.path(), &args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let out = gardefou(t.path(), &["diff", "api.yaml", "bundle.yaml"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            "0 changes: 0 breaking, 0 possibly breaking, 0 safe.\n"
        );
        let source = lint_json(t.path(), "spectral:oas", "api.yaml");
        assert!(!source.is_empty());
        assert_eq!(
            source,
            lint_json(t.path(), "spectral:oas", "bundle.yaml"),
            "{flags:?}"
        );
    }
    let text = std::fs::read_to_string(t.path().join("bundle.yaml")).unwrap();
    assert!(
        !text.contains("$ref"),
        "dereferenced, no cycle: no reference left\n{text}"
    );
}

#[test]
fn hostile_references_stop_cleanly_with_a_place() {
    // A directory, an alias bomb, a file over the size limit.
    let t = project(ROOT);
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
    std::fs::write(t.path().join("schemas/pet.yaml"), bomb).unwrap();
    let out = gardefou(
        t.path(),
        &["bundle", "api.yaml", "--max-alias-nodes", "1000"],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("gardefou: error: schemas/pet.yaml:"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("(this file is referenced at schemas/pets.yaml:2:15)"),
        "{}",
        stderr(&out)
    );
    std::fs::write(t.path().join("schemas/pet.yaml"), PET).unwrap();
    let out = gardefou(t.path(), &["bundle", "api.yaml", "--max-file-size", "40"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("api.yaml"), "{}", stderr(&out));
    std::fs::write(
        t.path().join("schemas/pets.yaml"),
        "type: array\nitems: {$ref: '.'}\n",
    )
    .unwrap();
    let out = gardefou(t.path(), &["bundle", "api.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "gardefou: error: schemas/pets.yaml:2:15: `.` is a directory\n"
    );
}

#[test]
fn remote_references_are_bundled_only_when_allowed() {
    let port = serve(
        1,
        &[(
            "/schemas/pet.yaml",
            "type: object\nproperties:\n  name: {type: string}\n",
        )],
    );
    let root = ROOT.replace(
        "schemas/pets.yaml",
        &format!("http://127.0.0.1:{port}/schemas/pet.yaml"),
    );
    let t = project(&root);
    let out = gardefou(t.path(), &["bundle", "api.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("is a remote reference"),
        "{}",
        stderr(&out)
    );
    let out = gardefou(t.path(), &["bundle", "api.yaml", "--allow-remote-refs"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("    pet:\n      type: object\n"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("$ref: \"#/components/schemas/pet\""),
        "{}",
        stdout(&out)
    );
}
