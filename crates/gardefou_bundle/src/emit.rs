//! Writing the bundle's tree from the plan: the root document with its references rewritten,
//! inline targets copied where they are used, then the hoisted objects in their sections.

use std::collections::HashMap;

use gardefou_document::ref_of;
use gardefou_source::{FileId, Member, Node, PathSeg, Span, Value};

use crate::build::{key, Plan, To, ROOT};
use crate::kind::{Kind, Section, Version};
use crate::{pointer_ref, Bundle, BundleError, Placement, Problem};

struct Emitter<'p, 's> {
    plan: &'p Plan<'s>,
    /// The inline targets being copied, with the length of their path in the bundle (a prefix
    /// of the current one; a reference back to one of them is a cycle: it points there).
    stack: Vec<(usize, usize)>,
    /// How many times each target is on `stack`.
    on_stack: Vec<u32>,
    placements: Vec<Placement>,
    warnings: Vec<Problem>,
    problem: Option<Problem>,
    nodes: usize,
    /// The path in the bundle of the node being written.
    at: Vec<PathSeg>,
    /// Its path inside the file it is copied from.
    src: Vec<PathSeg>,
}

pub(crate) fn emit(plan: Plan<'_>, root: &Node) -> Result<Bundle, BundleError> {
    let mut e = Emitter {
        plan: &plan,
        stack: Vec::new(),
        on_stack: vec![0; plan.targets.len()],
        placements: vec![Placement {
            at: Vec::new(),
            file: ROOT,
            path: Vec::new(),
            replaces: None,
        }],
        warnings: Vec::new(),
        problem: None,
        nodes: 0,
        at: Vec::new(),
        src: Vec::new(),
    };
    let mut out = e.node(ROOT, root, Kind::Root);
    let mut hoisted = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    for t in &plan.targets {
        if let Some((s, _)) = &t.own {
            if !sections.contains(s) {
                sections.push(*s);
            }
        }
    }
    sections.sort();
    for s in &sections {
        let location = s.location(plan.version).unwrap_or_default();
        if let Err(why) = section_object(&mut out, &location) {
            e.fail(ROOT, root.span, why);
        }
    }
    for (i, t) in plan.targets.iter().enumerate() {
        let Some((section, name)) = &t.own else {
            continue;
        };
        e.at = t.place.clone().unwrap_or_default();
        let value = e.target(i, None);
        let location = section.location(plan.version).unwrap_or_default();
        if let Ok(members) = section_object(&mut out, &location) {
            members.push(Member {
                key: name.clone(),
                key_span: Span::default(),
                value,
            });
        }
        hoisted.push((*section, name.clone()));
    }
    if let Some(p) = e.problem {
        return Err(BundleError { problems: vec![p] });
    }
    let mut warnings = plan.warnings.clone();
    warnings.extend(e.warnings);
    Ok(Bundle {
        root: out,
        version: plan.version,
        placements: e.placements,
        hoisted,
        warnings,
    })
}

/// The members of the object at `location` in `root`, created (empty, at the end of its
/// parent) when missing.
fn section_object<'a>(
    root: &'a mut Node,
    location: &[&str],
) -> Result<&'a mut Vec<Member>, String> {
    let mut node = root;
    for key in location {
        let Value::Object(members) = &mut node.value else {
            return Err(format!(
                "cannot add the hoisted objects: the parent of `{key}` is not an object"
            ));
        };
        let i = match members.iter().rposition(|m| m.key == *key) {
            Some(i) => i,
            None => {
                members.push(Member {
                    key: key.to_string(),
                    key_span: Span::default(),
                    value: Node::new(Value::Object(Vec::new()), Span::default()),
                });
                members.len() - 1
            }
        };
        node = &mut members[i].value;
    }
    match &mut node.value {
        Value::Object(members) => Ok(members),
        _ => Err(format!(
            "cannot add the hoisted objects: `{}` is not an object",
            location.join(".")
        )),
    }
}

/// The indices of the members to write: the last of each key (as lookups read them).
fn kept(members: &[Member]) -> Vec<usize> {
    if members.len() < 2 {
        return (0..members.len()).collect();
    }
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        last.insert(m.key.as_str(), i);
    }
    if last.len() == members.len() {
        return (0..members.len()).collect();
    }
    (0..members.len())
        .filter(|&i| last[members[i].key.as_str()] == i)
        .collect()
}

fn ref_node(place: &[PathSeg]) -> Node {
    object(vec![member("$ref", string(pointer_ref(place)))])
}

fn object(members: Vec<Member>) -> Node {
    Node::new(Value::Object(members), Span::default())
}

fn member(key: &str, value: Node) -> Member {
    Member {
        key: key.to_string(),
        key_span: Span::default(),
        value,
    }
}

fn string(s: String) -> Node {
    Node::new(Value::String(s), Span::default())
}

