//! Evaluating a parsed path over the tree, raw or with `$ref`s followed.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use gardefou_document::FileId;
use gardefou_source::{escape_pointer_token, Node, PathSeg, Span, Value};

use super::expr::{eval, Scope, Thrown, Val};
use super::parse::{JsonPath, Segment, Selector};
use super::TreeView;

/// A key or index of the tree, borrowed from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    /// An object member's key.
    Key(&'a str),
    /// An array index.
    Index(usize),
}

impl<'a> Seg<'a> {
    /// The segment borrowed from an owned one.
    pub fn of(seg: &'a PathSeg) -> Seg<'a> {
        match seg {
            PathSeg::Key(k) => Seg::Key(k),
            PathSeg::Index(i) => Seg::Index(*i),
        }
    }

    /// The owned path segment.
    pub fn to_path_seg(self) -> PathSeg {
        match self {
            Seg::Key(k) => PathSeg::Key(k.to_string()),
            Seg::Index(i) => PathSeg::Index(i),
        }
    }
}

impl std::fmt::Display for Seg<'_> {
    /// As [`PathSeg`] prints: the key, or the index.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seg::Key(k) => f.write_str(k),
            Seg::Index(i) => write!(f, "{i}"),
        }
    }
}

/// One step from the root to a match.
#[derive(Clone, Debug)]
pub struct Step<'a> {
    /// The file the node is in.
    pub file: FileId,
    /// The node.
    pub node: &'a Node,
    /// The key or index under the previous step (`None` for the root).
    pub seg: Option<Seg<'a>>,
    /// The span of the key, for object members.
    pub key_span: Option<Span>,
    /// When this step was reached through a `$ref`: its path inside its own file.
    pub base: Option<Arc<Vec<PathSeg>>>,
}

/// Whether a match is a node or the property name of a node (`~`), or a node a filter could
/// not decide on (a regular expression used up its budget), which the rule reports as such; an
/// undecided match is carried through the rest of the path unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchTarget {
    /// The node.
    Value,
    /// Its property name.
    Key,
    /// A node a filter could not decide on: the rule reports that it could not check it.
    Undecided,
}

/// A selected node with the steps that lead to it.
#[derive(Clone, Debug)]
pub struct Match<'a> {
    /// The steps from the root, the root first.
    pub chain: Vec<Step<'a>>,
    /// The node or its property name.
    pub target: MatchTarget,
}

impl<'a> Match<'a> {
    /// The match of `$`: the root node of `file`.
    pub fn root(file: FileId, node: &'a Node) -> Match<'a> {
        Match {
            chain: vec![Step {
                file,
                node,
                seg: None,
                key_span: None,
                base: Some(Arc::new(Vec::new())),
            }],
            target: MatchTarget::Value,
        }
    }

    /// The last step (the selected node).
    pub fn last(&self) -> &Step<'a> {
        self.chain.last().expect("a match has at least the root")
    }

    /// The selected node.
    pub fn node(&self) -> &'a Node {
        self.last().node
    }

    /// The path through the (possibly resolved) tree, as JSONPath walked it.
    pub fn logical_path(&self) -> Vec<PathSeg> {
        self.chain
            .iter()
            .filter_map(|s| s.seg.map(Seg::to_path_seg))
            .collect()
    }

    /// [`Match::logical_path`] borrowed from the tree: no string is copied.
    pub fn logical_segs(&self) -> Vec<Seg<'a>> {
        self.chain.iter().filter_map(|s| s.seg).collect()
    }

    /// The path inside the file the node lives in (what Spectral reports).
    pub fn physical_path(&self) -> Vec<PathSeg> {
        let start = self
            .chain
            .iter()
            .rposition(|s| s.base.is_some())
            .unwrap_or(0);
        let mut path: Vec<PathSeg> = self.chain[start]
            .base
            .as_deref()
            .cloned()
            .unwrap_or_default();
        path.extend(
            self.chain[start + 1..]
                .iter()
                .filter_map(|s| s.seg.map(Seg::to_path_seg)),
        );
        path
    }

    /// The span to report: the key for `~` matches, the value otherwise.
    pub fn span(&self) -> Span {
        let last = self.last();
        match self.target {
            MatchTarget::Key => last.key_span.unwrap_or(last.node.span),
            MatchTarget::Value | MatchTarget::Undecided => last.node.span,
        }
    }

    /// The JSON pointer of the logical path (`/` for the root, as nimma prints it).
    pub fn pointer(&self) -> String {
        let p: String = self
            .logical_path()
            .iter()
            .map(|s| format!("/{}", escape_pointer_token(&s.to_string())))
            .collect();
        if p.is_empty() {
            "/".to_string()
        } else {
            p
        }
    }
}

