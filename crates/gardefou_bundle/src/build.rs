//! Planning a bundle: every `$ref` the root reaches followed once (its target, the context it
//! is used in), then where each target goes: into its section under a unique name, inside
//! another target already placed, or inline at each use.

use std::collections::{HashMap, VecDeque};

use gardefou_document::{parse_ref, ref_of, DocumentSet};
use gardefou_source::{FileId, Node, PathSeg, Span, Value};

use crate::kind::{Kind, Section, Version};
use crate::names::Names;
use crate::{Bundle, BundleError, Options, Problem};

pub(crate) const ROOT: FileId = FileId(0);

/// A node that `$ref`s (or discriminator mappings) lead to, outside the root document (or
/// anywhere, when dereferencing).
pub(crate) struct Target<'s> {
    pub file: FileId,
    /// Its path inside its file.
    pub path: Vec<PathSeg>,
    pub node: &'s Node,
    /// The context of its first use: what it is.
    pub kind: Kind,
    traversed: bool,
    /// Named by a discriminator's `mapping`: it needs a place a name can point to.
    pub mapped: bool,
    /// The targets referenced from inside it (for cycles when dereferencing).
    edges: Vec<usize>,
    /// Its path in the bundle, when it has one place that references point to; `None`: it
    /// is copied wherever it is used.
    pub place: Option<Vec<PathSeg>>,
    /// The section and name it was added under, when it is a reusable object of its own.
    pub own: Option<(Section, String)>,
}

/// Where a `$ref` or a mapping value leads.
#[derive(Clone, Debug)]
pub(crate) enum To {
    /// Kept as written (an internal reference of the root document).
    Verbatim,
    /// A node of the root document, at this path.
    Root(Vec<PathSeg>),
    /// A target.
    Target(usize),
}

/// Node identity: its address (a block sequence and its first item may share a span).
pub(crate) fn key(node: &Node) -> usize {
    node as *const Node as usize
}

pub(crate) struct Plan<'s> {
    pub set: &'s DocumentSet,
    pub version: Version,
    pub options: Options,
    pub targets: Vec<Target<'s>>,
    /// Targets by [`key`].
    pub by_node: HashMap<usize, usize>,
    /// Where each reference object leads, by [`key`].
    pub refs: HashMap<usize, To>,
    /// Where each mapping value leads, by [`key`].
    pub mappings: HashMap<usize, To>,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    issues: HashMap<(FileId, Span), String>,
    queue: VecDeque<usize>,
}

pub(crate) fn bundle(set: &DocumentSet, options: &Options) -> Result<Bundle, BundleError> {
    let fail = |span: Span, message: String| BundleError {
        problems: vec![Problem {
            file: ROOT,
            span,
            message,
        }],
    };
    let file = set.root();
    let fatal: Vec<Problem> = file
        .issues
        .iter()
        .filter(|i| i.kind.is_fatal())
        .map(|i| Problem {
            file: ROOT,
            span: i.span,
            message: i.message.clone(),
        })
        .collect();
    if !fatal.is_empty() {
        return Err(BundleError { problems: fatal });
    }
    let Some(root) = &file.root else {
        return Err(fail(Span::default(), "the document is empty".into()));
    };
    let Some(version) = Version::of(root) else {
        return Err(fail(
            Span::empty(root.span.start as usize),
            "not an OpenAPI 2.0 or 3.x document: no `swagger: \"2.0\"` or `openapi: 3.x` field"
                .into(),
        ));
    };
    let mut plan = Plan {
        set,
        version,
        options: options.clone(),
        targets: Vec::new(),
        by_node: HashMap::new(),
        refs: HashMap::new(),
        mappings: HashMap::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
        issues: set
            .ref_issues()
            .iter()
            .map(|i| ((i.file, i.span), i.message.clone()))
            .collect(),
        queue: VecDeque::new(),
    };
    plan.discover(ROOT, root, Kind::Root, None);
    while let Some(i) = plan.queue.pop_front() {
        plan.targets[i].traversed = true;
        let (file, node, kind) = (
            plan.targets[i].file,
            plan.targets[i].node,
            plan.targets[i].kind,
        );
        plan.discover(file, node, kind, Some(i));
    }
    if !plan.problems.is_empty() {
        return Err(BundleError {
            problems: plan.problems,
        });
    }
    plan.place(root);
    plan.parse_warnings();
    crate::emit::emit(plan, root)
}

impl<'s> Plan<'s> {
    /// Follows every `$ref` and mapping value under `node` (of `kind`, in `file`), recording
    /// where each leads and queueing the targets not seen yet.
    fn discover(&mut self, file: FileId, node: &'s Node, kind: Kind, owner: Option<usize>) {
        match &node.value {
            Value::Object(members) => {
                if let Some(r) = ref_of(node) {
                    self.reference(file, node, r, kind, owner);
                    for m in members.iter().filter(|m| m.key != "$ref") {
                        self.discover(file, &m.value, kind.member(&m.key, self.version), owner);
                    }
                    return;
                }
                if kind == Kind::Discriminator {
                    if let Some(map) = node.get("mapping").and_then(Node::as_object) {
                        for m in map {
                            if let Some(s) = m.value.as_str() {
                                self.mapping(file, &m.value, s);
                            }
                        }
                    }
                }
                for m in members {
                    self.discover(file, &m.value, kind.member(&m.key, self.version), owner);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.discover(file, item, kind.item(), owner);
                }
            }
            _ => {}
        }
    }

