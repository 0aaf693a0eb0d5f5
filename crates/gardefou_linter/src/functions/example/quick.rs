//! A quick pass that proves an example valid without building a validator.
//!
//! `oasExample` validates each example against its schema with the `jsonschema` crate, after
//! copying the schema out of the document with every `$ref` replaced by its target. On a large
//! description that copy and the compilation of thousands of validators are most of the rule's
//! cost, while almost every example is valid. This pass walks the example and the schema
//! together, in the document, following `$ref`s as the copy would, and answers
//! [`Verdict::Valid`] only when it is certain the compiled validator would accept the example.
//! Anything else (a failure, a keyword it does not know, a budget used up) is
//! [`Verdict::Unsure`] and the example goes the full way, which gives the findings and their
//! messages. So the pass changes how fast a valid example is accepted, never what is reported.
//!
//! What it knows is the part of JSON Schema that OpenAPI schemas use: `type` (with OpenAPI's
//! `nullable`, applied as the conversion of the full path applies it), `enum`, `properties`,
//! `required`, `additionalProperties`, `items` (one schema), the size and range keywords,
//! `allOf`/`anyOf`/`oneOf`/`not`, and `pattern` and `format` checked by one-keyword validators
//! of the same crate with the same options (compiled once per document and value), plus the
//! annotations that never fail. Numbers that are not plain (a float where `integer` is asked,
//! infinities) and objects with duplicate keys are left to the full path.

use std::collections::HashMap;
use std::sync::Arc;

use gardefou_document::{ref_of, FileId};
use gardefou_model::SpecVersion;
use gardefou_source::{Node, Number, Value};
use jsonschema::Validator;
use serde_json::Value as Json;

use crate::functions::FnContext;

/// Steps one example's check may take before it gives up (the full path, with its expansion
/// budget, takes over).
const STEP_BUDGET: usize = 20_000;

/// Schema nesting the pass follows; the full path replaces a schema deeper than 64 levels by
/// `{}`, and this stays well inside that.
const MAX_DEPTH: usize = 48;

/// What the pass can say of an example.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// The compiled schema accepts it.
    Valid,
    /// The compiled schema rejects it.
    Invalid,
    /// The pass cannot tell.
    Unsure,
}

use Verdict::{Invalid, Unsure, Valid};

/// What the quick pass keeps for one document: one-keyword validators (`pattern`, `format`)
/// by keyword, value and draft, and the `$ref` targets whose schemas convert without an error.
#[derive(Default)]
pub(super) struct QuickCaches {
    keywords: HashMap<(&'static str, String, bool), Option<Arc<Validator>>>,
    convertible: std::collections::HashSet<usize>,
}

/// Nodes one schema's conversion check may visit (the targets already checked are not visited
/// again).
const CONVERSION_BUDGET: usize = 200_000;

/// The walk of one example against one schema.
pub(super) struct Quick<'c, 'a> {
    cx: &'c FnContext<'a>,
    version: SpecVersion,
    /// JSON Schema 2020-12 (OpenAPI 3.1 and later) rather than draft 4.
    modern: bool,
    steps: usize,
    /// The `$ref` targets being followed (a reference back into them accepts anything, as the
    /// copy of the full path writes `{}` there).
    stack: Vec<*const Node>,
}

impl<'c, 'a> Quick<'c, 'a> {
    pub(super) fn new(cx: &'c FnContext<'a>, version: SpecVersion) -> Quick<'c, 'a> {
        Quick {
            cx,
            version,
            modern: !matches!(version, SpecVersion::Swagger2 | SpecVersion::OpenApi30),
            steps: 0,
            stack: Vec::new(),
        }
    }

    /// Whether `instance` is valid against `schema` (of `file`), as far as the pass can tell.
    pub(super) fn check(&mut self, file: FileId, schema: &Node, instance: &Node) -> Verdict {
        self.steps = 0;
        self.stack.clear();
        self.schema(file, schema, instance, 0)
    }

