//! Spectral's JSONPath dialect: the 240 `given` expressions of five real rulesets, evaluated on
//! the GitHub description, against what Spectral's engine (nimma) selects
//! (`../shared/reference/jsonpath/nimma-on-github.json`).

mod common;
use common::*;

use gardefou_document::FileId;
use gardefou_linter::jsonpath::{parse_path, TreeView};

#[test]
fn the_240_real_expressions_select_what_spectral_selects() {
    let Some(shared) = shared() else { return };
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("reference/jsonpath/nimma-on-github.json")).unwrap(),
    )
    .unwrap();
    let text =
        std::fs::read_to_string(shared.join("corpus/docs/github/api.github.com.json")).unwrap();
    let root = gardefou_source::parse(
        &text,
        gardefou_source::Syntax::Json,
        &gardefou_source::Limits::default(),
    )
    .root
    .unwrap();
    // Where nimma is demonstrably wrong we keep the correct answer (docs/spectral-differences.md):
    // with two consecutive bracket unions nimma applies only the first name of the first
    // union (`get`), although `[get,post,...]` alone selects every name.
    let known_differences =
        ["$.paths[*][get,post,put,patch,delete][parameters,responses][*].content[*]"];
    let mut same = 0;
    let mut spectral_throws = 0;
    let mut differ = Vec::new();
    for (expr, want) in expected.as_object().unwrap() {
        if want["ok"] != true {
            spectral_throws += 1;
            continue;
        }
        let path = match parse_path(expr) {
            Ok(p) => p,
            Err(e) => {
                differ.push(format!("{expr}: does not parse: {e}"));
                continue;
            }
        };
        let mut got: Vec<String> = path
            .select(FileId(0), &root, TreeView::Raw)
            .iter()
            .map(|m| m.pointer())
            .collect();
        got.sort();
        let mut want_ptrs: Vec<String> = want["ptrs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        want_ptrs.sort();
        if got == want_ptrs {
            same += 1;
        } else if known_differences.contains(&expr.as_str()) {
            // Ours must be a strict superset: every method, not only `get`.
            assert!(want_ptrs.iter().all(|p| got.contains(p)), "{expr}");
            assert!(got.iter().any(|p| p.contains("/post/")), "{expr}");
        } else {
            let extra: Vec<_> = got
                .iter()
                .filter(|p| !want_ptrs.contains(p))
                .take(2)
                .collect();
            let missing: Vec<_> = want_ptrs
                .iter()
                .filter(|p| !got.contains(p))
                .take(2)
                .collect();
            differ.push(format!(
                "{expr}: got {}, want {} (extra {extra:?}, missing {missing:?})",
                got.len(),
                want_ptrs.len()
            ));
        }
    }
    assert_eq!(spectral_throws, 2);
    eprintln!(
        "{same} of 240 select exactly what Spectral selects; Spectral throws on {spectral_throws}"
    );
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
    assert_eq!(same, 238 - known_differences.len());
}

/// The one expression where Spectral's engine (nimma) and JSONPath-Plus disagree: two
/// consecutive bracket unions. JSONPath-Plus (and gardefou) select every listed method.
#[test]
fn consecutive_unions_select_every_name() {
    let doc = r#"{"paths": {"/a": {
        "get": {"responses": {"200": {"content": {"application/json": {}}}}},
        "post": {"responses": {"201": {"content": {"application/xml": {}}}}}}}}"#;
    let root = gardefou_source::parse(
        doc,
        gardefou_source::Syntax::Json,
        &gardefou_source::Limits::default(),
    )
    .root
    .unwrap();
    let path =
        parse_path("$.paths[*][get,post,put,patch,delete][parameters,responses][*].content[*]")
            .unwrap();
    let got: Vec<String> = path
        .select(FileId(0), &root, TreeView::Raw)
        .iter()
        .map(|m| m.pointer())
        .collect();
    assert_eq!(
        got,
        [
            "/paths/~1a/get/responses/200/content/application~1json",
            "/paths/~1a/post/responses/201/content/application~1xml"
        ]
    );
}
