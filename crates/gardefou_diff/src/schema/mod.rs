//! Comparing two schemas by meaning, knowing whether they describe input or output.
//!
//! A schema is read as a [`View`]: the conjunction of itself and everything its `allOf`
//! reaches (through `$ref`s), with nullability gathered from every spelling of it, and its
//! `oneOf`/`anyOf` alternatives set apart. Each comparison of a pair of schemas in one direction
//! is made once per diff; meeting the pair again (another operation using the same component)
//! credits the changes it found to that operation.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use gardefou_document::DocumentSet;
use gardefou_model::At;

use crate::Report;

mod view;

pub(crate) use view::component_name;
use view::{alt_label, key_of, Ctx, Part, Property, View};

/// Whether a schema describes what clients send or what they receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Clients send it (request bodies, parameters).
    Input,
    /// Clients receive it (responses).
    Output,
}

/// Compares schemas across one diff, remembering what each pair gave.
pub(crate) struct Comparer<'s> {
    pub(crate) old_set: &'s DocumentSet,
    pub(crate) new_set: &'s DocumentSet,
    memo: HashMap<(Vec<usize>, Vec<usize>, Direction), Vec<usize>>,
    active: HashSet<(Vec<usize>, Vec<usize>, Direction)>,
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
