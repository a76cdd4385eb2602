//! Keeping each document's findings current: checks after edits (debounced, one per
//! document at a time, results for an older version dropped), the explain pass on save,
//! and the findings code actions and hovers describe.

use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Response};
use lsp_types as lsp;

use super::convert::{self};
use super::documents::Document;
use super::server::{DEBOUNCE, Done, Server};
use crate::diagnostic::Diagnostic;
use crate::engine::Project;
use crate::settings::Settings;
use crate::source::SourceFile;

impl Server {
    pub(super) fn did_open(&mut self, params: lsp::DidOpenTextDocumentParams) {
        self.templates_touched(&params.text_document.uri, Some(&params.text_document.text));
        self.template_opened(&params.text_document);
        let uri = params.text_document.uri.as_str().to_string();
        if let Some(document) = Document::open(params.text_document, &self.root) {
            self.documents.insert(uri.clone(), document);
            self.schedule(&uri, Duration::ZERO);
        }
    }

    pub(super) fn did_change(&mut self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri.as_str();
        if let Some(document) = self.documents.get_mut(uri) {
            document.change(params.text_document.version, params.content_changes);
            self.schedule(uri, DEBOUNCE);
        } else {
            self.template_changed(params);
        }
    }

    pub(super) fn did_close(&mut self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents.remove(uri.as_str());
        self.due.remove(uri.as_str());
        self.template_closed(uri.as_str());
        // A template's findings stay, as those of files not open do.
        if !self.templates.shows(uri.as_str()) {
            self.publish(uri, Vec::new(), None);
        }
    }

    pub(super) fn schedule(&mut self, uri: &str, after: Duration) {
        if self.documents.contains_key(uri) {
            self.due.insert(uri.to_string(), Instant::now() + after);
        }
    }

    pub(super) fn recheck_all(&mut self) {
        self.recheck_templates();
        let uris: Vec<String> = self.documents.keys().cloned().collect();
        for uri in uris {
            if let Some(document) = self.documents.get_mut(&uri) {
                document.findings = None;
                document.explained = None;
            }
            self.schedule(&uri, Duration::ZERO);
        }
    }

    pub(super) fn next_due(&self) -> Option<Instant> {
        self.due
            .iter()
            .filter(|(uri, _)| self.documents.get(*uri).is_some_and(|d| !d.checking))
            .map(|(_, due)| *due)
            .min()
    }

