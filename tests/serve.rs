//! `gardefou serve` over loopback: every endpoint, the verdicts against `gardefou check` and
//! `gardefou score` on the same bytes, auth (missing, malformed, unknown, revoked, wrong scope),
//! the size limit, the time budget, the queue (202, polling, 503 when full), escaping in the
//! dashboard (and Chromium rendering it), graceful shutdown.

mod serve_support;

use serve_support::*;
use std::process::Command;

/// A public API (by `x-gardefou-labels`) whose server is plain HTTP: the public-apis policy
/// blocks it at publish with an error.
const BLOCKED: &str = r#"openapi: 3.1.0
info:
  title: Lyrics
  version: 2.0.0
  description: Song lyrics.
  x-gardefou-labels: [public]
  x-gardefou-team: catalogue
servers:
  - url: http://lyrics.example.com/v2
paths:
  /songs:
    get:
      operationId: listSongs
      summary: Songs
      description: Every song.
      responses:
        "200":
          description: The songs.
"#;

/// A temporary directory and a fresh history database on `backend`.
fn setup(backend: Backend) -> (tempfile::TempDir, TestDb) {
    let t = tempfile::tempdir().unwrap();
    let db = TestDb::new(backend).expect("a database (the caller checked the server)");
    (t, db)
}

// The tests whose database matters run on SQLite and on PostgreSQL (`NAME::sqlite`,
// `NAME::postgres`).
on_both_backends!(
    validation_matches_check_and_score_and_is_stored,
    auth_and_scopes,
    bad_submissions,
    queue_polling_and_time_budget,
    graceful_shutdown_drains_the_queue,
    dashboard_pages,
    cli_history_writes_the_same_rows,
);

