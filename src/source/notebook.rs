//! Jupyter notebooks (nbformat 4): the code cells' sources joined into one text, in order,
//! each ending with a line break — a connection made in cell 2 is known in cell 5 — with
//! maps back to the cell (for positions as `cell 3:2:5`) and into the JSON file (for
//! positions in machine formats, and for rewriting a cell without touching the rest).

use std::ops::Range;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::span_map::SpanMap;
use super::{LineCol, LineIndex};

/// A notebook as read from its JSON: where each code cell is in the joined text and in
/// the file.
#[derive(Debug)]
pub struct Notebook {
    /// The file's text, as read.
    pub json: String,
    json_lines: LineIndex,
    pub cells: Vec<CodeCell>,
    /// Offsets in the joined text to offsets in `json`.
    to_json: SpanMap,
}

/// One code cell.
#[derive(Debug, Clone)]
pub struct CodeCell {
    /// 0-based among all the notebook's cells (markdown included), as editors count them.
    pub index: usize,
    /// Where its source is in the joined text, the line break ending it included.
    pub range: Range<usize>,
    /// The 0-based line of the joined text the cell starts on.
    pub first_line: usize,
    /// Whether the line break ending it was added (the source does not end with one).
    pub added_break: bool,
    /// The JSON value of its `source`: a string, or a list of strings.
    source: Range<usize>,
    /// The list's strings, when `source` is a list (one line each, as nbformat writes them).
    lines: Option<Vec<Range<usize>>>,
}

/// A cell position as users read it: `cell 3:2:5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellPosition {
    /// 1-based among all the notebook's cells.
    pub cell: usize,
    /// 1-based line and character column inside the cell.
    pub at: LineCol,
}

#[derive(Deserialize)]
struct RawNotebook<'a> {
    nbformat: Option<u64>,
    #[serde(borrow)]
    cells: Option<Vec<RawCell<'a>>>,
    #[serde(default)]
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct RawCell<'a> {
    cell_type: Option<String>,
    #[serde(borrow)]
    source: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
struct Metadata {
    language_info: Option<LanguageInfo>,
}

#[derive(Deserialize)]
struct LanguageInfo {
    name: Option<String>,
}

impl Notebook {
    /// Reads a notebook's JSON: the notebook and its code cells' joined text, or why it is
    /// not a notebook sqlhound reads.
    pub fn parse(json: String) -> Result<(Notebook, String), String> {
        let raw: RawNotebook<'_> = serde_json::from_str(&json)
            .map_err(|e| format!("it is not a valid notebook (invalid JSON: {e})"))?;
        match raw.nbformat {
            Some(4) => {}
            Some(n) => {
                return Err(format!(
                    "it is an nbformat {n} notebook; sqlhound reads nbformat 4 (convert it with `jupyter nbconvert --to notebook`)"
                ));
            }
            None => return Err("it is not a notebook: it has no `nbformat`".into()),
        }
        let cells = raw
            .cells
            .ok_or_else(|| "it is not a notebook: it has no `cells`".to_string())?;
        // A notebook of another language (R, Julia) has no Python to check.
        let language = raw
            .metadata
            .and_then(|m| m.language_info)
            .and_then(|l| l.name);
        let python = language.is_none_or(|name| name.eq_ignore_ascii_case("python"));
        let mut text = String::new();
        let mut to_json = SpanMap::default();
        let mut code = Vec::new();
        let mut line = 0;
        for (index, cell) in cells.iter().enumerate() {
            if !python || cell.cell_type.as_deref() != Some("code") {
                continue;
            }
            let Some(source) = cell.source else {
                continue;
            };
            let at = offset_in(&json, source.get());
            let start = text.len();
            let lines = decode_source(&json, at.clone(), &mut text, &mut to_json).ok_or_else(|| {
                format!(
                    "it is not a valid notebook: cell {} has a `source` that is neither a string nor a list of strings",
                    index + 1
                )
            })?;
            let added_break = !text.ends_with(['\n', '\r']);
            if added_break {
                // Maps onto the end of the source's last string, where its text ends.
                let end = lines
                    .as_ref()
                    .and_then(|l| l.last())
                    .map_or(at.end - 1, |last| last.end - 1)
                    .max(at.start);
                to_json.push(text.len()..text.len() + 1, end..end);
                text.push('\n');
            }
            code.push(CodeCell {
                index,
                range: start..text.len(),
                first_line: line,
                added_break,
                source: at,
                lines,
            });
            line += super::line_starts(&text[start..]).count();
        }
        let json_lines = LineIndex::new(&json);
        Ok((
            Notebook {
                json,
                json_lines,
                cells: code,
                to_json,
            },
            text,
        ))
    }

