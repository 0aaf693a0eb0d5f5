use gardefou_document::{DocumentSet, FileId};
use gardefou_source::{Node, PathSeg, Span};

/// A node of the document set with where it is: its file (after following `$ref`s) and its
/// path inside that file. This is the path Spectral reports: a node reached through a `$ref`
/// is reported where it is written, not at the place that references it.
#[derive(Clone, Debug)]
pub struct At<'a> {
    /// The file the node is in.
    pub file: FileId,
    /// The node.
    pub node: &'a Node,
    /// Its path inside `file`.
    pub path: Vec<PathSeg>,
    /// The key this node is the value of, where that key is written (`None` for array items
    /// and the document root). Findings about a name point here.
    pub key: Option<Key>,
}

/// Where a member's key is written: its file and span, and its path when that differs from
/// the path of the value (a value reached through `$ref` lives elsewhere).
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The file the key is in.
    pub file: FileId,
    /// The key's span.
    pub span: Span,
    /// The member's path in `file`, when the value was reached through a `$ref`.
    pub path: Option<Vec<PathSeg>>,
}

impl<'a> At<'a> {
    /// The root node of the set's root document, when it has one.
    pub fn root(set: &'a DocumentSet) -> Option<At<'a>> {
        Some(At {
            file: FileId(0),
            node: set.root().root.as_ref()?,
            path: Vec::new(),
            key: None,
        })
    }

    /// The node's span in its file.
    pub fn span(&self) -> Span {
        self.node.span
    }

    /// `node`, a child of this one at `seg`, with its `$ref` followed. `None` for a broken
    /// reference (reported by the document set).
    fn child(
        &self,
        set: &'a DocumentSet,
        node: &'a Node,
        seg: PathSeg,
        key_span: Option<Span>,
    ) -> Option<At<'a>> {
        let mut path = self.path.clone();
        path.push(seg);
        if gardefou_document::ref_of(node).is_some() {
            let t = set.deref(self.file, node)?;
            return Some(At {
                file: t.file,
                node: t.node,
                path: t.path,
                key: key_span.map(|span| Key {
                    file: self.file,
                    span,
                    path: Some(path),
                }),
            });
        }
        Some(At {
            file: self.file,
            node,
            path,
            key: key_span.map(|span| Key {
                file: self.file,
                span,
                path: None,
            }),
        })
    }

    /// Where the key of this node is written, with that member's path: the place a finding
    /// about the node's name points at. `None` for array items and the document root.
    pub fn key_site(&self) -> Option<(FileId, Span, &[PathSeg])> {
        let k = self.key.as_ref()?;
        Some((k.file, k.span, k.path.as_deref().unwrap_or(&self.path)))
    }

    /// The member `key` of this object, with `$ref`s followed. `None` when absent or when the
    /// reference is broken (broken references are reported by the document set).
    pub fn get(&self, set: &'a DocumentSet, key: &str) -> Option<At<'a>> {
        let member = self.node.member(key)?;
        self.child(
            set,
            &member.value,
            PathSeg::Key(member.key.clone()),
            Some(member.key_span),
        )
    }

    /// The member `key` without following `$ref`s.
    pub fn get_raw(&self, key: &str) -> Option<At<'a>> {
        let member = self.node.member(key)?;
        let mut path = self.path.clone();
        path.push(PathSeg::Key(member.key.clone()));
        Some(At {
            file: self.file,
            node: &member.value,
            path,
            key: Some(Key {
                file: self.file,
                span: member.key_span,
                path: None,
            }),
        })
    }

    /// Members of this object as `(key, value)`, `$ref`s followed; broken ones skipped.
    pub fn members(&self, set: &'a DocumentSet) -> Vec<(&'a str, At<'a>)> {
        let Some(members) = self.node.as_object() else {
            return Vec::new();
        };
        members
            .iter()
            .filter_map(|m| {
                Some((
                    m.key.as_str(),
                    self.child(set, &m.value, PathSeg::Key(m.key.clone()), Some(m.key_span))?,
                ))
            })
            .collect()
    }

    /// Items of this array, `$ref`s followed; broken ones skipped.
    pub fn items(&self, set: &'a DocumentSet) -> Vec<At<'a>> {
        let Some(items) = self.node.as_array() else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.child(set, n, PathSeg::Index(i), None))
            .collect()
    }

    /// The string member `key` of this node, if it is an object that has one.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.node.get_str(key)
    }

    /// The boolean member `key` of this node, if it is an object that has one.
    pub fn bool(&self, key: &str) -> Option<bool> {
        self.node.get(key).and_then(Node::as_bool)
    }
}