impl<'a> TreeView<'a> {
    /// Calls `f` with each child of a step, `$ref`s followed in the resolved view.
    fn for_each_child(&self, parent: &Step<'a>, chain: &[Step<'a>], mut f: impl FnMut(Step<'a>)) {
        match &parent.node.value {
            Value::Object(members) => {
                for m in members {
                    f(self.step(
                        parent.file,
                        &m.value,
                        Seg::Key(&m.key),
                        Some(m.key_span),
                        chain,
                    ));
                }
            }
            Value::Array(items) => {
                for (i, n) in items.iter().enumerate() {
                    f(self.step(parent.file, n, Seg::Index(i), None, chain));
                }
            }
            _ => {}
        }
    }

    fn step(
        &self,
        file: FileId,
        node: &'a Node,
        seg: Seg<'a>,
        key_span: Option<Span>,
        chain: &[Step<'a>],
    ) -> Step<'a> {
        if let TreeView::Resolved(set) = self {
            if let Some((tf, tn, tp)) = set.deref_shared(file, node) {
                let cyclic = chain.iter().any(|s| std::ptr::eq(s.node, tn));
                if !cyclic {
                    return Step {
                        file: tf,
                        node: tn,
                        seg: Some(seg),
                        key_span,
                        base: Some(tp),
                    };
                }
            }
        }
        Step {
            file,
            node,
            seg: Some(seg),
            key_span,
            base: None,
        }
    }

    fn child(&self, parent: &Step<'a>, sel_name: &str, chain: &[Step<'a>]) -> Option<Step<'a>> {
        match &parent.node.value {
            Value::Object(_) => {
                let m = parent.node.member(sel_name)?;
                Some(self.step(
                    parent.file,
                    &m.value,
                    Seg::Key(&m.key),
                    Some(m.key_span),
                    chain,
                ))
            }
            Value::Array(items) => {
                let i: usize = sel_name.parse().ok()?;
                Some(self.step(parent.file, items.get(i)?, Seg::Index(i), None, chain))
            }
            _ => None,
        }
    }
}

/// Evaluates `path` from `start` and returns the matches in document order, each once.
pub fn select<'a>(path: &'a JsonPath, start: Match<'a>, view: TreeView<'a>) -> Vec<Match<'a>> {
    continue_from(&path.segments, vec![start], view)
}

/// Applies `segments` to the matches so far.
pub fn continue_from<'a>(
    segments: &'a [Segment],
    mut current: Vec<Match<'a>>,
    view: TreeView<'a>,
) -> Vec<Match<'a>> {
    // In the resolved view a shared component is reached from every place that references it;
    // its subtree is searched once per segment (its matches are reported where it is written).
    let mut entered: HashSet<*const Node> = HashSet::new();
    let mut pool = Vec::new();
    for seg in segments {
        let mut next = Vec::new();
        match seg {
            Segment::Child(sels) => {
                for m in &mut current {
                    match m.target {
                        MatchTarget::Key => continue,
                        MatchTarget::Undecided => next.push(m.clone()),
                        MatchTarget::Value => apply(sels, &mut m.chain, view, &mut next),
                    }
                }
            }
            Segment::Descendant(sels) => {
                for m in &mut current {
                    match m.target {
                        MatchTarget::Key => continue,
                        MatchTarget::Undecided => {
                            next.push(m.clone());
                            continue;
                        }
                        MatchTarget::Value => {}
                    }
                    let mut outs = [std::mem::take(&mut next)];
                    descend(
                        &[sels],
                        &mut m.chain,
                        view,
                        &mut outs,
                        &mut entered,
                        &mut pool,
                    );
                    let [n] = outs;
                    next = n;
                }
            }
            Segment::Parent => {
                for mut m in current.drain(..) {
                    if m.target == MatchTarget::Undecided {
                        next.push(m);
                        continue;
                    }
                    if m.target == MatchTarget::Key {
                        m.target = MatchTarget::Value;
                    }
                    if m.chain.len() > 1 {
                        m.chain.pop();
                        next.push(m);
                    }
                }
            }
            Segment::PropertyName => {
                for mut m in current.drain(..) {
                    if m.target == MatchTarget::Undecided {
                        next.push(m);
                    } else if m.chain.len() > 1 {
                        m.target = MatchTarget::Key;
                        next.push(m);
                    }
                }
            }
        }
        entered.clear();
        dedup(&mut next);
        current = next;
    }
    current
}