    /// The code cell holding an offset of the joined text.
    pub fn cell_at(&self, offset: usize) -> Option<&CodeCell> {
        let index = self.cells.partition_point(|c| c.range.end <= offset);
        self.cells
            .get(index)
            .or_else(|| self.cells.last().filter(|c| c.range.end == offset))
    }

    /// Where an offset of the joined text (`text`, indexed by `lines`) is, as a cell and a
    /// line and column inside it.
    pub fn position(&self, text: &str, lines: &LineIndex, offset: usize) -> CellPosition {
        let at = lines.line_col(text, offset);
        let (cell, first_line) = self
            .cell_at(offset)
            .map_or((0, 0), |c| (c.index, c.first_line));
        CellPosition {
            cell: cell + 1,
            at: LineCol {
                line: at.line.saturating_sub(first_line).max(1),
                column: at.column,
            },
        }
    }

    /// The JSON file's lines.
    pub fn json_lines(&self) -> &LineIndex {
        &self.json_lines
    }

    /// The byte offset in the JSON file of an offset of the joined text.
    pub fn json_offset(&self, offset: usize) -> usize {
        self.to_json.offset(offset).unwrap_or(0)
    }

    /// The 1-based line and column in the JSON file of an offset of the joined text: where
    /// the code is in the file on disk.
    pub fn json_position(&self, offset: usize) -> LineCol {
        self.json_lines
            .line_col(&self.json, self.json_offset(offset))
    }

    /// The 0-based line range of the JSON file a code cell's `source` spans.
    pub fn json_lines_of(&self, cell: &CodeCell) -> Range<usize> {
        let first = self.json_lines.line_of(cell.source.start);
        let last = self.json_lines.line_of(cell.source.end.saturating_sub(1));
        first..last + 1
    }

    /// The JSON file with the sources of some code cells (by position in `cells`) replaced:
    /// every other byte — outputs, metadata, key order, indentation — as it was. A source
    /// keeps its form (one string or a list of lines) and the list's layout; its lines that
    /// did not change keep their bytes.
    pub fn with_sources(&self, changed: &[(usize, String)]) -> String {
        let mut out = String::with_capacity(self.json.len());
        let mut last = 0;
        let mut changed: Vec<&(usize, String)> = changed.iter().collect();
        changed.sort_by_key(|(cell, _)| *cell);
        for (position, source) in changed {
            let Some(cell) = self.cells.get(*position) else {
                continue;
            };
            let mut source = source.as_str();
            if cell.added_break {
                source = source.strip_suffix('\n').unwrap_or(source);
            }
            out.push_str(&self.json[last..cell.source.start]);
            out.push_str(&self.encode_source(cell, source));
            last = cell.source.end;
        }
        out.push_str(&self.json[last..]);
        out
    }

