//! `pylint`: `path:line: [SH001] message`, pylint's parseable format as ruff writes it,
//! for tools that read pylint's output.

use std::io::{self, Write};

use super::{cell_note, file_region};
use crate::Report;
use crate::source::path_string;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (file, d) in report.diagnostics() {
        let at = file_region(file, &d.span);
        writeln!(
            out,
            "{}:{}: [{}] {}{}",
            path_string(&file.path),
            at.line,
            d.rule.code,
            cell_note(file, &d.span),
            d.message
        )?;
    }
    Ok(())
}