fn cli_json(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The service's verdict, compliance and score are those of `gardefou check` and `gardefou
/// score` run on the same file with the same ruleset; the run is then in every read endpoint.
fn validation_matches_check_and_score_and_is_stored(backend: Backend) {
    let (t, db) = setup(backend);
    let token = token(&db, "gardefou:validate,gardefou:read", "ci");
    let s = Service::start(&db, &[]);
    let config = root().join("fixtures/governance/.gardefou.yaml");
    let config = config.to_str().unwrap();
    let cases: Vec<(String, Vec<u8>)> = vec![
        ("lyrics".into(), BLOCKED.as_bytes().to_vec()),
        (
            "usage".into(),
            std::fs::read(root().join("fixtures/governance/specs/usage-reporting.yaml")).unwrap(),
        ),
        (
            "playground".into(),
            std::fs::read(root().join("fixtures/governance/specs/playground.yaml")).unwrap(),
        ),
    ];
    for (name, body) in &cases {
        let file = t.path().join(format!("{name}.yaml"));
        std::fs::write(&file, body).unwrap();
        let file = file.to_str().unwrap();
        let check = cli_json(&[
            "check", file, "--stage", "publish", "-r", config, "-f", "json",
        ]);
        let score = cli_json(&["score", file, "-r", config, "-f", "json"]);
        let r = s.validate(
            &format!("name={name}&stage=publish"),
            &token,
            "application/yaml",
            body,
        );
        assert_eq!(r.status, 201, "{}", r.text());
        let v = r.json();
        let id = v["id"].as_str().unwrap();
        assert_eq!(
            r.header("location"),
            Some(format!("/api/v1/validations/{id}").as_str())
        );
        assert_eq!(v["blocked"], check["blocked"], "{name}");
        assert_eq!(
            v["verdict"],
            if check["blocked"] == true {
                "block"
            } else {
                "pass"
            }
        );
        assert_eq!(
            v["compliance"]["status"], check["apis"][0]["status"],
            "{name}"
        );
        assert_eq!(
            v["compliance"]["blocking"], check["apis"][0]["blocking"],
            "{name}"
        );
        let policies: Vec<&serde_json::Value> = check["apis"][0]["policies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["name"])
            .collect();
        let ours: Vec<&serde_json::Value> = v["compliance"]["policies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["name"])
            .collect();
        assert_eq!(ours, policies, "{name}");
        assert_eq!(v["score"]["score"], score["apis"][0]["score"], "{name}");
        assert_eq!(v["score"]["grade"], score["apis"][0]["grade"], "{name}");
        // The temporary folder never shows.
        assert!(!r.text().contains("gardefou-serve-"), "{}", r.text());
        // Polling the stored run gives the same answer.
        let p = s.get(&format!("/api/v1/validations/{id}"), &token);
        assert_eq!(p.status, 200);
        assert_eq!(p.json()["score"], v["score"]);
    }
    let blocked = s.get("/api/v1/apis/lyrics", &token).json();
    assert_eq!(blocked["team"], "catalogue");
    assert_eq!(blocked["latest"]["compliance"], "NON-COMPLIANT");
    assert_eq!(blocked["latest"]["blocked"], true);
    assert_eq!(blocked["latest_result"]["verdict"], "block");
    let list = s.get("/api/v1/apis", &token).json();
    assert_eq!(list["count"], 3);
    assert_eq!(list["pagination"]["total"], 3);
    let names: Vec<&str> = list["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["lyrics", "playground", "usage"]);
    let public = s.get("/api/v1/apis?label=public", &token).json();
    assert_eq!(public["count"], 1);
    let team = s.get("/api/v1/apis?team=catalogue", &token).json();
    assert_eq!(team["list"][0]["name"], "lyrics");
    let paged = s.get("/api/v1/apis?limit=1&offset=1", &token).json();
    assert_eq!(paged["list"][0]["name"], "playground");
    let summary = s.get("/api/v1/artifact-compliance/summary", &token).json();
    assert_eq!(summary["total"], 3);
    assert_eq!(summary["compliant"], 1);
    assert_eq!(summary["nonCompliant"], 1);
    assert_eq!(summary["notApplicable"], 1);
    let adherence = s.get("/api/v1/policy-adherence", &token).json();
    let public = adherence["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "public-apis")
        .unwrap();
    assert_eq!(public["status"], "VIOLATED");
    assert_eq!(public["violatingApis"], serde_json::json!(["lyrics"]));
    assert_eq!(adherence["summary"]["total"], 5);
    // A second run of the same API: the history has both, newest first.
    let fixed = BLOCKED.replace("http://", "https://");
    let r = s.validate(
        "name=lyrics&version=2.0.1&stage=publish",
        &token,
        "application/yaml",
        fixed.as_bytes(),
    );
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["verdict"], "pass");
    let h = s.get("/api/v1/apis/lyrics/history", &token).json();
    assert_eq!(h["count"], 2);
    assert_eq!(h["list"][0]["version"], "2.0.1");
    assert_eq!(h["list"][0]["compliance"], "COMPLIANT");
    assert_eq!(h["list"][1]["compliance"], "NON-COMPLIANT");
    assert!(h["list"][0]["score"].as_f64().is_some());
    assert!(h["list"][0]["grade"].as_str().is_some());
    let summary = s.get("/api/v1/artifact-compliance/summary", &token).json();
    assert_eq!(summary["compliant"], 2);
    let status = s.stop();
    assert!(status.success(), "{status:?}");
    // The audit log names who validated what (read through the library, as an operator would).
    let db = db.open();
    let audit = db.audit_log(100).unwrap();
    assert!(audit.iter().any(|a| a["actor"] == "ci"
        && a["action"] == "validation"
        && a["target"]
            .as_str()
            .unwrap()
            .starts_with("lyrics 2.0.1 at publish")));
    assert_eq!(db.count_runs(None).unwrap(), 4);
    assert!(db.check().unwrap().is_empty());
}

/// No token, a malformed or unknown one, a revoked one: 401 with `WWW-Authenticate`; a token
/// without the scope: 403; admin may do everything.
fn auth_and_scopes(backend: Backend) {
    let (_t, db) = setup(backend);
    let read = token(&db, "read", "dashboard");
    let validate = token(&db, "validate", "ci");
    let admin = token(&db, "admin", "ops");
    let s = Service::start(&db, &[]);
    let endpoints = [
        "/api/v1/apis",
        "/api/v1/apis/x",
        "/api/v1/apis/x/history",
        "/api/v1/artifact-compliance/summary",
        "/api/v1/policy-adherence",
        "/api/v1/policies",
        "/api/v1/rulesets",
        "/api/v1/rules/info-contact",
        "/api/v1/validations/abc",
    ];
    for e in endpoints {
        let r = s.request("GET", e, None, None);
        assert_eq!(r.status, 401, "{e}");
        assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
        assert_eq!(r.json()["code"], 401);
        let r = s.get(e, "not-a-token");
        assert_eq!(r.status, 401, "{e}");
        let r = s.get(e, &format!("gf_{}", "0".repeat(64)));
        assert_eq!(r.status, 401, "{e}");
        assert!(r.json()["message"].as_str().unwrap().contains("unknown"));
    }
    for e in &endpoints[..8] {
        let r = s.get(e, &validate);
        assert_eq!(r.status, 403, "{e}: {}", r.text());
        assert!(r
            .header("www-authenticate")
            .unwrap()
            .contains("insufficient_scope"));
        assert_ne!(s.get(e, &read).status, 401);
        assert_ne!(s.get(e, &admin).status, 403);
    }
    let body = Some(("application/yaml", BLOCKED.as_bytes()));
    assert_eq!(
        s.request("POST", "/api/v1/validations?name=a", None, body)
            .status,
        401
    );
    let r = s.request("POST", "/api/v1/validations?name=a", Some(&read), body);
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(
        s.request("POST", "/api/v1/validations?name=a", Some(&admin), body)
            .status,
        201
    );
    assert_eq!(
        s.request("POST", "/api/v1/validations?name=a", Some(&validate), body)
            .status,
        201
    );
    // Health needs no token (load balancers), and gives no data.
    let h = s.request("GET", "/api/v1/health", None, None);
    assert_eq!(h.status, 200);
    assert_eq!(h.json()["status"], "ok");
    // Revoked: 401 from then on.
    let out = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .args(["token", "revoke", "--db"])
        .arg(&db)
        .args(["--id", "1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(s.get("/api/v1/apis", &read).status, 401);
    // The database holds hashes, never the tokens.
    drop(s);
    let (bytes, wal) = match backend {
        Backend::Sqlite => (
            std::fs::read(db.path()).unwrap(),
            std::fs::read(db.path().with_extension("db-wal")).unwrap_or_default(),
        ),
        // Every row of the tokens table, as text.
        Backend::Postgres => {
            let mut c = postgres::Client::connect(db.arg_str(), postgres::NoTls).unwrap();
            let rows = c.query("SELECT t::text FROM tokens t", &[]).unwrap();
            assert_eq!(rows.len(), 3);
            let text: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
            (text.join("\n").into_bytes(), Vec::new())
        }
    };
    assert!(
        bytes.windows(3).any(|w| w == b"ops"),
        "the tokens were read"
    );
    for t in [&read, &validate, &admin] {
        let needle = t.as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
        assert!(!wal.windows(needle.len()).any(|w| w == needle));
    }
    // `token create` refuses an unknown scope.
    let out = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .args(["token", "create", "--db"])
        .arg(&db)
        .args(["--scope", "gardefou:write", "--name", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Bad submissions get clear errors, and nothing is stored for them.
fn bad_submissions(backend: Backend) {
    let (_t, db) = setup(backend);
    let token = token(&db, "validate,read", "ci");
    let s = Service::start(&db, &["--max-body", "2000"]);
    let post = |q: &str, media: &str, body: &[u8]| {
        s.request(
            "POST",
            &format!("/api/v1/validations?{q}"),
            Some(&token),
            Some((media, body)),
        )
    };
    let yaml = "application/yaml";
    let r = post("stage=publish", yaml, BLOCKED.as_bytes());
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().contains("`name`"));
    let r = post("name=a&stage=launch", yaml, BLOCKED.as_bytes());
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().contains("launch"));
    assert_eq!(
        post("name=a&colour=red", yaml, BLOCKED.as_bytes()).status,
        400
    );
    assert_eq!(post("name=a%01b", yaml, BLOCKED.as_bytes()).status, 400);
    let r = post("name=a", "text/plain", BLOCKED.as_bytes());
    assert_eq!(r.status, 415);
    assert_eq!(post("name=a", yaml, b"").status, 400);
    let big = format!("{BLOCKED}{}", "# padding\n".repeat(300));
    let r = post("name=a", yaml, big.as_bytes());
    assert_eq!(r.status, 413, "{}", r.text());
    let r = post("name=a", yaml, b"openapi: 3.1.0\ninfo: {title: x\n");
    assert_eq!(r.status, 422, "{}", r.text());
    let d = r.json()["description"].as_str().unwrap().to_string();
    assert!(d.starts_with("openapi.yaml:"), "{d}");
    let r = post("name=a", "application/json", b"{\"hello\": 1}");
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.json()["description"]
        .as_str()
        .unwrap()
        .contains("not-openapi"));
    assert_eq!(post("name=a", yaml, b"\xff\xfe\x00garbage").status, 422);
    // Unknown endpoint, API and rule: 404 in the same shape.
    assert_eq!(s.get("/api/v1/nothing", &token).status, 404);
    assert_eq!(s.get("/api/v1/apis/a", &token).status, 404);
    assert_eq!(s.get("/api/v1/apis/a/history", &token).status, 404);
    assert_eq!(s.get("/api/v1/validations/0123", &token).status, 404);
    let r = s.get("/api/v1/apis?limit=-1", &token);
    assert_eq!(r.status, 400);
    assert_eq!(s.get("/api/v1/apis", &token).json()["count"], 0);
}

/// Policies, rulesets and rule docs come from the ruleset the service was started with.
#[test]
fn policies_rulesets_rules() {
    let (_t, db) = setup(Backend::Sqlite);
    let token = token(&db, "read", "reader");
    let s = Service::start(&db, &[]);
    let p = s.get("/api/v1/policies", &token).json();
    let names: Vec<&str> = p["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "wso2:best-practices",
            "public-apis",
            "internal-apis",
            "partner-apis",
            "retired-apis"
        ]
    );
    let public = &p["list"][1];
    assert_eq!(public["appliesTo"]["labels"], serde_json::json!(["public"]));
    assert_eq!(public["rulesets"][0]["name"], "./rules/metadata.yaml");
    assert_eq!(public["rulesets"][0]["target"], "metadata");
    assert!(public["actions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["stage"] == "publish" && a["action"] == "block"));
    let r = s.get("/api/v1/rulesets", &token).json();
    assert_eq!(r["list"][0]["use"], "score");
    assert!(r["list"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["name"] == "./rules/definition.yaml"
            && x["rules"]
                .as_array()
                .unwrap()
                .iter()
                .any(|id| id == "public-servers-https")));
    let rule = s.get("/api/v1/rules/public-servers-https", &token);
    assert_eq!(rule.status, 200);
    assert_eq!(rule.json()["summary"], "Servers are reached over HTTPS.");
    assert_eq!(rule.json()["setting"], "error");
    let native = s.get("/api/v1/rules/info-contact", &token).json();
    assert!(native["description"].as_str().unwrap().len() > 20);
    assert_eq!(s.get("/api/v1/rules/no-such-rule", &token).status, 404);
}

fn big_document() -> Option<Vec<u8>> {
    let p = root().join("../shared/corpus/docs/github/api.github.com.json");
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{} is missing",
                p.display()
            );
            None
        }
    }
}

/// A slow validation answers 202 and a URL to poll; with every worker and queue place taken
/// the next one gets 503 with Retry-After; the first then completes and is stored once; past
/// the time budget a run fails with 422.
fn queue_polling_and_time_budget(backend: Backend) {
    let Some(big) = big_document() else { return };
    let (_t, db) = setup(backend);
    let token = token(&db, "validate,read", "ci");
    let s = Service::start(
        &db,
        &[
            "--workers",
            "1",
            "--queue",
            "0",
            "--wait",
            "0.05",
            "--max-body",
            "20000000",
        ],
    );
    let r = s.request(
        "POST",
        "/api/v1/validations?name=github",
        Some(&token),
        Some(("application/json", &big)),
    );
    assert_eq!(r.status, 202, "{}", r.text());
    let href = r.header("location").unwrap().to_string();
    assert_eq!(r.json()["href"], href.as_str());
    assert!(["queued", "running"].contains(&r.json()["status"].as_str().unwrap()));
    let full = s.request(
        "POST",
        "/api/v1/validations?name=other",
        Some(&token),
        Some(("application/yaml", BLOCKED.as_bytes())),
    );
    assert_eq!(full.status, 503, "{}", full.text());
    assert!(full.header("retry-after").is_some());
    let p = s.get(&href, &token);
    assert_eq!(p.status, 202);
    let done = loop {
        let p = s.get(&href, &token);
        if p.status != 202 {
            break p;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["status"], "done");
    assert!(done.json()["score"]["operations"].as_u64().unwrap() > 500);
    let h = s.get("/api/v1/apis/github/history", &token).json();
    assert_eq!(h["count"], 1);
    assert_eq!(s.get("/api/v1/apis/other", &token).status, 404);
    drop(s);
    let s = Service::start(&db, &["--time-budget", "0.05", "--max-body", "20000000"]);
    let r = s.validate("name=slow", &token, "application/json", &big);
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("time budget"));
    assert_eq!(s.get("/api/v1/apis/slow", &token).status, 404);
}

/// SIGTERM while validations are queued: the service stops taking requests, finishes them,
/// stores them, then exits 0.
fn graceful_shutdown_drains_the_queue(backend: Backend) {
    let Some(big) = big_document() else { return };
    let (_t, db) = setup(backend);
    let token = token(&db, "validate,read", "ci");
    let s = Service::start(
        &db,
        &["--workers", "1", "--wait", "0.05", "--max-body", "20000000"],
    );
    let mut hrefs = Vec::new();
    for i in 0..3 {
        let r = s.request(
            "POST",
            &format!("/api/v1/validations?name=g{i}"),
            Some(&token),
            Some(("application/json", &big)),
        );
        assert_eq!(r.status, 202);
        hrefs.push(r);
    }
    let status = s.stop();
    assert!(status.success(), "{status:?}");
    let db = db.open();
    assert_eq!(db.count_runs(None).unwrap(), 3);
    for r in hrefs {
        let id = r.json()["id"].as_str().unwrap().to_string();
        assert_eq!(db.count_runs(Some(&id)).unwrap(), 1);
    }
}

/// The dashboard: names from submissions are escaped, links resolve, it needs a token unless
/// public, and headless Chromium renders it (when installed).
fn dashboard_pages(backend: Backend) {
    let (t, db) = setup(backend);
    let token = token(&db, "validate,read", "ci");
    let s = Service::start(&db, &["--public-dashboard"]);
    let hostile = "<script>alert(1)</script>";
    let q = "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&labels=a%26b&team=t%22eam";
    let r = s.validate(q, &token, "application/yaml", BLOCKED.as_bytes());
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["api"]["name"], hostile);
    let r = s.validate(
        "name=usage&labels=x",
        &token,
        "application/yaml",
        BLOCKED.replace("http://", "https://").as_bytes(),
    );
    assert_eq!(r.status, 201);
    let home = s.request("GET", "/", None, None);
    assert_eq!(home.status, 200);
    let html = home.text();
    assert!(!html.contains(hostile), "unescaped name");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("a&amp;b"));
    assert!(html.contains("t&quot;eam"));
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "no external assets"
    );
    for l in ["<link", "src=\""] {
        assert!(!html.contains(l), "{l}");
    }
    // Every link on the page resolves.
    let links: Vec<String> = html
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().replace("&amp;", "&"))
        .collect();
    assert!(links.len() >= 2);
    for l in &links {
        let r = s.request("GET", l, None, None);
        assert_eq!(r.status, 200, "{l}");
        assert!(!r.text().contains(hostile));
    }
    let filtered = s.request("GET", "/?label=x", None, None).text();
    assert!(filtered.contains("/apis/usage"));
    assert!(!filtered.contains("/apis/%3Cscript"));
    let api = s.request(
        "GET",
        "/apis/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        None,
        None,
    );
    assert_eq!(api.status, 200);
    assert!(
        api.text().contains("public-servers-https"),
        "latest findings and policies shown"
    );
    assert_eq!(s.request("GET", "/apis/nope", None, None).status, 404);
    drop(s);
    // Without --public-dashboard: a token (header or cookie) is needed.
    let s = Service::start(&db, &[]);
    assert_eq!(s.request("GET", "/", None, None).status, 401);
    assert_eq!(s.get("/", &token).status, 200);
    drop(s);
    chromium(t.path(), &db);
}