    /// Whether the full path converts `schema` to JSON Schema without an error. OpenAPI 3.0's
    /// `nullable` without `type` anywhere in the schema (through its `$ref`s) is an error the
    /// full path reports at every example of the schema, valid or not.
    pub(super) fn convertible(&mut self, file: FileId, schema: &Node) -> bool {
        if self.version != SpecVersion::OpenApi30 {
            return true;
        }
        self.steps = 0;
        self.stack.clear();
        let mut cut = false;
        self.convert_ok(file, schema, 0, &mut cut) == Some(true)
    }

    /// `Some(true)` when the subtree converts, `Some(false)` when it does not, `None` when the
    /// check gave up. `cut` is set when a reference back into the stack was not followed (then
    /// the answer is not remembered for the target).
    fn convert_ok(
        &mut self,
        file: FileId,
        node: &Node,
        depth: usize,
        cut: &mut bool,
    ) -> Option<bool> {
        self.steps += 1;
        if self.steps > CONVERSION_BUDGET || depth > MAX_DEPTH {
            return None;
        }
        if ref_of(node).is_some() {
            let (tf, target, _) = self.cx.set.deref_shared(file, node)?;
            if target.as_array().is_some() {
                return None; // a list of schemas behind a `$ref`: left to the full path
            }
            let key = target as *const Node;
            if self.stack.contains(&key) {
                *cut = true;
                return Some(true);
            }
            if self
                .cx
                .caches
                .lock()
                .expect("cache lock")
                .quick
                .convertible
                .contains(&(key as usize))
            {
                return Some(true);
            }
            self.stack.push(key);
            let mut inner_cut = false;
            let ok = self.convert_ok(tf, target, depth + 1, &mut inner_cut);
            self.stack.pop();
            if ok == Some(true) && !inner_cut {
                self.cx
                    .caches
                    .lock()
                    .expect("cache lock")
                    .quick
                    .convertible
                    .insert(key as usize);
            }
            *cut |= inner_cut;
            return ok;
        }
        let Value::Object(members) = &node.value else {
            return Some(true);
        };
        if let Some(nullable) = node.get("nullable") {
            match node.get("type") {
                None => return Some(false),
                Some(t) => {
                    let has_null = match &t.value {
                        Value::String(s) => s == "null",
                        Value::Array(a) => a.iter().any(|x| x.as_str() == Some("null")),
                        _ => false,
                    };
                    if has_null && nullable.as_bool() == Some(false) {
                        return Some(false);
                    }
                }
            }
        }
        for m in members {
            let subs: &[Node] = match super::subschemas(&m.key) {
                Some(super::Subschemas::Map) => {
                    if ref_of(&m.value).is_some() {
                        return None;
                    }
                    if let Value::Object(map) = &m.value.value {
                        for sub in map {
                            if !self.convert_ok(file, &sub.value, depth + 2, cut)? {
                                return Some(false);
                            }
                        }
                    }
                    continue;
                }
                Some(super::Subschemas::ListOrOne) => match &m.value.value {
                    Value::Array(items) => items,
                    _ => std::slice::from_ref(&m.value),
                },
                Some(super::Subschemas::One) => std::slice::from_ref(&m.value),
                None => continue,
            };
            let step = if m.value.as_array().is_some() { 2 } else { 1 };
            for sub in subs {
                if !self.convert_ok(file, sub, depth + step, cut)? {
                    return Some(false);
                }
            }
        }
        Some(true)
    }

