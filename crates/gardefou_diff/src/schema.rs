//! Comparing two schemas by meaning, knowing whether they describe input or output.
//!
//! A schema is read as a [`View`]: the conjunction of itself and everything its `allOf`
//! reaches (through `$ref`s), with nullability gathered from every spelling of it, and its
//! `oneOf`/`anyOf` alternatives set apart. Each comparison of a pair of schemas in one direction
//! is made once per diff; meeting the pair again (another operation using the same component)
//! credits the changes it found to that operation.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use gardefou_document::{DocumentSet, FileId};
use gardefou_model::At;
use gardefou_source::{Node, PathSeg, Value};

use crate::Report;

/// Whether a schema describes what clients send or what they receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Clients send it (request bodies, parameters).
    Input,
    /// Clients receive it (responses).
    Output,
}

/// The name of a reusable object when `at` is one: `components/<kind>/NAME` (3.x),
/// `definitions|parameters|responses/NAME` (2.0), or the whole of another file (its stem).
pub(crate) fn component_name(at: &At<'_>, set: &DocumentSet, kinds: &[&str]) -> Option<String> {
    fn key(s: &PathSeg) -> Option<&str> {
        match s {
            PathSeg::Key(k) => Some(k.as_str()),
            PathSeg::Index(_) => None,
        }
    }
    match at.path.as_slice() {
        [c, k, name]
            if key(c) == Some("components") && key(k).is_some_and(|k| kinds.contains(&k)) =>
        {
            key(name).map(str::to_string)
        }
        [k, name]
            if key(k).is_some_and(|k| {
                kinds.contains(&k) || (k == "definitions" && kinds.contains(&"schemas"))
            }) =>
        {
            key(name).map(str::to_string)
        }
        [] if at.file != FileId(0) => {
            let name = &set.file(at.file).name;
            let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
            Some(stem.split('.').next().unwrap_or(stem).to_string())
        }
        _ => None,
    }
}

/// Where a schema is, for messages: the named schema (or operation part) it belongs to and the
/// property path inside it (`owner.tags[].id`).
#[derive(Clone, Debug)]
struct Ctx {
    head: Rc<str>,
    path: String,
}

impl Ctx {
    fn subject(&self) -> String {
        if self.path.is_empty() {
            self.head.to_string()
        } else if self.path.starts_with("[]") {
            format!("{}: items `{}`", self.head, self.path)
        } else {
            format!("{}: property `{}`", self.head, self.path)
        }
    }

    fn property(&self, name: &str) -> Ctx {
        Ctx {
            head: self.head.clone(),
            path: match self.path.is_empty() {
                true => name.to_string(),
                false => format!("{}.{name}", self.path),
            },
        }
    }

    fn items(&self) -> Ctx {
        Ctx {
            head: self.head.clone(),
            path: format!("{}[]", self.path),
        }
    }

    /// The context of a schema reached from this one: a named schema starts its own.
    fn enter(&self, at: &At<'_>, set: &DocumentSet) -> Option<Ctx> {
        component_name(at, set, &["schemas"]).map(|name| Ctx {
            head: Rc::from(format!("schema `{name}`")),
            path: String::new(),
        })
    }
}

/// One part of a conjunction: a schema object and the context its own members are named in.
#[derive(Clone)]
struct Part<'a> {
    at: At<'a>,
    ctx: Ctx,
}

/// A property of a view: its name, where it is declared, and every part declaring it.
struct Property<'a> {
    name: &'a str,
    ctx: Ctx,
    parts: Vec<Part<'a>>,
}

/// A schema as the conjunction of its parts.
struct View<'a> {
    parts: Vec<Part<'a>>,
    nullable: bool,
    /// `oneOf`/`anyOf` groups: the keyword and its non-null alternatives.
    groups: Vec<(&'static str, Vec<Part<'a>>)>,
}

/// The target of a member, `$ref`s followed, with its context.
fn child<'a>(
    set: &'a DocumentSet,
    parent: &At<'a>,
    node: &'a Node,
    seg: PathSeg,
    ctx: &Ctx,
) -> Option<Part<'a>> {
    if gardefou_document::ref_of(node).is_some() {
        let t = set.deref(parent.file, node)?;
        let at = At {
            file: t.file,
            node: t.node,
            path: t.path,
            key: None,
        };
        let ctx = ctx.enter(&at, set).unwrap_or_else(|| ctx.clone());
        return Some(Part { at, ctx });
    }
    let mut path = parent.path.clone();
    path.push(seg);
    Some(Part {
        at: At {
            file: parent.file,
            node,
            path,
            key: None,
        },
        ctx: ctx.clone(),
    })
}