    /// Starts the checks whose quiet time is over, one per document at a time.
    pub(super) fn start_due_checks(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(uri, due)| {
                **due <= now && self.documents.get(*uri).is_some_and(|d| !d.checking)
            })
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in ready {
            self.due.remove(&uri);
            self.start_check(uri);
        }
    }

    pub(super) fn start_check(&mut self, uri: String) {
        let Some(path) = self.documents.get(&uri).map(|d| d.path.clone()) else {
            return;
        };
        let settings = self.settings_for(&path);
        let Some(document) = self.documents.get_mut(&uri) else {
            return;
        };
        let version = document.version;
        // The text planned on the last save: its findings stand until the text changes.
        match document.explained.take() {
            Some((text, findings)) if text == document.text => {
                document.explained = Some((text, findings.clone()));
                self.show(&uri, version, findings);
                return;
            }
            _ => {}
        }
        if settings.is_excluded(&document.path) {
            document.findings = Some(Vec::new());
            let uri = document.uri.clone();
            self.publish(uri, Vec::new(), Some(version));
            return;
        }
        document.checking = true;
        let size = document.text.len() as u64;
        let file = document.source();
        let sender = self.done.0.clone();
        let project = self.project.clone();
        self.pool.spawn(move || {
            let findings = check_document(&file, &settings, size, &project);
            // The loop may have stopped; nothing is waiting for the result then.
            let _ = sender.send(Done::Checked {
                uri,
                version,
                findings,
            });
        });
    }

    /// Keeps a document's findings for `version` and publishes them.
    pub(super) fn show(&mut self, uri: &str, version: i32, findings: Vec<Diagnostic>) {
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        if !document.cells.is_empty() {
            document.findings = Some(findings);
            if let Some(document) = self.documents.get(uri) {
                self.publish_cells(document, document.findings.as_deref().unwrap_or_default());
            }
            return;
        }
        let published = shown(document, &findings);
        document.findings = Some(findings);
        let uri = document.uri.clone();
        self.publish(uri, published, Some(version));
    }

    /// Plans a saved document's queries on the configured database, off the main loop.
    /// Returns whether it started.
    pub(super) fn explain(&mut self, uri: String) -> bool {
        let Some(options) = self.options.explain() else {
            return false;
        };
        let Some(path) = self.documents.get(&uri).map(|d| d.path.clone()) else {
            return false;
        };
        let settings = self.settings_for(&path);
        let Some(document) = self.documents.get(&uri) else {
            return false;
        };
        if settings.is_excluded(&path) || document.text.len() as u64 > settings.max_file_size {
            return false;
        }
        let (version, text) = (document.version, document.text.clone());
        let file = document.source();
        let sender = self.done.0.clone();
        let project = self.project.clone();
        // Its own thread: it waits on the database, not on the cores.
        std::thread::spawn(move || {
            let (findings, summary) =
                crate::check_source_explained(&file, &path, &settings, &project, &options);
            let _ = sender.send(Done::Explained {
                uri,
                version,
                text,
                findings,
                summary,
            });
        });
        true
    }

    pub(super) fn on_done(&mut self, done: Done) {
        match done {
            Done::Explained {
                uri,
                version,
                text,
                findings,
                summary,
            } => {
                if let Some(fatal) = summary.fatal {
                    self.show_problem(format!(
                        "sqlhound cannot use the database {}: {fatal}",
                        summary.target
                    ));
                    return;
                }
                if let Some(lost) = summary.lost {
                    self.log_error(lost);
                }
                let Some(document) = self.documents.get_mut(&uri) else {
                    return;
                };
                if document.version == version {
                    document.explained = Some((text, findings.clone()));
                    self.show(&uri, version, findings);
                }
            }
            Done::Checked {
                uri,
                version,
                findings,
            } => {
                let Some(document) = self.documents.get_mut(&uri) else {
                    return;
                };
                document.checking = false;
                // When a newer version is already due, its check reports instead.
                if document.version == version {
                    self.show(&uri, version, findings);
                }
            }
            Done::Templates { reports } => self.templates_checked(reports),
            Done::Workspace { id, report } => {
                if self.workspace_checks.remove(&id) {
                    let reply = match report {
                        Ok(report) => Response::new_ok(id, self.publish_workspace(&report)),
                        Err(message) => {
                            Response::new_err(id, ErrorCode::InternalError as i32, message)
                        }
                    };
                    self.send(reply.into());
                }
            }
        }
    }

    /// The findings of a document's current version, checking it now if needed (code
    /// actions and hovers must describe the text the editor has).
    pub(super) fn current_findings(&mut self, uri: &str) -> Option<Vec<Diagnostic>> {
        let document = self.documents.get(uri)?;
        if let Some(findings) = &document.findings {
            return Some(findings.clone());
        }
        let path = document.path.clone();
        let settings = self.settings_for(&path);
        let document = self.documents.get_mut(uri)?;
        let findings = if settings.is_excluded(&document.path) {
            Vec::new()
        } else {
            let file = document.source();
            let size = document.text.len() as u64;
            let project = self.project.clone();
            self.pool
                .install(|| check_document(&file, &settings, size, &project))
        };
        document.findings = Some(findings.clone());
        Some(findings)
    }

    /// A notebook's cell named by a request, as a document of its own, and the notebook's
    /// current findings in it; `None` when `uri` is no open notebook's cell.
    pub(super) fn cell_document(&mut self, uri: &str) -> Option<(Document, Vec<Diagnostic>)> {
        let notebook = self
            .documents
            .iter()
            .find(|(_, d)| d.cells.iter().any(|c| c.uri.as_str() == uri))
            .map(|(key, _)| key.clone())?;
        let findings = self.current_findings(&notebook)?;
        self.documents.get(&notebook)?.cell_document(uri, &findings)
    }
}

fn shown(document: &Document, findings: &[Diagnostic]) -> Vec<lsp::Diagnostic> {
    findings
        .iter()
        .map(|d| convert::diagnostic(&document.uri, document.at(), d))
        .collect()
}

/// Checks a document's text like a file, refusing one over `max-file-size`.
pub(super) fn check_document(
    file: &SourceFile,
    settings: &Settings,
    size: u64,
    project: &Project,
) -> Vec<Diagnostic> {
    if size > settings.max_file_size {
        return vec![crate::unreadable_diagnostic(&crate::too_large(
            size,
            settings.max_file_size,
        ))];
    }
    crate::engine::guard::check_guarded(file, &file.path, settings, project)
}