    fn schema(&mut self, file: FileId, schema: &Node, inst: &Node, depth: usize) -> Verdict {
        self.steps += 1;
        if self.steps > STEP_BUDGET || depth > MAX_DEPTH {
            return Unsure;
        }
        if ref_of(schema).is_some() {
            let Some((tf, target, _)) = self.cx.set.deref_shared(file, schema) else {
                return Unsure;
            };
            let key = target as *const Node;
            if self.stack.contains(&key) {
                // The full path's copy writes `{}` for a reference back into its ancestors.
                return Valid;
            }
            self.stack.push(key);
            let v = self.schema(tf, target, inst, depth + 1);
            self.stack.pop();
            return v;
        }
        let members = match &schema.value {
            Value::Object(m) => m,
            Value::Bool(true) if self.modern => return Valid,
            _ => return Unsure,
        };
        if has_duplicate_keys(members) {
            return Unsure;
        }
        let mut verdict = Valid;
        let mut types: Option<Vec<&str>> = None;
        for m in members {
            let v = &m.value;
            let here = match m.key.as_str() {
                "type" => {
                    types = Some(match self.type_names(v) {
                        Some(t) => t,
                        None => return Unsure,
                    });
                    Valid
                }
                "nullable" | "x-nullable" => Valid, // applied with `type` below
                "enum" => self.enum_(v, inst),
                "properties" => self.properties(file, v, inst, depth),
                "required" => required(v, inst, self.modern),
                "additionalProperties" => self.additional(file, schema, v, inst, depth),
                "items" => self.items(file, v, inst, depth),
                "allOf" | "anyOf" | "oneOf" => self.combine(&m.key, file, v, inst, depth),
                "not" => match self.schema(file, v, inst, depth + 1) {
                    Valid => Invalid,
                    Invalid => Valid,
                    Unsure => Unsure,
                },
                "minLength" | "maxLength" => length(&m.key, v, inst),
                "minItems" | "maxItems" => count(&m.key, v, inst.as_array().map(<[Node]>::len)),
                "minProperties" | "maxProperties" => {
                    count(&m.key, v, inst.as_object().map(<[_]>::len))
                }
                "uniqueItems" => match (v.as_bool(), inst.as_array()) {
                    (Some(false), _) | (Some(true), None) => Valid,
                    (Some(true), Some(items)) if items.len() < 2 => Valid,
                    _ => Unsure,
                },
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
                    self.range(&m.key, schema, v, inst)
                }
                "pattern" | "format" => self.keyword(&m.key, v, inst),
                "title" | "description" | "example" | "examples" | "default" | "readOnly"
                | "writeOnly" | "deprecated" | "xml" | "externalDocs" | "discriminator"
                | "$comment" | "x-example" => Valid,
                k if k.starts_with("x-") => Valid,
                _ => Unsure,
            };
            match here {
                Unsure => return Unsure,
                Invalid => verdict = Invalid,
                Valid => {}
            }
        }
        if let Some(types) = types {
            match self.type_verdict(members, &types, inst) {
                Unsure => return Unsure,
                Invalid => verdict = Invalid,
                Valid => {}
            }
        }
        verdict
    }

