//! Open documents: the editor's text (not the file on disk), its version, and the findings
//! of the last check of that exact version.

use std::path::{Path, PathBuf};

use lsp_types as lsp;

use super::convert::{TextRef, uri_to_path};
use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, SourceKind};

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
        })
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
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = self.at().span(range);
                    self.text.replace_range(span, &change.text);
                }
                None => self.text = change.text,
            }
            self.lines = LineIndex::new(&self.text);
        }
        self.version = version;
        self.findings = None;
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
