//! What stops a bundle: every problem, at its file, line and column.

mod support;
use gardefou_bundle::Options;
use support::*;

fn api(schema_refs: &[&str]) -> String {
    let mut s = format!("{HEAD30}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n");
    for (i, r) in schema_refs.iter().enumerate() {
        s += &format!("            t{i}/json:\n              schema: {{$ref: '{r}'}}\n");
    }
    s
}

#[test]
fn broken_references_are_reported_where_they_are_written() {
    let root = api(&[
        "missing.yaml",
        "pet.yaml#/Nope",
        "../outside.yaml",
        "pet.yaml#/Pet",
    ]);
    let e = errors(&[
        ("api.yaml", &root),
        ("pet.yaml", "Pet:\n  properties:\n    tag: {$ref: 'tags.yaml#/Tag'}\nUnused: {$ref: 'nowhere.yaml'}\n"),
        ("tags.yaml", "Other: {}\n"),
        ("../outside.yaml", "type: object\n"),
    ]);
    assert_eq!(
        e,
        [
            "api.yaml:11:30: cannot read `missing.yaml`: no such file or directory",
            "api.yaml:13:30: `#/Nope` does not exist in `pet.yaml`",
            "api.yaml:15:30: `../outside.yaml` is outside the project folder (/<memory>); references there are refused unless allowed with --allow-outside-refs",
            "pet.yaml:3:17: `#/Tag` does not exist in `tags.yaml`",
        ],
        "{e:#?}"
    );
    // `Unused` is reached by no reference of the bundle: its broken `$ref` does not matter.
}

#[test]
fn a_referenced_file_that_cannot_be_parsed_is_reported_at_its_problem() {
    let root = api(&["bad.yaml"]);
    let e = errors(&[
        ("api.yaml", &root),
        ("bad.yaml", "type: object\nproperties: [unclosed\n"),
    ]);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("bad.yaml:"), "{e:?}");
    assert!(
        e[0].ends_with("(this file is referenced at api.yaml:11:30)"),
        "{e:?}"
    );
}

#[test]
fn the_root_must_be_an_openapi_document() {
    assert_eq!(
        errors(&[("api.yaml", "title: not an API\n")]),
        ["api.yaml:1:1: not an OpenAPI 2.0 or 3.x document: no `swagger: \"2.0\"` or `openapi: 3.x` field"]
    );
    assert_eq!(
        errors(&[("api.yaml", "")]),
        ["api.yaml:1:1: the document is empty"]
    );
    let e = errors(&[("api.yaml", "openapi: 3.0.3\ninfo: [\n")]);
    assert!(e[0].starts_with("api.yaml:"), "{e:?}");
}

#[test]
fn remote_references_are_not_fetched() {
    let root = api(&["https://example.com/pet.yaml"]);
    let e = errors(&[("api.yaml", &root)]);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("api.yaml:11:30: `https://example.com/pet.yaml` is a remote reference"),
        "{e:?}"
    );
}

#[test]
fn a_bundle_deeper_than_the_depth_limit_is_refused() {
    // Each file is shallow; inlined into one another (extensions have no section), deep.
    let mut files = vec![(
        "api.yaml".to_string(),
        format!("{HEAD30}paths: {{}}\nx-deep: {{$ref: 'd0.yaml'}}\n"),
    )];
    for i in 0..30 {
        files.push((
            format!("d{i}.yaml"),
            format!("a:\n  b:\n    c: {{$ref: 'd{}.yaml'}}\n", i + 1),
        ));
    }
    files.push(("d30.yaml".into(), "end: true\n".into()));
    let list: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let options = Options {
        max_depth: 50,
        ..Options::default()
    };
    let e = try_bundle(&list, &options).unwrap_err();
    assert_eq!(e.problems.len(), 1);
    assert_eq!(
        e.problems[0].message,
        "the bundle would nest deeper than 50 levels (the depth limit) here"
    );
    // Within the default limit it bundles.
    yaml(&list);
}
