//! What the fuzz targets share: splitting one input into several parts, and the invariants every
//! parsed tree must hold (so that a target finds wrong answers, not only crashes).

use gardefou_source::{LineIndex, Node, ParseIssue, Value};

/// The document used when an input brings none (JSONPath and JavaScript targets).
pub const DEFAULT_DOCUMENT: &str = r##"openapi: 3.1.0
info: {title: Pets, version: 1.0.0}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getPet
      tags: [pets]
      responses:
        '200':
          description: A pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              example: {id: 1, name: Rex}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        name: {type: string, pattern: '^[A-Z]'}
        parent: {$ref: '#/components/schemas/Pet'}
"##;

/// Splits `data` at the first NUL byte: (before, after). Without one, all of it is `before`.
pub fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// Most files one input of the `refs` target holds.
pub const MAX_FILES: usize = 8;

/// An in-memory file set from one input: files separated by NUL bytes, each file its name on
/// the first line and its text after it. The first file is the root; a file without a name is
/// named `fileN.yaml`.
pub fn split_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    data.split(|&b| b == 0)
        .take(MAX_FILES)
        .enumerate()
        .map(|(i, chunk)| {
            let (name, body) = match chunk.iter().position(|&b| b == b'\n') {
                Some(n) => (&chunk[..n], &chunk[n + 1..]),
                None => (chunk, &[][..]),
            };
            let name = String::from_utf8_lossy(name).trim().to_string();
            let name = if name.is_empty() {
                format!("file{i}.yaml")
            } else {
                name
            };
            (name, body.to_vec())
        })
        .collect()
}

/// Checks a parsed tree against its text: every span (keys included) lies inside the text on
/// character boundaries, and every issue has a position.
pub fn check_tree(text: &str, root: Option<&Node>, issues: &[ParseIssue]) {
    let lines = LineIndex::new(text);
    if let Some(root) = root {
        check_node(text, root);
    }
    for issue in issues {
        check_span(text, issue.span.start, issue.span.end, "issue");
        let p = lines.position(text, issue.span.start);
        assert!(p.line >= 1 && p.column >= 1, "{p:?}");
    }
}

fn check_span(text: &str, start: u32, end: u32, what: &str) {
    let (s, e) = (start as usize, end as usize);
    assert!(
        s <= e && e <= text.len(),
        "{what} span {s}..{e} outside the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what} span {s}..{e} not on character boundaries"
    );
}

fn check_node(text: &str, node: &Node) {
    check_span(text, node.span.start, node.span.end, "node");
    match &node.value {
        Value::Array(items) => {
            for item in items {
                check_node(text, item);
            }
        }
        Value::Object(members) => {
            for m in members {
                check_span(text, m.key_span.start, m.key_span.end, "key");
                check_node(text, &m.value);
            }
        }
        _ => {}
    }
}
