//! Renderers: one module per output format, all reading the same `Report`. The names are
//! ruff's, so `--output-format` takes what ruff users already type.

mod azure;
mod concise;
mod fix_diff;
mod github;
mod gitlab;
mod json;
mod junit;
mod pylint;
mod rdjson;
mod sarif;
mod statistics;
mod text;

use std::io::{self, Write};

use crate::Report;
use crate::diagnostic::Diagnostic;
use crate::source::LineCol;

pub use fix_diff::render_fix_diff;
pub use json::render_json;
pub use statistics::render_statistics;
pub use text::{render_summary, render_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Each finding drawn with its source lines, labels and help.
    #[value(alias = "text")]
    Full,
    /// One line per finding: `path:line:col: CODE [*] message`.
    Concise,
    /// Findings under the path of their file.
    Grouped,
    /// sqlhound's versioned JSON report (described in the README).
    Json,
    /// One JSON object per finding and line.
    JsonLines,
    /// JUnit XML: one failing test case per finding.
    Junit,
    /// GitHub Actions annotations.
    Github,
    /// GitLab Code Quality.
    Gitlab,
    /// `path:line: [CODE] message`.
    Pylint,
    /// reviewdog's Diagnostic Format.
    Rdjson,
    /// Azure Pipelines logging commands.
    Azure,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

impl OutputFormat {
    /// Formats read by people, which a summary line follows.
    pub fn is_human(self) -> bool {
        matches!(self, Self::Full | Self::Concise | Self::Grouped)
    }
}

/// How a report is shown: in colour, and which fixes count as available (`[*]`).
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
    /// `--unsafe-fixes`: unsafe fixes are offered as well as safe ones.
    pub unsafe_fixes: bool,
}

impl RenderOptions {
    /// Whether `--fix` (with these options) would apply the diagnostic's fix.
    pub fn fixable(&self, d: &Diagnostic) -> bool {
        d.fix
            .as_ref()
            .is_some_and(|fix| crate::fix::applies(fix, self.unsafe_fixes))
    }

    /// `[*] ` before the message of a finding `--fix` would fix, as ruff marks them.
    fn marker(&self, d: &Diagnostic) -> &'static str {
        if self.fixable(d) { "[*] " } else { "" }
    }
}

/// 1-based lines and character columns of a span; the end is exclusive. In a notebook,
/// they count inside the cell, as ruff's do.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub(crate) struct Region {
    /// The 1-based cell of a notebook's finding (`None` elsewhere).
    #[serde(skip)]
    pub cell: Option<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Region {
    fn between(cell: Option<usize>, start: LineCol, end: LineCol) -> Self {
        Region {
            cell,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }

    /// `path:line:col`, or `path:cell 3:line:col` in a notebook, as ruff writes them.
    pub fn place(&self, path: &str) -> String {
        match self.cell {
            Some(cell) => format!("{path}:cell {cell}:{}:{}", self.line, self.column),
            None => format!("{path}:{}:{}", self.line, self.column),
        }
    }
}

pub(crate) fn region(file: &crate::FileReport, span: &std::ops::Range<usize>) -> Region {
    if let Some(notebook) = &file.notebook {
        let start = notebook.position(&file.text, &file.lines, span.start);
        let end = notebook.position(&file.text, &file.lines, span.end);
        // A span to the end of its cell ends on its last line, not in the next cell.
        let end = if end.cell == start.cell {
            end.at
        } else {
            start.at
        };
        return Region::between(Some(start.cell), start.at, end);
    }
    let start = file.lines.line_col(&file.text, span.start);
    let end = file.lines.line_col(&file.text, span.end);
    Region::between(None, start, end)
}

/// Where a span is in the file on disk: in a notebook, in its JSON (where the cell's line
/// is), for formats that point into files by line (SARIF, CI annotations); elsewhere as
/// `region`.
pub(crate) fn file_region(file: &crate::FileReport, span: &std::ops::Range<usize>) -> Region {
    let Some(notebook) = &file.notebook else {
        return region(file, span);
    };
    let start = notebook.json_position(span.start);
    let end = notebook.json_position(span.end.max(span.start));
    Region::between(None, start, end.max(start))
}

/// `cell 3, line 2, column 5: ` before the message of a notebook's finding in formats that
/// point into the JSON file, so a reader finds it in the notebook too; empty elsewhere.
pub(crate) fn cell_note(file: &crate::FileReport, span: &std::ops::Range<usize>) -> String {
    match region(file, span) {
        Region {
            cell: Some(cell),
            line,
            column,
            ..
        } => format!("cell {cell}, line {line}, column {column}: "),
        _ => String::new(),
    }
}

pub fn render(
    report: &Report,
    format: OutputFormat,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Full => render_text(report, options, out),
        OutputFormat::Concise => concise::render(report, options, out),
        OutputFormat::Grouped => concise::render_grouped(report, options, out),
        OutputFormat::Json => render_json(report, out),
        OutputFormat::JsonLines => json::render_lines(report, out),
        OutputFormat::Junit => junit::render(report, out),
        OutputFormat::Github => github::render(report, out),
        OutputFormat::Gitlab => gitlab::render(report, out),
        OutputFormat::Pylint => pylint::render(report, out),
        OutputFormat::Rdjson => rdjson::render(report, out),
        OutputFormat::Azure => azure::render(report, out),
        OutputFormat::Sarif => sarif::render(report, out),
    }
}
