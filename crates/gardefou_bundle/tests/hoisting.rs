//! OpenAPI 3.0: external references hoisted into the section their context calls for, under
//! readable unique names, each target once; internal references kept; inline contexts inlined.

mod support;
use support::*;

fn api(paths: &str, rest: &str) -> String {
    format!("{HEAD30}paths:\n{paths}{rest}")
}

#[test]
fn each_context_hoists_into_its_section() {
    let root = api(
        "  /pets/{id}:
    parameters: [{$ref: 'params.yaml#/PetId'}]
    post:
      requestBody: {$ref: 'bodies/new-pet.yaml'}
      responses:
        '201':
          $ref: 'responses.yaml#/Created'
      callbacks:
        onEvent: {$ref: 'callbacks.yaml#/onEvent'}
",
        "",
    );
    let text = yaml(&[
        ("api.yaml", &root),
        (
            "params.yaml",
            "PetId: {name: id, in: path, required: true, schema: {$ref: 'schemas/id.yaml'}}\n",
        ),
        (
            "bodies/new-pet.yaml",
            "content:\n  application/json:\n    schema: {$ref: '../schemas/pet.yaml'}\n    examples:\n      one: {$ref: '../examples.yaml#/one'}\n",
        ),
        (
            "responses.yaml",
            "Created:\n  description: created\n  headers:\n    Location: {$ref: 'headers.yaml#/Location'}\n  links:\n    self: {$ref: 'links.yaml#/self'}\n",
        ),
        ("headers.yaml", "Location: {schema: {type: string}}\n"),
        ("links.yaml", "self: {operationId: getPet}\n"),
        ("examples.yaml", "one: {value: {name: Rex}}\n"),
        (
            "callbacks.yaml",
            "onEvent:\n  '{$request.body#/url}':\n    post:\n      responses: {'200': {description: ok}}\n",
        ),
        ("schemas/id.yaml", "type: string\n"),
        ("schemas/pet.yaml", "type: object\nproperties:\n  id: {$ref: 'id.yaml'}\n"),
    ]);
    let expected = "components:
  schemas:
    id:
      type: string
    pet:
      type: object
      properties:
        id:
          $ref: \"#/components/schemas/id\"
  responses:
    Created:
      description: created
      headers:
        Location:
          $ref: \"#/components/headers/Location\"
      links:
        self:
          $ref: \"#/components/links/self\"
  parameters:
    PetId:
      name: id
      in: path
      required: true
      schema:
        $ref: \"#/components/schemas/id\"
  examples:
    one:
      value:
        name: Rex
  requestBodies:
    new-pet:
      content:
        application/json:
          schema:
            $ref: \"#/components/schemas/pet\"
          examples:
            one:
              $ref: \"#/components/examples/one\"
  headers:
    Location:
      schema:
        type: string
  links:
    self:
      operationId: getPet
  callbacks:
    onEvent:
      \"{$request.body#/url}\":
        post:
          responses:
            \"200\":
              description: ok
";
    assert!(text.ends_with(expected), "{text}");
    for want in [
        "    parameters:\n      - $ref: \"#/components/parameters/PetId\"\n",
        "      requestBody:\n        $ref: \"#/components/requestBodies/new-pet\"\n",
        "        \"201\":\n          $ref: \"#/components/responses/Created\"\n",
        "        onEvent:\n          $ref: \"#/components/callbacks/onEvent\"\n",
    ] {
        assert!(text.contains(want), "no {want:?} in\n{text}");
    }
}

#[test]
fn the_same_target_is_hoisted_once_however_it_is_spelled() {
    let root = api(
        "  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: './schemas/pet.yaml'}}
            application/xml: {schema: {$ref: 'schemas/../schemas/pet.yaml#'}}
            text/plain: {schema: {$ref: 'other/use.yaml'}}
",
        "",
    );
    let text = yaml(&[
        ("api.yaml", &root),
        ("schemas/pet.yaml", "type: object\n"),
        ("other/use.yaml", "$ref: '../schemas/pet.yaml'\n"),
    ]);
    assert_eq!(
        text.matches("$ref: \"#/components/schemas/pet\"").count(),
        3,
        "{text}"
    );
    assert_eq!(text.matches("    pet:\n").count(), 1, "{text}");
    // A reference to a reference is hoisted as its final target.
    assert!(!text.contains("use"), "{text}");
}

