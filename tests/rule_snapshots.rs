//! What each built-in rule reports on the invalid example of its documentation, pinned by a
//! snapshot per rule (`tests/snapshots/rule_snapshots__<rule>.snap`).

use std::path::Path;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{all_rules, lint_with_base, Config};

#[test]
fn each_rule_on_its_invalid_example() {
    let config = Config::all_builtin();
    for r in all_rules() {
        let m = r.meta();
        // An example of two YAML documents is a base version, then the new one.
        let (base_text, doc_text) = match m.docs.invalid.split_once("\n---\n") {
            Some((b, d)) => (Some(b), d),
            None => (None, m.docs.invalid),
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
        let rendered: Vec<String> = lint_with_base(&set, &config, base.as_ref())
            .iter()
            .filter(|f| f.rule == m.id)
            .map(|f| {
                let p = set.file(f.file).position(f.span.start);
                let path = f
                    .path
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(".");
                format!(
                    "{}:{} {} [{}] {}",
                    p.line,
                    p.column,
                    f.severity.as_str(),
                    path,
                    f.message
                )
            })
            .collect();
        insta::assert_snapshot!(
            format!("rule__{}", m.id.replace(['$', '.'], "_")),
            rendered.join("\n")
        );
    }
}