    /// The names in `type`, when it is a string or an array of strings the crate knows.
    fn type_names<'n>(&self, v: &'n Node) -> Option<Vec<&'n str>> {
        let known = |s: &str| {
            matches!(
                s,
                "null" | "boolean" | "object" | "array" | "number" | "string" | "integer"
            )
        };
        match &v.value {
            Value::String(s) if known(s) => Some(vec![s.as_str()]),
            Value::Array(items) if !items.is_empty() => items
                .iter()
                .map(|i| i.as_str().filter(|s| known(s)))
                .collect(),
            _ => None,
        }
    }

    /// `type`, with `null` added as the full path's conversion adds it for `nullable: true`
    /// (`x-nullable` in Swagger 2.0).
    fn type_verdict(
        &self,
        members: &[gardefou_source::Member],
        types: &[&str],
        inst: &Node,
    ) -> Verdict {
        let flag = if self.version == SpecVersion::Swagger2 {
            "x-nullable"
        } else {
            "nullable"
        };
        let nullable = members.iter().find(|m| m.key == flag).map(|m| &m.value);
        let has_null = types.contains(&"null");
        match nullable.map(|n| &n.value) {
            None => {}
            Some(Value::Bool(false)) if has_null && self.version == SpecVersion::OpenApi30 => {
                return Unsure; // the full path reports the contradiction
            }
            Some(Value::Bool(_)) => {}
            Some(_) => return Unsure,
        }
        let allow_null = has_null || matches!(nullable.map(|n| &n.value), Some(Value::Bool(true)));
        let ok = match &inst.value {
            Value::Null => allow_null,
            Value::Bool(_) => types.contains(&"boolean"),
            Value::String(_) => types.contains(&"string"),
            Value::Array(_) => types.contains(&"array"),
            Value::Object(_) => types.contains(&"object"),
            Value::Number(Number::Int(_)) => {
                types.contains(&"integer") || types.contains(&"number")
            }
            Value::Number(Number::Float(f)) => {
                if !f.is_finite() {
                    return Unsure;
                }
                if types.contains(&"number") {
                    true
                } else if types.contains(&"integer") && f.fract() == 0.0 {
                    return Unsure; // draft 4 and 2020-12 differ on `1.0`
                } else {
                    false
                }
            }
        };
        if ok {
            Valid
        } else {
            Invalid
        }
    }

    fn enum_(&self, v: &Node, inst: &Node) -> Verdict {
        let Some(options) = v.as_array() else {
            return Unsure;
        };
        if options.is_empty() && !self.modern {
            return Unsure; // draft 4 requires at least one value
        }
        let mut verdict = Invalid;
        for o in options {
            match json_equal(o, inst) {
                Some(true) => return Valid,
                Some(false) => {}
                None => verdict = Unsure,
            }
        }
        verdict
    }

    fn properties(&mut self, file: FileId, v: &Node, inst: &Node, depth: usize) -> Verdict {
        let Some(props) = self.schema_map(file, v) else {
            return Unsure;
        };
        let Some(members) = inst.as_object() else {
            return Valid;
        };
        if has_duplicate_keys(members) {
            return Unsure;
        }
        let (pfile, pnode) = props;
        let mut verdict = Valid;
        for m in members {
            if let Some(p) = self.cx.set.member(pfile, pnode, &m.key) {
                match self.schema(pfile, &p.value, &m.value, depth + 2) {
                    Unsure => return Unsure,
                    Invalid => verdict = Invalid,
                    Valid => {}
                }
            }
        }
        verdict
    }

    /// A map of schemas (`properties`), through a `$ref` as the full path's copy follows it.
    fn schema_map<'n>(&self, file: FileId, v: &'n Node) -> Option<(FileId, &'n Node)>
    where
        'a: 'n,
    {
        if ref_of(v).is_some() {
            return None;
        }
        match &v.value {
            Value::Object(m) if !has_duplicate_keys(m) => Some((file, v)),
            _ => None,
        }
    }

    fn additional(
        &mut self,
        file: FileId,
        schema: &Node,
        v: &Node,
        inst: &Node,
        depth: usize,
    ) -> Verdict {
        let Some(members) = inst.as_object() else {
            return Valid;
        };
        if schema.get("patternProperties").is_some() {
            return Unsure;
        }
        let declared = match schema.get("properties") {
            None => None,
            Some(p) => match self.schema_map(file, p) {
                Some(found) => Some(found),
                None => return Unsure,
            },
        };
        let mut verdict = Valid;
        for m in members {
            if declared.is_some_and(|(pf, pn)| self.cx.set.member(pf, pn, &m.key).is_some()) {
                continue;
            }
            let here = match &v.value {
                Value::Bool(true) => Valid,
                Value::Bool(false) => Invalid,
                _ => self.schema(file, v, &m.value, depth + 1),
            };
            match here {
                Unsure => return Unsure,
                Invalid => verdict = Invalid,
                Valid => {}
            }
        }
        verdict
    }

    fn items(&mut self, file: FileId, v: &Node, inst: &Node, depth: usize) -> Verdict {
        if v.as_array().is_some() || v.as_bool().is_some() {
            return Unsure; // tuples and boolean schemas: left to the full path
        }
        let Some(items) = inst.as_array() else {
            return Valid;
        };
        let mut verdict = Valid;
        for item in items {
            match self.schema(file, v, item, depth + 1) {
                Unsure => return Unsure,
                Invalid => verdict = Invalid,
                Valid => {}
            }
        }
        verdict
    }

    fn combine(&mut self, key: &str, file: FileId, v: &Node, inst: &Node, depth: usize) -> Verdict {
        if ref_of(v).is_some() {
            return Unsure;
        }
        let Some(subs) = v.as_array().filter(|s| !s.is_empty()) else {
            return Unsure;
        };
        let mut valid = 0;
        let mut unsure = 0;
        for s in subs {
            match self.schema(file, s, inst, depth + 2) {
                Valid => valid += 1,
                Invalid => {}
                Unsure => unsure += 1,
            }
            if self.steps > STEP_BUDGET {
                return Unsure;
            }
        }
        let n = subs.len();
        match key {
            "allOf" if valid == n => Valid,
            "allOf" if valid + unsure < n => Invalid,
            "anyOf" if valid > 0 => Valid,
            "anyOf" if unsure == 0 => Invalid,
            "oneOf" if valid == 1 && unsure == 0 => Valid,
            "oneOf" if valid > 1 || (valid == 0 && unsure == 0) => Invalid,
            _ => Unsure,
        }
    }

    /// `minimum`/`maximum` with draft 4's boolean `exclusive…` modifiers, or 2020-12's numeric
    /// `exclusive…` bounds.
    fn range(&self, key: &str, schema: &Node, v: &Node, inst: &Node) -> Verdict {
        let bound = match &v.value {
            Value::Number(n) => *n,
            Value::Bool(_) if !self.modern && key.starts_with("exclusive") => return Valid,
            _ => return Unsure,
        };
        if !self.modern && key.starts_with("exclusive") {
            return Unsure; // a number here is not draft 4
        }
        let Value::Number(x) = inst.value else {
            return Valid;
        };
        let Some(ord) = compare(x, bound) else {
            return Unsure;
        };
        use std::cmp::Ordering::{Greater, Less};
        let exclusive = |flag: &str| match schema.get(flag).map(|f| &f.value) {
            None | Some(Value::Bool(false)) => Some(false),
            Some(Value::Bool(true)) => Some(true),
            Some(_) => None,
        };
        let ok = match key {
            "minimum" if self.modern => ord != Less,
            "maximum" if self.modern => ord != Greater,
            "exclusiveMinimum" => ord == Greater,
            "exclusiveMaximum" => ord == Less,
            "minimum" => match exclusive("exclusiveMinimum") {
                Some(true) => ord == Greater,
                Some(false) => ord != Less,
                None => return Unsure,
            },
            "maximum" => match exclusive("exclusiveMaximum") {
                Some(true) => ord == Less,
                Some(false) => ord != Greater,
                None => return Unsure,
            },
            _ => return Unsure,
        };
        if ok {
            Valid
        } else {
            Invalid
        }
    }

    /// `pattern` and `format` on a string, by a validator of that one keyword built with the
    /// full path's options, kept for the document.
    fn keyword(&self, key: &str, v: &Node, inst: &Node) -> Verdict {
        let Some(text) = v.as_str() else {
            return Unsure;
        };
        let Some(s) = inst.as_str() else {
            return Valid;
        };
        let key: &'static str = if key == "pattern" {
            "pattern"
        } else {
            "format"
        };
        let id = (key, text.to_string(), self.modern);
        let found = {
            let caches = self.cx.caches.lock().expect("cache lock");
            caches.quick.keywords.get(&id).cloned()
        };
        let validator = match found {
            Some(v) => v,
            None => {
                let schema = serde_json::json!({ key: text });
                let built = super::options(self.version)
                    .build(&schema)
                    .ok()
                    .map(Arc::new);
                self.cx
                    .caches
                    .lock()
                    .expect("cache lock")
                    .quick
                    .keywords
                    .insert(id, built.clone());
                built
            }
        };
        match validator {
            Some(v) if v.is_valid(&Json::String(s.to_string())) => Valid,
            Some(_) => Invalid,
            None => Unsure,
        }
    }
}

