//! `pylint`: `path:line: [SH001] message`, pylint's parseable format as ruff writes it,
//! for tools that read pylint's output.

use std::io::{self, Write};

use super::region;
use crate::Report;
use crate::source::path_string;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (file, d) in report.diagnostics() {
        let at = region(file, &d.span);
        writeln!(
            out,
            "{}:{}: [{}] {}",
            path_string(&file.path),
            at.line,
            d.rule.code,
            d.message
        )?;
    }
    Ok(())
}
