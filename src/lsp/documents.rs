//! Open documents: the editor's text (not the file on disk), its version, and the findings
//! of the last check of that exact version.

use std::path::{Path, PathBuf};

use lsp_types as lsp;

use super::convert::{TextRef, uri_to_path};
use crate::diagnostic::Diagnostic;
use crate::source::notebook::Notebook;
use crate::source::{LineIndex, SourceFile, SourceKind};

pub struct Document {
    pub uri: lsp::Uri,
    pub text: String,
    pub lines: LineIndex,
    pub version: i32,
    pub kind: SourceKind,
    /// The file's path, or a made-up one in the workspace for unsaved buffers, so config
    /// lookup and per-file ignores still work.
    pub path: PathBuf,
    /// Findings of the last check, when it was of `version`.
    pub findings: Option<Vec<Diagnostic>>,
    /// A check of some version is running; the next waits for it, so a burst of edits
    /// costs one check at a time, not one per keystroke.
    pub checking: bool,
    /// The text planned by the explain pass on the last save, and the findings then.
    pub explained: Option<(String, Vec<Diagnostic>)>,
    /// A notebook's cells, in order (none for a text document); `text` is then the code
    /// cells joined.
    pub cells: Vec<Cell>,
}

/// A notebook's cell: its own document, with its text.
pub struct Cell {
    pub uri: lsp::Uri,
    pub text: String,
    /// The cell document's version, for edits tied to it.
    pub version: i32,
    pub code: bool,
    pub language: String,
}

impl Cell {
    fn new(cell: &lsp::NotebookCell, text: Option<lsp::TextDocumentItem>) -> Self {
        let (text, language, version) =
            text.map_or_else(Default::default, |t| (t.text, t.language_id, t.version));
        Self {
            uri: cell.document.clone(),
            text,
            version,
            code: cell.kind == lsp::NotebookCellKind::Code,
            language,
        }
    }

    /// Cells with their texts, the cell documents the client opened with them.
    pub fn all(cells: &[lsp::NotebookCell], mut texts: Vec<lsp::TextDocumentItem>) -> Vec<Self> {
        cells
            .iter()
            .map(|cell| {
                let text = texts
                    .iter()
                    .position(|t| t.uri == cell.document)
                    .map(|i| texts.swap_remove(i));
                Self::new(cell, text)
            })
            .collect()
    }

    /// Whether the cell is checked: Python code, or a cell magic such as `%%sql`.
    fn checked(&self) -> bool {
        self.code && (self.language == "python" || self.text.starts_with("%%"))
    }
}

impl Document {
    /// `None` for documents sqlhound does not read (neither SQL nor Python).
    pub fn open(item: lsp::TextDocumentItem, root: &Path) -> Option<Self> {
        let path = uri_to_path(&item.uri);
        let kind = path
            .as_deref()
            .and_then(SourceKind::from_path)
            .or_else(|| kind_of_language(&item.language_id))
            // A notebook's JSON opened as text: its cells come as a notebook document.
            .filter(|kind| *kind != SourceKind::Notebook)?;
        let path = path.unwrap_or_else(|| {
            root.join(match kind {
                SourceKind::Sql => "untitled.sql",
                SourceKind::Python | SourceKind::Notebook => "untitled.py",
                SourceKind::Template => "untitled.html",
            })
        });
        Some(Self {
            uri: item.uri,
            lines: LineIndex::new(&item.text),
            text: item.text,
            version: item.version,
            kind,
            path,
            findings: None,
            checking: false,
            explained: None,
            cells: Vec::new(),
        })
    }

    /// A notebook document and its cells.
    pub fn notebook(uri: lsp::Uri, version: i32, cells: Vec<Cell>, root: &Path) -> Self {
        let path = uri_to_path(&uri).unwrap_or_else(|| root.join("untitled.ipynb"));
        let mut document = Self {
            uri,
            text: String::new(),
            lines: LineIndex::new(""),
            version,
            kind: SourceKind::Notebook,
            path,
            findings: None,
            checking: false,
            explained: None,
            cells,
        };
        document.join_cells();
        document
    }

    /// What is checked: the text, or a notebook's cells as `sqlhound check` reads an
    /// `.ipynb` file.
    pub fn source(&self) -> SourceFile {
        match self.as_notebook() {
            Some((notebook, text)) => SourceFile::notebook(self.path.clone(), notebook, text),
            None => SourceFile::new(self.path.clone(), self.kind, self.text.clone()),
        }
    }

