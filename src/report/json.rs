//! `--format json`: the public, versioned machine format (documented in the README).

use std::io::{self, Write};

use serde::Serialize;

use super::{Region, region as range};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::path_string;
use crate::{FileReport, Report};

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: Diagnostics<'a>,
    summary: Summary,
}

/// Every diagnostic of a report, each converted as it is written: a run with hundreds of
/// thousands of findings never holds a second copy of them.
struct Diagnostics<'a>(&'a Report);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.diagnostics().map(|(f, d)| diagnostic(f, d)))
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    category: &'static str,
    severity: Severity,
    message: &'a str,
    path: String,
    /// The 1-based cell of a notebook's finding (lines and columns count inside it), as
    /// ruff's `cell`; `null` elsewhere.
    cell: Option<usize>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    fix: Option<JsonFix<'a>>,
    /// The other queries a folded `not-explained` note stands for.
    #[serde(skip_serializing_if = "Option::is_none")]
    alike: Option<Vec<JsonPlace<'a>>>,
}

#[derive(Serialize)]
struct JsonPlace<'a> {
    path: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    #[serde(flatten)]
    range: Region,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: crate::diagnostic::Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    content: &'a str,
    #[serde(flatten)]
    range: Region,
}

#[derive(Serialize, Default)]
pub(crate) struct Summary {
    pub files_checked: usize,
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings with a safe fix (`--fix` applies it).
    pub fixable: usize,
    /// Findings with an unsafe fix (`--fix --unsafe-fixes` applies it).
    pub unsafe_fixable: usize,
    /// Valid statements only the database's own parser reads: not analysed by the rules.
    pub statements_not_analysed: usize,
    pub elapsed_ms: u128,
    /// What the explain pass did, when `--database-url` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<ExplainSummary>,
}

#[derive(Serialize)]
pub(crate) struct ExplainSummary {
    /// The database as `user@host:port/database`: never the password.
    database: String,
    /// Why the database could not be used at all (`null` when it could).
    error: Option<String>,
    /// Why the pass stopped early (the connection was lost).
    lost: Option<String>,
    planned: usize,
    not_planned: usize,
    /// Not planned because planning may run code from the database.
    untrusted: usize,
    built_at_run_time: usize,
    utility_skipped: usize,
    unplanned_after_loss: usize,
    /// `created`, `available` (installed, not created) or `missing`.
    hypopg: &'static str,
    elapsed_ms: u128,
}

impl ExplainSummary {
    fn of(summary: &crate::explain::Summary) -> Self {
        use crate::explain::Hypopg;
        Self {
            database: summary.target.clone(),
            error: summary.fatal.clone(),
            lost: summary.lost.clone(),
            planned: summary.planned,
            not_planned: summary.failed,
            untrusted: summary.untrusted,
            built_at_run_time: summary.built,
            utility_skipped: summary.utility,
            unplanned_after_loss: summary.unplanned,
            hypopg: match summary.hypopg {
                Some(Hypopg::Created) => "created",
                Some(Hypopg::Available) => "available",
                _ => "missing",
            },
            elapsed_ms: summary.elapsed.as_millis(),
        }
    }
}

impl Summary {
    pub(crate) fn of(report: &Report) -> Self {
        let mut summary = Self {
            files_checked: report.checked,
            files_with_findings: report.files.len(),
            statements_not_analysed: report.unanalysed,
            elapsed_ms: report.elapsed.as_millis(),
            explain: report.explain.as_ref().map(ExplainSummary::of),
            ..Self::default()
        };
        for (_, diagnostic) in report.diagnostics() {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
            match diagnostic.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => summary.fixable += 1,
                Some(Applicability::Unsafe) => summary.unsafe_fixable += 1,
                None => {}
            }
        }
        summary
    }
}

fn diagnostic<'a>(file: &'a FileReport, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let at = range(file, &d.span);
    JsonDiagnostic {
        code: d.rule.code,
        name: d.rule.name,
        category: d.rule.category.as_str(),
        severity: d.severity,
        message: &d.message,
        path: path_string(&file.path),
        cell: at.cell,
        line: at.line,
        column: at.column,
        end_line: at.end_line,
        end_column: at.end_column,
        help: d.help.as_deref(),
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel {
                message: &l.message,
                range: range(file, &l.span),
            })
            .collect(),
        fix: d.fix.as_ref().map(|fix| JsonFix {
            message: &fix.message,
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit {
                    content: &e.replacement,
                    range: range(file, &e.span),
                })
                .collect(),
        }),
        alike: d.alike.as_ref().map(|places| {
            places
                .iter()
                .map(|p| JsonPlace {
                    path: &p.path,
                    line: p.line,
                    column: p.column,
                })
                .collect()
        }),
    }
}

/// `--output-format json-lines`: each finding as one line of JSON, as in `json`'s
/// `diagnostics`, so a reader can stream them.
pub fn render_lines(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (file, d) in report.diagnostics() {
        serde_json::to_writer(&mut *out, &diagnostic(file, d))?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn render_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let json = JsonReport {
        version: 1,
        diagnostics: Diagnostics(report),
        summary: Summary::of(report),
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)
}
