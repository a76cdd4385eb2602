//! Human output: each finding drawn with ariadne (code, snippet, underline, labels, help),
//! then a one-line summary.

use std::borrow::Cow;
use std::io::{self, Write};
use std::ops::Range;

use ariadne::{Color, Config, IndexType, Label, Report as Drawing, ReportKind, Source};

use super::RenderOptions;
use super::json::Summary;
use crate::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::floor_char_boundary;
use crate::source::path_string;

pub fn render_text(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    if !options.color {
        yansi::disable();
    }
    for file in &report.files {
        let path = path_string(&file.path);
        let shown = Shown::new(&file.text);
        let source = Source::from(shown.text.as_ref());
        for diagnostic in &file.diagnostics {
            if file.text.is_empty() {
                writeln!(
                    out,
                    "[{} {}] {}: {}: {}",
                    diagnostic.rule.code,
                    diagnostic.rule.name,
                    kind_name(diagnostic.severity),
                    path,
                    diagnostic.message
                )?;
                continue;
            }
            // A notebook's finding is drawn in its cell, numbered as ruff does: `cell 3:2:5`.
            let cell = file
                .notebook
                .as_ref()
                .and_then(|n| n.cell_at(diagnostic.span.start));
            match cell {
                Some(cell) => {
                    let shown = Shown::part(&file.text, cell.range.clone());
                    let source = Source::from(shown.text.as_ref());
                    let path = format!("{path}:cell {}", cell.index + 1);
                    write_drawing(&shown, &source, &path, diagnostic, options, out)?;
                }
                None => write_drawing(&shown, &source, &path, diagnostic, options, out)?,
            }
        }
    }
    Ok(())
}

fn write_drawing(
    shown: &Shown<'_>,
    source: &Source<&str>,
    path: &str,
    diagnostic: &Diagnostic,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let drawing = draw(shown, path, diagnostic, options);
    if options.color {
        let mut drawn = Vec::new();
        drawing.write((path, source), &mut drawn)?;
        out.write_all(merge_colour_runs(&String::from_utf8_lossy(&drawn)).as_bytes())
    } else {
        drawing.write((path, source), &mut *out)
    }
}

const RESET: &str = "\x1b[0m";

/// ariadne colours every character on its own (`ESC[38;5;249mS ESC[0m ESC[38;5;249mE …`),
/// three times the bytes of the text: a reset followed by the colour it ended is dropped,
/// so a run of one colour is one code.
fn merge_colour_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut active: Option<&str> = None;
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find('m') else {
            break;
        };
        let (code, after) = rest.split_at(end + 1);
        rest = after;
        if code == RESET {
            if let Some(colour) = active.filter(|colour| rest.starts_with(colour)) {
                rest = &rest[colour.len()..];
                continue;
            }
            active = None;
        } else {
            active = Some(code);
        }
        out.push_str(code);
    }
    out.push_str(rest);
    out
}

fn kind_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// A file's text as ariadne draws it, so that its lines and columns are the ones the other
/// formats report: without a leading byte-order mark (not a column), and with the
/// characters ariadne ends lines at but editors do not (vertical tab, form feed, NEL, line
/// and paragraph separators) shown as spaces of the same length in bytes.
struct Shown<'t> {
    text: Cow<'t, str>,
    /// Bytes dropped at the start: the BOM.
    skipped: usize,
}

impl<'t> Shown<'t> {
    fn new(text: &'t str) -> Self {
        Self::part(text, crate::source::bom_len(text)..text.len())
    }

    /// A part of the file only: a notebook's cell, numbered as its own text.
    fn part(text: &'t str, part: Range<usize>) -> Self {
        let skipped = part.start;
        let text = text.get(part).unwrap_or_default();
        let breaks = ['\x0B', '\x0C', '\u{85}', '\u{2028}', '\u{2029}'];
        let text = if text.contains(breaks) {
            text.chars()
                .map(|c| match c {
                    '\x0B' | '\x0C' => ' ',
                    '\u{85}' => '\u{a0}',
                    '\u{2028}' | '\u{2029}' => '\u{2002}',
                    c => c,
                })
                .collect()
        } else {
            Cow::Borrowed(text)
        };
        Self { text, skipped }
    }

