//! Template findings. A template's findings come from the views that render it, which the
//! whole workspace may hold, so they are found by a pass over the workspace (as `check`
//! finds them), off the main loop, when a template or a view is opened or saved — never
//! per keystroke — and published for every template they are in. The pass reads the
//! templates open in the editor from their buffers, unsaved edits included.

use lsp_types as lsp;
use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;

use super::convert;
use super::documents::{Document, apply_changes};
use super::server::{Done, Server};
use crate::FileReport;
use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, SourceKind};

#[derive(Default)]
pub(super) struct Templates {
    /// A pass is running; its result is published when it comes.
    running: bool,
    /// Something changed: a pass starts when none is running. Every change a message
    /// makes costs one pass.
    wanted: bool,
    /// Templates the last pass published findings for, by URI, with the text it read.
    published: HashMap<String, FileReport>,
    /// Template files open in the editor, by URI.
    open: HashMap<String, Buffer>,
}

/// A template's text in the editor.
struct Buffer {
    path: PathBuf,
    text: String,
    version: i32,
}

impl Templates {
    pub(super) fn shows(&self, uri: &str) -> bool {
        self.published.contains_key(uri)
    }
}

impl Server {
    /// Asks for a templates pass when opening or saving the file at `uri` (with `text`,
    /// when it is open) may change a template's findings.
    pub(super) fn templates_touched(&mut self, uri: &lsp::Uri, text: Option<&str>) {
        let path = convert::uri_to_path(uri);
        let text = text
            .or_else(|| self.documents.get(uri.as_str()).map(|d| d.text.as_str()))
            .or_else(|| {
                self.templates
                    .open
                    .get(uri.as_str())
                    .map(|b| b.text.as_str())
            });
        let shown = self.templates.shows(uri.as_str());
        if shown
            || path.is_some_and(|path| crate::may_change_templates(&path, text.unwrap_or_default()))
        {
            self.templates.wanted = true;
        }
    }

    /// Keeps the buffer of a template file the editor opens (sqlhound checks no template
    /// as a document of its own).
    pub(super) fn template_opened(&mut self, item: &lsp::TextDocumentItem) {
        let Some(path) = convert::uri_to_path(&item.uri) else {
            return;
        };
        if crate::is_template_file(&path) {
            let buffer = Buffer {
                path,
                text: item.text.clone(),
                version: item.version,
            };
            self.templates
                .open
                .insert(item.uri.as_str().to_string(), buffer);
        }
    }

    /// Applies an edit to an open template's buffer.
    pub(super) fn template_changed(&mut self, params: lsp::DidChangeTextDocumentParams) {
        if let Some(buffer) = self
            .templates
            .open
            .get_mut(params.text_document.uri.as_str())
        {
            apply_changes(&mut buffer.text, params.content_changes);
            buffer.version = params.text_document.version;
        }
    }

    /// Forgets a closed template's buffer; its unsaved edits are gone, so a pass that read
    /// them is done again from the file.
    pub(super) fn template_closed(&mut self, uri: &str) {
        let Some(buffer) = self.templates.open.remove(uri) else {
            return;
        };
        let on_disk = std::fs::read_to_string(&buffer.path).ok();
        if on_disk.as_deref() != Some(buffer.text.as_str()) {
            self.recheck_templates();
        }
    }

    /// Asks for a templates pass when one has shown findings (the settings or the project
    /// changed).
    pub(super) fn recheck_templates(&mut self) {
        if !self.templates.published.is_empty() {
            self.templates.wanted = true;
        }
    }

    /// Starts the templates pass asked for, unless one is running.
    pub(super) fn start_templates(&mut self) {
        if !self.templates.wanted || self.templates.running {
            return;
        }
        self.templates.wanted = false;
        self.templates.running = true;
        let folders = self.folders.clone();
        let (overrides, root, project) = (
            self.overrides.clone(),
            self.root.clone(),
            self.project.clone(),
        );
        let buffers: rustc_hash::FxHashMap<PathBuf, Arc<str>> = self
            .templates
            .open
            .values()
            .map(|b| (b.path.clone(), Arc::from(b.text.as_str())))
            .collect();
        let sender = self.done.0.clone();
        // Its own thread: the pool stays free for the documents being edited.
        std::thread::spawn(move || {
            let reports = catch_unwind(AssertUnwindSafe(|| {
                crate::templates_under(&folders, &overrides, &root, &project, &buffers)
            }))
            .map_err(|panic| crate::engine::guard::panic_message(panic.as_ref()))
            .and_then(|result| result.map_err(|e| e.to_string()));
            let _ = sender.send(Done::Templates { reports });
        });
    }

    pub(super) fn templates_checked(&mut self, reports: Result<Vec<FileReport>, String>) {
        self.templates.running = false;
        match reports {
            Ok(reports) => {
                let before: HashSet<String> = std::mem::take(&mut self.templates.published)
                    .into_keys()
                    .collect();
                // An open template's findings are of its version whose text the pass read.
                let open = &self.templates.open;
                let shown = self.publish_files(&reports, &before, |uri, text| {
                    open.get(uri).filter(|b| b.text == text).map(|b| b.version)
                });
                self.templates.published = reports
                    .into_iter()
                    .filter_map(|report| {
                        let uri = convert::path_to_uri(report.absolute.as_deref()?)?;
                        let uri = uri.as_str().to_string();
                        shown.contains(&uri).then_some((uri, report))
                    })
                    .collect();
            }
            Err(message) => self.log_error(format!("sqlhound failed on templates: {message}")),
        }
    }

    /// An open template as a document, with the findings the last pass published for it:
    /// what code actions and hovers on it describe. `None` when the buffer has changed
    /// since that pass read it (its findings are from another text until the next save).
    pub(super) fn template_document(&self, uri: &str) -> Option<(Document, Vec<Diagnostic>)> {
        let buffer = self.templates.open.get(uri)?;
        let report = self.templates.published.get(uri)?;
        if report.text != buffer.text {
            return None;
        }
        let document = Document {
            uri: uri.parse().ok()?,
            text: buffer.text.clone(),
            lines: LineIndex::new(&buffer.text),
            version: buffer.version,
            kind: SourceKind::Template,
            path: buffer.path.clone(),
            findings: None,
            checking: false,
            explained: None,
            cells: Vec::new(),
        };
        Some((document, report.diagnostics.clone()))
    }
}
