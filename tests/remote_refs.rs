//! Remote `$ref`s: never fetched by default; with `--allow-remote-refs` they are fetched (here
//! from a small HTTP server on the loopback interface), relative references inside a remote
//! document resolve against its URL, and findings inside it name the URL.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

/// Serves a few fixed documents on 127.0.0.1 for at most `max` connections, then stops.
fn serve(max: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max) {
            let Ok(mut stream) = stream else { continue };
            stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = match path {
                "/schemas/pet.yaml" => ("200 OK", "Pet:\n  type: object\n  properties:\n    owner:\n      $ref: './owner.yaml#/Owner'\n"),
                "/schemas/owner.yaml" => ("200 OK", "Owner:\n  type: object\n  properties:\n    friend:\n      $ref: '#/Missing'\n"),
                _ => ("404 Not Found", "not found"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

#[test]
fn remote_references_only_with_the_flag() {
    let port = serve(8);
    let t = tempfile::tempdir().unwrap();
    let doc = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: 1.0.0}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pet: {{$ref: 'http://127.0.0.1:{port}/schemas/pet.yaml#/Pet'}}\n    Gone: {{$ref: 'http://127.0.0.1:{port}/schemas/gone.yaml'}}\n"
    );
    std::fs::write(t.path().join("api.yaml"), doc).unwrap();

    // Default: nothing fetched; the references are reported as remote.
    let out = gardefou(t.path(), &["lint", "-f", "json", "api.yaml"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let refs: Vec<&str> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "invalid-ref")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(refs.len(), 2, "{refs:?}");
    assert!(refs.iter().all(|m| m.contains("--allow-remote-refs")));

    // Opted in: fetched; the broken reference inside the remote document is reported there.
    let out = gardefou(
        t.path(),
        &["lint", "-f", "json", "--allow-remote-refs", "api.yaml"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let refs: Vec<(&str, &str, u64)> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "invalid-ref")
        .map(|f| {
            (
                f["file"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
                f["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let owner = format!("http://127.0.0.1:{port}/schemas/owner.yaml");
    assert!(
        refs.iter()
            .any(|(file, msg, line)| *file == owner && msg.contains("#/Missing") && *line == 5),
        "{refs:?}"
    );
    assert!(
        refs.iter().any(|(file, msg, _)| *file == "api.yaml"
            && msg.contains("gone.yaml")
            && msg.contains("404")),
        "{refs:?}"
    );
    assert!(
        !refs.iter().any(|(_, msg, _)| msg.contains("pet.yaml")),
        "{refs:?}"
    );
}