fn items_of<'a>(set: &'a DocumentSet, p: &Part<'a>, key: &str) -> Vec<Part<'a>> {
    let Some(list) = p.at.node.get(key).and_then(Node::as_array) else {
        return Vec::new();
    };
    let mut base = p.at.path.clone();
    base.push(PathSeg::Key(key.into()));
    let holder = At {
        file: p.at.file,
        node: p.at.node,
        path: base,
        key: None,
    };
    list.iter()
        .enumerate()
        .filter_map(|(i, n)| child(set, &holder, n, PathSeg::Index(i), &p.ctx))
        .collect()
}

/// Whether an alternative only admits `null` (`{type: 'null'}`, `{enum: [null]}`).
fn is_null_schema(n: &Node) -> bool {
    let only_null_type = match n.get("type").map(|t| &t.value) {
        Some(Value::String(s)) => s == "null",
        Some(Value::Array(a)) => !a.is_empty() && a.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    };
    let only_null_enum = n
        .get("enum")
        .and_then(Node::as_array)
        .is_some_and(|a| !a.is_empty() && a.iter().all(|v| matches!(v.value, Value::Null)));
    only_null_type || (only_null_enum && n.get("type").is_none())
}

impl<'a> View<'a> {
    fn of(set: &'a DocumentSet, starts: Vec<Part<'a>>) -> View<'a> {
        let mut v = View {
            parts: Vec::new(),
            nullable: false,
            groups: Vec::new(),
        };
        let mut seen = HashSet::new();
        for p in starts {
            v.add(set, p, &mut seen, 0);
        }
        v
    }

    fn add(&mut self, set: &'a DocumentSet, p: Part<'a>, seen: &mut HashSet<usize>, depth: usize) {
        if depth > 16 || !seen.insert(p.at.node as *const Node as usize) || !p.at.node.is_object() {
            return;
        }
        let n = p.at.node;
        if n.get("nullable").and_then(Node::as_bool) == Some(true)
            || n.get("x-nullable").and_then(Node::as_bool) == Some(true)
        {
            self.nullable = true;
        }
        if let Some(Value::Array(a)) = n.get("type").map(|t| &t.value) {
            if a.iter().any(|t| t.as_str() == Some("null")) {
                self.nullable = true;
            }
        }
        let all = items_of(set, &p, "allOf");
        let mut groups = Vec::new();
        for key in ["oneOf", "anyOf"] {
            let alts = items_of(set, &p, key);
            if alts.is_empty() {
                continue;
            }
            let (nulls, rest): (Vec<Part<'a>>, Vec<Part<'a>>) =
                alts.into_iter().partition(|a| is_null_schema(a.at.node));
            if !nulls.is_empty() {
                self.nullable = true;
            }
            // `anyOf: [X, {type: 'null'}]` is X, nullable.
            if rest.len() == 1 && !nulls.is_empty() {
                groups.push((key, rest, true));
            } else if !rest.is_empty() {
                groups.push((key, rest, false));
            }
        }
        self.parts.push(p);
        for a in all {
            self.add(set, a, seen, depth + 1);
        }
        for (key, rest, unwrap) in groups {
            if unwrap {
                for a in rest {
                    self.add(set, a, seen, depth + 1);
                }
            } else {
                self.groups.push((key, rest));
            }
        }
    }

    /// The types every part allows (`null` aside), `None` when no part says.
    fn types(&self) -> Option<Vec<String>> {
        let mut out: Option<Vec<String>> = None;
        for p in &self.parts {
            let mut t: Vec<String> = match p.at.node.get("type").map(|t| &t.value) {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Node::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => continue,
            };
            t.retain(|x| x != "null");
            if t.is_empty() {
                continue;
            }
            t.sort();
            t.dedup();
            out = Some(match out {
                None => t,
                Some(prev) => prev
                    .into_iter()
                    .filter(|x| {
                        t.contains(x) || (x == "integer" && t.iter().any(|y| y == "number"))
                    })
                    .collect(),
            });
        }
        out
    }

    fn strings(&self, key: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .parts
            .iter()
            .filter_map(|p| p.at.node.get_str(key))
            .map(str::to_string)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The enum values every part allows, in a canonical rendering, sorted.
    fn enum_values(&self) -> Option<Vec<String>> {
        let mut out: Option<Vec<String>> = None;
        for p in &self.parts {
            let Some(values) = p.at.node.get("enum").and_then(Node::as_array) else {
                continue;
            };
            let mut vals: Vec<String> = values
                .iter()
                .filter(|v| !matches!(v.value, Value::Null))
                .map(canonical)
                .collect();
            vals.sort();
            vals.dedup();
            out = Some(match out {
                None => vals,
                Some(prev) => prev.into_iter().filter(|x| vals.contains(x)).collect(),
            });
        }
        out
    }

    /// The tightest bound over the parts.
    fn bound(&self, key: &str, upper: bool) -> Option<f64> {
        self.parts
            .iter()
            .filter_map(|p| p.at.node.get(key).and_then(Node::as_f64))
            .reduce(|a, b| if upper { a.min(b) } else { a.max(b) })
    }

    fn required(&self) -> HashSet<&'a str> {
        self.parts
            .iter()
            .filter_map(|p| p.at.node.get("required").and_then(Node::as_array))
            .flatten()
            .filter_map(Node::as_str)
            .collect()
    }

    /// Properties by name, each with every part that declares it, in order of first mention.
    fn properties(&self, set: &'a DocumentSet) -> Vec<Property<'a>> {
        let mut out: Vec<Property<'a>> = Vec::new();
        let mut index: HashMap<&'a str, usize> = HashMap::new();
        for p in &self.parts {
            let Some(props) = p.at.node.member("properties") else {
                continue;
            };
            let Some(holder) = child(
                set,
                &p.at,
                &props.value,
                PathSeg::Key("properties".into()),
                &p.ctx,
            ) else {
                continue;
            };
            let Some(members) = holder.at.node.as_object() else {
                continue;
            };
            for m in members {
                let ctx = holder.ctx.property(&m.key);
                let Some(c) = child(set, &holder.at, &m.value, PathSeg::Key(m.key.clone()), &ctx)
                else {
                    continue;
                };
                match index.get(m.key.as_str()) {
                    Some(&i) => out[i].parts.push(c),
                    None => {
                        index.insert(m.key.as_str(), out.len());
                        out.push(Property {
                            name: m.key.as_str(),
                            ctx,
                            parts: vec![c],
                        });
                    }
                }
            }
        }
        out
    }

    fn items(&self, set: &'a DocumentSet) -> Vec<Part<'a>> {
        self.parts
            .iter()
            .filter_map(|p| {
                let m = p.at.node.member("items")?;
                if !m.value.is_object() {
                    return None;
                }
                child(
                    set,
                    &p.at,
                    &m.value,
                    PathSeg::Key("items".into()),
                    &p.ctx.items(),
                )
            })
            .collect()
    }

    fn forbids_additional(&self) -> bool {
        self.parts.iter().any(|p| {
            p.at.node
                .get("additionalProperties")
                .and_then(Node::as_bool)
                == Some(false)
        })
    }

    fn flag(&self, key: &str) -> bool {
        self.parts
            .iter()
            .any(|p| p.at.node.get(key).and_then(Node::as_bool) == Some(true))
    }

    fn ctx(&self) -> &Ctx {
        &self.parts[0].ctx
    }

    /// The part written where `ctx` is (the same named schema and path), else the first: where
    /// a property was removed from, or added to.
    fn part_at(&self, ctx: &Ctx) -> &At<'a> {
        self.parts
            .iter()
            .find(|p| p.ctx.head == ctx.head && ctx.path.starts_with(&p.ctx.path))
            .map_or(&self.parts[0].at, |p| &p.at)
    }

    /// A summary used to pair `oneOf`/`anyOf` alternatives across versions.
    fn signature(&self, set: &'a DocumentSet) -> String {
        let mut props: Vec<&str> = self.properties(set).into_iter().map(|p| p.name).collect();
        props.sort();
        let mut req: Vec<&str> = self.required().into_iter().collect();
        req.sort();
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}",
            self.types(),
            props,
            req,
            self.enum_values(),
            self.strings("title")
        )
    }
}

