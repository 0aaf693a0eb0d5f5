//! What each built-in rule reports on the invalid example of its documentation, pinned by a
//! snapshot per rule (`tests/snapshots/rule_snapshots__<rule>.snap`).

use std::path::Path;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{all_rules, lint, Config};

#[test]
fn each_rule_on_its_invalid_example() {
    let config = Config::all_builtin();
    for r in all_rules() {
        let m = r.meta();
        let set = DocumentSet::from_text(
            "invalid.yaml",
            m.docs.invalid.to_string(),
            Path::new("."),
            &LoadOptions::default(),
        );
        let rendered: Vec<String> = lint(&set, &config)
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
