//! `concise` and `grouped`: one line per finding, as ruff prints them, for terminals and
//! editors that jump to `path:line:col`.

use std::io::{self, Write};

use super::{RenderOptions, region};
use crate::Report;
use crate::diagnostic::Diagnostic;
use crate::source::path_string;

/// `path:line:col: SH001 [*] message`, `[*]` marking a finding `--fix` fixes.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    for (file, d) in report.diagnostics() {
        let at = region(file, &d.span);
        writeln!(
            out,
            "{}: {}",
            at.place(&path_string(&file.path)),
            finding(options, d)
        )?;
    }
    Ok(())
}

/// Each file's path, then its findings as `line:col SH001 [*] message`, lines and
/// columns aligned within the file; a blank line after each file.
pub fn render_grouped(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for file in &report.files {
        writeln!(out, "{}:", path_string(&file.path))?;
        let regions: Vec<_> = file
            .diagnostics
            .iter()
            .map(|d| region(file, &d.span))
            .collect();
        let line_width = regions.iter().map(|r| digits(r.line)).max().unwrap_or(1);
        let column_width = regions.iter().map(|r| digits(r.column)).max().unwrap_or(1);
        let cell_width = regions
            .iter()
            .filter_map(|r| r.cell)
            .map(|c| digits(c) + "cell :".len())
            .max()
            .unwrap_or(0);
        for (d, at) in file.diagnostics.iter().zip(&regions) {
            let cell = at.cell.map(|c| format!("cell {c}:")).unwrap_or_default();
            writeln!(
                out,
                "  {cell:<cell_width$}{:>line_width$}:{:<column_width$} {}",
                at.line,
                at.column,
                finding(options, d)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// `SH001 [*] message`.
fn finding(options: &RenderOptions, d: &Diagnostic) -> String {
    format!("{} {}{}", d.rule.code, options.marker(d), d.message)
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}
