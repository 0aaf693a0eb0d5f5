//! The JavaScript bridge: the input is a ruleset function's source, a NUL byte, and a document
//! (`DEFAULT_DOCUMENT` when there is none). The source is loaded into `gardefou_js`'s sandbox as
//! a function file (written to a temporary folder, the sandbox's only root), the document is
//! given to it, and the function is called on the resolved and the raw root, under small limits
//! (100 ms, 32 MiB per call). Nothing may panic or escape the limits.
//!
//! Starting a sandbox costs milliseconds, so one serves up to `LOADS_PER_SANDBOX` inputs (each
//! under a file name of its own) and is replaced sooner after a call stopped by a limit. A crash
//! found this way is rerun alone by libFuzzer, in a fresh sandbox.
#![no_main]

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_fuzz::{split_nul, DEFAULT_DOCUMENT};
use gardefou_js::{JsError, Limits, Sandbox, Target};
use gardefou_linter::functions::js::core_functions;
use libfuzzer_sys::fuzz_target;

const LOADS_PER_SANDBOX: usize = 200;

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("gardefou-fuzz-js-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        dir.canonicalize().expect("a canonical folder")
    })
}

fn limits() -> Limits {
    Limits {
        time: Duration::from_millis(100),
        memory: 32 << 20,
        env: Vec::new(),
    }
}

struct Warm {
    sandbox: Sandbox,
    loads: usize,
}

thread_local! {
    static WARM: RefCell<Option<Warm>> = const { RefCell::new(None) };
}

static SERIAL: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fuzz_target!(|data: &[u8]| {
    let (source, doc) = split_nul(data);
    let doc = if doc.iter().all(u8::is_ascii_whitespace) {
        DEFAULT_DOCUMENT.as_bytes()
    } else {
        doc
    };
    let set = DocumentSet::from_files(
        vec![("openapi.yaml".into(), doc.to_vec())],
        &LoadOptions::default(),
    );
    let n = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = folder().join(format!("f{n}.js"));
    std::fs::write(&file, source).expect("the function written");
    WARM.with(|w| {
        let mut w = w.borrow_mut();
        if w.as_ref().is_none_or(|w| w.loads >= LOADS_PER_SANDBOX) {
            *w = None;
            let sandbox = Sandbox::new(vec![folder().clone()], limits(), core_functions())
                .expect("a sandbox");
            *w = Some(Warm { sandbox, loads: 0 });
        }
        let warm = w.as_mut().expect("a sandbox");
        warm.loads += 1;
        let loaded = warm.sandbox.load(&file);
        let _ = std::fs::remove_file(&file);
        let mut stopped = matches!(loaded, Err(JsError::Timeout(_) | JsError::Memory(_)));
        if let Ok(f) = loaded {
            if let Some(schema) = warm.sandbox.options_schema(f) {
                let _ = gardefou_js::check_options(&schema, &serde_json::Value::Null);
            }
            let options = warm.sandbox.set_options(&serde_json::Value::Null);
            warm.sandbox.set_document(&set).expect("the document given");
            warm.sandbox
                .set_rule(&serde_json::json!({"name": "fuzz", "given": "$"}));
            for resolved in [true, false] {
                let target = Target {
                    resolved,
                    path: &[],
                    key: None,
                    has_value: true,
                };
                let out = warm.sandbox.call(f, options, &target);
                if matches!(out, Err(JsError::Timeout(_) | JsError::Memory(_))) {
                    stopped = true;
                    break;
                }
            }
        }
        if stopped {
            *w = None;
        }
    });
});