/// The same node reached twice (nested `..`, `^` of siblings) is one match, unless one of
/// them is reported elsewhere: a `$ref` with sibling keys of the root file reached without
/// following any other `$ref` is reported where it is written (as Spectral maps paths back to
/// the source), its target where that is.
fn dedup(next: &mut Vec<Match<'_>>) {
    let mut seen = HashSet::with_capacity(next.len());
    next.retain(|m| {
        seen.insert((
            m.node() as *const Node,
            m.chain.len(),
            m.target,
            sibling_ref(&m.chain),
        ))
    });
}

/// The `$ref` object with sibling keys the last step was reached through, when no step before
/// it followed a `$ref` (null otherwise).
fn sibling_ref(chain: &[Step<'_>]) -> *const Node {
    let none = std::ptr::null();
    let [.., parent, last] = chain else {
        return none;
    };
    if last.base.is_none() || chain[1..chain.len() - 1].iter().any(|s| s.base.is_some()) {
        return none;
    }
    let raw = match (last.seg, &parent.node.value) {
        (Some(Seg::Key(k)), Value::Object(_)) => parent.node.get(k),
        (Some(Seg::Index(i)), Value::Array(items)) => items.get(i),
        _ => None,
    };
    match raw {
        Some(n) if matches!(&n.value, Value::Object(m) if m.len() > 1) => n as *const Node,
        _ => none,
    }
}

/// Evaluates many paths from the root together. Paths that share a prefix (same segment
/// texts) share its evaluation, and the `..` segments that follow a shared prefix are applied
/// in one walk. The result is in the order of `paths`.
pub fn select_many<'a>(
    paths: &[&'a JsonPath],
    file: FileId,
    root: &'a Node,
    view: TreeView<'a>,
) -> Vec<Vec<Match<'a>>> {
    let mut results: Vec<Vec<Match<'a>>> = vec![Vec::new(); paths.len()];
    let all: Vec<usize> = (0..paths.len()).collect();
    group(
        paths,
        &all,
        0,
        vec![Match::root(file, root)],
        view,
        &mut results,
    );
    results
}

