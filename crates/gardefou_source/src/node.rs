use crate::pointer::unescape_pointer_token;
use crate::span::Span;

/// A value of the document tree with the byte span of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value is written (for an object or array, from its first to its last character).
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// An object member: the key, the span of the key's text, and the value.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

/// A JSON-like value; YAML scalars are resolved with the YAML 1.2 core schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array, in document order.
    Array(Vec<Node>),
    /// Members in document order. Duplicate keys are reported by the parser; lookups return the
    /// last one, as JavaScript-based tools do.
    Object(Vec<Member>),
}

/// A number as written: an integer (no fraction or exponent, within `i64`), else a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// An integer.
    Int(i64),
    /// Any other number.
    Float(f64),
}

impl Number {
    /// The value as an `f64`.
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// The value as JSON (a float that is not finite becomes `null`).
    pub fn to_json(self) -> serde_json::Value {
        match self {
            Number::Int(i) => serde_json::Value::from(i),
            Number::Float(f) => serde_json::Number::from_f64(f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
        }
    }
}

/// Whether some key is written twice among these members (small objects are compared
/// pairwise, larger ones through a set).
pub fn repeats_a_key(members: &[Member]) -> bool {
    if members.len() <= 16 {
        return members
            .iter()
            .enumerate()
            .any(|(i, m)| members[..i].iter().any(|o| o.key == m.key));
    }
    let mut seen = std::collections::HashSet::with_capacity(members.len());
    !members.iter().all(|m| seen.insert(m.key.as_str()))
}

impl Node {
    /// A node of `value` written at `span`.
    pub fn new(value: Value, span: Span) -> Node {
        Node { span, value }
    }

    /// The JSON type name of this node: `null`, `boolean`, `integer`, `number`, `string`, `array`, `object`.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(Number::Int(_)) => "integer",
            Value::Number(Number::Float(_)) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    /// The member with this key (the last one when a key is duplicated).
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| m.key == key)
    }

    /// The value of the member with this key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// The string value of member `key`, if this is an object with such a string member.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// Item `i`, if this is an array that long.
    pub fn index(&self, i: usize) -> Option<&Node> {
        self.as_array()?.get(i)
    }

    /// Follows an RFC 6901 JSON pointer (already percent-decoded), without following `$ref`s.
    /// Returns `None` when a token does not resolve.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self;
        for raw in rest.split('/') {
            let token = unescape_pointer_token(raw)?;
            node = match &node.value {
                Value::Object(_) => node.get(&token)?,
                Value::Array(items) => {
                    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
                        return None;
                    }
                    items.get(token.parse::<usize>().ok()?)?
                }
                _ => return None,
            };
        }
        Some(node)
    }

    /// Converts to a `serde_json::Value` (for JSON Schema validation and JSON output).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => n.to_json(),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members {
                    map.insert(m.key.clone(), m.value.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }

    /// Number of nodes in this subtree, this one included.
    pub fn count(&self) -> usize {
        match &self.value {
            Value::Array(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            Value::Object(members) => 1 + members.iter().map(|m| m.value.count()).sum::<usize>(),
            _ => 1,
        }
    }
}

impl Drop for Node {
    // Deep trees would overflow the stack with the default recursive drop; flatten them first.
    fn drop(&mut self) {
        let mut stack: Vec<Node> = Vec::new();
        match &mut self.value {
            Value::Array(items) if items.iter().any(|n| n.has_children()) => stack.append(items),
            Value::Object(members) if members.iter().any(|m| m.value.has_children()) => {
                stack.extend(members.drain(..).map(|m| m.value))
            }
            _ => return,
        }
        while let Some(mut node) = stack.pop() {
            match &mut node.value {
                Value::Array(items) => stack.append(items),
                Value::Object(members) => stack.extend(members.drain(..).map(|m| m.value)),
                _ => {}
            }
        }
    }
}

impl Node {
    fn has_children(&self) -> bool {
        match &self.value {
            Value::Array(items) => !items.is_empty(),
            Value::Object(members) => !members.is_empty(),
            _ => false,
        }
    }
}

/// Where a finding on a member's value starts, as Spectral reports it: a YAML block value
/// written on the lines after its key (a block mapping, sequence or scalar) starts right after
/// the key's `:`; any other value starts where its text does.
pub fn value_report_start(text: &str, key_span: crate::Span, value: &Node) -> u32 {
    let start = value.span.start as usize;
    let key_end = key_span.end as usize;
    if start <= key_end || start > text.len() {
        return value.span.start;
    }
    let between = &text[key_end..start];
    let flow = matches!(
        (&value.value, text.as_bytes().get(start)),
        (Value::Object(_), Some(b'{')) | (Value::Array(_), Some(b'['))
    );
    if !between.contains('\n') || flow {
        return value.span.start;
    }
    match between.find(':') {
        Some(colon) => (key_end + colon + 1) as u32,
        None => value.span.start,
    }
}
