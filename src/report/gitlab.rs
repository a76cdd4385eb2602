//! `--format gitlab`: GitLab Code Quality report (a JSON array of issues).

use std::io::{self, Write};

use serde::Serialize;

use super::{cell_note, file_region};
use crate::Report;
use crate::diagnostic::{Category, Severity};
use crate::run::fingerprint::fingerprints;
use crate::source::path_string;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    categories: [&'static str; 1],
    location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Content<'a>>,
}

#[derive(Serialize)]
struct Content<'a> {
    body: &'a str,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut issues = Vec::new();
    for file in &report.files {
        for (d, fingerprint) in file.diagnostics.iter().zip(fingerprints(file)) {
            let at = file_region(file, &d.span);
            issues.push(Issue {
                description: format!(
                    "{} {}: {}{}",
                    d.rule.code,
                    d.rule.name,
                    cell_note(file, &d.span),
                    d.message
                ),
                check_name: d.rule.code,
                fingerprint,
                severity: match (d.severity, d.rule.category) {
                    (Severity::Error, Category::Security) => "critical",
                    (Severity::Error, _) => "major",
                    (Severity::Warning, _) => "minor",
                    (Severity::Info, _) => "info",
                },
                categories: [match d.rule.category {
                    Category::Security => "Security",
                    Category::Performance => "Performance",
                    Category::Syntax | Category::Correctness => "Bug Risk",
                    Category::AntiPattern | Category::Tool => "Style",
                }],
                location: Location {
                    path: path_string(&file.path),
                    lines: Lines {
                        begin: at.line,
                        end: at.end_line,
                    },
                },
                content: d.help.as_deref().map(|body| Content { body }),
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