/// `members` share their first `depth` segments, whose matches are `current`.
fn group<'a>(
    paths: &[&'a JsonPath],
    members: &[usize],
    depth: usize,
    current: Vec<Match<'a>>,
    view: TreeView<'a>,
    results: &mut [Vec<Match<'a>>],
) {
    // Groups by the text of the next segment, in first-seen order.
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for &i in members {
        match paths[i].segment_keys.get(depth) {
            None => results[i] = current.clone(),
            Some(k) => match groups.iter_mut().find(|(g, _)| *g == k.as_str()) {
                Some((_, v)) => v.push(i),
                None => groups.push((k.as_str(), vec![i])),
            },
        }
    }
    let (desc, other): (Vec<_>, Vec<_>) = groups
        .into_iter()
        .partition(|(_, v)| matches!(paths[v[0]].segments[depth], Segment::Descendant(_)));
    if !desc.is_empty() {
        // Every `..` segment after this prefix, in one walk from each current match.
        let sels: Vec<&'a [Selector]> = desc
            .iter()
            .map(|(_, v)| match &paths[v[0]].segments[depth] {
                Segment::Descendant(s) => s.as_slice(),
                _ => unreachable!("partitioned on Descendant"),
            })
            .collect();
        let mut outs: Vec<Vec<Match<'a>>> = vec![Vec::new(); sels.len()];
        let mut entered = HashSet::new();
        let mut pool = Vec::new();
        let mut chain = Vec::new();
        for m in &current {
            match m.target {
                MatchTarget::Key => continue,
                MatchTarget::Undecided => {
                    for out in &mut outs {
                        out.push(m.clone());
                    }
                    continue;
                }
                MatchTarget::Value => {}
            }
            chain.clear();
            chain.extend_from_slice(&m.chain);
            descend(&sels, &mut chain, view, &mut outs, &mut entered, &mut pool);
        }
        for ((_, v), mut next) in desc.into_iter().zip(outs) {
            dedup(&mut next);
            group(paths, &v, depth + 1, next, view, results);
        }
    }
    for (_, v) in other {
        let next = continue_from(
            &paths[v[0]].segments[depth..depth + 1],
            current.clone(),
            view,
        );
        group(paths, &v, depth + 1, next, view, results);
    }
}

/// Walks the subtree under the last step of `chain`, applying every selector list in `sels`
/// to each container on the way (`outs[k]` gets the matches of `sels[k]`). `pool` holds the
/// children buffers of the levels above, reused from one node to the next: a walk allocates
/// one buffer per depth, not one per node.
fn descend<'a>(
    sels: &[&'a [Selector]],
    chain: &mut Vec<Step<'a>>,
    view: TreeView<'a>,
    outs: &mut [Vec<Match<'a>>],
    entered: &mut HashSet<*const Node>,
    pool: &mut Vec<Vec<Step<'a>>>,
) {
    let mut kids = pool.pop().unwrap_or_default();
    {
        let parent = chain.last().expect("non-empty");
        view.for_each_child(parent, chain, |child| kids.push(child));
    }
    for (s, out) in sels.iter().zip(outs.iter_mut()) {
        apply_with(s, chain, view, out, Some(&kids));
    }
    for child in kids.drain(..) {
        if !matches!(child.node.value, Value::Object(_) | Value::Array(_)) {
            continue;
        }
        if child.base.is_some() && !entered.insert(child.node as *const Node) {
            continue;
        }
        chain.push(child);
        descend(sels, chain, view, outs, entered, pool);
        chain.pop();
    }
    pool.push(kids);
}

fn push<'a>(chain: &[Step<'a>], child: Step<'a>, out: &mut Vec<Match<'a>>) {
    let mut c = Vec::with_capacity(chain.len() + 1);
    c.extend_from_slice(chain);
    c.push(child);
    out.push(Match {
        chain: c,
        target: MatchTarget::Value,
    });
}

fn apply<'a>(
    sels: &'a [Selector],
    chain: &mut Vec<Step<'a>>,
    view: TreeView<'a>,
    out: &mut Vec<Match<'a>>,
) {
    apply_with(sels, chain, view, out, None);
}

