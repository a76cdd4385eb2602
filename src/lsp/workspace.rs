//! `sqlhound.checkWorkspace`: every file of the workspace folders, cancellable.

use std::collections::HashSet;
use std::panic::catch_unwind;

use lsp_server::{ErrorCode, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};

use super::convert::{self, TextRef};
use super::server::{Done, Server};
use crate::{FileReport, Input, Report};

impl Server {
    pub(super) fn check_workspace(&mut self, id: RequestId) {
        let inputs: Vec<Input> = self.folders.iter().cloned().map(Input::Path).collect();
        let (overrides, root) = (self.overrides.clone(), self.root.clone());
        let sender = self.done.0.clone();
        self.workspace_checks.insert(id.clone());
        std::thread::spawn(move || {
            let report = catch_unwind(|| crate::check(&inputs, &overrides, &root))
                .map_err(|panic| crate::engine::guard::panic_message(panic.as_ref()))
                .and_then(|result| result.map_err(|e| e.to_string()));
            let _ = sender.send(Done::Workspace { id, report });
        });
    }

    /// Publishes a workspace check's findings for files not open in the editor (open ones
    /// show their live text's findings) and clears those of files now clean.
    pub(super) fn publish_workspace(&mut self, report: &Report) -> Value {
        let before = std::mem::take(&mut self.workspace_published);
        let findings = report
            .files
            .iter()
            .map(|f| f.diagnostics.len())
            .sum::<usize>();
        self.workspace_published = self.publish_files(&report.files, &before, |_, _| None);
        json!({
            "files": report.checked,
            "filesWithFindings": report.files.len(),
            "findings": findings,
        })
    }

    /// Publishes the findings of `files` not open in the editor (as of the editor's version
    /// `version` names for a URI and the text read), clears those of the files in `before`
    /// (published by the same kind of check) that are now clean, and returns the files
    /// published.
    pub(super) fn publish_files(
        &self,
        files: &[FileReport],
        before: &HashSet<String>,
        version: impl Fn(&str, &str) -> Option<i32>,
    ) -> HashSet<String> {
        let mut published = HashSet::new();
        for file in files {
            let path = file
                .absolute
                .clone()
                .unwrap_or_else(|| self.root.join(&file.path));
            let Some(uri) = convert::path_to_uri(&path) else {
                continue;
            };
            if self.documents.contains_key(uri.as_str()) {
                continue;
            }
            let at = TextRef {
                text: &file.text,
                lines: &file.lines,
            };
            let shown = file
                .diagnostics
                .iter()
                .map(|d| convert::diagnostic(&uri, at, d))
                .collect();
            published.insert(uri.as_str().to_string());
            let version = version(uri.as_str(), &file.text);
            self.publish(uri, shown, version);
        }
        let cleared = before
            .difference(&published)
            .filter(|uri| !self.documents.contains_key(*uri));
        for uri in cleared {
            if let Ok(uri) = uri.parse() {
                self.publish(uri, Vec::new(), None);
            }
        }
        published
    }

    pub(super) fn cancel(&mut self, params: lsp::CancelParams) {
        let id = match params.id {
            lsp::NumberOrString::Number(n) => RequestId::from(n),
            lsp::NumberOrString::String(s) => RequestId::from(s),
        };
        if self.workspace_checks.remove(&id) {
            let response = Response::new_err(
                id,
                ErrorCode::RequestCanceled as i32,
                "workspace check cancelled".into(),
            );
            self.send(response.into());
        }
    }
}
