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
    /// The steps from the root, shared with the other matches below the same nodes.
    chain: Chain<'a>,
    /// The node or its property name.
    pub target: MatchTarget,
}

/// The steps from the root to a node, as a list linked from the last step back to the root:
/// matches below the same node share its steps instead of each copying them all.
#[derive(Clone, Debug)]
struct Chain<'a>(Arc<Link<'a>>);

#[derive(Debug)]
struct Link<'a> {
    step: Step<'a>,
    parent: Option<Chain<'a>>,
    /// Steps from the root to this one, both counted.
    len: u32,
    /// Whether this step or one above it, the root left out, was reached through a `$ref`.
    followed: bool,
}

impl Drop for Link<'_> {
    /// Unlinks the steps above one by one: a long chain dropped recursively could exhaust the
    /// stack.
    fn drop(&mut self) {
        let mut next = self.parent.take();
        while let Some(Chain(arc)) = next {
            next = match Arc::try_unwrap(arc) {
                Ok(mut link) => link.parent.take(),
                Err(_) => None,
            };
        }
    }
}

impl<'a> Chain<'a> {
    fn root(step: Step<'a>) -> Chain<'a> {
        Chain(Arc::new(Link {
            step,
            parent: None,
            len: 1,
            followed: false,
        }))
    }

    /// `step` below the last step of `self`.
    fn push(&self, step: Step<'a>) -> Chain<'a> {
        Chain(Arc::new(Link {
            followed: self.0.followed || step.base.is_some(),
            step,
            len: self.0.len + 1,
            parent: Some(self.clone()),
        }))
    }

    fn last(&self) -> &Step<'a> {
        &self.0.step
    }

    fn parent(&self) -> Option<&Chain<'a>> {
        self.0.parent.as_ref()
    }

    fn len(&self) -> usize {
        self.0.len as usize
    }

    /// The steps from the last one back to the root.
    fn rev(&self) -> impl Iterator<Item = &Step<'a>> + '_ {
        std::iter::successors(Some(self), |c| c.parent()).map(|c| c.last())
    }

    /// The keys and indices from the root, in order.
    fn segs(&self) -> Vec<Seg<'a>> {
        let mut segs: Vec<Seg<'a>> = self.rev().filter_map(|s| s.seg).collect();
        segs.reverse();
        segs
    }

    fn root_node(&self) -> &'a Node {
        self.rev()
            .last()
            .expect("a chain has at least the root")
            .node
    }
}

impl<'a> Match<'a> {
    /// The match of `$`: the root node of `file`.
    pub fn root(file: FileId, node: &'a Node) -> Match<'a> {
        Match {
            chain: Chain::root(Step {
                file,
                node,
                seg: None,
                key_span: None,
                base: Some(Arc::new(Vec::new())),
            }),
            target: MatchTarget::Value,
        }
    }

    /// The last step (the selected node).
    pub fn last(&self) -> &Step<'a> {
        self.chain.last()
    }

    /// The steps from the root to the selected node, in order.
    pub fn steps(&self) -> Vec<&Step<'a>> {
        let mut steps: Vec<&Step<'a>> = self.chain.rev().collect();
        steps.reverse();
        steps
    }

    /// The selected node.
    pub fn node(&self) -> &'a Node {
        self.last().node
    }

    /// The path through the (possibly resolved) tree, as JSONPath walked it.
    pub fn logical_path(&self) -> Vec<PathSeg> {
        self.chain
            .segs()
            .into_iter()
            .map(Seg::to_path_seg)
            .collect()
    }

    /// [`Match::logical_path`] borrowed from the tree: no string is copied.
    pub fn logical_segs(&self) -> Vec<Seg<'a>> {
        self.chain.segs()
    }

    /// The path inside the file the node lives in (what Spectral reports).
    pub fn physical_path(&self) -> Vec<PathSeg> {
        // The steps after the last one reached through a `$ref` (the root has a base).
        let mut tail: Vec<&Step<'a>> = Vec::new();
        let mut base: &[PathSeg] = &[];
        for s in self.chain.rev() {
            if let Some(b) = &s.base {
                base = b;
                break;
            }
            tail.push(s);
        }
        let mut path: Vec<PathSeg> = base.to_vec();
        path.extend(
            tail.iter()
                .rev()
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

/// Where a selection stands: the steps of a `..` walk in progress (`frames`, not yet linked)
/// below a match's chain (`base`). A step's link is made when a match below it is kept, once.
struct Here<'s, 'a> {
    base: &'s Chain<'a>,
    frames: &'s mut Vec<Frame<'a>>,
}

struct Frame<'a> {
    step: Step<'a>,
    link: Option<Chain<'a>>,
}

impl<'s, 'a> Here<'s, 'a> {
    fn last(&self) -> &Step<'a> {
        match self.frames.last() {
            Some(f) => &f.step,
            None => self.base.last(),
        }
    }

    /// Whether `node` is one of the steps (a `$ref` back to it would be a cycle).
    fn contains(&self, node: &Node) -> bool {
        self.frames.iter().any(|f| std::ptr::eq(f.step.node, node))
            || self.base.rev().any(|s| std::ptr::eq(s.node, node))
    }

    /// The chain of the last step, linked now if it was not yet. Frames are linked from the
    /// first: the linked ones are always a prefix.
    fn chain(&mut self) -> Chain<'a> {
        let first = self
            .frames
            .iter()
            .rposition(|f| f.link.is_some())
            .map_or(0, |i| i + 1);
        let mut chain = match first {
            0 => self.base.clone(),
            i => self.frames[i - 1].link.clone().expect("a linked frame"),
        };
        for f in &mut self.frames[first..] {
            chain = chain.push(f.step.clone());
            f.link = Some(chain.clone());
        }
        chain
    }

    /// A match of `child`, a child of the last step.
    fn push(&mut self, child: Step<'a>, out: &mut Vec<Match<'a>>) {
        out.push(Match {
            chain: self.chain().push(child),
            target: MatchTarget::Value,
        });
    }

    /// The keys and indices from the root, in order.
    fn segs(&self) -> Vec<Seg<'a>> {
        let mut segs = self.base.segs();
        segs.extend(self.frames.iter().filter_map(|f| f.step.seg));
        segs
    }

    fn root_node(&self) -> &'a Node {
        self.base.root_node()
    }
}

