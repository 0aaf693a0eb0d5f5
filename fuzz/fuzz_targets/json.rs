//! JSON: bytes → decoded text → spanned tree. Nothing may panic, every span must lie inside the
//! text, and whatever `serde_json` reads as JSON must be read without a fatal issue and to the
//! same value (numbers compared as doubles, as JavaScript-based tools see them).
#![no_main]

use gardefou_fuzz::check_tree;
use gardefou_source::{decode, parse, Limits, Syntax};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data.to_vec()) else {
        return;
    };
    let parsed = parse(&text, Syntax::Json, &Limits::default());
    check_tree(&text, parsed.root.as_ref(), &parsed.issues);
    let fatal = parsed.issues.iter().find(|i| i.kind.is_fatal());
    if let Ok(want) = serde_json::from_str::<Value>(&text) {
        assert!(
            fatal.is_none(),
            "serde_json reads it, gardefou says {fatal:?}"
        );
        let got = parsed
            .root
            .as_ref()
            .map(|r| r.to_json())
            .unwrap_or(Value::Null);
        assert!(
            same(&got, &want),
            "gardefou reads {got}, serde_json reads {want}"
        );
    }
});
