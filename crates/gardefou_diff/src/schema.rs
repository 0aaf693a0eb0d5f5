//! Comparing two schemas, knowing whether they describe input or output.

use std::collections::HashSet;

use gardefou_model::At;
use gardefou_source::{Node, Value};

use crate::{class_of, Change, Loc, Sides};

/// Whether a schema describes what clients send or what they receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Input,
    Output,
}

struct Cmp<'s, 'a> {
    sides: &'s Sides<'a>,
    dir: Direction,
    seen: HashSet<(usize, usize)>,
    changes: &'s mut Vec<Change>,
}

pub fn compare(
    old: &At<'_>,
    new: &At<'_>,
    dir: Direction,
    what: &str,
    sides: &Sides<'_>,
    changes: &mut Vec<Change>,
) {
    let mut c = Cmp {
        sides,
        dir,
        seen: HashSet::new(),
        changes,
    };
    c.schema(old, new, what, 0);
}

fn types(n: &Node) -> Vec<String> {
    let mut t: Vec<String> = match n.get("type").map(|t| &t.value) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    if n.get("nullable").and_then(Node::as_bool) == Some(true)
        && !t.is_empty()
        && !t.iter().any(|x| x == "null")
    {
        t.push("null".into());
    }
    t.sort();
    t
}

fn enum_values(n: &Node) -> Option<Vec<serde_json_like::Val>> {
    n.get("enum")
        .and_then(Node::as_array)
        .map(|a| a.iter().map(serde_json_like::Val::of).collect())
}

/// A small, comparable rendering of scalar enum values (no JSON dependency needed).
mod serde_json_like {
    use gardefou_source::{Node, Value};

    #[derive(Clone, Debug, PartialEq)]
    pub struct Val(pub String);

    impl Val {
        pub fn of(n: &Node) -> Val {
            Val(match &n.value {
                Value::String(s) => format!("\"{s}\""),
                Value::Null => "null".into(),
                Value::Bool(b) => b.to_string(),
                Value::Number(x) => x.as_f64().to_string(),
                _ => "…".into(),
            })
        }
    }
}

impl Cmp<'_, '_> {
    fn push(&mut self, kind: &'static str, message: String, old: &At<'_>, new: &At<'_>) {
        self.changes.push(Change {
            kind,
            class: class_of(kind),
            message,
            old: Some(Loc::of(old)),
            new: Some(Loc::of(new)),
        });
    }

