//! Ruleset loading: the input is a ruleset file (Spectral's format, YAML or JSON), written to a
//! temporary folder of its own (the only file the target writes; `extends` of other files find
//! nothing there) and loaded as `-r` loads it; a ruleset that loads lints `DEFAULT_DOCUMENT`.
//! Nothing may panic; an error's position lies inside the ruleset, a finding's span inside the
//! document.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use gardefou_document::{DocumentSet, LoadOptions};
use gardefou_fuzz::DEFAULT_DOCUMENT;
use gardefou_linter::{lint, Config, JsLimits};
use libfuzzer_sys::fuzz_target;

/// `<temp>/gardefou-fuzz-ruleset-<pid>/.spectral.yaml`, its folder created once.
fn ruleset_file() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("gardefou-fuzz-ruleset-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        dir.join(".spectral.yaml")
    })
}

fn document() -> &'static DocumentSet {
    static SET: OnceLock<DocumentSet> = OnceLock::new();
    SET.get_or_init(|| {
        DocumentSet::from_files(
            vec![("openapi.yaml".into(), DEFAULT_DOCUMENT.as_bytes().to_vec())],
            &LoadOptions::default(),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let file = ruleset_file();
    std::fs::write(file, data).expect("the ruleset written");
    let limits = JsLimits {
        time: Duration::from_millis(100),
        memory: 32 << 20,
        env: Vec::new(),
    };
    match Config::load_with_limits(file, limits) {
        Err(e) => {
            if let (Some((line, column)), Ok(text)) = (e.position, std::str::from_utf8(data)) {
                // Lines as positions count them (a lone CR ends a line too).
                let lines = gardefou_source::LineIndex::new(text)
                    .position(text, text.len() as u32)
                    .line;
                assert!(line >= 1 && column >= 1, "{e}");
                assert!(line <= lines, "{e}: line {line} of {lines}");
            }
        }
        Ok(config) => {
            let set = document();
            for f in lint(set, &config) {
                let text = &set.file(f.file).text;
                assert!(
                    f.span.end as usize <= text.len(),
                    "{}: {:?}",
                    f.rule,
                    f.span
                );
            }
        }
    }
});
