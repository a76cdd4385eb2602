//! Template findings. A template's findings come from the views that render it, which the
//! whole workspace may hold, so they are found by a pass over the workspace (as `check`
//! finds them), off the main loop, when a template or a view is opened or saved — never
//! per keystroke — and published for every template they are in.

use lsp_types as lsp;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::convert;
use super::server::{Done, Server};
use crate::FileReport;

#[derive(Default)]
pub(super) struct Templates {
    /// A pass is running; its result is published when it comes.
    running: bool,
    /// Something changed: a pass starts when none is running. Every change a message
    /// makes costs one pass.
    wanted: bool,
    /// Templates the last pass published findings for.
    published: HashSet<String>,
}

impl Templates {
    pub(super) fn shows(&self, uri: &str) -> bool {
        self.published.contains(uri)
    }
}

impl Server {
    /// Asks for a templates pass when opening or saving the file at `uri` (with `text`,
    /// when it is open) may change a template's findings.
    pub(super) fn templates_touched(&mut self, uri: &lsp::Uri, text: Option<&str>) {
        let path = convert::uri_to_path(uri);
        let text = text.or_else(|| self.documents.get(uri.as_str()).map(|d| d.text.as_str()));
        if path.is_some_and(|path| crate::may_change_templates(&path, text.unwrap_or_default())) {
            self.templates.wanted = true;
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
        let sender = self.done.0.clone();
        // Its own thread: the pool stays free for the documents being edited.
        std::thread::spawn(move || {
            let reports = catch_unwind(AssertUnwindSafe(|| {
                crate::templates_under(&folders, &overrides, &root, &project)
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
                let before = std::mem::take(&mut self.templates.published);
                self.templates.published = self.publish_files(&reports, &before);
            }
            Err(message) => self.log_error(format!("sqlhound failed on templates: {message}")),
        }
    }
}
