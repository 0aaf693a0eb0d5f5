//! A document set as JavaScript values, built once per document: the resolved document (every
//! resolvable `$ref` replaced by its target, shared and cyclic where the document is) and the
//! raw root file. The raw view reuses the resolved objects of every subtree without a `$ref`.

use std::collections::{HashMap, HashSet};

use gardefou_document::{ref_of, DocumentSet, FileId};
use gardefou_source::{Node, Value as NodeValue};
use rquickjs::object::Property;
use rquickjs::{Array, Ctx, Object, Result, Value};

pub struct Converter<'js, 'a> {
    ctx: Ctx<'js>,
    set: &'a DocumentSet,
    memo: HashMap<*const Node, Value<'js>>,
}

impl<'js, 'a> Converter<'js, 'a> {
    pub fn new(ctx: Ctx<'js>, set: &'a DocumentSet) -> Self {
        Converter {
            ctx,
            set,
            memo: HashMap::new(),
        }
    }

    /// The resolved view of `node` (in `file`).
    pub fn resolved(&mut self, file: FileId, node: &'a Node) -> Result<Value<'js>> {
        let (mut file, mut node) = (file, node);
        // Follow `$ref` chains; a reference that cannot be followed stays an object with `$ref`.
        for _ in 0..64 {
            if ref_of(node).is_none() {
                break;
            }
            match self.set.deref(file, node) {
                Some(t) if !std::ptr::eq(t.node, node) => {
                    file = t.file;
                    node = t.node;
                }
                _ => break,
            }
        }
        let key = node as *const Node;
        if let Some(v) = self.memo.get(&key) {
            return Ok(v.clone());
        }
        match &node.value {
            NodeValue::Object(members) => {
                let obj = Object::new(self.ctx.clone())?;
                self.memo.insert(key, obj.clone().into_value());
                for m in members {
                    let v = self.resolved(file, &m.value)?;
                    set_member(&obj, &m.key, v)?;
                }
                Ok(obj.into_value())
            }
            NodeValue::Array(items) => {
                let arr = Array::new(self.ctx.clone())?;
                self.memo.insert(key, arr.clone().into_value());
                for (i, item) in items.iter().enumerate() {
                    let v = self.resolved(file, item)?;
                    arr.set(i, v)?;
                }
                Ok(arr.into_value())
            }
            _ => scalar(&self.ctx, node),
        }
    }

    /// The raw view of the root file: `$ref`s kept as written.
    pub fn raw(&mut self, node: &'a Node) -> Result<Value<'js>> {
        let mut with_refs = HashSet::new();
        mark_refs(node, &mut with_refs);
        self.raw_inner(node, &with_refs)
    }

    fn raw_inner(
        &mut self,
        node: &'a Node,
        with_refs: &HashSet<*const Node>,
    ) -> Result<Value<'js>> {
        let key = node as *const Node;
        if !with_refs.contains(&key) {
            if let Some(v) = self.memo.get(&key) {
                return Ok(v.clone());
            }
        }
        match &node.value {
            NodeValue::Object(members) => {
                let obj = Object::new(self.ctx.clone())?;
                for m in members {
                    let v = self.raw_inner(&m.value, with_refs)?;
                    set_member(&obj, &m.key, v)?;
                }
                Ok(obj.into_value())
            }
            NodeValue::Array(items) => {
                let arr = Array::new(self.ctx.clone())?;
                for (i, item) in items.iter().enumerate() {
                    let v = self.raw_inner(item, with_refs)?;
                    arr.set(i, v)?;
                }
                Ok(arr.into_value())
            }
            _ => scalar(&self.ctx, node),
        }
    }
}

/// Marks every node that is or contains a `$ref` object; returns whether `node` does.
fn mark_refs(node: &Node, out: &mut HashSet<*const Node>) -> bool {
    let mut any = ref_of(node).is_some();
    match &node.value {
        NodeValue::Object(members) => {
            for m in members {
                any |= mark_refs(&m.value, out);
            }
        }
        NodeValue::Array(items) => {
            for i in items {
                any |= mark_refs(i, out);
            }
        }
        _ => {}
    }
    if any {
        out.insert(node as *const Node);
    }
    any
}

fn set_member<'js>(obj: &Object<'js>, key: &str, v: Value<'js>) -> Result<()> {
    if key == "__proto__" {
        // An own property, as JSON.parse makes it, not the prototype.
        obj.prop(
            key,
            Property::from(v).writable().enumerable().configurable(),
        )
    } else {
        obj.set(key, v)
    }
}

fn scalar<'js>(ctx: &Ctx<'js>, node: &Node) -> Result<Value<'js>> {
    Ok(match &node.value {
        NodeValue::Null => Value::new_null(ctx.clone()),
        NodeValue::Bool(b) => Value::new_bool(ctx.clone(), *b),
        NodeValue::Number(n) => Value::new_number(ctx.clone(), n.as_f64()),
        NodeValue::String(s) => rquickjs::String::from_str(ctx.clone(), s)?.into_value(),
        // Containers are handled by the callers.
        NodeValue::Array(_) | NodeValue::Object(_) => Value::new_undefined(ctx.clone()),
    })
}
