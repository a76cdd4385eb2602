//! Between sqlhound's terms (byte offsets, paths, [`Diagnostic`]) and the protocol's (UTF-16
//! positions, `file:` URIs, `lsp_types::Diagnostic`). The only place UTF-16 is spoken.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types as lsp;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use serde_json::json;

use crate::diagnostic::{Category, Diagnostic, Edit, Severity};
use crate::rules;
use crate::source::LineIndex;

/// A text and its line index: what every conversion needs.
#[derive(Clone, Copy)]
pub struct TextRef<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

impl TextRef<'_> {
    pub fn position(self, offset: usize) -> lsp::Position {
        let (line, character) = self.lines.position_utf16(self.text, offset);
        lsp::Position { line, character }
    }

    pub fn range(self, span: Range<usize>) -> lsp::Range {
        lsp::Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    pub fn offset(self, position: lsp::Position) -> usize {
        self.lines
            .offset_utf16(self.text, position.line, position.character)
    }

    /// Byte range of a protocol range; a reversed range is read forwards.
    pub fn span(self, range: lsp::Range) -> Range<usize> {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        a.min(b)..a.max(b)
    }

    pub fn text_edit(self, edit: &Edit) -> lsp::TextEdit {
        lsp::TextEdit {
            range: self.range(edit.span.clone()),
            new_text: edit.replacement.clone(),
        }
    }
}

/// Characters a path segment keeps escaped in a `file:` URI (RFC 3986, as VS Code writes them).
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The local path of a `file:` URI; `None` for other schemes (`untitled:`) and remote hosts.
pub fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let (host, path) = rest.split_at(rest.find('/')?);
    if !(host.is_empty() || host.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

pub fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    let path = path.to_str()?;
    let encoded: String = utf8_percent_encode(path, PATH_ESCAPES).collect();
    lsp::Uri::from_str(&format!("file://{encoded}")).ok()
}

/// Where a rule's documentation is published.
pub fn rule_doc_uri(rule: &crate::diagnostic::RuleMeta) -> Option<lsp::Uri> {
    lsp::Uri::from_str(&rules::doc_url(rule)).ok()
}

/// One finding as the editor shows it. `data` carries the fix, so a client can apply it
/// without asking again.
pub fn diagnostic(uri: &lsp::Uri, at: TextRef<'_>, finding: &Diagnostic) -> lsp::Diagnostic {
    let severity = match finding.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    };
    let message = match &finding.help {
        Some(help) => format!("{}\nhelp: {help}", finding.message),
        None => finding.message.to_string(),
    };
    let related: Vec<lsp::DiagnosticRelatedInformation> = finding
        .labels
        .iter()
        .map(|label| lsp::DiagnosticRelatedInformation {
            location: lsp::Location {
                uri: uri.clone(),
                range: at.range(label.span.clone()),
            },
            message: label.message.to_string(),
        })
        .collect();
    let unnecessary = finding.rule == &rules::tool::UNUSED_SUPPRESSION;
    let data = finding.fix.as_ref().map(|fix| {
        let edits: Vec<lsp::TextEdit> = fix.edits.iter().map(|e| at.text_edit(e)).collect();
        json!({
            "rule": finding.rule.name,
            "fix": {
                "title": fix.message,
                "applicability": fix.applicability.as_str(),
                "edits": edits,
            }
        })
    });
    lsp::Diagnostic {
        range: at.range(finding.span.clone()),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(finding.rule.code.to_string())),
        code_description: rule_doc_uri(finding.rule).map(|href| lsp::CodeDescription { href }),
        source: Some("sqlhound".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary.then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
        data,
    }
}

/// Whether users may silence a rule with a comment: not the tool's own reports about
/// suppressions and unreadable files.
pub fn suppressible(rule: &crate::diagnostic::RuleMeta) -> bool {
    rule.category != Category::Tool
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_cr_files_have_the_lines_the_client_counts() {
        // The protocol ends lines at `\n`, `\r\n` and `\r`, as the line index does.
        let text = "SELECT 1;\rDELETE\r\nFROM t;";
        let lines = LineIndex::new(text);
        let at = TextRef {
            text,
            lines: &lines,
        };
        let from = text.find("FROM").unwrap_or_default();
        let position = lsp::Position {
            line: 2,
            character: 0,
        };
        assert_eq!(at.position(from), position);
        assert_eq!(at.offset(position), from);
    }

    #[test]
    fn file_uris_round_trip_with_escapes() {
        let path = Path::new("/tmp/my project/naïve #1.py");
        let uri = path_to_uri(path);
        assert_eq!(
            uri.as_ref().map(|u| u.as_str()),
            Some("file:///tmp/my%20project/na%C3%AFve%20%231.py")
        );
        assert_eq!(uri.as_ref().and_then(uri_to_path).as_deref(), Some(path));
    }

    #[test]
    fn other_schemes_have_no_path() {
        let uri = lsp::Uri::from_str("untitled:Untitled-1").ok();
        assert_eq!(uri.as_ref().and_then(uri_to_path), None);
        let remote = lsp::Uri::from_str("file://server/share/a.py").ok();
        assert_eq!(remote.as_ref().and_then(uri_to_path), None);
    }
}
