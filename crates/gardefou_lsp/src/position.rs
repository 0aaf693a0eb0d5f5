//! Byte offsets ↔ LSP positions. LSP counts lines ended by `\n`, `\r\n` or `\r`, and characters
//! in UTF-16 code units (the default position encoding, the only one every client supports).

use gardefou_source::LineIndex;
use lsp_types::{Position, Range};

/// A text's lines, for LSP positions: gardefou_source's [`LineIndex`] (which already counts
/// UTF-16 columns, from checkpoints on long lines) read the way LSP reads it.
#[derive(Debug, Clone)]
pub struct LineMap {
    index: LineIndex,
}

impl LineMap {
    /// The lines of `text`.
    pub fn new(text: &str) -> LineMap {
        LineMap {
            index: LineIndex::new(text),
        }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        position(&self.index, text, offset)
    }

    /// The range of bytes `start..end`.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        range(&self.index, text, start, end)
    }

    /// The byte offset of a position; a line past the end is the end of the text, a character
    /// past the end of its line is the end of the line (as LSP says).
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= self.index.line_count() {
            return text.len();
        }
        let span = self.index.line_range(text, line);
        let mut units = 0u32;
        for (i, c) in text[span.clone()].char_indices() {
            if units >= pos.character {
                return span.start + i;
            }
            units += c.len_utf16() as u32;
        }
        span.end
    }
}

/// [`LineMap::position`] on an index built already (a loaded file's [`LineIndex`]).
pub fn position(index: &LineIndex, text: &str, offset: usize) -> Position {
    let p = index.position(text, offset.min(u32::MAX as usize) as u32);
    Position::new(p.line - 1, p.utf16_column - 1)
}

/// [`LineMap::range`] on an index built already.
pub fn range(index: &LineIndex, text: &str, start: usize, end: usize) -> Range {
    Range::new(position(index, text, start), position(index, text, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_and_every_line_ending() {
        let text = "a: 1\r\nb: \"é𝄞x\"\rc: 3\nd";
        let map = LineMap::new(text);
        assert_eq!(map.position(text, 0), Position::new(0, 0));
        let b = text.find('b').unwrap();
        assert_eq!(map.position(text, b), Position::new(1, 0));
        // `b: "` is four UTF-16 units, `é` one, `𝄞` two.
        let x = text.find('x').unwrap();
        assert_eq!(map.position(text, x), Position::new(1, 7));
        assert_eq!(map.offset(text, Position::new(1, 7)), x);
        let c = text.find('c').unwrap();
        assert_eq!(map.position(text, c), Position::new(2, 0));
        assert_eq!(map.offset(text, Position::new(3, 0)), text.len() - 1);
        // Past the end of a line: its end, before the line break; past the last line: the end.
        assert_eq!(map.offset(text, Position::new(0, 99)), 4);
        assert_eq!(map.offset(text, Position::new(9, 0)), text.len());
        // Inside a multi-byte character: its start.
        let e = text.find('é').unwrap();
        assert_eq!(map.position(text, e + 1), map.position(text, e));
    }
}
