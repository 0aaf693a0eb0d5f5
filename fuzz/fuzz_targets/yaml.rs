//! YAML: bytes → decoded text → spanned tree, with the default limits. Nothing may panic, every
//! span must lie inside the text, and the tree must convert to JSON.
#![no_main]

use gardefou_fuzz::check_tree;
use gardefou_source::{decode, parse, Limits, LineIndex, Syntax};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match decode(data.to_vec()) {
        Ok(text) => {
            let parsed = parse(&text, Syntax::Yaml, &Limits::default());
            check_tree(&text, parsed.root.as_ref(), &parsed.issues);
            if let Some(root) = &parsed.root {
                let _ = root.to_json();
            }
        }
        // The issue of undecodable bytes is placed in the text read before them.
        Err(u) => {
            check_tree(&u.text, None, std::slice::from_ref(&u.issue));
            let _ = LineIndex::new(&u.text).position(&u.text, u.issue.span.start);
        }
    }
});
