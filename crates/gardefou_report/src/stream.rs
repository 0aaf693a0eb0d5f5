//! Writing large JSON reports as they are rendered: the report's outer shape is serialized
//! around sequences that produce one item at a time, so no tree of the whole report is built.
//! The bytes are those `serde_json::to_string_pretty` gives for the same values.

use std::cell::RefCell;
use std::io::{self, Write};

use serde::ser::{Serialize, Serializer};

/// A sequence serialized from an iterator, item by item (serialized once).
pub(crate) struct Items<I>(RefCell<Option<I>>);

impl<I> Items<I> {
    pub(crate) fn new(items: I) -> Items<I> {
        Items(RefCell::new(Some(items)))
    }
}

impl<I, T> Serialize for Items<I>
where
    I: Iterator<Item = T>,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items = self
            .0
            .borrow_mut()
            .take()
            .ok_or_else(|| serde::ser::Error::custom("a streamed sequence is written once"))?;
        s.collect_seq(items)
    }
}

/// Writes `value` pretty-printed (two-space indent) and a final newline.
pub(crate) fn write_pretty(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        &mut *out,
        serde_json::ser::PrettyFormatter::with_indent(b"  "),
    );
    // A write error keeps its kind (a closed pipe stays `BrokenPipe`).
    value.serialize(&mut ser).map_err(io::Error::from)?;
    out.write_all(b"\n")
}
