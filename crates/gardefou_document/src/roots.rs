//! Whether a text is an OpenAPI root document (a top-level `openapi` or `swagger` key) rather
//! than a fragment reached by `$ref`: what `lint DIR` and the language server use to find the
//! documents to lint.

use gardefou_source::{parse, Limits, Syntax};

/// Whether `text` (a whole file, decoded) is an OpenAPI or Swagger root document. JSON is
/// parsed; YAML is recognised by a line starting with the key, so a large or broken document
/// is still found (and then reported).
pub fn is_openapi_root_text(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        let parsed = parse(text, Syntax::Json, &Limits::default());
        return parsed
            .root
            .is_some_and(|r| r.get("openapi").is_some() || r.get("swagger").is_some());
    }
    has_root_key_line(text)
}

/// Whether the first bytes of a file too large to read look like an OpenAPI document.
pub fn head_names_openapi(head: &str) -> bool {
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    if head.trim_start().starts_with('{') {
        return head.contains("\"openapi\"") || head.contains("\"swagger\"");
    }
    has_root_key_line(head)
}

/// Whether a line of a YAML text starts with an `openapi` or `swagger` key.
fn has_root_key_line(text: &str) -> bool {
    const KEYS: [&str; 6] = [
        "openapi:",
        "swagger:",
        "\"openapi\":",
        "\"swagger\":",
        "'openapi':",
        "'swagger':",
    ];
    text.lines().any(|l| {
        let l = l.trim_end();
        KEYS.iter().any(|k| l.starts_with(k))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_fragments() {
        assert!(is_openapi_root_text("openapi: 3.1.0\ninfo: {}\n"));
        assert!(is_openapi_root_text("\u{feff}swagger: '2.0'\n"));
        assert!(is_openapi_root_text("{\"openapi\": \"3.0.0\"}"));
        // A nested key is no root key; a fragment is no root.
        assert!(!is_openapi_root_text("x:\n  openapi: 3.1.0\n"));
        assert!(!is_openapi_root_text("{\"x\": {\"openapi\": \"3.0.0\"}}"));
        assert!(!is_openapi_root_text("type: object\n"));
        assert!(head_names_openapi("{\"openapi\": \"3.0"));
        assert!(!head_names_openapi("{\"type\": \"obj"));
    }
}
