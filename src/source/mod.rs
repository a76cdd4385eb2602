//! Files as sqlhound sees them: text plus a line index, so every stage can speak in byte
//! offsets and only the reporters turn them into lines and columns.

pub mod decode;
pub mod notebook;
pub mod span_map;

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Which front end reads a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Sql,
    Python,
    /// A Jupyter notebook: its code cells, checked as one Python module.
    Notebook,
    /// A Django or Jinja2 template, read only for the views that render it (never by its
    /// extension alone): its findings come from those views.
    Template,
}

impl SourceKind {
    /// The kind for a path, by extension; `None` for files sqlhound does not read.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "sql" | "ddl" | "pgsql" | "psql" => Some(Self::Sql),
            "py" | "pyi" => Some(Self::Python),
            "ipynb" => Some(Self::Notebook),
            _ => None,
        }
    }
}

/// One checked file: its path as the user should see it, its text and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub kind: SourceKind,
    pub text: String,
    /// A notebook's cells and JSON; `text` is then its code cells joined.
    pub notebook: Option<std::sync::Arc<notebook::Notebook>>,
    /// Built on first use: most files have nothing to report.
    lines: std::sync::OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(path: PathBuf, kind: SourceKind, text: String) -> Self {
        Self {
            path,
            kind,
            text,
            notebook: None,
            lines: std::sync::OnceLock::new(),
        }
    }

    /// A notebook, checked as its code cells joined (`text`).
    pub fn notebook(path: PathBuf, notebook: notebook::Notebook, text: String) -> Self {
        Self {
            notebook: Some(std::sync::Arc::new(notebook)),
            ..Self::new(path, SourceKind::Notebook, text)
        }
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// The text and line index, for a report that outlives the file.
    pub fn into_parts(self) -> (String, LineIndex) {
        let lines = self
            .lines
            .into_inner()
            .unwrap_or_else(|| LineIndex::new(&self.text));
        (self.text, lines)
    }
}

/// Where a front end found comments, and the strings that span lines: a finding inside a
/// multi-line string is suppressed by a comment on the string's first or last line, since
/// no comment can sit on the lines in between.
#[derive(Debug, Default)]
pub struct CommentLayout {
    /// Whole comments, markers included, in order.
    pub comments: Vec<Range<usize>>,
    /// Outermost multi-line strings, in order.
    pub multiline_strings: Vec<Range<usize>>,
    /// Python calls that span several lines, in order (see `python::parse`).
    pub multiline_calls: Vec<Range<usize>>,
}

/// A 1-based line and column; the column counts characters (or UTF-16 units where asked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Byte offsets of line starts, built once per file. Lines end at `\n`, `\r\n`, and at a
/// `\r` alone (old Mac files), as Python, editors and the language server protocol have it.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Inside lines longer than `MARK_STRIDE`, every `MARK_STRIDE` bytes: the offset and how
    /// many characters precede it on its line. A column is then counted over at most that
    /// many bytes, so a file of one 10 MB line with many findings is not quadratic.
    marks: Vec<(usize, usize)>,
}

const MARK_STRIDE: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(line_starts(text));
        let mut marks = Vec::new();
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        for (&start, end) in starts.iter().zip(ends) {
            let (mut at, mut column) = (columns_from(text, start), 0);
            while end - at > MARK_STRIDE {
                // A character is at most 4 bytes: there is a boundary past `at`.
                let next = floor_char_boundary(text, at + MARK_STRIDE);
                column += text[at..next].chars().count();
                marks.push((next, column));
                at = next;
            }
        }
        Self { starts, marks }
    }

    /// The characters between `line_start` and `offset` on its line.
    fn column_of(&self, text: &str, line_start: usize, offset: usize) -> usize {
        let index = self.marks.partition_point(|&(at, _)| at <= offset);
        let (from, column) = index
            .checked_sub(1)
            .and_then(|i| self.marks.get(i))
            .filter(|&&(at, _)| at >= line_start)
            .copied()
            .unwrap_or((line_start, 0));
        column + text.get(from..offset).map_or(0, |s| s.chars().count())
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Byte range of a 0-based line, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let end = if text[..end.max(start)].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.column_start(text, line);
        LineCol {
            line: line + 1,
            column: self.column_of(text, start, offset) + 1,
        }
    }

    /// Byte offset of a 1-based line and character column, clamped to the line's end.
    pub fn offset(&self, text: &str, at: LineCol) -> usize {
        let line = at.line.saturating_sub(1);
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.column_start(text, line);
        let line_end = self.starts.get(at.line).copied().unwrap_or(text.len());
        let column = at.column.saturating_sub(1);
        // Count from the last mark on the line at or before the column.
        let first = self.marks.partition_point(|&(mark, _)| mark < start);
        let last = self.marks.partition_point(|&(mark, _)| mark < line_end);
        let on_line = self.marks.get(first..last).unwrap_or_default();
        let (from, before) = on_line
            .partition_point(|&(_, chars)| chars <= column)
            .checked_sub(1)
            .and_then(|i| on_line.get(i))
            .copied()
            .unwrap_or((start, 0));
        text[from..line_end]
            .char_indices()
            .nth(column - before)
            .map_or(line_end, |(i, _)| from + i)
    }

    /// Where a line's character columns start: a byte-order mark opening the text is not a
    /// column, since editors do not show it.
    fn column_start(&self, text: &str, line: usize) -> usize {
        columns_from(text, self.starts[line])
    }

    /// 0-based line and UTF-16 column of a byte offset, as the language server protocol
    /// counts positions.
    pub fn position_utf16(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column: usize = text[start..offset].chars().map(char::len_utf16).sum();
        (to_u32(line), to_u32(column))
    }

    /// Byte offset of a 0-based line and UTF-16 column. A column past the line's end means
    /// the end (before the line break), a line past the last means the end of the text,
    /// and a column inside a surrogate pair means the character's start.
    pub fn offset_utf16(&self, text: &str, line: u32, column: u32) -> usize {
        let Some(&start) = self.starts.get(line as usize) else {
            return text.len();
        };
        let range = self.line_range(text, line as usize);
        let mut units = 0;
        for (i, c) in text[range.clone()].char_indices() {
            units += c.len_utf16();
            if units > column as usize {
                return start + i;
            }
        }
        range.end
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .map(|(i, _)| i + 1)
}