impl<'s> Emitter<'_, 's> {
    fn fail(&mut self, file: FileId, span: Span, message: String) {
        if self.problem.is_none() {
            self.problem = Some(Problem {
                file,
                span,
                message,
            });
        }
    }

    fn null(&self) -> Node {
        Node::new(Value::Null, Span::default())
    }

    /// Target `i`'s content, written at the current path (in place of the reference object
    /// `replaces`, if any).
    fn target(&mut self, i: usize, replaces: Option<FileId>) -> Node {
        let t = &self.plan.targets[i];
        if !self.plan.options.trace {
            return self.node(t.file, t.node, t.kind);
        }
        // Tracing copies paths: counted against the node limit, so that it stays bounded.
        self.nodes += self.at.len() + t.path.len();
        self.placements.push(Placement {
            at: self.at.clone(),
            file: t.file,
            path: t.path.clone(),
            replaces: replaces.map(|f| (f, self.src.clone())),
        });
        let src = std::mem::replace(&mut self.src, t.path.clone());
        let out = self.node(t.file, t.node, t.kind);
        self.src = src;
        out
    }

    /// Writes a member's value or an item (of `kind`, in `file`) under `seg`.
    fn child(&mut self, seg: PathSeg, file: FileId, node: &'s Node, kind: Kind) -> Node {
        if !self.plan.options.trace {
            self.at.push(seg);
            let out = self.node(file, node, kind);
            self.at.pop();
            return out;
        }
        self.at.push(seg.clone());
        self.src.push(seg);
        let out = self.node(file, node, kind);
        self.at.pop();
        self.src.pop();
        out
    }

    /// Writes `node` (of `kind`, in `file`) at the current path.
    fn node(&mut self, file: FileId, node: &'s Node, kind: Kind) -> Node {
        if self.problem.is_some() {
            return self.null();
        }
        self.nodes += 1;
        if self.nodes > self.plan.options.max_nodes {
            let message = format!(
                "the bundle would have more than {} nodes (the node limit); references copy their targets where they are used",
                self.plan.options.max_nodes
            );
            self.fail(file, node.span, message);
            return self.null();
        }
        if self.at.len() > self.plan.options.max_depth {
            let message = format!(
                "the bundle would nest deeper than {} levels (the depth limit) here",
                self.plan.options.max_depth
            );
            self.fail(file, node.span, message);
            return self.null();
        }
        // A target placed elsewhere, met inside another copy: a reference to its place.
        if let Some(&i) = self.plan.by_node.get(&key(node)) {
            if let Some(place) = &self.plan.targets[i].place {
                if *place != self.at {
                    return ref_node(place);
                }
            }
        }
        match &node.value {
            Value::Object(members) => {
                if ref_of(node).is_some() {
                    if let Some(to) = self.plan.refs.get(&key(node)) {
                        return self.reference(file, node, kind, to.clone());
                    }
                }
                let mut out = Vec::with_capacity(members.len());
                for i in kept(members) {
                    let m = &members[i];
                    let value = match (kind, m.key.as_str()) {
                        (Kind::Discriminator, "mapping") => self.mapping(file, &m.value),
                        _ => self.child(
                            PathSeg::Key(m.key.clone()),
                            file,
                            &m.value,
                            kind.member(&m.key, self.plan.version),
                        ),
                    };
                    out.push(Member {
                        key: m.key.clone(),
                        key_span: m.key_span,
                        value,
                    });
                }
                Node::new(Value::Object(out), node.span)
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(self.child(PathSeg::Index(i), file, item, kind.item()));
                }
                Node::new(Value::Array(out), node.span)
            }
            _ => node.clone(),
        }
    }

    /// The members of a reference object other than `$ref`, written, with `$ref` set to
    /// `reference` (in its place) when given.
    fn ref_object(
        &mut self,
        file: FileId,
        object: &'s Node,
        kind: Kind,
        reference: Option<String>,
    ) -> Node {
        let members = object.as_object().unwrap_or_default();
        let mut out = Vec::with_capacity(members.len());
        let mut replaced = false;
        for i in kept(members) {
            let m = &members[i];
            let value = if m.key == "$ref" && !replaced {
                replaced = true;
                match &reference {
                    Some(r) => string(r.clone()),
                    None => m.value.clone(),
                }
            } else {
                let member_kind = kind.member(&m.key, self.plan.version);
                self.child(PathSeg::Key(m.key.clone()), file, &m.value, member_kind)
            };
            out.push(Member {
                key: m.key.clone(),
                key_span: m.key_span,
                value,
            });
        }
        Node::new(Value::Object(out), object.span)
    }

    fn reference(&mut self, file: FileId, object: &'s Node, kind: Kind, to: To) -> Node {
        match to {
            To::Verbatim => self.ref_object(file, object, kind, None),
            To::Root(path) => self.ref_object(file, object, kind, Some(pointer_ref(&path))),
            To::Target(i) => match self.plan.targets[i].place.clone() {
                Some(place) if place == self.at => self.target(i, Some(file)),
                Some(place) => self.ref_object(file, object, kind, Some(pointer_ref(&place))),
                None => match (self.on_stack[i] > 0)
                    .then(|| self.stack.iter().rev().find(|(j, _)| *j == i))
                    .flatten()
                {
                    Some(&(_, len)) => {
                        let place = pointer_ref(&self.at[..len]);
                        self.ref_object(file, object, kind, Some(place))
                    }
                    None => {
                        self.stack.push((i, self.at.len()));
                        self.on_stack[i] += 1;
                        let out = self.inline(file, object, kind, i);
                        self.on_stack[i] -= 1;
                        self.stack.pop();
                        out
                    }
                },
            },
        }
    }

    /// Target `i` in place of the reference object `object`, with the reference's other
    /// members where the version gives them a meaning: a 3.1 schema's keywords (as
    /// `allOf: [target]` beside them), a path item's fields, a 3.1 reference's `summary`
    /// and `description`. Others are dropped, with a warning.
    fn inline(&mut self, file: FileId, object: &'s Node, kind: Kind, i: usize) -> Node {
        let members = object.as_object().unwrap_or_default();
        let siblings: Vec<usize> = kept(members)
            .into_iter()
            .filter(|&j| members[j].key != "$ref")
            .collect();
        let v31 = self.plan.version == Version::V31;
        if siblings.is_empty() {
            return self.target(i, Some(file));
        }
        if kind == Kind::Schema && v31 {
            self.at.push(PathSeg::from("allOf"));
            self.at.push(PathSeg::Index(0));
            let content = self.target(i, Some(file));
            self.at.truncate(self.at.len() - 2);
            let mut out = vec![member(
                "allOf",
                Node::new(Value::Array(vec![content]), Span::default()),
            )];
            for j in siblings {
                let m = &members[j];
                let member_kind = kind.member(&m.key, self.plan.version);
                let value = self.child(PathSeg::Key(m.key.clone()), file, &m.value, member_kind);
                out.push(Member {
                    key: m.key.clone(),
                    key_span: m.key_span,
                    value,
                });
            }
            return object_at(out, object.span);
        }
        let mut content = self.target(i, Some(file));
        let Value::Object(out) = &mut content.value else {
            self.drop_siblings(file, members, &siblings, "its target is not an object");
            return content;
        };
        let mut dropped = Vec::new();
        for j in siblings {
            let m = &members[j];
            let merges = kind == Kind::PathItem
                || (v31 && matches!(m.key.as_str(), "summary" | "description"));
            if !merges {
                dropped.push(j);
                continue;
            }
            let seg = PathSeg::Key(m.key.clone());
            if self.plan.options.trace {
                let mut at = self.at.clone();
                at.push(seg.clone());
                let mut path = self.src.clone();
                path.push(seg.clone());
                self.placements.push(Placement {
                    at,
                    file,
                    path,
                    replaces: None,
                });
            }
            let member_kind = kind.member(&m.key, self.plan.version);
            let value = self.child(seg, file, &m.value, member_kind);
            let merged = Member {
                key: m.key.clone(),
                key_span: m.key_span,
                value,
            };
            match out.iter().position(|x| x.key == m.key) {
                Some(p) => out[p] = merged,
                None => out.push(merged),
            }
        }
        self.drop_siblings(
            file,
            members,
            &dropped,
            "the `$ref` is replaced by its target, which this version says they do not change",
        );
        content
    }

    fn drop_siblings(&mut self, file: FileId, members: &[Member], dropped: &[usize], why: &str) {
        for &j in dropped {
            self.warnings.push(Problem {
                file,
                span: members[j].key_span,
                message: format!("`{}` beside a `$ref` is dropped: {why}", members[j].key),
            });
        }
    }

    /// A discriminator's mapping, its references rewritten to the places of their targets.
    fn mapping(&mut self, file: FileId, node: &'s Node) -> Node {
        let Some(members) = node.as_object() else {
            return self.node(file, node, Kind::Other);
        };
        let mut out = Vec::with_capacity(members.len());
        for i in kept(members) {
            let m = &members[i];
            let to = self.plan.mappings.get(&key(&m.value));
            let value = match to {
                Some(To::Root(path)) => string(pointer_ref(path)),
                Some(To::Target(t)) => match &self.plan.targets[*t].place {
                    Some(place) => string(pointer_ref(place)),
                    None => m.value.clone(),
                },
                _ => m.value.clone(),
            };
            out.push(Member {
                key: m.key.clone(),
                key_span: m.key_span,
                value,
            });
        }
        Node::new(Value::Object(out), node.span)
    }
}

fn object_at(members: Vec<Member>, span: Span) -> Node {
    Node::new(Value::Object(members), span)
}
