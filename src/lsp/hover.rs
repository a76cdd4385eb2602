//! Hover: the rule documentation of the findings under the cursor.

use lsp_types as lsp;

use super::server::Server;
use crate::diagnostic::Diagnostic;
use crate::rules;

impl Server {
    pub(super) fn hover(&mut self, params: &lsp::HoverParams) -> Option<lsp::Hover> {
        let position = &params.text_document_position_params;
        let uri = position.text_document.uri.as_str();
        let cell = self
            .cell_document(uri)
            .or_else(|| self.template_document(uri));
        let (findings, document) = match &cell {
            Some((document, findings)) => (findings.clone(), document),
            None => (self.current_findings(uri)?, self.documents.get(uri)?),
        };
        let offset = document.at().offset(position.position);
        let mut hits: Vec<&Diagnostic> = findings
            .iter()
            .filter(|d| d.span.start <= offset && offset <= d.span.end)
            .collect();
        hits.dedup_by_key(|d| d.rule.code);
        let first = hits.first()?;
        let docs: Vec<String> = hits
            .iter()
            .map(|d| {
                format!(
                    "**{} `{}`**\n{}",
                    d.rule.code,
                    d.rule.name,
                    rules::doc_body(d.rule.doc)
                )
            })
            .collect();
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: docs.join("\n\n---\n\n"),
            }),
            range: Some(document.at().range(first.span.clone())),
        })
    }
}
