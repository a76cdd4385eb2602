//! Writing suppressions, in bytes: silence a finding on its line or in its file. Each
//! edit is written so `suppress.rs` reads it back as covering exactly that finding; a test
//! applies them to every fixture finding. The language server's quick fixes and
//! `--add-noqa` use them.

use std::ops::Range;

use super::suppress::MARKER;
use crate::diagnostic::{Category, Diagnostic, Edit};
use crate::source::{LineIndex, SourceKind, line_break, text_line_break};

/// A comment saying `directive` in the file's language.
fn comment(kind: SourceKind, directive: &str) -> String {
    match kind {
        SourceKind::Sql => format!("-- {MARKER} {directive}"),
        SourceKind::Python | SourceKind::Notebook => format!("# {MARKER} {directive}"),
        SourceKind::Template => format!("{{# {MARKER} {directive} #}}"),
    }
}

/// Adds the finding's rule to a suppression comment on the line it ends on: appended to an
/// existing `sqlhound: ignore[…]` there, else a new trailing comment (or one on its own line
/// above, where a trailing one would not work). In Python the line is the one that closes
/// the multi-line string the finding is in.
pub fn suppress_on_line(text: &str, kind: SourceKind, finding: &Diagnostic) -> Edit {
    LineSuppressions::new(text, kind).edit(finding, &[finding.rule.name])
}

/// A file read once for the suppressions of many findings (`--add-noqa`).
pub struct LineSuppressions<'a> {
    text: &'a str,
    kind: SourceKind,
    lines: LineIndex,
    /// Python's multi-line strings, or a template's tags, in order: a comment goes after
    /// the one a finding is in.
    strings: Vec<Range<usize>>,
}

impl<'a> LineSuppressions<'a> {
    pub fn new(text: &'a str, kind: SourceKind) -> Self {
        let strings = match kind {
            SourceKind::Python | SourceKind::Notebook => {
                crate::python::parse::parse(text).multiline_strings
            }
            SourceKind::Template => crate::python::orm::templates::tree::parse(text)
                .map(|t| t.tags)
                .unwrap_or_default(),
            SourceKind::Sql => Vec::new(),
        };
        Self {
            text,
            kind,
            lines: LineIndex::new(text),
            strings,
        }
    }

    /// The edit that silences `names` where `finding`'s suppression goes (see
    /// `suppress_on_line`). Findings whose edits start at the same place share a comment.
    pub fn edit(&self, finding: &Diagnostic, names: &[&str]) -> Edit {
        let (text, kind, lines) = (self.text, self.kind, &self.lines);
        let span = self.enclosing_string(finding.span.clone());
        let last = lines.line_of(span.end.saturating_sub(1).max(span.start));
        let line = lines.line_range(text, last);
        let names = names.join(", ");
        if let Some(edit) = extend_list(text, line.clone(), "ignore[", &names) {
            return edit;
        }
        let content = &text[line.clone()];
        // A comment at the end of the line would not be read as this suppression after
        // another sqlhound directive, after a line continuation, or after a syntax error
        // (the line may end inside an unterminated string): write it on its own line above
        // the finding.
        let own_line = content.contains(MARKER)
            || (matches!(kind, SourceKind::Python | SourceKind::Notebook)
                && content.trim_end().ends_with('\\'))
            // In a notebook's IPython command (`%sql …`) IPython would hand a trailing
            // comment to the magic.
            || (kind == SourceKind::Notebook && content.contains(['%', '!']))
            || finding.rule.category == Category::Syntax;
        if own_line {
            let first = lines.line_range(text, lines.line_of(span.start));
            let line_text = &text[first.clone()];
            let indent = &line_text[..line_text.len() - line_text.trim_start().len()];
            let newline = line_break(&text[first.end..]);
            return Edit {
                span: first.start..first.start,
                replacement: format!(
                    "{indent}{}{newline}",
                    comment(kind, &format!("ignore[{names}]"))
                ),
            };
        }
        let end = line.start + content.trim_end().len();
        Edit {
            span: end..end,
            replacement: format!("  {}", comment(kind, &format!("ignore[{names}]"))),
        }
    }

    /// The span, grown to the multi-line string it sits in, if any.
    fn enclosing_string(&self, span: Range<usize>) -> Range<usize> {
        let at = self.strings.partition_point(|s| s.start <= span.start);
        match at.checked_sub(1).map(|i| &self.strings[i]) {
            Some(string) if span.start < string.end => {
                string.start.min(span.start)..string.end.max(span.end)
            }
            _ => span,
        }
    }
}

/// Adds the finding's rule to the file's `sqlhound: ignore-file[…]` comment, or writes one
/// at the top (after a shebang and an encoding line in Python).
pub fn suppress_in_file(text: &str, kind: SourceKind, finding: &Diagnostic) -> Edit {
    let lines = LineIndex::new(text);
    let name = finding.rule.name;
    let existing = (0..lines.line_count())
        .find_map(|line| extend_list(text, lines.line_range(text, line), "ignore-file[", name));
    if let Some(edit) = existing {
        return edit;
    }
    let mut line = 0;
    if kind == SourceKind::Python {
        while line < 2 && line < lines.line_count() {
            let content = &text[lines.line_range(text, line)];
            if !(content.starts_with("#!") || is_encoding_line(content)) {
                break;
            }
            line += 1;
        }
    }
    let at = match lines.line_count() {
        count if line >= count => text.len(),
        _ if line == 0 => crate::source::bom_len(text),
        _ => lines.line_range(text, line).start,
    };
    let newline = text_line_break(text);
    let lead = if at == text.len() && !text.is_empty() && !text.ends_with(['\n', '\r']) {
        newline
    } else {
        ""
    };
    Edit {
        span: at..at,
        replacement: format!(
            "{lead}{}{newline}",
            comment(kind, &format!("ignore-file[{name}]"))
        ),
    }
}

/// `# -*- coding: latin-1 -*-` and friends (PEP 263) must stay on the first two lines.
fn is_encoding_line(line: &str) -> bool {
    line.trim_start().starts_with('#') && line.contains("coding")
}

/// Appends `name` to a `sqlhound: <directive>…]` list on the line, if there is one.
fn extend_list(text: &str, line: Range<usize>, directive: &str, name: &str) -> Option<Edit> {
    let content = &text[line.clone()];
    let marker = content.find(MARKER)?;
    let after = &content[marker + MARKER.len()..];
    let list = after.trim_start();
    let rest = list.strip_prefix(directive)?;
    let close = rest.find(']')?;
    let end = line.start + content.len() - rest.len() + close;
    let separator = if rest[..close].trim().is_empty() {
        ""
    } else {
        ", "
    };
    Some(Edit {
        span: end..end,
        replacement: format!("{separator}{name}"),
    })
}