fn required(v: &Node, inst: &Node, modern: bool) -> Verdict {
    let Some(names) = v.as_array() else {
        return Unsure;
    };
    if names.is_empty() && !modern {
        return Unsure; // draft 4 requires at least one name
    }
    let Some(members) = inst.as_object() else {
        return Valid;
    };
    for n in names {
        let Some(name) = n.as_str() else {
            return Unsure;
        };
        if !members.iter().any(|m| m.key == name) {
            return Invalid;
        }
    }
    Valid
}

fn length(key: &str, v: &Node, inst: &Node) -> Verdict {
    let Some(s) = inst.as_str() else {
        return Valid;
    };
    count(key, v, Some(s.chars().count()))
}

/// A `min…`/`max…` size keyword against the instance's size (`None`: it does not apply).
fn count(key: &str, v: &Node, size: Option<usize>) -> Verdict {
    let limit = match v.value {
        Value::Number(Number::Int(i)) if i >= 0 => i as u64,
        _ => return Unsure,
    };
    let Some(size) = size else {
        return Valid;
    };
    let ok = if key.starts_with("min") {
        size as u64 >= limit
    } else {
        size as u64 <= limit
    };
    if ok {
        Valid
    } else {
        Invalid
    }
}

fn compare(a: Number, b: Number) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => Some(x.cmp(&y)),
        _ => {
            let (x, y) = (a.as_f64(), b.as_f64());
            if !x.is_finite() || !y.is_finite() {
                return None;
            }
            x.partial_cmp(&y)
        }
    }
}

