//! How a schema is read for comparison: a [`View`] is the conjunction of a schema and everything
//! its `allOf` reaches (through `$ref`s), with nullability gathered from every spelling of it and
//! its `oneOf`/`anyOf` alternatives set apart; [`Ctx`] names where it is, for messages.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use gardefou_document::{DocumentSet, FileId};
use gardefou_model::At;
use gardefou_source::{Node, PathSeg, Value};

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
pub(super) struct Ctx {
    pub(super) head: Rc<str>,
    pub(super) path: String,
}

impl Ctx {
    pub(super) fn subject(&self) -> String {
        if self.path.is_empty() {
            self.head.to_string()
        } else if self.path.starts_with("[]") {
            format!("{}: items `{}`", self.head, self.path)
        } else {
            format!("{}: property `{}`", self.head, self.path)
        }
    }

    pub(super) fn property(&self, name: &str) -> Ctx {
        Ctx {
            head: self.head.clone(),
            path: match self.path.is_empty() {
                true => name.to_string(),
                false => format!("{}.{name}", self.path),
            },
        }
    }

    pub(super) fn items(&self) -> Ctx {
        Ctx {
            head: self.head.clone(),
            path: format!("{}[]", self.path),
        }
    }

    /// The context of a schema reached from this one: a named schema starts its own.
    pub(super) fn enter(&self, at: &At<'_>, set: &DocumentSet) -> Option<Ctx> {
        component_name(at, set, &["schemas"]).map(|name| Ctx {
            head: Rc::from(format!("schema `{name}`")),
            path: String::new(),
        })
    }
}

/// One part of a conjunction: a schema object and the context its own members are named in.
#[derive(Clone)]
pub(super) struct Part<'a> {
    pub(super) at: At<'a>,
    pub(super) ctx: Ctx,
}

/// A property of a view: its name, where it is declared, and every part declaring it.
pub(super) struct Property<'a> {
    pub(super) name: &'a str,
    pub(super) ctx: Ctx,
    pub(super) parts: Vec<Part<'a>>,
}

/// A schema as the conjunction of its parts.
pub(super) struct View<'a> {
    pub(super) parts: Vec<Part<'a>>,
    pub(super) nullable: bool,
    /// `oneOf`/`anyOf` groups: the keyword and its non-null alternatives.
    pub(super) groups: Vec<(&'static str, Vec<Part<'a>>)>,
}

/// The target of a member, `$ref`s followed, with its context.
pub(super) fn child<'a>(
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

pub(super) fn items_of<'a>(set: &'a DocumentSet, p: &Part<'a>, key: &str) -> Vec<Part<'a>> {
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
pub(super) fn is_null_schema(n: &Node) -> bool {
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
    pub(super) fn of(set: &'a DocumentSet, starts: Vec<Part<'a>>) -> View<'a> {
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

    pub(super) fn add(
        &mut self,
        set: &'a DocumentSet,
        p: Part<'a>,
        seen: &mut HashSet<usize>,
        depth: usize,
    ) {
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
    pub(super) fn types(&self) -> Option<Vec<String>> {
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

    pub(super) fn strings(&self, key: &str) -> Vec<String> {
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
    pub(super) fn enum_values(&self) -> Option<Vec<String>> {
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
    pub(super) fn bound(&self, key: &str, upper: bool) -> Option<f64> {
        self.parts
            .iter()
            .filter_map(|p| p.at.node.get(key).and_then(Node::as_f64))
            .reduce(|a, b| if upper { a.min(b) } else { a.max(b) })
    }

    pub(super) fn required(&self) -> HashSet<&'a str> {
        self.parts
            .iter()
            .filter_map(|p| p.at.node.get("required").and_then(Node::as_array))
            .flatten()
            .filter_map(Node::as_str)
            .collect()
    }

    /// Properties by name, each with every part that declares it, in order of first mention.
    pub(super) fn properties(&self, set: &'a DocumentSet) -> Vec<Property<'a>> {
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

    pub(super) fn items(&self, set: &'a DocumentSet) -> Vec<Part<'a>> {
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

    pub(super) fn forbids_additional(&self) -> bool {
        self.parts.iter().any(|p| {
            p.at.node
                .get("additionalProperties")
                .and_then(Node::as_bool)
                == Some(false)
        })
    }

    pub(super) fn flag(&self, key: &str) -> bool {
        self.parts
            .iter()
            .any(|p| p.at.node.get(key).and_then(Node::as_bool) == Some(true))
    }

    pub(super) fn ctx(&self) -> &Ctx {
        &self.parts[0].ctx
    }

    /// The part written where `ctx` is (the same named schema and path), else the first: where
    /// a property was removed from, or added to.
    pub(super) fn part_at(&self, ctx: &Ctx) -> &At<'a> {
        self.parts
            .iter()
            .find(|p| p.ctx.head == ctx.head && ctx.path.starts_with(&p.ctx.path))
            .map_or(&self.parts[0].at, |p| &p.at)
    }

    /// A summary used to pair `oneOf`/`anyOf` alternatives across versions.
    pub(super) fn signature(&self, set: &'a DocumentSet) -> String {
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
pub(super) fn canonical(n: &Node) -> String {
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
pub(super) fn alt_label(v: &View<'_>, i: usize) -> String {
    let p = &v.parts[0];
    if p.ctx.path.is_empty() && p.ctx.head.starts_with("schema `") {
        return p.ctx.head.trim_start_matches("schema ").to_string();
    }
    if let Some(t) = p.at.node.get_str("title") {
        return format!("`{t}`");
    }
    format!("#{}", i + 1)
}

pub(super) fn key_of(parts: &[Part<'_>]) -> Vec<usize> {
    parts
        .iter()
        .map(|p| p.at.node as *const Node as usize)
        .collect()
}