/// A scalar or structure as comparable text: object keys sorted, numbers as `f64`.
fn canonical(n: &Node) -> String {
    match &n.value {
        Value::String(s) => format!("{s:?}"),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(x) => x.as_f64().to_string(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        Value::Object(m) => {
            let mut kv: Vec<String> = m
                .iter()
                .map(|m| format!("{:?}:{}", m.key, canonical(&m.value)))
                .collect();
            kv.sort();
            format!("{{{}}}", kv.join(","))
        }
    }
}

/// A label for an alternative in messages.
fn alt_label(v: &View<'_>, i: usize) -> String {
    let p = &v.parts[0];
    if p.ctx.path.is_empty() && p.ctx.head.starts_with("schema `") {
        return p.ctx.head.trim_start_matches("schema ").to_string();
    }
    if let Some(t) = p.at.node.get_str("title") {
        return format!("`{t}`");
    }
    format!("#{}", i + 1)
}

/// Compares schemas across one diff, remembering what each pair gave.
pub(crate) struct Comparer<'s> {
    pub(crate) old_set: &'s DocumentSet,
    pub(crate) new_set: &'s DocumentSet,
    memo: HashMap<(Vec<usize>, Vec<usize>, Direction), Vec<usize>>,
    active: HashSet<(Vec<usize>, Vec<usize>, Direction)>,
}