/// Headless Chromium loads both pages from the service: the tables and charts are in the DOM
/// it built, and the hostile name stayed text.
fn chromium(dir: &std::path::Path, db: &TestDb) {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!("SKIPPED the Chromium part: no chromium on this machine");
        return;
    };
    let s = Service::start(db, &["--public-dashboard"]);
    for page in ["/", "/apis/usage"] {
        let out = Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
            .arg(format!("--user-data-dir={}", dir.join("profile").display()))
            .arg(format!("http://{}{page}", s.addr))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dom = String::from_utf8_lossy(&out.stdout);
        assert!(dom.contains("<table>"), "{page}: {dom}");
        assert!(dom.contains("<svg"), "{page}");
        // The hostile name stayed text: no script element ran or was made from it.
        assert!(!dom.contains("<script>alert(1)</script>"), "{page}");
    }
}

/// `docs/serve-openapi.yaml` describes every route the service has, and scores A with
/// gardefou:recommended and WSO2's definition rulesets, without an error.
#[test]
fn the_service_openapi_document_scores_a() {
    let doc = root().join("docs/serve-openapi.yaml");
    let text = std::fs::read_to_string(&doc).unwrap();
    let documented: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  /") && l.ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    assert_eq!(
        documented,
        [
            "/validations",
            "/validations/{id}",
            "/apis",
            "/apis/{name}",
            "/apis/{name}/history",
            "/artifact-compliance/summary",
            "/policy-adherence",
            "/policies",
            "/rulesets",
            "/rules/{id}",
            "/health",
        ]
    );
    let doc = doc.to_str().unwrap();
    for ruleset in [
        "gardefou:recommended",
        "wso2:rest-api-design-guidelines",
        "wso2:owasp-top-10",
    ] {
        let v = cli_json(&["score", doc, "-r", ruleset, "-f", "json"]);
        let grade = v["apis"][0]["grade"].as_str().unwrap();
        assert!(
            grade.starts_with('A'),
            "{ruleset}: {grade} {:.1}",
            v["apis"][0]["score"]
        );
        let lint = Command::new(env!("CARGO_BIN_EXE_gardefou"))
            .args(["lint", doc, "-r", ruleset, "--fail-severity", "error"])
            .output()
            .unwrap();
        assert_eq!(
            lint.status.code(),
            Some(0),
            "{ruleset}: {}",
            String::from_utf8_lossy(&lint.stdout)
        );
    }
}

