//! `gardefou:recommended` on five real descriptions: the number of findings per governance rule
//! is pinned (after reading through samples of each rule's findings and removing false
//! positives), so a change in any rule's behaviour shows up here.

mod common;
use common::*;

use std::collections::BTreeMap;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_linter::{lint, Config};

#[test]
fn findings_per_rule_on_real_documents() {
    let Some(shared) = shared() else { return };
    let docs = [
        "github/api.github.com.json",
        "stripe/spec3.yaml",
        "kubernetes/swagger-v1.12.4.json",
        "digitalocean/DigitalOcean-public.v2.yaml",
        "apis-guru/codat.io/banking.json",
    ];
    let config = Config::recommended();
    let mut report = String::new();
    for d in docs {
        let set = DocumentSet::load(&shared.join("corpus/docs").join(d), &LoadOptions::default())
            .unwrap();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for f in lint(&set, &config) {
            if ["naming-", "security-", "versioning-", "documentation-"]
                .iter()
                .any(|p| f.rule.starts_with(p))
            {
                *counts.entry(f.rule).or_default() += 1;
            }
        }
        report.push_str(&format!("{d}\n"));
        for (rule, n) in counts {
            report.push_str(&format!("  {rule:48} {n}\n"));
        }
    }
    insta::assert_snapshot!(report);
}