    /// Properties and required names, merged over `allOf`.
    fn shape<'a>(
        &self,
        at: &At<'a>,
        set: &'a gardefou_document::DocumentSet,
        depth: usize,
    ) -> (Vec<(String, At<'a>)>, Vec<String>) {
        let mut props = Vec::new();
        let mut required: Vec<String> = at
            .node
            .get("required")
            .and_then(Node::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Node::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(p) = at.get(set, "properties") {
            props.extend(p.members(set).into_iter().map(|(k, v)| (k.to_string(), v)));
        }
        if depth < 8 {
            if let Some(all) = at.get(set, "allOf") {
                for part in all.items(set) {
                    let (p, r) = self.shape(&part, set, depth + 1);
                    props.extend(p);
                    required.extend(r);
                }
            }
        }
        (props, required)
    }

    fn schema(&mut self, old: &At<'_>, new: &At<'_>, what: &str, depth: usize) {
        if depth > 32
            || !self.seen.insert((
                old.node as *const Node as usize,
                new.node as *const Node as usize,
            ))
        {
            return;
        }
        let (input, o, n) = (self.dir == Direction::Input, old.node, new.node);
        // Type and nullability.
        let (ot, nt) = (types(o), types(n));
        let strip = |t: &[String]| {
            t.iter()
                .filter(|x| *x != "null")
                .cloned()
                .collect::<Vec<_>>()
        };
        if !ot.is_empty() && !nt.is_empty() && strip(&ot) != strip(&nt) {
            self.push(
                "type-changed",
                format!(
                    "{what}: type `{}` became `{}`",
                    strip(&ot).join("|"),
                    strip(&nt).join("|")
                ),
                old,
                new,
            );
        }
        let (on, nn) = (
            ot.iter().any(|x| x == "null"),
            nt.iter().any(|x| x == "null"),
        );
        if !input && !on && nn && !ot.is_empty() {
            self.push(
                "output-became-nullable",
                format!("{what} may now be null"),
                old,
                new,
            );
        }
        if input && on && !nn && !nt.is_empty() {
            self.push(
                "input-no-longer-nullable",
                format!("{what} may no longer be null"),
                old,
                new,
            );
        }
        // Format.
        match (o.get_str("format"), n.get_str("format")) {
            (Some(a), Some(b)) if a != b => self.push(
                "format-changed",
                format!("{what}: format `{a}` became `{b}`"),
                old,
                new,
            ),
            (None, Some(b)) if input => self.push(
                "format-changed",
                format!("{what}: now requires format `{b}`"),
                old,
                new,
            ),
            _ => {}
        }
        // Enumerations.
        if let (Some(a), Some(b)) = (enum_values(o), enum_values(n)) {
            for v in a.iter().filter(|v| !b.contains(v)) {
                let kind = if input {
                    "enum-value-removed-from-input"
                } else {
                    "enum-value-removed-from-output"
                };
                self.push(
                    kind,
                    format!("{what}: value {} was removed from the enum", v.0),
                    old,
                    new,
                );
            }
            for v in b.iter().filter(|v| !a.contains(v)) {
                let kind = if input {
                    "enum-value-added-to-input"
                } else {
                    "enum-value-added-to-output"
                };
                self.push(
                    kind,
                    format!("{what}: value {} was added to the enum", v.0),
                    old,
                    new,
                );
            }
        }
        // Bounds: a lower maximum or higher minimum narrows what is accepted.
        for (key, upper) in [
            ("maxLength", true),
            ("maxItems", true),
            ("maximum", true),
            ("maxProperties", true),
            ("minLength", false),
            ("minItems", false),
            ("minimum", false),
        ] {
            let (a, b) = (
                o.get(key).and_then(Node::as_f64),
                n.get(key).and_then(Node::as_f64),
            );
            let tightened = match (a, b) {
                (Some(a), Some(b)) => {
                    if upper {
                        b < a
                    } else {
                        b > a
                    }
                }
                (None, Some(_)) => true,
                _ => false,
            };
            let relaxed = match (a, b) {
                (Some(a), Some(b)) => {
                    if upper {
                        b > a
                    } else {
                        b < a
                    }
                }
                (Some(_), None) => true,
                _ => false,
            };
            let shown = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
            if input && tightened {
                self.push(
                    "input-constraint-tightened",
                    format!("{what}: `{key}` {} → {}", shown(a), shown(b)),
                    old,
                    new,
                );
            } else if input && relaxed {
                self.push(
                    "input-constraint-relaxed",
                    format!("{what}: `{key}` {} → {}", shown(a), shown(b)),
                    old,
                    new,
                );
            } else if !input && relaxed {
                self.push(
                    "output-constraint-relaxed",
                    format!("{what}: `{key}` {} → {}", shown(a), shown(b)),
                    old,
                    new,
                );
            }
        }
        if input
            && o.get("additionalProperties").and_then(Node::as_bool) != Some(false)
            && n.get("additionalProperties").and_then(Node::as_bool) == Some(false)
        {
            self.push(
                "additional-properties-forbidden-in-input",
                format!("{what}: unknown properties are now rejected"),
                old,
                new,
            );
        }
        // Properties.
        let (osets, nsets) = (self.sides.old_set, self.sides.new_set);
        let (oprops, oreq) = self.shape(old, osets, 0);
        let (nprops, nreq) = self.shape(new, nsets, 0);
        for (name, oa) in &oprops {
            let child = format!("{what}: property `{name}`");
            match nprops.iter().find(|(k, _)| k == name) {
                None => {
                    let kind = if input {
                        "input-property-removed"
                    } else {
                        "output-property-removed"
                    };
                    self.push(kind, format!("{child} was removed"), oa, new);
                }
                Some((_, na)) => {
                    let (was, is) = (oreq.contains(name), nreq.contains(name));
                    match (input, was, is) {
                        (true, false, true) => self.push(
                            "input-property-became-required",
                            format!("{child} became required"),
                            oa,
                            na,
                        ),
                        (true, true, false) => self.push(
                            "input-property-became-optional",
                            format!("{child} became optional"),
                            oa,
                            na,
                        ),
                        (false, true, false) => self.push(
                            "output-property-became-optional",
                            format!("{child} is no longer always present"),
                            oa,
                            na,
                        ),
                        (false, false, true) => self.push(
                            "output-property-became-required",
                            format!("{child} is now always present"),
                            oa,
                            na,
                        ),
                        _ => {}
                    }
                    self.schema(oa, na, &child, depth + 1);
                }
            }
        }
        for (name, na) in &nprops {
            if oprops.iter().any(|(k, _)| k == name) {
                continue;
            }
            let kind = match (input, nreq.contains(name)) {
                (true, true) => "required-input-property-added",
                (true, false) => "optional-input-property-added",
                (false, _) => "output-property-added",
            };
            self.push(
                kind,
                format!("{what}: property `{name}` was added"),
                old,
                na,
            );
        }
        // Items.
        if let (Some(a), Some(b)) = (old.get(osets, "items"), new.get(nsets, "items")) {
            self.schema(&a, &b, &format!("{what} items"), depth + 1);
        }
    }
}