/// `gardefou check|score … --history DB` writes the same rows as the service: one run per API
/// with the compliance `check` reports, readable through the service afterwards.
fn cli_history_writes_the_same_rows(backend: Backend) {
    let (_t, db) = setup(backend);
    let db_arg = db.arg_str();
    let check = cli_json(&[
        "check",
        "fixtures/governance",
        "--stage",
        "publish",
        "-f",
        "json",
        "--history",
        db_arg,
    ]);
    let apis = check["apis"].as_array().unwrap();
    assert_eq!(apis.len(), 6);
    let out = Command::new(env!("CARGO_BIN_EXE_gardefou"))
        .args([
            "score",
            "fixtures/governance/specs/playground.yaml",
            "-r",
            "fixtures/governance/.gardefou.yaml",
            "--history",
            db_arg,
        ])
        .env("GARDEFOU_ACTOR", "nightly")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 run(s) recorded"));
    let token = token(&db, "read", "reader");
    let s = Service::start(&db, &[]);
    let list = s.get("/api/v1/apis", &token).json();
    assert_eq!(list["count"], 6);
    for a in list["list"].as_array().unwrap() {
        let latest = &a["latest"];
        assert_eq!(latest["source"], "cli");
        let name = a["name"].as_str().unwrap();
        let from_check = apis
            .iter()
            .find(|c| c["name"].as_str().unwrap().starts_with(name))
            .unwrap_or_else(|| panic!("{name} not in check's report"));
        if name != "Playground" {
            assert_eq!(latest["compliance"], from_check["status"], "{name}");
            assert_eq!(
                latest["version"]
                    .as_str()
                    .map(|v| from_check["name"].as_str().unwrap().ends_with(v)),
                Some(true)
            );
        }
    }
    let playground = s.get("/api/v1/apis/Playground/history", &token).json();
    assert_eq!(playground["count"], 2);
    assert_eq!(playground["list"][0]["actor"], "nightly");
    assert_eq!(playground["list"][0]["compliance"], "NOT-APPLICABLE");
}