    /// A notebook document's cells as a notebook (cells not checked stand as markdown, so
    /// cell numbers stay the editor's).
    pub fn as_notebook(&self) -> Option<(Notebook, String)> {
        if self.kind != SourceKind::Notebook {
            return None;
        }
        let cells: Vec<serde_json::Value> = self
            .cells
            .iter()
            .map(|cell| {
                let kind = if cell.checked() { "code" } else { "markdown" };
                serde_json::json!({ "cell_type": kind, "source": cell.text })
            })
            .collect();
        let json = serde_json::json!({ "cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5 });
        Notebook::parse(json.to_string()).ok()
    }

    /// A notebook's cell as a document of its own, with the notebook's findings in it (in
    /// the cell's offsets): what code actions and hovers on the cell describe.
    pub fn cell_document(
        &self,
        uri: &str,
        findings: &[Diagnostic],
    ) -> Option<(Document, Vec<Diagnostic>)> {
        let position = self.cells.iter().position(|c| c.uri.as_str() == uri)?;
        let (notebook, _) = self.as_notebook()?;
        let range = notebook
            .cells
            .iter()
            .find(|c| c.index == position)?
            .range
            .clone();
        let cell = &self.cells[position];
        // A `%%sql` cell takes SQL comments.
        let sql = crate::engine::notebook::cell_magic(&cell.text) == Some("sql");
        let document = Document {
            uri: cell.uri.clone(),
            lines: LineIndex::new(&cell.text),
            text: cell.text.clone(),
            version: cell.version,
            kind: if sql {
                SourceKind::Sql
            } else {
                SourceKind::Notebook
            },
            path: self.path.clone(),
            findings: None,
            checking: false,
            explained: None,
            cells: Vec::new(),
        };
        let findings = findings
            .iter()
            .filter_map(|d| crate::fix::in_cell(d, range.clone()))
            .collect();
        Some((document, findings))
    }

    fn join_cells(&mut self) {
        self.text = self.as_notebook().map(|(_, text)| text).unwrap_or_default();
        self.lines = LineIndex::new(&self.text);
    }

    /// Applies a notebook change: cells added, removed or edited. Returns the cells removed.
    pub fn change_cells(
        &mut self,
        version: i32,
        change: Option<lsp::NotebookDocumentCellChange>,
    ) -> Vec<lsp::Uri> {
        let mut closed = Vec::new();
        let (structure, data, text_content) = match change {
            Some(c) => (c.structure, c.data, c.text_content),
            None => (None, None, None),
        };
        if let Some(structure) = structure {
            let opened = structure.did_open.unwrap_or_default();
            let array = structure.array;
            let start = (array.start as usize).min(self.cells.len());
            let end = (start + array.delete_count as usize).min(self.cells.len());
            let added = Cell::all(&array.cells.unwrap_or_default(), opened);
            closed.extend(self.cells.splice(start..end, added).map(|c| c.uri));
        }
        for data in data.unwrap_or_default() {
            if let Some(cell) = self.cells.iter_mut().find(|c| c.uri == data.document) {
                cell.code = data.kind == lsp::NotebookCellKind::Code;
            }
        }
        for content in text_content.unwrap_or_default() {
            if let Some(cell) = self
                .cells
                .iter_mut()
                .find(|c| c.uri == content.document.uri)
            {
                apply_changes(&mut cell.text, content.changes);
                cell.version = content.document.version;
            }
        }
        self.join_cells();
        self.version = version;
        self.findings = None;
        closed
    }

    pub fn at(&self) -> TextRef<'_> {
        TextRef {
            text: &self.text,
            lines: &self.lines,
        }
    }

    /// Applies changes in order, each against the text the previous one left; a change
    /// without a range replaces the whole text.
    pub fn change(&mut self, version: i32, changes: Vec<lsp::TextDocumentContentChangeEvent>) {
        apply_changes(&mut self.text, changes);
        self.lines = LineIndex::new(&self.text);
        self.version = version;
        self.findings = None;
    }
}

/// Applies changes in order, each against the text the previous one left; a change
/// without a range replaces the whole text.
pub(super) fn apply_changes(text: &mut String, changes: Vec<lsp::TextDocumentContentChangeEvent>) {
    for change in changes {
        match change.range {
            Some(range) => {
                let lines = LineIndex::new(text);
                let at = TextRef {
                    text,
                    lines: &lines,
                };
                let span = at.span(range);
                text.replace_range(span, &change.text);
            }
            None => *text = change.text,
        }
    }
}

fn kind_of_language(language_id: &str) -> Option<SourceKind> {
    match language_id {
        "sql" | "postgres" | "pgsql" | "mysql" | "sqlite" | "plsql" => Some(SourceKind::Sql),
        "python" => Some(SourceKind::Python),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn change(range: ((u32, u32), (u32, u32)), text: &str) -> lsp::TextDocumentContentChangeEvent {
        let ((l1, c1), (l2, c2)) = range;
        lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range::new(
                lsp::Position::new(l1, c1),
                lsp::Position::new(l2, c2),
            )),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_in_utf16_units() {
        let item = lsp::TextDocumentItem {
            uri: lsp::Uri::from_str("file:///w/q.sql").unwrap_or_else(|_| unreachable!()),
            language_id: "sql".into(),
            version: 1,
            text: "-- 😀 note\nSELECT a FROM t;\n".into(),
        };
        let Some(mut doc) = Document::open(item, Path::new("/w")) else {
            panic!("a .sql document is read");
        };
        // After the emoji (2 units): replace " note" with "!"; then edit line 1.
        doc.change(
            2,
            vec![
                change(((0, 5), (0, 10)), "!"),
                change(((1, 7), (1, 8)), "*"),
            ],
        );
        assert_eq!(doc.text, "-- 😀!\nSELECT * FROM t;\n");
        assert_eq!(doc.version, 2);
    }

    #[test]
    fn unsaved_buffers_are_read_by_language() {
        let item = lsp::TextDocumentItem {
            uri: lsp::Uri::from_str("untitled:Untitled-1").unwrap_or_else(|_| unreachable!()),
            language_id: "python".into(),
            version: 1,
            text: String::new(),
        };
        let doc = Document::open(item, Path::new("/w"));
        assert_eq!(doc.map(|d| d.path), Some(PathBuf::from("/w/untitled.py")));
    }
}
