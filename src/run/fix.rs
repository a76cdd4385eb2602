//! Applying fixes: edits of the chosen applicability, without overlaps, and only when the
//! result still parses (Python) — a fix never leaves a file worse than it found it.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::source::SourceKind;

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
        SourceKind::Sql | SourceKind::Notebook => true,
    };
    still_parses.then_some((out, applied))
}
