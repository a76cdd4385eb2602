//! Renderers: one module per output format, all reading the same `Report`.

mod json;
mod text;

use std::io::{self, Write};
use std::path::Path;

use crate::Report;

pub use json::render_json;
pub use text::{TextOptions, render_statistics, render_summary, render_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
}

impl OutputFormat {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// Paths in reports use `/` on every platform, so output is the same everywhere.
pub(crate) fn path_string(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
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
    }
}
