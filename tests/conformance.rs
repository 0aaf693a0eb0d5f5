//! The official OpenAPI pass/fail documents (`../shared/spec/oas-tests`): every `pass` document
//! has no validity error, every `fail` document has at least one.

mod common;
use common::*;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint, Config, Severity};

#[test]
fn official_pass_fail_documents_are_classified_right() {
    let Some(shared) = shared() else { return };
    let config = Config::recommended();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for version in std::fs::read_dir(shared.join("spec/oas-tests")).unwrap() {
        let version = version.unwrap().path();
        for kind in ["pass", "fail"] {
            let Ok(entries) = std::fs::read_dir(version.join(kind)) else {
                continue;
            };
            for doc in entries {
                let doc = doc.unwrap().path();
                let set = DocumentSet::load(&doc, &LoadOptions::default()).unwrap();
                let findings = lint(&set, &config);
                let invalid = findings.iter().any(|f| {
                    f.severity == Severity::Error
                        && matches!(f.rule.as_str(), "oas2-schema" | "oas3-schema" | "parser")
                });
                if invalid != (kind == "fail") {
                    wrong.push(format!(
                        "{}: {:?}",
                        doc.display(),
                        findings.iter().map(|f| &f.message).collect::<Vec<_>>()
                    ));
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 118, "the suite has 118 documents");
    assert!(wrong.is_empty(), "misclassified:\n{}", wrong.join("\n"));
}
