//! `--statistics`: findings per rule, most frequent first, instead of the findings.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{OutputFormat, RenderOptions};
use crate::Report;

#[derive(Serialize)]
struct Row {
    code: &'static str,
    name: &'static str,
    count: usize,
    /// Whether `--fix` fixes some of these findings (with `--unsafe-fixes`, unsafe fixes too).
    fixable: bool,
    fixable_count: usize,
}

fn rows(report: &Report, options: &RenderOptions) -> Vec<Row> {
    let mut counts: BTreeMap<(&'static str, &'static str), (usize, usize)> = BTreeMap::new();
    for (_, d) in report.diagnostics() {
        let (count, fixable) = counts.entry((d.rule.code, d.rule.name)).or_default();
        *count += 1;
        *fixable += usize::from(options.fixable(d));
    }
    let mut rows: Vec<Row> = counts
        .into_iter()
        .map(|((code, name), (count, fixable_count))| Row {
            code,
            name,
            count,
            fixable: fixable_count > 0,
            fixable_count,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

/// The table as text (`[*]` marks a rule whose findings `--fix` fixes), or as a JSON
/// array for `--output-format json`.
pub fn render_statistics(
    report: &Report,
    format: OutputFormat,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows = rows(report, options);
    if format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    let width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    for row in rows {
        let fixable = if row.fixable { "[*]" } else { "[ ]" };
        writeln!(
            out,
            "{:>width$}  {}  {fixable} {}",
            row.count, row.code, row.name
        )?;
    }
    Ok(())
}
