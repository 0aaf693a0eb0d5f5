/// Index of a file in a document set (`gardefou_document::DocumentSet`); the root document is
/// always `FileId(0)`. A [`Span`](crate::Span) is a place in one file, the pair is a place in
/// the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);