#[test]
fn names_are_readable_and_unique() {
    let root = api(
        "  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            a/json: {schema: {$ref: 'v1/models/pet.yaml'}}
            b/json: {schema: {$ref: 'v2/models/pet.yaml'}}
            c/json: {schema: {$ref: 'v2/pet.yaml'}}
            d/json: {schema: {$ref: 'defs.yaml#/Pet'}}
            e/json: {schema: {$ref: 'more.yaml#/Pet'}}
            f/json: {schema: {$ref: 'odd name.yaml'}}
            g/json: {schema: {$ref: 'defs.yaml#/list/1'}}
",
        "components:\n  schemas:\n    Pet: {type: object}\n",
    );
    let text = yaml(&[
        ("api.yaml", &root),
        ("v1/models/pet.yaml", "title: v1\n"),
        ("v2/models/pet.yaml", "title: v2\n"),
        ("v2/pet.yaml", "title: v2 flat\n"),
        (
            "defs.yaml",
            "Pet: {title: defs}\nlist: [{title: zero}, {title: one}]\n",
        ),
        ("more.yaml", "Pet: {title: more}\n"),
        ("odd name.yaml", "title: odd\n"),
    ]);
    // The file's name, then its telling folder (`models` says nothing), then a number; a
    // fragment's last token, then the file's name before it; the root's own names are taken.
    let names = [
        ("pet", "v1"),
        ("v2_pet", "v2"),
        ("pet_2", "v2 flat"),
        ("defs_Pet", "defs"),
        ("more_Pet", "more"),
        ("odd_name", "odd"),
        ("list_1", "one"),
    ];
    for (name, title) in names {
        let want = format!("    {name}:\n      title: {title}\n");
        assert!(text.contains(&want), "no {want:?} in\n{text}");
        assert!(
            text.contains(&format!("$ref: \"#/components/schemas/{name}\"")),
            "{text}"
        );
    }
    // The same input, the same names.
    assert_eq!(
        text,
        yaml(&[
            ("api.yaml", &root),
            ("v1/models/pet.yaml", "title: v1\n"),
            ("v2/models/pet.yaml", "title: v2\n"),
            ("v2/pet.yaml", "title: v2 flat\n"),
            (
                "defs.yaml",
                "Pet: {title: defs}\nlist: [{title: zero}, {title: one}]\n"
            ),
            ("more.yaml", "Pet: {title: more}\n"),
            ("odd name.yaml", "title: odd\n"),
        ])
    );
}

#[test]
fn internal_references_stay_and_those_into_hoisted_files_follow_them() {
    let root = api(
        "  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Local'}}
            a/json: {schema: {$ref: 'pets.yaml#/Pet'}}
            b/json: {schema: {$ref: 'pets.yaml#/Pet/properties/owner'}}
",
        "components:\n  schemas:\n    Local:\n      properties:\n        up: {$ref: '#/components/schemas/Local'}\n",
    );
    let text = yaml(&[
        ("api.yaml", &root),
        (
            "pets.yaml",
            "Pet:\n  properties:\n    owner: {$ref: '#/Owner'}\n    home: {$ref: 'api.yaml#/components/schemas/Local'}\nOwner: {type: object}\n",
        ),
    ]);
    assert!(
        text.contains("$ref: \"#/components/schemas/Local\"\n            a/json"),
        "{text}"
    );
    assert!(
        text.contains("        up:\n          $ref: \"#/components/schemas/Local\"\n"),
        "{text}"
    );
    // `#/Owner` inside pets.yaml now names the hoisted Owner; a reference to the root, the root.
    assert!(text.contains("    Pet:\n      properties:\n        owner:\n          $ref: \"#/components/schemas/Owner\"\n        home:\n          $ref: \"#/components/schemas/Local\"\n"), "{text}");
    // A pointer into Pet's property resolves to the same target as `#/Owner`: hoisted once.
    assert!(
        text.contains(
            "b/json:\n              schema:\n                $ref: \"#/components/schemas/Owner\""
        ),
        "{text}"
    );
}

#[test]
fn a_pointer_inside_a_hoisted_object_points_into_it() {
    let root = api(
        "  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            a/json: {schema: {$ref: 'pet.yaml'}}
            b/json: {schema: {$ref: 'pet.yaml#/properties/tags/items'}}
",
        "",
    );
    let text = yaml(&[
        ("api.yaml", &root),
        (
            "pet.yaml",
            "type: object\nproperties:\n  tags:\n    type: array\n    items: {type: string}\n",
        ),
    ]);
    assert!(
        text.contains("$ref: \"#/components/schemas/pet/properties/tags/items\""),
        "{text}"
    );
    assert_eq!(text.matches("type: string").count(), 1, "{text}");
}