/// JSON equality as JSON Schema defines it (numbers by value), or `None` when the pass leaves
/// it to the full path (duplicate keys, numbers that are not finite).
fn json_equal(a: &Node, b: &Node) -> Option<bool> {
    Some(match (&a.value, &b.value) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => compare(*x, *y)? == std::cmp::Ordering::Equal,
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (i, j) in x.iter().zip(y) {
                if !json_equal(i, j)? {
                    return Some(false);
                }
            }
            true
        }
        (Value::Object(x), Value::Object(y)) => {
            if has_duplicate_keys(x) || has_duplicate_keys(y) {
                return None;
            }
            if x.len() != y.len() {
                return Some(false);
            }
            for m in x {
                let Some(other) = y.iter().find(|o| o.key == m.key) else {
                    return Some(false);
                };
                if !json_equal(&m.value, &other.value)? {
                    return Some(false);
                }
            }
            true
        }
        (Value::Number(Number::Float(f)), _) | (_, Value::Number(Number::Float(f)))
            if !f.is_finite() =>
        {
            return None
        }
        _ => false,
    })
}

/// Whether an object repeats a key (its copy as JSON keeps the last: left to the full path).
fn has_duplicate_keys(members: &[gardefou_source::Member]) -> bool {
    gardefou_source::repeats_a_key(members)
}

#[cfg(test)]
mod tests {
    //! The quick pass must change no finding: every document is linted with `spectral:oas`
    //! with the pass and without it, and the findings compared. The documents are the corpus's
    //! (every description of `../shared/corpus/docs` up to 2 MB) and small ones written to
    //! reach each keyword's edge: a failure the pass must not call valid, an error of the
    //! schema's conversion outside the part the example visits, numbers and duplicate keys it
    //! leaves to the full path.
    use std::path::{Path, PathBuf};
    use std::sync::atomic::Ordering;

    use gardefou_document::{DocumentSet, LoadOptions};

    use crate::{lint, Config};

    fn findings(set: &DocumentSet, config: &Config, quick: bool) -> Vec<String> {
        super::super::QUICK_PASS.store(quick, Ordering::Relaxed);
        let out = lint(set, config)
            .into_iter()
            .map(|f| format!("{} {:?} {:?} {}", f.rule, f.span, f.path, f.message))
            .collect();
        super::super::QUICK_PASS.store(true, Ordering::Relaxed);
        out
    }

    fn config(dir: &Path) -> Config {
        let ruleset = dir.join("ruleset.yaml");
        std::fs::write(&ruleset, "extends: [[spectral:oas, all]]\n").unwrap();
        Config::load(&ruleset).unwrap()
    }

