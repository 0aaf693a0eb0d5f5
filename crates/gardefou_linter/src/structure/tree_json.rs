//! The spanned tree as a JSON representation the validator reads directly, so a document is
//! validated where it lies instead of being copied into a `serde_json::Value` first (GitHub's
//! 13 MB description: 36 MB and ~500,000 allocations for the copy).
//!
//! It answers exactly as that copy would: [`Node::to_json`] is the reference. An object's
//! members come in document order, a key written twice once, at its first place with its last
//! value (as `serde_json`'s insertion-ordered map keeps them); a number that is not finite
//! (YAML's `.inf`, `.nan`) is `null`.

use std::borrow::Cow;

use gardefou_source::{Member, Node, Number, Span, Value};
use jsonschema::json::{Array, Json, JsonNumber, Node as JsonNode, NodeIdentity, Object};
use jsonschema::types::JsonType;

/// The representation: nodes are borrowed from the tree.
pub(crate) struct TreeJson;

impl Json for TreeJson {
    type Node<'a> = &'a Node;
    type PreparedKey = Box<str>;
    type StringBuffer = Option<Node>;

    // A lookup is a scan of the members from the end.
    const KEYS_PER_LOOKUP: usize = 4;
    // A parsed tree has no cycles (`$ref`s are not followed here).
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>(
        buffer: &mut Option<Node>,
        string: &str,
        f: impl FnOnce(&Node) -> T,
    ) -> T {
        let node =
            buffer.get_or_insert_with(|| Node::new(Value::String(String::new()), Span::default()));
        if let Value::String(s) = &mut node.value {
            s.clear();
            s.push_str(string);
        }
        f(node)
    }
}

/// A number of the tree.
#[derive(Clone, Copy)]
pub(crate) struct TreeNumber(Number);

impl JsonNumber for TreeNumber {
    fn as_u64(&self) -> Option<u64> {
        match self.0 {
            Number::Int(i) => u64::try_from(i).ok(),
            Number::Float(_) => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Number::Int(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        Some(self.0.as_f64())
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_number().to_string())
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        match self.0.to_json() {
            serde_json::Value::Number(n) => Cow::Owned(n),
            _ => Cow::Owned(serde_json::Number::from(0)),
        }
    }
}

fn finite(n: Number) -> bool {
    match n {
        Number::Int(_) => true,
        Number::Float(f) => f.is_finite(),
    }
}

impl<'a> JsonNode<'a, TreeJson> for &'a Node {
    type Object = TreeObject<'a>;
    type Array = &'a [Node];
    type Number = TreeNumber;

    fn as_object(&self) -> Option<TreeObject<'a>> {
        match &self.value {
            Value::Object(members) => Some(TreeObject(members)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.value {
            Value::String(s) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<TreeNumber> {
        match &self.value {
            Value::Number(n) if finite(*n) => Some(TreeNumber(*n)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        match &self.value {
            Value::Null => true,
            Value::Number(n) => !finite(*n),
            _ => false,
        }
    }

    fn json_type(&self) -> JsonType {
        match &self.value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(n) if finite(*n) => JsonType::Number,
            Value::Number(_) => JsonType::Null,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    fn to_value(&self) -> Cow<'a, serde_json::Value> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(self) as usize))
    }
}

/// An object's members.
#[derive(Clone, Copy)]
pub(crate) struct TreeObject<'a>(&'a [Member]);

impl<'a> TreeObject<'a> {
    /// Whether member `i` is the first with its key (the others are left out).
    fn first_of_key(&self, i: usize) -> bool {
        let key = &self.0[i].key;
        !self.0[..i].iter().any(|m| &m.key == key)
    }

    /// The last value written for `key`.
    fn last_value(&self, key: &str) -> Option<&'a Node> {
        self.0.iter().rev().find(|m| m.key == key).map(|m| &m.value)
    }
}

/// An object's members in document order, each key once.
pub(crate) struct TreeMembers<'a> {
    object: TreeObject<'a>,
    next: usize,
    /// Whether a key is written twice in this object: then each member is checked.
    duplicates: bool,
}

impl<'a> Iterator for TreeMembers<'a> {
    type Item = (&'a str, &'a Node);

    fn next(&mut self) -> Option<(&'a str, &'a Node)> {
        let members = self.object.0;
        while self.next < members.len() {
            let i = self.next;
            self.next += 1;
            let m = &members[i];
            if !self.duplicates {
                return Some((&m.key, &m.value));
            }
            if self.object.first_of_key(i) {
                let value = self.object.last_value(&m.key).unwrap_or(&m.value);
                return Some((&m.key, value));
            }
        }
        None
    }
}

impl<'a> Object<'a, TreeJson> for TreeObject<'a> {
    type Node = &'a Node;
    type MemberName = &'a str;
    type MembersIter = TreeMembers<'a>;

    fn len(&self) -> usize {
        if gardefou_source::repeats_a_key(self.0) {
            (0..self.0.len()).filter(|&i| self.first_of_key(i)).count()
        } else {
            self.0.len()
        }
    }

    fn get(&self, key: &Box<str>) -> Option<&'a Node> {
        self.last_value(key)
    }