impl<'a> TreeView<'a> {
    /// Calls `f` with each child of a step, `$ref`s followed in the resolved view.
    fn for_each_child(&self, parent: &Step<'a>, here: &Here<'_, 'a>, mut f: impl FnMut(Step<'a>)) {
        match &parent.node.value {
            Value::Object(members) => {
                for m in members {
                    f(self.step(
                        parent.file,
                        &m.value,
                        Seg::Key(&m.key),
                        Some(m.key_span),
                        here,
                    ));
                }
            }
            Value::Array(items) => {
                for (i, n) in items.iter().enumerate() {
                    f(self.step(parent.file, n, Seg::Index(i), None, here));
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
        here: &Here<'_, 'a>,
    ) -> Step<'a> {
        if let TreeView::Resolved(set) = self {
            if let Some((tf, tn, tp)) = set.deref_shared(file, node) {
                if !here.contains(tn) {
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

    fn child(&self, parent: &Step<'a>, sel_name: &str, here: &Here<'_, 'a>) -> Option<Step<'a>> {
        match &parent.node.value {
            Value::Object(_) => {
                let m = parent.node.member(sel_name)?;
                Some(self.step(
                    parent.file,
                    &m.value,
                    Seg::Key(&m.key),
                    Some(m.key_span),
                    here,
                ))
            }
            Value::Array(items) => {
                let i: usize = sel_name.parse().ok()?;
                Some(self.step(parent.file, items.get(i)?, Seg::Index(i), None, here))
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
    let mut frames = Vec::new();
    for seg in segments {
        let mut next = Vec::new();
        match seg {
            Segment::Child(sels) => {
                for m in &current {
                    match m.target {
                        MatchTarget::Key => continue,
                        MatchTarget::Undecided => next.push(m.clone()),
                        MatchTarget::Value => {
                            let mut here = Here {
                                base: &m.chain,
                                frames: &mut frames,
                            };
                            apply_with(sels, &mut here, view, &mut next, None);
                        }
                    }
                }
            }
            Segment::Descendant(sels) => {
                for m in &current {
                    match m.target {
                        MatchTarget::Key => continue,
                        MatchTarget::Undecided => {
                            next.push(m.clone());
                            continue;
                        }
                        MatchTarget::Value => {}
                    }
                    let mut outs = [std::mem::take(&mut next)];
                    let mut here = Here {
                        base: &m.chain,
                        frames: &mut frames,
                    };
                    descend(&[sels], &mut here, view, &mut outs, &mut entered, &mut pool);
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
                    if let Some(parent) = m.chain.parent() {
                        m.chain = parent.clone();
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
fn sibling_ref(chain: &Chain<'_>) -> *const Node {
    let none = std::ptr::null();
    let Some(parent) = chain.parent() else {
        return none;
    };
    let last = chain.last();
    if last.base.is_none() || parent.0.followed {
        return none;
    }
    let raw = match (last.seg, &parent.last().node.value) {
        (Some(Seg::Key(k)), Value::Object(_)) => parent.last().node.get(k),
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
        let mut frames = Vec::new();
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
            let mut here = Here {
                base: &m.chain,
                frames: &mut frames,
            };
            descend(&sels, &mut here, view, &mut outs, &mut entered, &mut pool);
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

/// Walks the subtree under the last step of `here`, applying every selector list in `sels`
/// to each container on the way (`outs[k]` gets the matches of `sels[k]`). `pool` holds the
/// children buffers of the levels above, reused from one node to the next: a walk allocates
/// one buffer per depth, not one per node.
fn descend<'a>(
    sels: &[&'a [Selector]],
    here: &mut Here<'_, 'a>,
    view: TreeView<'a>,
    outs: &mut [Vec<Match<'a>>],
    entered: &mut HashSet<*const Node>,
    pool: &mut Vec<Vec<Step<'a>>>,
) {
    let mut kids = pool.pop().unwrap_or_default();
    view.for_each_child(here.last(), here, |child| kids.push(child));
    for (s, out) in sels.iter().zip(outs.iter_mut()) {
        apply_with(s, here, view, out, Some(&kids));
    }
    for child in kids.drain(..) {
        if !matches!(child.node.value, Value::Object(_) | Value::Array(_)) {
            continue;
        }
        if child.base.is_some() && !entered.insert(child.node as *const Node) {
            continue;
        }
        here.frames.push(Frame {
            step: child,
            link: None,
        });
        descend(sels, here, view, outs, entered, pool);
        here.frames.pop();
    }
    pool.push(kids);
}

/// Applies selectors to the last step of `here`; `kids`, when given, are its children.
fn apply_with<'a>(
    sels: &'a [Selector],
    here: &mut Here<'_, 'a>,
    view: TreeView<'a>,
    out: &mut Vec<Match<'a>>,
    kids: Option<&[Step<'a>]>,
) {
    let parent = here.last().clone();
    let needs_kids = sels
        .iter()
        .any(|s| matches!(s, Selector::Wildcard | Selector::Filter(..)));
    let kids_given = kids;
    let own_kids: Vec<Step<'a>>;
    let kids: &[Step<'a>] = match kids {
        Some(k) => k,
        None if needs_kids => {
            let mut v = Vec::new();
            view.for_each_child(&parent, here, |c| v.push(c));
            own_kids = v;
            &own_kids
        }
        None => &[],
    };
    for sel in sels {
        match sel {
            Selector::Name(name) => {
                if let Some(c) = listed_child(&parent, name, kids_given) {
                    here.push(c.clone(), out);
                } else if kids_given.is_none() {
                    if let Some(c) = view.child(&parent, name, here) {
                        here.push(c, out);
                    }
                }
            }
            Selector::Index(i) => match &parent.node.value {
                Value::Array(items) => {
                    let idx = if *i < 0 { items.len() as i64 + i } else { *i };
                    if idx >= 0 {
                        if let Some(c) = view.child(&parent, &idx.to_string(), here) {
                            here.push(c, out);
                        }
                    }
                }
                Value::Object(_) => {
                    if let Some(c) = view.child(&parent, &i.to_string(), here) {
                        here.push(c, out);
                    }
                }
                _ => {}
            },
            Selector::Wildcard => {
                for c in kids {
                    here.push(c.clone(), out);
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
                        if let Some(c) = view.child(&parent, &i.to_string(), here) {
                            here.push(c, out);
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
                let root = here.root_node();
                // The path of the parent, for `@path`: made once for all its children.
                let parent_path = uses_path.then(|| {
                    let mut p = String::from("$");
                    for s in here.segs() {
                        push_seg(&mut p, s);
                    }
                    p
                });
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
                    let path = parent_path.as_ref().map(|p| {
                        let mut p = p.clone();
                        if let Some(s) = c.seg {
                            push_seg(&mut p, s);
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
                        Ok(v) if v.truthy() => here.push(c.clone(), out),
                        Err(Thrown::Budget) => {
                            here.push(c.clone(), out);
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

/// `['key']` or `[index]`, as a filter's `@path` spells a step.
fn push_seg(p: &mut String, s: Seg<'_>) {
    use std::fmt::Write;
    match s {
        Seg::Key(k) => {
            let _ = write!(p, "['{k}']");
        }
        Seg::Index(i) => {
            let _ = write!(p, "[{i}]");
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain far longer than any document's depth drops without exhausting the stack, and
    /// one shared with another match stays whole when the other goes.
    #[test]
    fn long_chains_drop_without_recursion_and_shared_ones_stay() {
        let node = Node::new(Value::Null, Span::default());
        let step = |i| Step {
            file: FileId(0),
            node: &node,
            seg: Some(Seg::Index(i)),
            key_span: None,
            base: None,
        };
        let mut chain = Chain::root(step(0));
        for i in 1..1_000_000 {
            chain = chain.push(step(i));
        }
        let kept = chain.parent().cloned().expect("a parent");
        drop(chain);
        assert_eq!(kept.len(), 999_999);
        assert_eq!(kept.segs().len(), 999_999);
        assert_eq!(kept.segs()[12], Seg::Index(12));
        drop(kept);
    }
}
