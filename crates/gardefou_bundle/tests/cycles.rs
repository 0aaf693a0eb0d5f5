//! Recursive definitions: hoisted as usual; dereferenced everywhere but on the cycle, which
//! keeps a `$ref` into its section; copies that would contain themselves point back instead.

mod support;
use gardefou_bundle::Options;
use support::*;

fn paths(schemas: &[&str]) -> String {
    let mut s = format!("{HEAD30}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n");
    for (i, r) in schemas.iter().enumerate() {
        s += &format!("            t{i}/json: {{schema: {{$ref: '{r}'}}}}\n");
    }
    s
}

const TREE: &str =
    "type: object\nproperties:\n  children: {type: array, items: {$ref: 'tree.yaml'}}\n";
const A: &str = "properties:\n  b: {$ref: 'b.yaml'}\n";
const B: &str = "properties:\n  a: {$ref: 'a.yaml'}\n  leaf: {$ref: 'leaf.yaml'}\n";
const LEAF: &str = "type: string\n";

#[test]
fn recursive_schemas_are_hoisted_like_any_other() {
    let root = paths(&["tree.yaml", "a.yaml"]);
    let text = yaml(&[
        ("api.yaml", &root),
        ("tree.yaml", TREE),
        ("a.yaml", A),
        ("b.yaml", B),
        ("leaf.yaml", LEAF),
    ]);
    for want in [
        "    tree:\n      type: object\n      properties:\n        children:\n          type: array\n          items:\n            $ref: \"#/components/schemas/tree\"\n",
        "    a:\n      properties:\n        b:\n          $ref: \"#/components/schemas/b\"\n",
        "    b:\n      properties:\n        a:\n          $ref: \"#/components/schemas/a\"\n        leaf:\n          $ref: \"#/components/schemas/leaf\"\n",
    ] {
        assert!(text.contains(want), "no {want:?} in\n{text}");
    }
}

#[test]
fn dereferencing_inlines_all_but_the_cycles() {
    let mut root = paths(&[
        "tree.yaml",
        "a.yaml",
        "leaf.yaml",
        "#/components/schemas/Node",
        "#/components/schemas/Plain",
    ]);
    root += "components:\n  schemas:\n    Node:\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n    Plain: {type: integer}\n";
    let text = deref(&[
        ("api.yaml", &root),
        ("tree.yaml", TREE),
        ("a.yaml", A),
        ("b.yaml", B),
        ("leaf.yaml", LEAF),
    ]);
    let want = "            t0/json:
              schema:
                $ref: \"#/components/schemas/tree\"
            t1/json:
              schema:
                $ref: \"#/components/schemas/a\"
            t2/json:
              schema:
                type: string
            t3/json:
              schema:
                $ref: \"#/components/schemas/Node\"
            t4/json:
              schema:
                type: integer
components:
  schemas:
    Node:
      properties:
        next:
          $ref: \"#/components/schemas/Node\"
    Plain:
      type: integer
    tree:
      type: object
      properties:
        children:
          type: array
          items:
            $ref: \"#/components/schemas/tree\"
    a:
      properties:
        b:
          $ref: \"#/components/schemas/b\"
    b:
      properties:
        a:
          $ref: \"#/components/schemas/a\"
        leaf:
          type: string
";
    assert!(text.ends_with(want), "{text}");
    let mut all = Vec::new();
    let b = try_bundle(
        &[
            ("api.yaml", &root),
            ("tree.yaml", TREE),
            ("a.yaml", A),
            ("b.yaml", B),
            ("leaf.yaml", LEAF),
        ],
        &Options {
            dereference: true,
            ..Options::default()
        },
    )
    .unwrap();
    refs(&b.root, &mut all);
    all.sort();
    all.dedup();
    assert_eq!(
        all,
        [
            "#/components/schemas/Node",
            "#/components/schemas/a",
            "#/components/schemas/b",
            "#/components/schemas/tree"
        ]
    );
}

#[test]
fn a_copy_that_would_contain_itself_points_back_to_where_it_is() {
    let root = format!("{HEAD30}paths: {{}}\nx-ext: {{$ref: 'ext.yaml'}}\n");
    let text = yaml(&[
        ("api.yaml", &root),
        ("ext.yaml", "name: outer\nself: {$ref: 'ext.yaml'}\n"),
    ]);
    assert!(
        text.ends_with("x-ext:\n  name: outer\n  self:\n    $ref: \"#/x-ext\"\n"),
        "{text}"
    );
}

#[test]
fn a_reference_cycle_without_content_is_an_error() {
    let root = paths(&["a.yaml"]);
    let e = errors(&[
        ("api.yaml", &root),
        ("a.yaml", "$ref: 'b.yaml'\n"),
        ("b.yaml", "$ref: 'a.yaml'\n"),
    ]);
    assert_eq!(
        e,
        ["api.yaml:10:38: `b.yaml` is part of a reference cycle"],
        "{e:?}"
    );
}

#[test]
fn dereferencing_that_would_explode_stops_at_the_node_limit() {
    // Each level refers to the next twice: 2^40 copies once dereferenced.
    let mut files = vec![("api.yaml".to_string(), paths(&["l0.yaml"]))];
    for i in 0..40 {
        files.push((
            format!("l{i}.yaml"),
            format!(
                "properties:\n  x: {{$ref: 'l{n}.yaml'}}\n  y: {{$ref: 'l{n}.yaml'}}\n",
                n = i + 1
            ),
        ));
    }
    files.push(("l40.yaml".into(), LEAF.into()));
    let list: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let options = Options {
        dereference: true,
        max_nodes: 100_000,
        ..Options::default()
    };
    let start = std::time::Instant::now();
    let e = try_bundle(&list, &options).unwrap_err();
    assert!(start.elapsed().as_secs() < 5);
    assert_eq!(e.problems.len(), 1);
    assert!(
        e.problems[0]
            .message
            .starts_with("the bundle would have more than 100000 nodes"),
        "{:?}",
        e.problems
    );
    // Hoisted, it is small.
    yaml(&list);
}