fn key_of(parts: &[Part<'_>]) -> Vec<usize> {
    parts
        .iter()
        .map(|p| p.at.node as *const Node as usize)
        .collect()
}

impl<'s> Comparer<'s> {
    pub(crate) fn new(old_set: &'s DocumentSet, new_set: &'s DocumentSet) -> Comparer<'s> {
        Comparer {
            old_set,
            new_set,
            memo: HashMap::new(),
            active: HashSet::new(),
        }
    }

    /// Compares two schemas met at `head` (an operation's part: `GET /pets: response `200``).
    pub(crate) fn compare(
        &mut self,
        old: &At<'s>,
        new: &At<'s>,
        dir: Direction,
        head: &str,
        out: &mut Report,
    ) {
        let (os, ns) = (self.old_set, self.new_set);
        let base = Ctx {
            head: Rc::from(head),
            path: String::new(),
        };
        let octx = base.enter(old, os).unwrap_or_else(|| base.clone());
        let nctx = base.enter(new, ns).unwrap_or(base);
        self.pair(
            vec![Part {
                at: old.clone(),
                ctx: octx,
            }],
            vec![Part {
                at: new.clone(),
                ctx: nctx,
            }],
            dir,
            0,
            out,
        );
    }

    fn pair(
        &mut self,
        old: Vec<Part<'s>>,
        new: Vec<Part<'s>>,
        dir: Direction,
        depth: usize,
        out: &mut Report,
    ) {
        if depth > 64 || old.is_empty() || new.is_empty() {
            return;
        }
        let key = (key_of(&old), key_of(&new), dir);
        if let Some(found) = self.memo.get(&key) {
            for i in found.clone() {
                out.credit(i);
            }
            return;
        }
        if !self.active.insert(key.clone()) {
            return; // A cycle: the outer comparison covers it.
        }
        let start = out.trail.len();
        let (os, ns) = (self.old_set, self.new_set);
        let (o, n) = (View::of(os, old), View::of(ns, new));
        if !o.parts.is_empty() && !n.parts.is_empty() {
            self.views(&o, &n, dir, depth, out);
        }
        let mut produced: Vec<usize> = out.trail[start..].to_vec();
        produced.sort_unstable();
        produced.dedup();
        self.active.remove(&key);
        self.memo.insert(key, produced);
    }

    fn views(
        &mut self,
        o: &View<'s>,
        n: &View<'s>,
        dir: Direction,
        depth: usize,
        out: &mut Report,
    ) {
        let input = dir == Direction::Input;
        let (os, ns) = (self.old_set, self.new_set);
        let (oa, na) = (&o.parts[0].at, &n.parts[0].at);
        let what = o.ctx().subject();
        // Type.
        if let (Some(ot), Some(nt)) = (o.types(), n.types()) {
            if ot != nt {
                let accepts = |from: &[String], to: &[String]| {
                    from.iter().all(|t| {
                        to.contains(t) || (t == "integer" && to.iter().any(|x| x == "number"))
                    })
                };
                let kind = match (input, accepts(&ot, &nt), accepts(&nt, &ot)) {
                    (true, true, _) => "input-type-widened",
                    (false, _, true) => "output-type-narrowed",
                    _ => "type-changed",
                };
                out.push(
                    kind,
                    format!("{what}: type `{}` became `{}`", ot.join("|"), nt.join("|")),
                    Some(oa),
                    Some(na),
                );
            }
        }
        // Nullability.
        let typed = o.types().is_some() || n.types().is_some();
        if typed && o.nullable != n.nullable {
            let kind = match (input, n.nullable) {
                (true, true) => "input-became-nullable",
                (true, false) => "input-no-longer-nullable",
                (false, true) => "output-became-nullable",
                (false, false) => "output-no-longer-nullable",
            };
            let text = match n.nullable {
                true => "may now be null",
                false => "may no longer be null",
            };
            out.push(kind, format!("{what} {text}"), Some(oa), Some(na));
        }
        // Format.
        let (of, nf) = (o.strings("format"), n.strings("format"));
        if of != nf && !nf.is_empty() && (!of.is_empty() || input) {
            let message = match of.is_empty() {
                true => format!("{what}: now requires format `{}`", nf.join("|")),
                false => format!(
                    "{what}: format `{}` became `{}`",
                    of.join("|"),
                    nf.join("|")
                ),
            };
            out.push("format-changed", message, Some(oa), Some(na));
        }
        // Pattern.
        let (op, np) = (o.strings("pattern"), n.strings("pattern"));
        if input && op != np && !np.is_empty() {
            let message = match op.is_empty() {
                true => format!("{what}: now requires the pattern `{}`", np.join("` and `")),
                false => format!(
                    "{what}: pattern `{}` became `{}`",
                    op.join("` and `"),
                    np.join("` and `")
                ),
            };
            out.push("input-pattern-changed", message, Some(oa), Some(na));
        }
        // Enumerations.
        if let (Some(a), Some(b)) = (o.enum_values(), n.enum_values()) {
            for v in a.iter().filter(|v| !b.contains(v)) {
                let kind = match input {
                    true => "enum-value-removed-from-input",
                    false => "enum-value-removed-from-output",
                };
                out.push(
                    kind,
                    format!("{what}: value {v} was removed from the enum"),
                    Some(oa),
                    Some(na),
                );
            }
            for v in b.iter().filter(|v| !a.contains(v)) {
                let kind = match input {
                    true => "enum-value-added-to-input",
                    false => "enum-value-added-to-output",
                };
                out.push(
                    kind,
                    format!("{what}: value {v} was added to the enum"),
                    Some(oa),
                    Some(na),
                );
            }
        }
        // Bounds: a lower maximum or a higher minimum narrows what is accepted.
        for (key, upper) in [
            ("maxLength", true),
            ("maxItems", true),
            ("maximum", true),
            ("maxProperties", true),
            ("minLength", false),
            ("minItems", false),
            ("minimum", false),
            ("minProperties", false),
        ] {
            let (a, b) = (o.bound(key, upper), n.bound(key, upper));
            let tightened = match (a, b) {
                (Some(a), Some(b)) => (upper && b < a) || (!upper && b > a),
                (None, Some(_)) => true,
                _ => false,
            };
            let relaxed = match (a, b) {
                (Some(a), Some(b)) => (upper && b > a) || (!upper && b < a),
                (Some(_), None) => true,
                _ => false,
            };
            let shown = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
            let message = format!("{what}: `{key}` {} → {}", shown(a), shown(b));
            let kind = match (input, tightened, relaxed) {
                (true, true, _) => "input-constraint-tightened",
                (true, _, true) => "input-constraint-relaxed",
                (false, _, true) => "output-constraint-relaxed",
                _ => continue,
            };
            out.push(kind, message, Some(oa), Some(na));
        }
        if input && !o.forbids_additional() && n.forbids_additional() {
            out.push(
                "additional-properties-forbidden-in-input",
                format!("{what}: unknown properties are now rejected"),
                Some(oa),
                Some(na),
            );
        }
        // Properties: a read-only property is not part of an input, a write-only one not part of
        // an output.
        let hidden = match dir {
            Direction::Input => "readOnly",
            Direction::Output => "writeOnly",
        };
        let visible = |props: Vec<Property<'s>>, set: &'s DocumentSet| {
            props
                .into_iter()
                .filter(|p| !View::of(set, p.parts.clone()).flag(hidden))
                .collect::<Vec<_>>()
        };
        let (oprops, nprops) = (visible(o.properties(os), os), visible(n.properties(ns), ns));
        let (oreq, nreq) = (o.required(), n.required());
        for op in &oprops {
            let subject = op.ctx.subject();
            match nprops.iter().find(|p| p.name == op.name) {
                None => {
                    let kind = match input {
                        true => "input-property-removed",
                        false => "output-property-removed",
                    };
                    out.push(
                        kind,
                        format!("{subject} was removed"),
                        Some(&op.parts[0].at),
                        Some(n.part_at(&op.ctx)),
                    );
                }
                Some(np) => {
                    let (was, is) = (oreq.contains(op.name), nreq.contains(op.name));
                    let change = match (input, was, is) {
                        (true, false, true) => {
                            Some(("input-property-became-required", "became required"))
                        }
                        (true, true, false) => {
                            Some(("input-property-became-optional", "became optional"))
                        }
                        (false, true, false) => Some((
                            "output-property-became-optional",
                            "is no longer always present",
                        )),
                        (false, false, true) => {
                            Some(("output-property-became-required", "is now always present"))
                        }
                        _ => None,
                    };
                    if let Some((kind, text)) = change {
                        out.push(
                            kind,
                            format!("{subject} {text}"),
                            Some(&op.parts[0].at),
                            Some(&np.parts[0].at),
                        );
                    }
                    self.pair(op.parts.clone(), np.parts.clone(), dir, depth + 1, out);
                }
            }
        }
        for np in &nprops {
            if oprops.iter().any(|p| p.name == np.name) {
                continue;
            }
            let kind = match (input, nreq.contains(np.name)) {
                (true, true) => "required-input-property-added",
                (true, false) => "optional-input-property-added",
                (false, _) => "output-property-added",
            };
            let subject = np.ctx.subject();
            out.push(
                kind,
                format!("{subject} was added"),
                Some(o.part_at(&np.ctx)),
                Some(&np.parts[0].at),
            );
        }
        // Items.
        self.pair(o.items(os), n.items(ns), dir, depth + 1, out);
        // Alternatives, group by group of the same keyword.
        for key in ["oneOf", "anyOf"] {
            let og: Vec<&Vec<Part<'s>>> = o
                .groups
                .iter()
                .filter(|g| g.0 == key)
                .map(|g| &g.1)
                .collect();
            let ng: Vec<&Vec<Part<'s>>> = n
                .groups
                .iter()
                .filter(|g| g.0 == key)
                .map(|g| &g.1)
                .collect();
            for (a, b) in og.iter().zip(&ng) {
                self.alternatives(a, b, key, &what, dir, depth, out, (oa, na));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn alternatives(
        &mut self,
        old: &[Part<'s>],
        new: &[Part<'s>],
        key: &str,
        what: &str,
        dir: Direction,
        depth: usize,
        out: &mut Report,
        (oa, na): (&At<'s>, &At<'s>),
    ) {
        let (os, ns) = (self.old_set, self.new_set);
        let ov: Vec<View<'s>> = old.iter().map(|p| View::of(os, vec![p.clone()])).collect();
        let nv: Vec<View<'s>> = new.iter().map(|p| View::of(ns, vec![p.clone()])).collect();
        let osig: Vec<String> = ov.iter().map(|v| v.signature(os)).collect();
        let nsig: Vec<String> = nv.iter().map(|v| v.signature(ns)).collect();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut taken = vec![false; nv.len()];
        let mut left: Vec<usize> = Vec::new();
        for (i, s) in osig.iter().enumerate() {
            match (0..nv.len()).find(|&j| !taken[j] && &nsig[j] == s) {
                Some(j) => {
                    taken[j] = true;
                    pairs.push((i, j));
                }
                None => left.push(i),
            }
        }
        let right: Vec<usize> = (0..nv.len()).filter(|&j| !taken[j]).collect();
        if left.len() == right.len() {
            pairs.extend(left.iter().copied().zip(right.iter().copied()));
        } else {
            let input = dir == Direction::Input;
            for &i in &left {
                let kind = match input {
                    true => "alternative-removed-from-input",
                    false => "alternative-removed-from-output",
                };
                out.push(
                    kind,
                    format!(
                        "{what}: {key} alternative {} was removed",
                        alt_label(&ov[i], i)
                    ),
                    Some(&ov[i].parts[0].at),
                    Some(na),
                );
            }
            for &j in &right {
                let kind = match input {
                    true => "alternative-added-to-input",
                    false => "alternative-added-to-output",
                };
                out.push(
                    kind,
                    format!(
                        "{what}: {key} alternative {} was added",
                        alt_label(&nv[j], j)
                    ),
                    Some(oa),
                    Some(&nv[j].parts[0].at),
                );
            }
        }
        for (i, j) in pairs {
            self.pair(
                vec![old[i].clone()],
                vec![new[j].clone()],
                dir,
                depth + 1,
                out,
            );
        }
    }
}
