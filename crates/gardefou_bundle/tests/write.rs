//! The writers: any tree reads back the same, as YAML and as JSON; strings a YAML 1.1 reader
//! would take for something else are quoted.

use gardefou_bundle::{to_json, to_yaml};
use gardefou_source::{parse, Limits, Member, Node, Number, Span, Syntax, Value};
use proptest::prelude::*;

fn node(value: Value) -> Node {
    Node::new(value, Span::default())
}

fn reads_back(tree: &Node) {
    let yaml = to_yaml(tree);
    let back = parse(&yaml, Syntax::Yaml, &Limits::default());
    assert!(back.issues.is_empty(), "{:?}\n{yaml}", back.issues);
    assert_eq!(
        back.root.map(|n| n.to_json()),
        Some(tree.to_json()),
        "\n{yaml}"
    );
    let json = to_json(tree).unwrap();
    let back = parse(&json, Syntax::Json, &Limits::default());
    assert!(back.issues.is_empty(), "{:?}\n{json}", back.issues);
    assert_eq!(
        back.root.map(|n| n.to_json()),
        Some(tree.to_json()),
        "\n{json}"
    );
    // Valid JSON for another reader too (serde_json rounds some floats by an ulp: not compared).
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "{json}"
    );
}

fn scalar() -> impl Strategy<Value = Node> {
    prop_oneof![
        Just(node(Value::Null)),
        any::<bool>().prop_map(|b| node(Value::Bool(b))),
        any::<i64>().prop_map(|i| node(Value::Number(Number::Int(i)))),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite() && f.fract() != 0.0)
            .prop_map(|f| node(Value::Number(Number::Float(f)))),
        any::<String>().prop_map(|s| node(Value::String(s))),
        // Strings that look like something else.
        prop::sample::select(vec![
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "n",
            "~",
            "null",
            "Null",
            "true",
            "False",
            "0777",
            "0x1F",
            "1_000",
            "12:30:00",
            "2001-12-14",
            ".inf",
            "-.Inf",
            ".NaN",
            "nan",
            "<<",
            "=",
            "-",
            "- a",
            "? a",
            ": a",
            "a: b",
            "a #b",
            "#a",
            "&a",
            "*a",
            "!a",
            "|",
            ">",
            "%a",
            "@a",
            "`a",
            "'a",
            "\"a",
            "a:",
            " a",
            "a ",
            "",
            "\t",
            "1e3",
            "+1",
            "-1",
            "0o17",
            "\u{feff}a",
            "a\u{2028}b",
            "a\u{85}b",
            "line\nline",
            "trailing\n\n",
            "\nlead",
            "  indented\nlines",
            "ends with space \nx",
            "a\r\nb",
            "---",
            "...",
            "--- a\nb",
        ])
        .prop_map(|s| node(Value::String(s.to_string()))),
    ]
}

