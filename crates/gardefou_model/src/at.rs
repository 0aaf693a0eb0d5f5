use gardefou_document::{DocumentSet, FileId};
use gardefou_source::{Node, PathSeg, Span};

/// A node of the document set with where it is: its file (after following `$ref`s) and its
/// path in the resolved root document (the path Spectral reports).
#[derive(Clone, Debug)]
pub struct At<'a> {
    pub file: FileId,
    pub node: &'a Node,
    pub path: Vec<PathSeg>,
}

impl<'a> At<'a> {
    pub fn root(set: &'a DocumentSet) -> Option<At<'a>> {
        Some(At {
            file: FileId(0),
            node: set.root().root.as_ref()?,
            path: Vec::new(),
        })
    }

    pub fn span(&self) -> Span {
        self.node.span
    }

    /// The member `key` of this object, with `$ref`s followed. `None` when absent or when the
    /// reference is broken (broken references are reported by the document set).
    pub fn get(&self, set: &'a DocumentSet, key: &str) -> Option<At<'a>> {
        let member = self.node.member(key)?;
        let (file, node) = set.deref(self.file, &member.value)?;
        let mut path = self.path.clone();
        path.push(PathSeg::Key(member.key.clone()));
        Some(At { file, node, path })
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
                let (file, node) = set.deref(self.file, &m.value)?;
                let mut path = self.path.clone();
                path.push(PathSeg::Key(m.key.clone()));
                Some((m.key.as_str(), At { file, node, path }))
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
            .filter_map(|(i, n)| {
                let (file, node) = set.deref(self.file, n)?;
                let mut path = self.path.clone();
                path.push(PathSeg::Index(i));
                Some(At { file, node, path })
            })
            .collect()
    }

    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.node.get_str(key)
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        self.node.get(key).and_then(Node::as_bool)
    }
}