/// Applies selectors to the last step of `chain`; `kids`, when given, are its children.
fn apply_with<'a>(
    sels: &'a [Selector],
    chain: &mut Vec<Step<'a>>,
    view: TreeView<'a>,
    out: &mut Vec<Match<'a>>,
    kids: Option<&[Step<'a>]>,
) {
    let parent = chain.last().expect("non-empty").clone();
    let needs_kids = sels
        .iter()
        .any(|s| matches!(s, Selector::Wildcard | Selector::Filter(..)));
    let kids_given = kids;
    let own_kids: Vec<Step<'a>>;
    let kids: &[Step<'a>] = match kids {
        Some(k) => k,
        None if needs_kids => {
            let mut v = Vec::new();
            view.for_each_child(&parent, chain, |c| v.push(c));
            own_kids = v;
            &own_kids
        }
        None => &[],
    };
    for sel in sels {
        match sel {
            Selector::Name(name) => {
                if let Some(c) = listed_child(&parent, name, kids_given) {
                    push(chain, c.clone(), out);
                } else if kids_given.is_none() {
                    if let Some(c) = view.child(&parent, name, chain) {
                        push(chain, c, out);
                    }
                }
            }
            Selector::Index(i) => match &parent.node.value {
                Value::Array(items) => {
                    let idx = if *i < 0 { items.len() as i64 + i } else { *i };
                    if idx >= 0 {
                        if let Some(c) = view.child(&parent, &idx.to_string(), chain) {
                            push(chain, c, out);
                        }
                    }
                }
                Value::Object(_) => {
                    if let Some(c) = view.child(&parent, &i.to_string(), chain) {
                        push(chain, c, out);
                    }
                }
                _ => {}
            },
            Selector::Wildcard => {
                for c in kids {
                    push(chain, c.clone(), out);
                }
            }
            Selector::Slice(start, end, step) => {
                if let Value::Array(items) = &parent.node.value {
                    let len = items.len() as i64;
                    let step = step.unwrap_or(1);
                    if step <= 0 {
                        continue;
                    }
                    let norm = |v: i64| if v < 0 { (len + v).max(0) } else { v.min(len) };
                    let (s, e) = (norm(start.unwrap_or(0)), norm(end.unwrap_or(len)));
                    let mut i = s;
                    while i < e {
                        if let Some(c) = view.child(&parent, &i.to_string(), chain) {
                            push(chain, c, out);
                        }
                        i += step;
                    }
                }
            }
            Selector::Filter(expr, hints) => {
                let seg_val = |s: Option<Seg<'a>>| match s {
                    Some(Seg::Key(k)) => Val::Str(Cow::Borrowed(k)),
                    Some(Seg::Index(i)) => Val::Num(i as f64),
                    None => Val::Undefined,
                };
                let parent_property = seg_val(parent.seg);
                let uses_path = hints.uses_path;
                let root = chain[0].node;
                for c in kids {
                    if hints.needs_object && !c.node.is_object() {
                        continue;
                    }
                    if let (Some(keys), Value::Object(members)) = (&hints.keys, &c.node.value) {
                        if !members.iter().any(|m| keys.contains(&m.key)) {
                            continue;
                        }
                    }
                    let property = seg_val(c.seg);
                    let path = uses_path.then(|| {
                        let mut p = String::from("$");
                        for s in chain
                            .iter()
                            .skip(1)
                            .filter_map(|s| s.seg.as_ref())
                            .chain(c.seg.iter())
                        {
                            match s {
                                Seg::Key(k) => p.push_str(&format!("['{k}']")),
                                Seg::Index(i) => p.push_str(&format!("[{i}]")),
                            }
                        }
                        p
                    });
                    let scope = Scope {
                        current: Val::of(c.node),
                        property,
                        parent: Some(parent.node),
                        parent_property: parent_property.clone(),
                        path,
                        root,
                    };
                    match eval(expr, &scope) {
                        Ok(v) if v.truthy() => push(chain, c.clone(), out),
                        Err(Thrown::Budget) => {
                            push(chain, c.clone(), out);
                            if let Some(m) = out.last_mut() {
                                m.target = MatchTarget::Undecided;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The child `name` selects among a parent's listed children (`None` when they were not
/// listed): what [`TreeView::child`] would build, the last member when a key is duplicated.
fn listed_child<'s, 'a>(
    parent: &Step<'a>,
    name: &str,
    kids: Option<&'s [Step<'a>]>,
) -> Option<&'s Step<'a>> {
    let kids = kids?;
    match &parent.node.value {
        Value::Object(_) => kids
            .iter()
            .rev()
            .find(|k| matches!(k.seg, Some(Seg::Key(key)) if key == name)),
        Value::Array(_) => kids.get(name.parse::<usize>().ok()?),
        _ => None,
    }
}

impl JsonPath {
    /// Evaluates the path from the root of a tree.
    pub fn select<'a>(
        &'a self,
        file: FileId,
        root: &'a Node,
        view: TreeView<'a>,
    ) -> Vec<Match<'a>> {
        select(self, Match::root(file, root), view)
    }
}
