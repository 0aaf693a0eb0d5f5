//! `POST /api/v1/validations` with `application/zip`: an apictl project evaluated as
//! `gardefou check` evaluates its folder (definition, metadata, documents), and hostile
//! archives (paths leaving the folder, garbage, several APIs) refused with 422.

mod serve_support;

use std::io::Write;
use std::path::Path;

use serve_support::*;

fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn project(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((format!("{prefix}{rel}"), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn apictl_project_archives() {
    let t = tempfile::tempdir().unwrap();
    let db = t.path().join("h.db");
    let token = token(&db, "validate,read", "ci");
    let s = Service::start(&db, &[]);
    let folder = root().join("fixtures/governance/apis/partners/PartnerFeeds-1.2.0");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .args([
            "check",
            folder.to_str().unwrap(),
            "--stage",
            "publish",
            "-f",
            "json",
            "-r",
        ])
        .arg(root().join("fixtures/governance/.gardefou.yaml"))
        .output()
        .unwrap();
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let archive = zip_of(&project(&folder, "PartnerFeeds-1.2.0/"));
    let r = s.validate(
        "name=PartnerFeeds&stage=publish",
        &token,
        "application/zip",
        &archive,
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert_eq!(v["compliance"]["status"], check["apis"][0]["status"]);
    assert_eq!(
        v["compliance"]["violations"],
        check["apis"][0]["violations"]
    );
    assert_eq!(v["api"]["version"], "1.2.0");
    let text = r.text();
    assert!(!text.contains("gardefou-serve-"), "{text}");
    // The metadata ruleset ran on api.yaml, and its finding points into it.
    assert!(
        text.contains("\"file\":\"PartnerFeeds-1.2.0/api.yaml\",\"line\":14"),
        "{text}"
    );
    assert!(v["api"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["name"] == "partner"));

    let post = |body: &[u8]| {
        s.request(
            "POST",
            "/api/v1/validations?name=x",
            Some(&token),
            Some(("application/zip", body)),
        )
    };
    let r = post(&zip_of(&[(
        "../evil.yaml".into(),
        b"openapi: 3.1.0".to_vec(),
    )]));
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.json()["description"]
        .as_str()
        .unwrap()
        .contains("outside"));
    let r = post(b"PK\x03\x04 this is not a zip");
    assert_eq!(r.status, 422);
    assert!(r.json()["description"].as_str().unwrap().contains("zip"));
    let r = post(&zip_of(&[("README.md".into(), b"# nothing".to_vec())]));
    assert_eq!(r.status, 422);
    assert!(r.json()["description"].as_str().unwrap().contains("no API"));
    let two = [
        (
            "a.yaml".to_string(),
            b"openapi: 3.1.0\ninfo: {title: A, version: '1'}\npaths: {}\n".to_vec(),
        ),
        (
            "b.yaml".to_string(),
            b"openapi: 3.1.0\ninfo: {title: B, version: '1'}\npaths: {}\n".to_vec(),
        ),
    ];
    let r = post(&zip_of(&two));
    assert_eq!(r.status, 422);
    assert!(r.json()["description"].as_str().unwrap().contains("2 APIs"));
    assert_eq!(s.get("/api/v1/apis/x", &token).status, 404);
}