    fn members(&self) -> TreeMembers<'a> {
        TreeMembers {
            object: *self,
            next: 0,
            duplicates: gardefou_source::repeats_a_key(self.0),
        }
    }
}

impl<'a> Array<'a, TreeJson> for &'a [Node] {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        (*self).iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gardefou_source::{parse, Limits, Syntax};

    fn describe(e: &jsonschema::ValidationError<'_>) -> String {
        format!(
            "{} {} {:?}: {e}",
            e.instance_path(),
            e.schema_path(),
            e.kind()
        )
    }

    /// Every schema outcome on the tree is the outcome on its `serde_json` copy, for the
    /// cases where the two could differ: duplicate keys, numbers written as floats or out of
    /// range, YAML's infinities, property names, unique items.
    #[test]
    fn the_tree_validates_as_its_json_copy() {
        let schema = serde_json::json!({
            "type": "object",
            "properties": {
                "i": {"type": "integer"},
                "f": {"type": "integer", "minimum": 2},
                "n": {"type": "null"},
                "d": {"type": "string", "maxLength": 3},
                "u": {"uniqueItems": true},
                "c": {"const": {"a": 1, "b": [1.0, "x"]}},
                "e": {"enum": [1, 2.5, "z"]}
            },
            "propertyNames": {"pattern": "^[a-z]+$"},
            "additionalProperties": false,
            "minProperties": 3
        });
        let on_tree = jsonschema::options_for::<TreeJson>()
            .build(&schema)
            .unwrap();
        let on_json = jsonschema::options().build(&schema).unwrap();
        let mut errors = 0;
        for doc in [
            "{i: 1, f: 2.0, n: .inf, d: abcd, d: ab, u: [1, 1.0], c: {b: [1, x], a: 1}, e: 2.5}",
            "{i: 1.5, f: 1e0, n: null, u: [1, 2], e: 3, Bad: 1}",
            "{i: 12345678901234567890, f: .nan, e: z}",
            "{a: 1, a: 2}",
            "{i: 1, i: x, f: 3, f: 3}",
        ] {
            let parsed = parse(doc, Syntax::Yaml, &Limits::default());
            let root = parsed.root.expect("parses");
            let json = root.to_json();
            let tree: Vec<String> = on_tree.iter_errors(&root).map(|e| describe(&e)).collect();
            let copy: Vec<String> = on_json.iter_errors(&json).map(|e| describe(&e)).collect();
            assert_eq!(tree, copy, "{doc}");
            errors += tree.len();
        }
        assert!(
            errors >= 10,
            "the cases fail the schema in many ways: {errors}"
        );
    }
}