#[test]
fn a_section_entry_that_is_only_a_ref_takes_its_target() {
    let root = api(
        "  /a:
    get:
      responses:
        '200': {$ref: 'ok.yaml'}
",
        "components:
  schemas:
    Pet: {$ref: 'pet.yaml'}
    Alias: {$ref: 'pet.yaml'}
    Described: {$ref: 'pet.yaml', description: kept beside the reference}
  responses:
    Ok: {$ref: 'ok.yaml'}
",
    );
    let text = yaml(&[
        ("api.yaml", &root),
        ("pet.yaml", "type: object\n"),
        (
            "ok.yaml",
            "description: ok\ncontent: {application/json: {schema: {$ref: 'pet.yaml'}}}\n",
        ),
    ]);
    let want = "components:
  schemas:
    Pet:
      type: object
    Alias:
      $ref: \"#/components/schemas/Pet\"
    Described:
      $ref: \"#/components/schemas/Pet\"
      description: kept beside the reference
  responses:
    Ok:
      description: ok
      content:
        application/json:
          schema:
            $ref: \"#/components/schemas/Pet\"
";
    assert!(text.ends_with(want), "{text}");
    assert!(
        text.contains("\"200\":\n          $ref: \"#/components/responses/Ok\""),
        "{text}"
    );
}

#[test]
fn contexts_without_a_section_are_inlined() {
    let root = "openapi: 3.0.3
info:
  title: T
  version: '1'
  description: {$ref: 'intro.yaml#/text'}
paths:
  /a: {$ref: 'paths/a.yaml'}
  /b:
    get: {$ref: 'ops/get-b.yaml'}
    x-extra: {$ref: 'extra.yaml'}
";
    let text = yaml(&[
        ("api.yaml", root),
        ("intro.yaml", "text: |\n  Two\n  lines\n"),
        (
            "paths/a.yaml",
            "get:\n  responses:\n    '200': {$ref: '../ok.yaml'}\n",
        ),
        (
            "ops/get-b.yaml",
            "operationId: getB\nresponses:\n  '200': {$ref: '../ok.yaml'}\n",
        ),
        ("ok.yaml", "description: ok\n"),
        ("extra.yaml", "any: data\n"),
    ]);
    let want = "info:
  title: T
  version: \"1\"
  description: |
    Two
    lines
paths:
  /a:
    get:
      responses:
        \"200\":
          $ref: \"#/components/responses/ok\"
  /b:
    get:
      operationId: getB
      responses:
        \"200\":
          $ref: \"#/components/responses/ok\"
    x-extra:
      any: data
components:
  responses:
    ok:
      description: ok
";
    assert!(text.ends_with(want), "{text}");
}

#[test]
fn a_discriminator_mapping_names_the_hoisted_schemas() {
    let root = api(
        "  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: 'models/pet.yaml'}}
",
        "",
    );
    let text = yaml(&[
        ("api.yaml", &root),
        (
            "models/pet.yaml",
            "oneOf: [{$ref: 'cat.yaml'}, {$ref: 'dog.yaml#/Dog'}]
discriminator:
  propertyName: kind
  mapping:
    cat: 'cat.yaml'
    dog: 'dog.yaml#/Dog'
    bird: Bird
",
        ),
        ("models/cat.yaml", "type: object\n"),
        ("models/dog.yaml", "Dog: {type: object}\n"),
    ]);
    assert!(
        text.contains("mapping:\n          cat: \"#/components/schemas/cat\"\n          dog: \"#/components/schemas/Dog\"\n          bird: Bird\n"),
        "{text}"
    );
}

#[test]
fn bundling_a_single_file_changes_nothing() {
    let root = api(
        "  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/A'}}
",
        "components:\n  schemas:\n    A: {type: object}\n",
    );
    let s = set(&[("api.yaml", &root)]);
    let b = gardefou_bundle::bundle(&s, &gardefou_bundle::Options::default()).unwrap();
    assert_eq!(b.root.to_json(), s.root().root.as_ref().unwrap().to_json());
    assert!(b.hoisted.is_empty());
    assert_eq!(b.placements.len(), 1);
}
