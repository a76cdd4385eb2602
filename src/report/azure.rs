//! `azure`: Azure Pipelines logging commands, one `task.logissue` per finding, which the
//! pipeline shows as errors and warnings of the step.

use std::io::{self, Write};

use super::{cell_note, file_region};
use crate::Report;
use crate::diagnostic::Severity;
use crate::source::path_string;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (file, d) in report.diagnostics() {
        // Azure knows only these two kinds of issue.
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning | Severity::Info => "warning",
        };
        let at = file_region(file, &d.span);
        writeln!(
            out,
            "##vso[task.logissue type={kind};sourcepath={};linenumber={};columnnumber={};code={};]{}",
            property(&path_string(&file.path)),
            at.line,
            at.column,
            d.rule.code,
            data(&format!("{}{}", cell_note(file, &d.span), d.message))
        )?;
    }
    Ok(())
}

/// Escapes a command's message as the agent unescapes it: `%`, CR and LF.
fn data(text: &str) -> String {
    text.replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property: as data, plus the `;` and `]` that end properties.
fn property(text: &str) -> String {
    data(text).replace(';', "%3B").replace(']', "%5D")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_agent_unescapes() {
        assert_eq!(data("50% done\r\nnext"), "50%AZP25 done%0D%0Anext");
        assert_eq!(property("a;b]c"), "a%3Bb%5Dc");
    }
}
