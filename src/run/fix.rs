//! Applying fixes: edits of the chosen applicability, without overlaps, and only when the
//! result still parses (Python) — a fix never leaves a file worse than it found it.

use crate::FileReport;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::source::SourceKind;
use crate::source::notebook::Notebook;

/// Whether `--fix` applies the fix: safe ones always, unsafe ones with `--unsafe-fixes`.
pub fn applies(fix: &Fix, unsafe_fixes: bool) -> bool {
    unsafe_fixes || fix.applicability == Applicability::Safe
}

/// The text with every applicable fix applied, and how many fixes that was; `None` when
/// nothing applies or the result would not parse.
pub fn fixed_text(
    text: &str,
    kind: SourceKind,
    diagnostics: &[Diagnostic],
    unsafe_fixes: bool,
) -> Option<(String, usize)> {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| applies(f, unsafe_fixes))
        .map(|f| f.edits.as_slice())
        .filter(|edits| !edits.is_empty())
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.span.start).min());
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let overlaps = edits.iter().any(|e| {
            chosen
                .iter()
                .any(|c| e.span.start < c.span.end && c.span.start < e.span.end)
        });
        let in_bounds = edits.iter().all(|e| text.get(e.span.clone()).is_some());
        if !overlaps && in_bounds {
            chosen.extend(edits);
            applied += 1;
        }
    }
    if applied == 0 {
        return None;
    }
    chosen.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for edit in chosen {
        out.push_str(&text[last..edit.span.start]);
        out.push_str(&edit.replacement);
        last = edit.span.end;
    }
    out.push_str(&text[last..]);
    let still_parses = match kind {
        SourceKind::Python => {
            crate::python::parse::parse(&out).error.is_none()
                || crate::python::parse::parse(text).error.is_some()
        }
        // A notebook's cells are fixed one by one, each as Python.
        SourceKind::Sql | SourceKind::Notebook | SourceKind::Template => true,
    };
    still_parses.then_some((out, applied))
}

/// A notebook's JSON with its cells rewritten one by one: `rewrite` gets a cell's text and
/// its findings (offsets in the cell) and returns the cell's new text and how many changes
/// that is. Every byte of the JSON but the changed cells' sources stays as it was; `None`
/// when nothing changed.
pub fn per_cell(
    file: &FileReport,
    notebook: &Notebook,
    mut rewrite: impl FnMut(&str, &[Diagnostic]) -> Option<(String, usize)>,
) -> Option<(String, usize)> {
    let mut changed = Vec::new();
    let mut total = 0;
    for (position, cell) in notebook.cells.iter().enumerate() {
        let range = cell.range.clone();
        let findings: Vec<Diagnostic> = file
            .diagnostics
            .iter()
            .filter_map(|d| in_cell(d, range.clone()))
            .collect();
        if findings.is_empty() {
            continue;
        }
        let Some(text) = file.text.get(range.clone()) else {
            continue;
        };
        if let Some((new, count)) = rewrite(text, &findings).filter(|(_, count)| *count > 0) {
            changed.push((position, new));
            total += count;
        }
    }
    (total > 0).then(|| (notebook.with_sources(&changed), total))
}

/// A finding of a notebook's joined text in the cell at `cell`, with its offsets counted
/// from the cell's start; labels and a fix reaching outside the cell are dropped. `None`
/// for a finding in another cell.
pub fn in_cell(d: &Diagnostic, cell: std::ops::Range<usize>) -> Option<Diagnostic> {
    let inside = |span: &std::ops::Range<usize>| cell.start <= span.start && span.end <= cell.end;
    if !inside(&d.span) {
        return None;
    }
    let start = cell.start;
    let shift = |span: &std::ops::Range<usize>| span.start - start..span.end - start;
    let mut d = d.clone();
    d.labels.retain(|l| inside(&l.span));
    for label in &mut d.labels {
        label.span = shift(&label.span);
    }
    if d.fix
        .as_ref()
        .is_some_and(|f| !f.edits.iter().all(|e| inside(&e.span)))
    {
        d.fix = None;
    }
    if let Some(fix) = &mut d.fix {
        for edit in &mut fix.edits {
            edit.span = shift(&edit.span);
        }
    }
    d.span = shift(&d.span);
    Some(d)
}
