/// Line starts of a text, for turning byte offsets into line and column numbers on demand.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
    /// For lines longer than [`CHECKPOINT`] bytes (minified JSON is one line): per line, the
    /// (byte offset, chars, UTF-16 units) counted from the line start at every checkpoint, so a
    /// column is counted from the nearest checkpoint instead of from the line start.
    long_lines: Vec<(u32, Vec<Checkpoint>)>,
}

/// (byte offset, chars, UTF-16 units) counted from the start of the line.
type Checkpoint = (u32, u32, u32);

/// Bytes between column checkpoints on long lines.
const CHECKPOINT: usize = 4096;

/// A position in a text. `line` and `column` are 1-based; `column` counts Unicode scalar values,
/// `utf16_column` counts UTF-16 code units (what SARIF and LSP count), `offset` is the byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// Line, 1-based.
    pub line: u32,
    /// Column, 1-based, in Unicode scalar values.
    pub column: u32,
    /// Column, 1-based, in UTF-16 code units.
    pub utf16_column: u32,
    /// Byte offset in the text.
    pub offset: u32,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i as u32 + 1),
                _ => {}
            }
            i += 1;
        }
        let mut long_lines = Vec::new();
        for line in 0..starts.len() {
            let start = starts[line] as usize;
            let end = starts.get(line + 1).map_or(text.len(), |&s| s as usize);
            if end - start <= CHECKPOINT {
                continue;
            }
            let mut points = Vec::new();
            let (mut pos, mut chars, mut utf16) = (start, 0u32, 0u32);
            while end - pos > CHECKPOINT {
                let mut next = pos + CHECKPOINT;
                while !text.is_char_boundary(next) {
                    next -= 1;
                }
                let block = &text[pos..next];
                if block.is_ascii() {
                    chars += block.len() as u32;
                    utf16 += block.len() as u32;
                } else {
                    for ch in block.chars() {
                        chars += 1;
                        utf16 += ch.len_utf16() as u32;
                    }
                }
                pos = next;
                points.push((pos as u32, chars, utf16));
            }
            long_lines.push((line as u32, points));
        }
        LineIndex {
            starts,
            len: text.len() as u32,
            long_lines,
        }
    }

    /// How many lines the text has (an empty text has one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line number of a byte offset.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of a 0-based line, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line] as usize;
        let mut end = self
            .starts
            .get(line + 1)
            .map(|&s| s as usize)
            .unwrap_or(self.len as usize);
        let b = text.as_bytes();
        while end > start && (b[end - 1] == b'\n' || b[end - 1] == b'\r') {
            end -= 1;
        }
        start..end
    }

    /// The position of the byte `offset` of `text` (the text this index was built from); offsets past the end are clamped.
    pub fn position(&self, text: &str, offset: u32) -> Position {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let mut end = offset as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // Start from the nearest checkpoint of a long line.
        let (mut from, mut base_chars, mut base_utf16) = (start, 0usize, 0usize);
        if let Ok(i) = self
            .long_lines
            .binary_search_by_key(&(line as u32), |(l, _)| *l)
        {
            let points = &self.long_lines[i].1;
            let k = points.partition_point(|(pos, _, _)| *pos as usize <= end);
            if k > 0 {
                let (pos, c, u) = points[k - 1];
                (from, base_chars, base_utf16) = (pos as usize, c as usize, u as usize);
            }
        }
        let prefix = &text[from..end];
        let (chars, utf16) = if prefix.is_ascii() {
            (base_chars + prefix.len(), base_utf16 + prefix.len())
        } else {
            prefix.chars().fold((base_chars, base_utf16), |(c, u), ch| {
                (c + 1, u + ch.len_utf16())
            })
        };
        Position {
            line: line as u32 + 1,
            column: chars as u32 + 1,
            utf16_column: utf16 as u32 + 1,
            offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_count_columns_from_checkpoints() {
        // A minified-JSON-like line of 50 KB with multi-byte characters spread over it.
        let mut text = String::from("first\n");
        for i in 0..5000 {
            text.push_str(if i % 7 == 0 { "é🚀\"," } else { "abcdefgh" });
        }
        text.push_str("\nlast");
        let idx = LineIndex::new(&text);
        let line_start = text.find('\n').unwrap() + 1;
        for offset in (line_start..text.len())
            .step_by(997)
            .filter(|o| text.is_char_boundary(*o))
        {
            let prefix = &text[line_start..offset];
            let p = idx.position(&text, offset as u32);
            assert_eq!(p.line, 2);
            assert_eq!(p.column as usize, prefix.chars().count() + 1, "at {offset}");
            assert_eq!(
                p.utf16_column as usize,
                prefix.chars().map(char::len_utf16).sum::<usize>() + 1
            );
        }
        assert_eq!(idx.position(&text, text.len() as u32 - 1).line, 3);
    }

    #[test]
    fn columns_count_chars_and_utf16_units() {
        let text = "t: {a: \"ééé🚀\", b: 2}\nnext";
        let idx = LineIndex::new(text);
        let b = text.find("b:").unwrap() as u32;
        let p = idx.position(text, b);
        assert_eq!(
            (p.line, p.column, p.utf16_column, p.offset),
            (1, 16, 17, 21)
        );
        let n = text.find("next").unwrap() as u32;
        assert_eq!(idx.position(text, n).line, 2);
        assert_eq!(idx.position(text, n).column, 1);
    }

    #[test]
    fn crlf_counts_as_one_line_break() {
        let text = "a\r\nb\rc\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3).line, 2);
        assert_eq!(idx.position(text, 5).line, 3);
        assert_eq!(&text[idx.line_range(text, 0)], "a");
    }
}