    /// A span of the file, in the shown text: on char boundaries, never backwards
    /// (ariadne panics otherwise).
    fn span(&self, span: &Range<usize>) -> Range<usize> {
        let text = self.text.as_ref();
        let start = floor_char_boundary(
            text,
            span.start.saturating_sub(self.skipped).min(text.len()),
        );
        let end = floor_char_boundary(text, span.end.saturating_sub(self.skipped).min(text.len()))
            .max(start);
        start..end
    }
}

fn draw<'a>(
    shown: &Shown<'_>,
    path: &'a str,
    d: &Diagnostic,
    options: &RenderOptions,
) -> Drawing<'a, (&'a str, Range<usize>)> {
    let kind = match d.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
        Severity::Info => ReportKind::Custom("Info", Color::Cyan),
    };
    let color = match d.severity {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Cyan,
    };
    let span = shown.span(&d.span);
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(options.color);
    let primary = Label::new((path, span.clone()))
        .with_message(d.rule.name)
        .with_color(color);
    let mut labels = vec![(span.start, primary)];
    labels.extend(d.labels.iter().map(|label| {
        let at = shown.span(&label.span);
        let drawn = Label::new((path, at.clone()))
            .with_message(&label.message)
            .with_color(Color::Blue);
        (at.start, drawn)
    }));
    // In the order of the text: ariadne starts a new snippet, headed by the finding's
    // position, at a label above the one before it.
    labels.sort_by_key(|(start, _)| *start);
    let mut drawing = Drawing::build(kind, (path, span))
        .with_config(config)
        .with_code(d.rule.code)
        .with_message(&d.message)
        .with_labels(labels.into_iter().map(|(_, label)| label));
    if let Some(help) = &d.help {
        drawing = drawing.with_help(help);
    }
    if let Some(places) = &d.alike {
        let places: Vec<String> = places
            .iter()
            .map(|p| format!("{}:{}:{}", p.path, p.line, p.column))
            .collect();
        drawing = drawing.with_note(format!("the same for: {}", places.join(", ")));
    }
    if let Some(fix) = &d.fix {
        drawing = drawing.with_note(format!(
            "fix available ({}): {}",
            fix.applicability.as_str(),
            fix.message
        ));
    }
    drawing.finish()
}

/// `Found … in … files (… ms).`, then, when `--fix` could fix some findings, how many
/// (and how many more `--unsafe-fixes` would add).
pub fn render_summary(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let summary = Summary::of(report);
    let files = plural(summary.files_checked, "file");
    let total = summary.errors + summary.warnings + summary.infos;
    if total == 0 {
        return writeln!(
            out,
            "No findings in {files} ({} ms).{}",
            summary.elapsed_ms,
            not_analysed(summary.statements_not_analysed)
        );
    }
    writeln!(
        out,
        "Found {}, {} and {} in {} of {files} ({} ms).{}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
        summary.files_with_findings,
        summary.elapsed_ms,
        not_analysed(summary.statements_not_analysed)
    )?;
    let (safe, unsafe_only) = (summary.fixable, summary.unsafe_fixable);
    if options.unsafe_fixes {
        if safe + unsafe_only > 0 {
            writeln!(
                out,
                "[*] {} fixable with --fix --unsafe-fixes.",
                safe + unsafe_only
            )?;
        }
    } else if unsafe_only > 0 && safe == 0 {
        writeln!(
            out,
            "No safe fixes ({unsafe_only} fixable with --fix --unsafe-fixes)."
        )?;
    } else if unsafe_only > 0 {
        writeln!(
            out,
            "[*] {safe} fixable with --fix ({unsafe_only} more with --unsafe-fixes)."
        )?;
    } else if safe > 0 {
        writeln!(out, "[*] {safe} fixable with --fix.")?;
    }
    Ok(())
}

/// The summary's note on statements the rules cannot read and that are no syntax errors
/// (valid SQL sqlparser does not support), if any.
fn not_analysed(count: usize) -> String {
    match count {
        0 => String::new(),
        _ => format!(
            " {} not analysed: sqlhound's SQL parser does not support them (no syntax error).",
            plural(count, "statement")
        ),
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_one_colour_is_one_code() {
        let grey = "\x1b[38;5;249m";
        let drawn = format!("{grey}S{RESET}{grey}E{RESET}\x1b[36m*{RESET} x");
        assert_eq!(
            merge_colour_runs(&drawn),
            format!("{grey}SE{RESET}\x1b[36m*{RESET} x")
        );
    }
}
