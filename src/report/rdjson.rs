//! `rdjson`: reviewdog's Diagnostic Format (`DiagnosticResult`), so reviewdog can post
//! findings as review comments, with fixes as suggested changes. Its columns count UTF-8
//! bytes, as the format says, not characters.

use std::io::{self, Write};
use std::ops::Range;

use serde_json::{Value, json};

use crate::diagnostic::Severity;
use crate::source::{bom_len, path_string};
use crate::{FileReport, Report};

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics: Vec<Value> = report
        .diagnostics()
        .map(|(file, d)| {
            let mut diagnostic = json!({
                "message": format!("{}{}", super::cell_note(file, &d.span), d.message),
                "location": {
                    "path": path_string(&file.path),
                    "range": range(file, &d.span),
                },
                "severity": match d.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info => "INFO",
                },
                "code": { "value": d.rule.code, "url": crate::rules::doc_url(d.rule) },
            });
            // A notebook's edits are in its cells' text, not in its JSON.
            if let Some(fix) = d.fix.as_ref().filter(|_| file.notebook.is_none()) {
                diagnostic["suggestions"] = fix
                    .edits
                    .iter()
                    .map(|edit| json!({ "range": range(file, &edit.span), "text": edit.replacement }))
                    .collect();
            }
            diagnostic
        })
        .collect();
    let result = json!({
        "source": { "name": "sqlhound", "url": crate::rules::HOME },
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &result)?;
    writeln!(out)
}

/// A span as rdjson's `Range`: 1-based lines, 1-based UTF-8 byte columns, end exclusive.
fn range(file: &FileReport, span: &Range<usize>) -> Value {
    json!({ "start": position(file, span.start), "end": position(file, span.end) })
}

fn position(file: &FileReport, offset: usize) -> Value {
    // A notebook's finding is placed in its JSON, where the cell's line is.
    let (text, lines, offset) = match &file.notebook {
        Some(notebook) => (
            &notebook.json,
            notebook.json_lines(),
            notebook.json_offset(offset),
        ),
        None => (&file.text, &file.lines, offset),
    };
    let offset = crate::source::floor_char_boundary(text, offset.min(text.len()));
    let line = lines.line_of(offset);
    let start = lines.line_range(text, line).start;
    // A byte-order mark is no column.
    let start = if start == 0 { bom_len(text) } else { start };
    json!({ "line": line + 1, "column": offset.saturating_sub(start) + 1 })
}