    fn reference(
        &mut self,
        file: FileId,
        object: &'s Node,
        r: &str,
        kind: Kind,
        owner: Option<usize>,
    ) {
        let key = key(object);
        let internal = parse_ref(r).is_ok_and(|t| t.file.is_empty());
        let Some(t) = self.set.deref(file, object) else {
            self.unresolved(file, object, r);
            return;
        };
        if file == ROOT && internal && !self.options.dereference {
            self.refs.insert(key, To::Verbatim);
            return;
        }
        if t.file == ROOT && !self.options.dereference {
            self.refs.insert(key, To::Root(t.path));
            return;
        }
        let i = self.register(t.file, t.path, t.node, kind);
        self.refs.insert(key, To::Target(i));
        if let Some(o) = owner {
            self.targets[o].edges.push(i);
        }
    }

    /// A `$ref` that does not resolve: the loader's reason, at the reference; for a file that
    /// cannot be parsed, the file's own first problem, at its place.
    fn unresolved(&mut self, file: FileId, object: &Node, r: &str) {
        let span = object
            .as_object()
            .and_then(|m| m.iter().find(|m| m.key == "$ref"))
            .map_or(object.span, |m| m.value.span);
        let message = self
            .issues
            .get(&(file, span))
            .cloned()
            .unwrap_or_else(|| format!("`{r}` cannot be resolved"));
        let unparsed = parse_ref(r)
            .ok()
            .filter(|t| !t.file.is_empty())
            .and_then(|t| self.set.loaded_file(file, &t.file))
            .and_then(|f| {
                let issue = self.set.file(f).issues.iter().find(|i| i.kind.is_fatal())?;
                Some((f, issue))
            });
        self.problems.push(match unparsed {
            Some((f, issue)) => Problem {
                file: f,
                span: issue.span,
                message: format!(
                    "{} (this file is referenced at {})",
                    issue.message,
                    self.set.place(file, span.start)
                ),
            },
            None => Problem {
                file,
                span,
                message,
            },
        });
    }

    /// A discriminator's mapping value that names a schema by reference (`dog.yaml`,
    /// `#/components/schemas/Dog`) rather than by name.
    fn mapping(&mut self, file: FileId, value: &'s Node, s: &str) {
        let lower = s.to_ascii_lowercase();
        let is_ref = s.contains(['#', '/'])
            || [".yaml", ".yml", ".json"]
                .iter()
                .any(|e| lower.ends_with(e));
        if !is_ref {
            return;
        }
        let Ok(t) = parse_ref(s) else {
            return self.warn(
                file,
                value.span,
                format!("mapping value `{s}` is not a reference; left as written"),
            );
        };
        if file == ROOT && t.file.is_empty() && !self.options.dereference {
            return;
        }
        let target_file = match t.file.is_empty() {
            true => Some(file),
            false => self.set.loaded_file(file, &t.file),
        };
        let Some(target_file) = target_file else {
            return self.warn(
                file,
                value.span,
                format!("mapping value `{s}` names a file no `$ref` reaches; left as written"),
            );
        };
        let pointer = format!("#{}", t.pointer.replace('%', "%25"));
        let target = match self.set.resolve_str(target_file, &pointer) {
            Ok(target) => target,
            Err(why) => {
                return self.warn(
                    file,
                    value.span,
                    format!("mapping value `{s}` does not resolve ({why}); left as written"),
                )
            }
        };
        let key = key(value);
        if target.file == ROOT && !self.options.dereference {
            self.mappings.insert(key, To::Root(target.path));
            return;
        }
        let i = self.register(target.file, target.path, target.node, Kind::Schema);
        self.targets[i].mapped = true;
        self.mappings.insert(key, To::Target(i));
    }

    fn warn(&mut self, file: FileId, span: Span, message: String) {
        self.warnings.push(Problem {
            file,
            span,
            message,
        });
    }

    fn register(&mut self, file: FileId, path: Vec<PathSeg>, node: &'s Node, kind: Kind) -> usize {
        let key = key(node);
        if let Some(&i) = self.by_node.get(&key) {
            let t = &mut self.targets[i];
            // Seen first where it had no section (an extension), then as a component.
            if !t.traversed
                && t.kind.section(self.version).is_none()
                && kind.section(self.version).is_some()
            {
                t.kind = kind;
            }
            return i;
        }
        let i = self.targets.len();
        self.targets.push(Target {
            file,
            path,
            node,
            kind,
            traversed: false,
            mapped: false,
            edges: Vec::new(),
            place: None,
            own: None,
        });
        self.by_node.insert(key, i);
        self.queue.push_back(i);
        i
    }

