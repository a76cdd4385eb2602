//! Renderers: one module per output format, all reading the same `Report`.

mod github;
mod gitlab;
mod json;
mod junit;
mod sarif;
mod text;

use std::io::{self, Write};

use crate::Report;

pub use json::render_json;
pub use text::{TextOptions, render_statistics, render_summary, render_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
    Github,
    Junit,
    Gitlab,
}

/// 1-based lines and character columns of a span; the end is exclusive.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub(crate) struct Region {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub(crate) fn region(file: &crate::FileReport, span: &std::ops::Range<usize>) -> Region {
    let start = file.lines.line_col(&file.text, span.start);
    let end = file.lines.line_col(&file.text, span.end);
    Region {
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

pub fn render(
    report: &Report,
    format: OutputFormat,
    options: &TextOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Text => render_text(report, options, out),
        OutputFormat::Json => render_json(report, out),
        OutputFormat::Sarif => sarif::render(report, out),
        OutputFormat::Github => github::render(report, out),
        OutputFormat::Junit => junit::render(report, out),
        OutputFormat::Gitlab => gitlab::render(report, out),
    }
}
