//! Long `$ref` chains: an acyclic chain is not a cycle, whatever its length up to the limit, and
//! it resolves in time proportional to its length; a real cycle is still reported as one.

mod common;
use common::*;

/// A document whose response schema is `S0`, with `S0 → S1 → … → Sn` and `Sn` a string.
fn chain(n: usize) -> String {
    let mut doc = String::from(
        "openapi: 3.0.3\ninfo: {title: Chain, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n",
    );
    for i in 0..n {
        doc.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    doc.push_str(&format!("    S{n}: {{type: string}}\n"));
    doc
}

fn invalid_refs(dir: &std::path::Path, doc: &str) -> Vec<String> {
    let out = gardefou(dir, &["lint", "-f", "json", doc]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{doc}: {}",
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "invalid-ref")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_long_acyclic_chain_is_not_a_cycle() {
    let t = tempfile::tempdir().unwrap();
    for n in [100, 3_000] {
        let name = format!("chain{n}.yaml");
        std::fs::write(t.path().join(&name), chain(n)).unwrap();
        let started = std::time::Instant::now();
        let found = invalid_refs(t.path(), &name);
        assert!(found.is_empty(), "{n} hops: {found:?}");
        // Not a benchmark: a quadratic walk took about 2 s at 3,000 hops; this only stops a hang.
        assert!(
            started.elapsed().as_secs() < 20,
            "{n} hops took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn a_chain_past_the_limit_is_refused_as_too_long_and_a_cycle_is_a_cycle() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("long.yaml"), chain(10_050)).unwrap();
    let found = invalid_refs(t.path(), "long.yaml");
    // The response's reference and `S0`…`S49` start chains of more than 10,000; the rest resolve.
    assert_eq!(found.len(), 51);
    assert!(
        found
            .iter()
            .all(|m| m.contains("chain of more than 10000 references")),
        "{:?}",
        &found[..3.min(found.len())]
    );
    std::fs::write(
        t.path().join("cycle.yaml"),
        "openapi: 3.0.3\ninfo: {title: C, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
    )
    .unwrap();
    let found = invalid_refs(t.path(), "cycle.yaml");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().all(|m| m.contains("reference cycle")),
        "{found:?}"
    );
}
