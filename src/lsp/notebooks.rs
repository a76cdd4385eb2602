//! Notebook documents (LSP 3.17 notebook sync): a Jupyter notebook open in the editor is
//! one document whose cells are checked together, as `sqlhound check` checks an `.ipynb`
//! file — a connection made in cell 2 is known in cell 5 — and whose findings are published
//! on each cell's own URI.

use std::time::Duration;

use lsp_types as lsp;

use super::convert::TextRef;
use super::documents::{Cell, Document};
use super::server::{DEBOUNCE, Server};
use crate::diagnostic::Diagnostic;
use crate::source::LineIndex;

/// The notebooks the server asks the client to sync: Jupyter's, with their Python cells
/// (and SQL ones: `%%sql` cells are often given that language).
pub fn sync_options() -> lsp::NotebookDocumentSyncOptions {
    let cells = ["python", "sql"]
        .map(|language| lsp::NotebookCellSelector {
            language: language.into(),
        })
        .to_vec();
    lsp::NotebookDocumentSyncOptions {
        notebook_selector: vec![lsp::NotebookSelector::ByNotebook {
            notebook: lsp::Notebook::String("jupyter-notebook".into()),
            cells: Some(cells),
        }],
        save: Some(true),
    }
}

impl Server {
    pub(super) fn did_open_notebook(&mut self, params: lsp::DidOpenNotebookDocumentParams) {
        let notebook = params.notebook_document;
        let cells = Cell::all(&notebook.cells, params.cell_text_documents);
        let document = Document::notebook(notebook.uri, notebook.version, cells, &self.root);
        let uri = document.uri.as_str().to_string();
        self.documents.insert(uri.clone(), document);
        self.schedule(&uri, Duration::ZERO);
    }

    pub(super) fn did_change_notebook(&mut self, params: lsp::DidChangeNotebookDocumentParams) {
        let uri = params.notebook_document.uri.as_str().to_string();
        let Some(document) = self.documents.get_mut(&uri) else {
            return;
        };
        let closed = document.change_cells(params.notebook_document.version, params.change.cells);
        // A removed cell's findings go with it.
        for cell in closed {
            self.publish(cell, Vec::new(), None);
        }
        self.schedule(&uri, DEBOUNCE);
    }

    pub(super) fn did_close_notebook(&mut self, params: lsp::DidCloseNotebookDocumentParams) {
        let uri = params.notebook_document.uri;
        let cells = self
            .documents
            .remove(uri.as_str())
            .map(|d| d.cells)
            .unwrap_or_default();
        self.due.remove(uri.as_str());
        for cell in cells {
            self.publish(cell.uri, Vec::new(), None);
        }
    }

    /// Publishes a notebook's findings, each on its cell's URI (every cell, so a cell whose
    /// findings are gone is cleared).
    pub(super) fn publish_cells(&self, document: &Document, findings: &[Diagnostic]) {
        let ranges: Vec<Option<std::ops::Range<usize>>> = match document.as_notebook() {
            Some((notebook, _)) => (0..document.cells.len())
                .map(|i| {
                    let cell = notebook.cells.iter().find(|c| c.index == i)?;
                    Some(cell.range.clone())
                })
                .collect(),
            None => Vec::new(),
        };
        for (cell, range) in document.cells.iter().zip(ranges) {
            let Some(range) = range else {
                self.publish(cell.uri.clone(), Vec::new(), None);
                continue;
            };
            let lines = LineIndex::new(&cell.text);
            let at = TextRef {
                text: &cell.text,
                lines: &lines,
            };
            let published = findings
                .iter()
                .filter_map(|d| crate::fix::in_cell(d, range.clone()))
                .map(|d| super::convert::diagnostic(&cell.uri, at, &d))
                .collect();
            self.publish(cell.uri.clone(), published, None);
        }
    }
}