    fn encode_source(&self, cell: &CodeCell, source: &str) -> String {
        let Some(old) = &cell.lines else {
            return json_string(source);
        };
        let raw = &self.json[cell.source.clone()];
        let base = cell.source.start;
        // The list's layout: what opens it, what separates its strings, what closes it.
        let (open, separator, close) = match (old.first(), old.get(1), old.last()) {
            (Some(first), second, Some(last)) => (
                &raw[..first.start - base],
                second.map_or_else(
                    || format!(",{}", &raw[1..first.start - base]),
                    |second| self.json[first.end..second.start].to_string(),
                ),
                &raw[last.end - base..],
            ),
            _ => ("[", ",".to_string(), "]"),
        };
        let old_lines: Vec<(String, &str)> = old
            .iter()
            .map(|r| {
                let raw = &self.json[r.clone()];
                (serde_json::from_str(raw).unwrap_or_default(), raw)
            })
            .collect();
        let new_lines: Vec<&str> = source.split_inclusive('\n').collect();
        let same_front = old_lines
            .iter()
            .zip(&new_lines)
            .take_while(|((old, _), new)| old == *new)
            .count();
        let same_back = old_lines[same_front..]
            .iter()
            .rev()
            .zip(new_lines[same_front..].iter().rev())
            .take_while(|((old, _), new)| old == *new)
            .count();
        let mut out = String::from(if new_lines.is_empty() { "[" } else { open });
        for (i, line) in new_lines.iter().enumerate() {
            if i > 0 {
                out.push_str(&separator);
            }
            let from_back = new_lines.len() - i;
            if i < same_front {
                out.push_str(old_lines[i].1);
            } else if from_back <= same_back {
                out.push_str(old_lines[old_lines.len() - from_back].1);
            } else {
                out.push_str(&json_string(line));
            }
        }
        out.push_str(if new_lines.is_empty() { "]" } else { close });
        out
    }
}

/// A string as JSON, as nbformat writes it (non-ASCII kept as is).
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// Where `part` (a slice of `whole`) is in `whole`.
fn offset_in(whole: &str, part: &str) -> Range<usize> {
    let start = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    start..start + part.len()
}

/// Decodes a cell's `source` (valid JSON at `at` in `json`: the parser read it) onto `text`,
/// mapping every decoded byte to the JSON bytes it came from. The source's form: `None`
/// for one string, the strings' ranges for a list; `Err` for a value of another type, which
/// the format does not allow.
fn decode_source(
    json: &str,
    at: Range<usize>,
    text: &mut String,
    map: &mut SpanMap,
) -> Option<Option<Vec<Range<usize>>>> {
    let bytes = json.as_bytes();
    let mut i = at.start;
    match bytes.get(i) {
        Some(b'"') => {
            decode_string(json, i, text, map);
            return Some(None);
        }
        Some(b'[') => i += 1,
        _ => return None,
    }
    let mut lines = Vec::new();
    // Valid JSON: between the strings only whitespace and commas, else it is no string.
    while i < at.end {
        match bytes[i] {
            b'"' => {
                let end = decode_string(json, i, text, map);
                lines.push(i..end);
                i = end;
            }
            b',' | b']' | b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => return None,
        }
    }
    Some(Some(lines))
}

/// Decodes the JSON string starting with the quote at `start`; returns the offset after
/// its closing quote. Runs without escapes map verbatim, each escape onto itself.
fn decode_string(json: &str, start: usize, text: &mut String, map: &mut SpanMap) -> usize {
    let bytes = json.as_bytes();
    let mut i = start + 1;
    let mut run = i;
    let flush = |text: &mut String, map: &mut SpanMap, from: usize, to: usize| {
        if to > from {
            map.push(text.len()..text.len() + (to - from), from..to);
            text.push_str(&json[from..to]);
        }
    };
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                flush(text, map, run, i);
                return i + 1;
            }
            b'\\' => {
                flush(text, map, run, i);
                let (decoded, len) = unescape(&json[i..]);
                map.push(text.len()..text.len() + decoded.len_utf8(), i..i + len);
                text.push(decoded);
                i += len;
                run = i;
            }
            _ => i += 1,
        }
    }
    flush(text, map, run, i);
    i
}