    /// The section a target goes into when it gets a place of its own.
    fn section_for(&self, i: usize) -> Option<Section> {
        let t = &self.targets[i];
        t.kind
            .section(self.version)
            .or(t.mapped.then_some(Section::Schemas))
    }

    /// Decides each target's place: the root's own nodes stay where they are; a section entry
    /// of the root that is only a `$ref` takes its target's content; a target inside one
    /// already placed is found there; any other with a section gets a name of its own.
    fn place(&mut self, root: &'s Node) {
        let deref = self.options.dereference;
        let cyclic = match deref {
            true => crate::names::cycles(
                &self
                    .targets
                    .iter()
                    .map(|t| t.edges.as_slice())
                    .collect::<Vec<_>>(),
            ),
            false => vec![false; self.targets.len()],
        };
        let candidate: Vec<bool> = (0..self.targets.len())
            .map(|i| {
                let t = &self.targets[i];
                t.mapped
                    || match deref {
                        true => cyclic[i],
                        false => t.kind.section(self.version).is_some(),
                    }
            })
            .collect();
        // Placed targets by node.
        let mut placed: HashMap<usize, usize> = HashMap::new();
        for (i, t) in self.targets.iter_mut().enumerate() {
            if candidate[i] && t.file == ROOT {
                t.place = Some(t.path.clone());
                placed.insert(key(t.node), i);
            }
        }
        let mut names = Names::default();
        for section in Section::ALL {
            let Some(location) = section.location(self.version) else {
                continue;
            };
            let mut node = Some(root);
            for key in &location {
                node = node.and_then(|n| n.get(key));
            }
            let Some(members) = node.and_then(Node::as_object) else {
                continue;
            };
            for m in members {
                names.take(section, &m.key);
                let only_ref = m.value.as_object().is_some_and(|o| o.len() == 1);
                let Some(To::Target(i)) = self.refs.get(&key(&m.value)) else {
                    continue;
                };
                let i = *i;
                if !only_ref
                    || !candidate[i]
                    || self.targets[i].place.is_some()
                    || self.section_for(i) != Some(section)
                {
                    continue;
                }
                let mut at: Vec<PathSeg> = location.iter().map(|k| PathSeg::from(*k)).collect();
                at.push(PathSeg::Key(m.key.clone()));
                self.targets[i].place = Some(at);
                placed.insert(key(self.targets[i].node), i);
            }
        }
        let mut order: Vec<usize> = (0..self.targets.len())
            .filter(|&i| candidate[i] && self.targets[i].place.is_none())
            .collect();
        order.sort_by_key(|&i| self.targets[i].path.len());
        for i in order {
            let (file, path) = (self.targets[i].file, self.targets[i].path.clone());
            let ancestor = self
                .ancestors(file, &path)
                .into_iter()
                .enumerate()
                .rev()
                .find_map(|(k, n)| placed.get(&key(n)).map(|&a| (a, k)));
            if let Some((a, k)) = ancestor {
                let mut at = self.targets[a].place.clone().unwrap_or_default();
                at.extend(path[k..].iter().cloned());
                self.targets[i].place = Some(at);
                placed.insert(key(self.targets[i].node), i);
                continue;
            }
            let Some(section) = self.section_for(i) else {
                continue;
            };
            let Some(location) = section.location(self.version) else {
                continue;
            };
            let name = names.pick(section, &crate::names::candidates(self.set, file, &path));
            let mut at: Vec<PathSeg> = location.iter().map(|k| PathSeg::from(*k)).collect();
            at.push(PathSeg::Key(name.clone()));
            self.targets[i].place = Some(at);
            self.targets[i].own = Some((section, name));
            placed.insert(key(self.targets[i].node), i);
        }
    }

    /// The nodes on the way from `file`'s root to the node at `path` (its proper ancestors,
    /// the root first), as a pointer walks them (the last of duplicated keys).
    fn ancestors(&self, file: FileId, path: &[PathSeg]) -> Vec<&'s Node> {
        let mut out = Vec::with_capacity(path.len());
        let Some(mut node) = self.set.file(file).root.as_ref() else {
            return out;
        };
        for seg in path {
            out.push(node);
            let next = match seg {
                PathSeg::Key(k) => self.set.member(file, node, k).map(|m| &m.value),
                PathSeg::Index(i) => node.index(*i),
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        out
    }

    /// Problems of the files that do not stop bundling (duplicate keys: the last one is kept).
    fn parse_warnings(&mut self) {
        for f in self.set.files() {
            for issue in f.issues.iter().filter(|i| !i.kind.is_fatal()) {
                self.warnings.push(Problem {
                    file: f.id,
                    span: issue.span,
                    message: issue.message.clone(),
                });
            }
        }
    }
}
