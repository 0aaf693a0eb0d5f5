/// Line starts of a text, for turning byte offsets into line and column numbers on demand.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
}

/// A position in a text. `line` and `column` are 1-based; `column` counts Unicode scalar values,
/// `utf16_column` counts UTF-16 code units (what SARIF and LSP count), `offset` is the byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub utf16_column: u32,
    pub offset: u32,
}

impl LineIndex {
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
        LineIndex {
            starts,
            len: text.len() as u32,
        }
    }

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

    pub fn position(&self, text: &str, offset: u32) -> Position {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let mut end = offset as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &text[start..end];
        let (chars, utf16) = if prefix.is_ascii() {
            (prefix.len(), prefix.len())
        } else {
            prefix
                .chars()
                .fold((0, 0), |(c, u), ch| (c + 1, u + ch.len_utf16()))
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