/// The character a JSON escape at the start of `s` stands for, and the escape's length.
fn unescape(s: &str) -> (char, usize) {
    let hex = |from: usize| {
        s.get(from..from + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match s.as_bytes().get(1) {
        Some(b'n') => ('\n', 2),
        Some(b't') => ('\t', 2),
        Some(b'r') => ('\r', 2),
        Some(b'b') => ('\u{8}', 2),
        Some(b'f') => ('\u{c}', 2),
        Some(b'u') => {
            let Some(high) = hex(2) else {
                return ('\u{fffd}', 2);
            };
            if (0xD800..0xDC00).contains(&high)
                && s.get(6..8) == Some("\\u")
                && let Some(low) = hex(8).filter(|l| (0xDC00..0xE000).contains(l))
            {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return (char::from_u32(code).unwrap_or('\u{fffd}'), 12);
            }
            (char::from_u32(high).unwrap_or('\u{fffd}'), 6)
        }
        Some(&other) => (char::from(other), 2),
        None => ('\\', 1),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn notebook(cells: &str) -> String {
        format!(
            "{{\n \"cells\": [{cells}],\n \"metadata\": {{}},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}}\n"
        )
    }

    #[test]
    fn code_cells_are_joined_in_order_and_markdown_is_skipped() {
        let json = notebook(
            r##"{"cell_type": "code", "source": ["import sqlite3\n", "conn = sqlite3.connect(\"db\")"], "outputs": []},
 {"cell_type": "markdown", "source": "# Title"},
 {"cell_type": "code", "source": "conn.execute(\"SELECT 1\")\n"}"##,
        );
        let (nb, text) = Notebook::parse(json).unwrap();
        assert_eq!(
            text,
            "import sqlite3\nconn = sqlite3.connect(\"db\")\nconn.execute(\"SELECT 1\")\n"
        );
        assert_eq!(nb.cells.len(), 2);
        assert_eq!(nb.cells[1].index, 2);
        let lines = LineIndex::new(&text);
        let select = text.find("SELECT").unwrap();
        let position = nb.position(&text, &lines, select);
        assert_eq!(position.cell, 3);
        assert_eq!(
            position.at,
            LineCol {
                line: 1,
                column: 15
            }
        );
        // In the JSON, the escaped quote before SELECT is two bytes.
        let json_at = nb.json_offset(select);
        assert_eq!(&nb.json[json_at..json_at + 6], "SELECT");
    }

    #[test]
    fn escapes_map_onto_themselves() {
        let json = notebook(r#"{"cell_type": "code", "source": "a = \"\u00e9\" \ud83d\ude00 x"}"#);
        let (nb, text) = Notebook::parse(json).unwrap();
        assert_eq!(text, "a = \"é\" 😀 x\n");
        let x = text.find('x').unwrap();
        assert_eq!(&nb.json[nb.json_offset(x)..nb.json_offset(x) + 1], "x");
    }

    #[test]
    fn other_formats_and_bad_json_are_refused_with_a_reason() {
        let old = "{\"nbformat\": 3, \"worksheets\": []}".to_string();
        assert!(Notebook::parse(old).unwrap_err().contains("nbformat 3"));
        let bad = "{\"cells\": [".to_string();
        assert!(Notebook::parse(bad).unwrap_err().contains("invalid JSON"));
    }

    #[test]
    fn a_source_that_is_not_text_is_refused() {
        for source in ["3", "[\"a\", 3]", "{\"a\": 1}", "[[\"a\"]]"] {
            let json = notebook(&format!(
                "{{\"cell_type\": \"code\", \"source\": {source}}}"
            ));
            let error = Notebook::parse(json).unwrap_err();
            assert!(error.contains("cell 1 has a `source`"), "{source}: {error}");
        }
    }

    #[test]
    fn rewriting_a_cell_keeps_every_other_byte() {
        let json = notebook(
            "{\"cell_type\": \"code\", \"source\": [\n    \"x = 1\\n\",\n    \"y = \\u0032\\n\",\n    \"z = 3\"\n   ], \"outputs\": [{\"text\": \"1\"}]}",
        );
        let (nb, text) = Notebook::parse(json.clone()).unwrap();
        assert_eq!(text, "x = 1\ny = 2\nz = 3\n");
        let rewritten = nb.with_sources(&[(0, "x = 1\ny = 2\nw = 0\nz = 4\n".into())]);
        let expected = json.replace("\"z = 3\"", "\"w = 0\\n\",\n    \"z = 4\"");
        assert_eq!(rewritten, expected);
        // Unchanged: byte-identical, escapes included.
        assert_eq!(nb.with_sources(&[(0, text)]), json);
    }

    #[test]
    fn a_string_source_stays_a_string() {
        let json = notebook("{\"cell_type\": \"code\", \"source\": \"a\\nb\"}");
        let (nb, _) = Notebook::parse(json.clone()).unwrap();
        let rewritten = nb.with_sources(&[(0, "a\nc\n".into())]);
        assert_eq!(rewritten, json.replace("\"a\\nb\"", "\"a\\nc\""));
    }
}
