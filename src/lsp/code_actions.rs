//! Code actions: a finding's fix, its suppressions, and fix-all for the document.

use std::collections::HashMap;

use lsp_types as lsp;

use super::actions::{self, Action};
use super::convert::{self};
use super::documents::Document;
use super::server::{FIX_ALL, Server};
use crate::diagnostic::Edit;

impl Server {
    pub(super) fn code_actions(
        &mut self,
        params: &lsp::CodeActionParams,
    ) -> Vec<lsp::CodeActionOrCommand> {
        let uri = params.text_document.uri.as_str();
        // A notebook's cell is a document of its own here, with the notebook's findings,
        // and so is an open template, with its views'.
        let cell = self
            .cell_document(uri)
            .or_else(|| self.template_document(uri));
        let (findings, document) = match &cell {
            Some((document, findings)) => (findings.clone(), document),
            None => {
                let Some(findings) = self.current_findings(uri) else {
                    return Vec::new();
                };
                let Some(document) = self.documents.get(uri) else {
                    return Vec::new();
                };
                (findings, document)
            }
        };
        let wanted = |kind: &str| {
            params.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|o| {
                    kind == o.as_str()
                        || kind
                            .strip_prefix(o.as_str())
                            .is_some_and(|rest| rest.starts_with('.'))
                })
            })
        };
        let requested = document.at().span(params.range);
        let mut out = Vec::new();
        if wanted(lsp::CodeActionKind::QUICKFIX.as_str()) {
            let touched = findings
                .iter()
                .filter(|d| d.span.start <= requested.end && requested.start <= d.span.end);
            for finding in touched {
                let shown = convert::diagnostic(&document.uri, document.at(), finding);
                for Action {
                    title,
                    edits,
                    preferred,
                } in actions::for_finding(&document.text, document.kind, finding)
                {
                    out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                        title,
                        kind: Some(lsp::CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![shown.clone()]),
                        edit: Some(self.workspace_edit(document, &edits)),
                        is_preferred: Some(preferred),
                        ..Default::default()
                    }));
                }
            }
        }
        if wanted(FIX_ALL)
            && let Some((fixed, count)) = crate::run::fix::fixed_text(
                &document.text,
                document.kind,
                &findings,
                self.options.unsafe_fixes,
            )
        {
            let whole = Edit {
                span: 0..document.text.len(),
                replacement: fixed,
            };
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Fix all sqlhound findings ({count})"),
                kind: Some(lsp::CodeActionKind::from(FIX_ALL)),
                edit: Some(self.workspace_edit(document, &[whole])),
                ..Default::default()
            }));
        }
        out
    }

    pub(super) fn workspace_edit(&self, document: &Document, edits: &[Edit]) -> lsp::WorkspaceEdit {
        let edits: Vec<lsp::TextEdit> = edits.iter().map(|e| document.at().text_edit(e)).collect();
        if self.versioned_edits {
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri: document.uri.clone(),
                        version: Some(document.version),
                    },
                    edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
                }])),
                ..Default::default()
            }
        } else {
            lsp::WorkspaceEdit {
                changes: Some(HashMap::from([(document.uri.clone(), edits)])),
                ..Default::default()
            }
        }
    }
}