fn tree() -> impl Strategy<Value = Node> {
    scalar().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|items| node(Value::Array(items))),
            prop::collection::vec((any::<String>(), inner), 0..6).prop_map(|members| {
                let mut seen = std::collections::HashSet::new();
                let members = members
                    .into_iter()
                    .filter(|(k, _)| seen.insert(k.clone()))
                    .map(|(key, value)| Member {
                        key,
                        key_span: Span::default(),
                        value,
                    })
                    .collect();
                node(Value::Object(members))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn any_tree_reads_back(t in tree()) {
        reads_back(&t);
    }

    #[test]
    fn any_string_reads_back_as_a_value_and_as_a_key(s in any::<String>()) {
        let m = Member { key: s.clone(), key_span: Span::default(), value: node(Value::String(s)) };
        reads_back(&node(Value::Object(vec![m])));
    }
}

#[test]
fn yaml_1_1_lookalikes_are_quoted_and_text_stays_readable() {
    let member = |k: &str, v: &str| Member {
        key: k.to_string(),
        key_span: Span::default(),
        value: node(Value::String(v.to_string())),
    };
    let t = node(Value::Object(vec![
        member("on", "yes"),
        member("version", "1.10"),
        member("mode", "0777"),
        member("when", "2001-12-14"),
        member("title", "Pets: the API"),
        member("summary", "A plain sentence, with commas and 'quotes'."),
        member("$ref", "#/components/schemas/Pet"),
        member("description", "First line\nsecond line\n"),
        member("note", "no final newline\nhere"),
    ]));
    let yaml = to_yaml(&t);
    assert_eq!(
        yaml,
        "\"on\": \"yes\"
version: \"1.10\"
mode: \"0777\"
when: \"2001-12-14\"
title: \"Pets: the API\"
summary: A plain sentence, with commas and 'quotes'.
$ref: \"#/components/schemas/Pet\"
description: |
  First line
  second line
note: |-
  no final newline
  here
"
    );
    reads_back(&t);
}

#[test]
fn numbers_are_written_so_that_both_yaml_versions_read_numbers() {
    let items: Vec<Node> = [1.5, 1e300, -2.5e-7, 0.1]
        .iter()
        .map(|f| node(Value::Number(Number::Float(*f))))
        .chain([node(Value::Number(Number::Int(i64::MIN)))])
        .collect();
    let t = node(Value::Array(items));
    assert_eq!(
        to_yaml(&t),
        "- 1.5\n- 1.0e+300\n- -2.5e-7\n- 0.1\n- -9223372036854775808\n"
    );
    reads_back(&t);
    // JSON has no infinity.
    let inf = node(Value::Array(vec![node(Value::Number(Number::Float(
        f64::INFINITY,
    )))]));
    assert_eq!(to_yaml(&inf), "- .inf\n");
    assert!(to_json(&inf).is_err());
}

/// PyYAML reads YAML 1.1, as the Java gateways' SnakeYAML does: it must read the YAML the
/// same as the JSON. Skipped (and said) where python3 with PyYAML is not installed.
#[test]
fn a_yaml_1_1_reader_reads_the_yaml_as_the_json() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let items: Vec<Node> = (0..300)
        .map(|_| tree().new_tree(&mut runner).unwrap().current())
        .collect();
    let t = node(Value::Array(items));
    let dir = std::env::temp_dir().join(format!("gardefou-bundle-pyyaml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("t.yaml"), to_yaml(&t)).unwrap();
    std::fs::write(dir.join("t.json"), to_json(&t).unwrap()).unwrap();
    let script = "import json,math,sys,yaml\n\
        y=yaml.load(open(sys.argv[1],encoding='utf-8'),Loader=yaml.SafeLoader)\n\
        j=json.load(open(sys.argv[2],encoding='utf-8'))\n\
        def same(a,b):\n\
        \x20   if isinstance(a,bool) or isinstance(b,bool): return a is b\n\
        \x20   if isinstance(a,(int,float)) and isinstance(b,(int,float)): return a==b or math.isclose(a,b,rel_tol=1e-15)\n\
        \x20   if isinstance(a,dict): return isinstance(b,dict) and a.keys()==b.keys() and all(same(a[k],b[k]) for k in a)\n\
        \x20   if isinstance(a,list): return isinstance(b,list) and len(a)==len(b) and all(same(x,z) for x,z in zip(a,b))\n\
        \x20   return a==b\n\
        print('same' if same(y,j) else 'different')\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(dir.join("t.yaml"))
        .arg(dir.join("t.json"))
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    match out {
        Ok(o) if o.status.success() => {
            assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "same")
        }
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("No module named 'yaml'") => {
            eprintln!("SKIPPED: PyYAML is not installed")
        }
        Ok(o) => panic!("{}", String::from_utf8_lossy(&o.stderr)),
        Err(_) => eprintln!("SKIPPED: python3 is not installed"),
    }
}