    /// (media type schema, example) pairs in OpenAPI 3.0, each in its own document.
    const CASES: &[(&str, &str)] = &[
        ("{type: string, format: date-time}", "'2024-13-45'"),
        (
            "{type: string, format: date-time}",
            "'2024-01-05T10:00:00Z'",
        ),
        ("{type: string, format: uuid}", "not-a-uuid"),
        ("{type: string, format: email}", "a@b.example"),
        ("{type: string, pattern: '^[a-z]+$'}", "ABC"),
        ("{type: string, pattern: '^[a-z]+$'}", "abc"),
        ("{type: string, pattern: '(unclosed'}", "abc"),
        ("{type: integer}", "1.0"),
        ("{type: integer}", "1.5"),
        ("{type: number, minimum: 1, exclusiveMinimum: true}", "1"),
        ("{type: number, maximum: 1}", "1"),
        ("{type: string, minLength: 2, maxLength: 3}", "'é'"),
        ("{type: array, items: {type: string}, minItems: 2}", "[a]"),
        (
            "{type: array, items: {type: string}, uniqueItems: true}",
            "[a, a]",
        ),
        ("{type: array, items: [{type: string}]}", "[1]"),
        ("{type: object, required: [a]}", "{b: 1}"),
        ("{type: object, required: []}", "{b: 1}"),
        (
            "{type: object, properties: {a: {type: string}}, additionalProperties: false}",
            "{a: x, b: 1}",
        ),
        (
            "{type: object, properties: {a: {type: string}, b: {nullable: true}}}",
            "{a: x}",
        ),
        ("{type: string, nullable: false, enum: [a, null]}", "~"),
        ("{type: [string, 'null'], nullable: false}", "x"),
        ("{type: string, nullable: true}", "~"),
        (
            "{oneOf: [{type: string}, {type: string, maxLength: 5}]}",
            "abc",
        ),
        ("{anyOf: [{type: integer}, {type: boolean}]}", "x"),
        ("{allOf: [{type: object}, {required: [a]}]}", "{}"),
        ("{not: {type: string}}", "x"),
        ("{enum: [1, 2.0, {a: [1]}]}", "2"),
        ("{enum: [1, 2.0, {a: [1]}]}", "{a: [1.0]}"),
        ("{enum: [1]}", ".inf"),
        (
            "{type: object, properties: {a: {type: integer}}}",
            "{a: 1, a: x}",
        ),
        ("{type: object, minProperties: 2}", "{a: 1}"),
        ("{type: file}", "x"),
        ("{const: 1}", "2"),
        (
            "{type: object, properties: {next: {$ref: '#/components/schemas/Node'}}}",
            "{next: {next: {value: 1}}}",
        ),
    ];

    fn document(schema: &str, example: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {schema}\n              example: {example}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        value: {{type: string}}\n        next: {{$ref: '#/components/schemas/Node'}}\n"
        )
    }

    #[test]
    fn the_quick_pass_changes_no_finding_on_edge_cases() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let mut reported = 0;
        for (i, (schema, example)) in CASES.iter().enumerate() {
            let path = dir.path().join(format!("case{i}.yaml"));
            std::fs::write(&path, document(schema, example)).unwrap();
            let set = DocumentSet::load(&path, &LoadOptions::default()).unwrap();
            let full = findings(&set, &config, false);
            let quick = findings(&set, &config, true);
            assert_eq!(quick, full, "{schema} with example {example}");
            reported += full.iter().filter(|f| f.contains("example")).count();
        }
        // The cases are not all valid: the comparison covers failures too.
        assert!(reported >= 15, "only {reported} example findings");
    }

    fn corpus_documents(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                corpus_documents(&p, out);
            } else if matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml" | "json")
            ) && e.metadata().is_ok_and(|m| m.len() <= 2_000_000)
            {
                out.push(p);
            }
        }
    }

    #[test]
    fn the_quick_pass_changes_no_finding_on_the_corpus() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/docs");
        let mut docs = Vec::new();
        corpus_documents(&root, &mut docs);
        if docs.is_empty() {
            assert!(
                std::env::var_os("CI").is_none(),
                "no corpus at {}",
                root.display()
            );
            eprintln!("skipped: no corpus at {}", root.display());
            return;
        }
        docs.sort();
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let mut compared = 0;
        for path in &docs {
            let Ok(set) = DocumentSet::load(path, &LoadOptions::default()) else {
                continue;
            };
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if !text.contains("example") && !text.contains("default") {
                continue;
            }
            assert_eq!(
                findings(&set, &config, true),
                findings(&set, &config, false),
                "{}",
                path.display()
            );
            compared += 1;
        }
        assert!(compared > 100, "only {compared} documents compared");
    }
}
