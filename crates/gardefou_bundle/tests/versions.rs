//! Swagger 2.0 and OpenAPI 3.1: the sections each version has.

mod support;
use support::*;

#[test]
fn swagger_2_hoists_into_definitions_parameters_and_responses() {
    let root = "swagger: '2.0'
info: {title: T, version: '1'}
paths:
  /pets:
    parameters: [{$ref: 'common.yaml#/parameters/limit'}]
    post:
      parameters:
        - {name: body, in: body, schema: {$ref: 'pet.yaml'}}
      responses:
        '200': {$ref: 'common.yaml#/responses/Ok'}
definitions:
  Local: {type: object}
";
    let text = yaml(&[
        ("api.yaml", root),
        ("pet.yaml", "type: object\nproperties:\n  tags: {type: array, items: {$ref: 'tag.yaml'}}\n"),
        ("tag.yaml", "type: string\n"),
        (
            "common.yaml",
            "parameters:\n  limit: {name: limit, in: query, type: integer}\nresponses:\n  Ok:\n    description: ok\n    schema: {$ref: 'pet.yaml'}\n    headers:\n      X-Rate: {$ref: 'headers.yaml#/rate'}\n",
        ),
        ("headers.yaml", "rate: {type: integer}\n"),
    ]);
    let want = "definitions:
  Local:
    type: object
  pet:
    type: object
    properties:
      tags:
        type: array
        items:
          $ref: \"#/definitions/tag\"
  tag:
    type: string
responses:
  Ok:
    description: ok
    schema:
      $ref: \"#/definitions/pet\"
    headers:
      X-Rate:
        type: integer
parameters:
  limit:
    name: limit
    in: query
    type: integer
";
    // Swagger 2.0 has no section for headers: inlined.
    assert!(text.ends_with(want), "{text}");
    assert!(
        text.contains("parameters:\n      - $ref: \"#/parameters/limit\""),
        "{text}"
    );
    assert!(
        text.contains("\"200\":\n          $ref: \"#/responses/Ok\""),
        "{text}"
    );
    assert!(!text.contains("components"), "{text}");
}

#[test]
fn openapi_3_1_hoists_path_items_and_webhooks_and_keeps_siblings() {
    let root = "openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a: {$ref: 'paths/a.yaml', summary: The A path}
webhooks:
  ping: {$ref: 'paths/ping.yaml'}
components:
  schemas:
    Wrapped:
      $ref: 'schemas/base.yaml'
      properties:
        extra: {type: string}
";
    let text = yaml(&[
        ("api.yaml", root),
        (
            "paths/a.yaml",
            "get:\n  responses:\n    '200': {description: ok}\n",
        ),
        (
            "paths/ping.yaml",
            "post:\n  responses:\n    '200': {description: ok}\n",
        ),
        ("schemas/base.yaml", "type: object\n"),
    ]);
    for want in [
        "  /a:\n    $ref: \"#/components/pathItems/a\"\n    summary: The A path\n",
        "  ping:\n    $ref: \"#/components/pathItems/ping\"\n",
        "    Wrapped:\n      $ref: \"#/components/schemas/base\"\n      properties:\n        extra:\n          type: string\n",
        "  pathItems:\n    a:\n      get:\n",
        "    ping:\n      post:\n",
    ] {
        assert!(text.contains(want), "no {want:?} in\n{text}");
    }
}

#[test]
fn openapi_3_0_inlines_path_items_and_3_1_schema_siblings_survive_dereferencing() {
    let root = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a: {$ref: 'paths/a.yaml'}
";
    let text = yaml(&[
        ("api.yaml", root),
        (
            "paths/a.yaml",
            "get:\n  responses:\n    '200': {description: ok}\n",
        ),
    ]);
    assert!(text.contains("paths:\n  /a:\n    get:\n"), "{text}");
    assert!(!text.contains("pathItems"), "{text}");
    // Dereferencing 3.1: a schema `$ref` with other keywords applies both (`allOf`).
    let root = "openapi: 3.1.0
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Wrapped:
      $ref: 'base.yaml'
      properties:
        extra: {type: string}
";
    let text = deref(&[("api.yaml", root), ("base.yaml", "type: object\n")]);
    assert!(
        text.contains("    Wrapped:\n      allOf:\n        - type: object\n      properties:\n        extra:\n"),
        "{text}"
    );
}

#[test]
fn siblings_that_a_version_ignores_are_dropped_with_a_warning() {
    let root = "openapi: 3.0.3
info:
  title: T
  version: '1'
  description: {$ref: 'intro.yaml#/text', x-note: lost}
paths: {}
";
    let b = try_bundle(
        &[("api.yaml", root), ("intro.yaml", "text: Hello\n")],
        &gardefou_bundle::Options::default(),
    )
    .unwrap();
    assert_eq!(
        b.root.pointer("/info/description").and_then(|n| n.as_str()),
        Some("Hello")
    );
    let w: Vec<&str> = b.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        w,
        ["`x-note` beside a `$ref` is dropped: its target is not an object"]
    );
}
