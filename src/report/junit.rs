//! `--format junit`: one test suite per file with findings, one failing test case per
//! finding, so CI test views list them.

use std::io::{self, Write};

use super::region;
use crate::Report;
use crate::source::path_string;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let total = report.diagnostics().count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="sqlhound" tests="{total}" failures="{total}">"#
    )?;
    for file in &report.files {
        let path = escape(&path_string(&file.path));
        let count = file.diagnostics.len();
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{count}" failures="{count}">"#
        )?;
        for d in &file.diagnostics {
            let at = region(file, &d.span);
            let place = at.place("");
            let name = escape(&format!(
                "{} {} at {}",
                d.rule.code,
                d.rule.name,
                &place[1..]
            ));
            let help = d
                .help
                .as_deref()
                .map(|h| format!("\nhelp: {h}"))
                .unwrap_or_default();
            writeln!(out, r#"    <testcase classname="{path}" name="{name}">"#)?;
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}{}: {}{}</failure>"#,
                d.rule.code,
                escape(&d.message),
                path,
                escape(&place),
                escape(&d.message),
                escape(&help)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
