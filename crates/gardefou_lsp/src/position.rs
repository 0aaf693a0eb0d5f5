//! Byte offsets ↔ LSP positions. LSP counts lines ended by `\n`, `\r\n` or `\r`, and characters
//! in UTF-16 code units (the default position encoding, the only one every client supports).

use lsp_types::{Position, Range};

/// The byte offset of each line's start in one text.
#[derive(Debug, Clone)]
pub struct LineMap {
    starts: Vec<u32>,
}

impl LineMap {
    /// The line starts of `text`.
    pub fn new(text: &str) -> LineMap {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i as u32 + 1),
                _ => {}
            }
            i += 1;
        }
        LineMap { starts }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.starts[line] as usize;
        let character = text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    /// The range of bytes `start..end`.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }

    /// The byte offset of a position; a line past the end is the end of the text, a character
    /// past the end of its line is the end of the line (as LSP says).
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let start = start as usize;
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(text.len(), |&s| s as usize);
        let line = &text[start..end];
        let line = line
            .strip_suffix("\r\n")
            .or_else(|| line.strip_suffix('\n'))
            .or_else(|| line.strip_suffix('\r'))
            .unwrap_or(line);
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= pos.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        start + line.len()
    }
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