/// The line break `rest` starts with (`\n` when none: the end of the text).
pub fn line_break(rest: &str) -> &'static str {
    if rest.starts_with("\r\n") {
        "\r\n"
    } else if rest.starts_with('\r') {
        "\r"
    } else {
        "\n"
    }
}

/// The line break a text uses: its first one (`\n` when it has none).
pub fn text_line_break(text: &str) -> &'static str {
    text.find(['\r', '\n'])
        .map_or("\n", |at| line_break(&text[at..]))
}

/// The length of the byte-order mark opening `text` (0 without one): it is not SQL and not
/// a column.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// Where the character columns of a line starting at `start` begin: after the byte-order
/// mark on the first line, since editors do not show it.
fn columns_from(text: &str, start: usize) -> usize {
    if start == 0 { bom_len(text) } else { start }
}

/// The largest char boundary at or below `offset`, so slicing never panics.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Paths in reports use `/` on every platform, so output is the same everywhere.
pub fn path_string(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "é = 1;\nSELECT ü FROM t";
        let index = LineIndex::new(text);
        let offset = text.find('ü').unwrap_or_default();
        assert_eq!(index.line_col(text, offset), LineCol { line: 2, column: 8 });
        assert_eq!(index.offset(text, LineCol { line: 2, column: 8 }), offset);
    }

    #[test]
    fn columns_on_long_lines_count_every_character() {
        let text = format!("x\n{}é{}\n", "ab".repeat(5000), "ü".repeat(3000));
        let index = LineIndex::new(&text);
        for offset in [2, 4098, 10_002, 10_004, 12_000, text.len() - 1] {
            let offset = floor_char_boundary(&text, offset);
            let column = text[2..offset].chars().count() + 1;
            assert_eq!(index.line_col(&text, offset), LineCol { line: 2, column });
            assert_eq!(index.offset(&text, LineCol { line: 2, column }), offset);
        }
    }

    #[test]
    fn offsets_inside_a_character_do_not_panic() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 1), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn utf16_positions_count_surrogate_pairs_twice() {
        let text = "x = '😀é'; SELECT\nnext";
        let index = LineIndex::new(text);
        let select = text.find("SELECT").unwrap_or_default();
        // 😀 is two UTF-16 units, é one.
        assert_eq!(index.position_utf16(text, select), (0, 11));
        assert_eq!(index.offset_utf16(text, 0, 11), select);
        assert_eq!(
            index.offset_utf16(text, 0, 6),
            text.find('😀').unwrap_or_default()
        );
        assert_eq!(
            index.offset_utf16(text, 0, 99),
            text.find('\n').unwrap_or_default()
        );
        assert_eq!(index.offset_utf16(text, 1, 2), text.len() - 2);
        assert_eq!(index.offset_utf16(text, 7, 0), text.len());
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_crlf_is_one_line_end() {
        let text = "a\rbc\r\nd\n\re";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 5);
        let lines: Vec<&str> = (0..5).map(|l| &text[index.line_range(text, l)]).collect();
        assert_eq!(lines, ["a", "bc", "d", "", "e"]);
        let d = text.find('d').unwrap_or_default();
        assert_eq!(index.line_col(text, d), LineCol { line: 3, column: 1 });
        assert_eq!(index.position_utf16(text, text.len()), (4, 1));
        assert_eq!(
            index.offset_utf16(text, 1, 9),
            text.find('\r').unwrap_or_default() + 3
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{feff}SELECT x";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap_or_default();
        assert_eq!(index.line_col(text, x), LineCol { line: 1, column: 8 });
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.offset(text, LineCol { line: 1, column: 8 }), x);
        // The language server's client holds the same text, BOM included.
        assert_eq!(index.position_utf16(text, x), (0, 8));
    }

    #[test]
    fn line_range_excludes_crlf() {
        let text = "a\r\nbc\r\n";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_range(text, 1)], "bc");
    }
}
