//! Expectations written next to the code they describe, shared by the fixture and rule-doc
//! tests.
//!
//! In SQL, `-- expect: rule-a, rule-b` on its own line applies to the next line holding
//! code; written after code, it applies to its own line. `-- ok: rule` asserts the rule is
//! silent there; `-- todo-expect: rule` records a known false negative and fails once the
//! finding appears, so the list stays honest. Any finding without an expectation fails.

#![allow(dead_code)] // each test crate uses part of this module

pub mod pg;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sqlhound::settings::Overrides;
use sqlhound::{Input, Report};

#[derive(Debug, Default)]
pub struct Expectations {
    /// (1-based line, rule name)
    pub expect: BTreeSet<(usize, String)>,
    pub ok: BTreeSet<(usize, String)>,
    pub todo: BTreeSet<(usize, String)>,
}

pub fn parse_expectations(text: &str, marker: &str) -> Expectations {
    let mut out = Expectations::default();
    let mut pending: Vec<(&str, String)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let (code, comment) = match line.find(marker) {
            Some(at) => (line[..at].trim(), Some(line[at + marker.len()..].trim())),
            None => (line.trim(), None),
        };
        let annotation = comment.and_then(|c| {
            ["expect:", "ok:", "todo-expect:"]
                .into_iter()
                .find_map(|kind| c.strip_prefix(kind).map(|rest| (kind, rest)))
        });
        let mut here: Vec<(&str, String)> = Vec::new();
        if let Some((kind, rules)) = annotation {
            for rule in rules.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                here.push((
                    kind,
                    rule.split_whitespace().next().unwrap_or(rule).to_string(),
                ));
            }
        }
        if code.is_empty() {
            pending.extend(here);
            continue;
        }
        for (kind, rule) in pending.drain(..).chain(here) {
            let set = match kind {
                "expect:" => &mut out.expect,
                "ok:" => &mut out.ok,
                _ => &mut out.todo,
            };
            set.insert((number, rule));
        }
    }
    out
}

/// A text checked as `path` with the default rules (plus the fixture's `extend-select` and
/// dialect) and no config file.
pub fn check_fixture(text: &str, path: &str, header: &FixtureHeader) -> Report {
    check_fixture_with(text, path, header, None)
}

/// `check_fixture`, with the explain pass when `explain` is given.
pub fn check_fixture_with(
    text: &str,
    path: &str,
    header: &FixtureHeader,
    explain: Option<&sqlhound::explain::Options>,
) -> Report {
    let overrides = Overrides {
        isolated: true,
        extend_select: header.extend_select.clone(),
        dialect: header
            .dialect
            .as_deref()
            .and_then(sqlhound::sql::Dialect::parse),
        ..Overrides::default()
    };
    let input = Input::Bytes {
        bytes: text.as_bytes().to_vec(),
        path: path.into(),
    };
    sqlhound::check_with(&[input], &overrides, Path::new("/"), explain).unwrap()
}

/// Findings of a fixture as (line, rule name).
pub fn findings(text: &str, path: &str, header: &FixtureHeader) -> BTreeSet<(usize, String)> {
    report_findings(&check_fixture(text, path, header))
}

/// The findings of a report as (line, rule name).
pub fn report_findings(report: &Report) -> BTreeSet<(usize, String)> {
    report
        .diagnostics()
        .map(|(file, d)| {
            let line = file.lines.line_col(&file.text, d.span.start).line;
            (line, d.rule.name.to_string())
        })
        .collect()
}

/// Every file with `extension` under `dir`, recursively.
pub fn fixture_files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixture_files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

/// Compares findings with expectations; returns a readable list of differences.
pub fn compare(expectations: &Expectations, found: &BTreeSet<(usize, String)>) -> Vec<String> {
    let mut problems = Vec::new();
    for (line, rule) in expectations.expect.difference(found) {
        problems.push(format!("line {line}: missing `{rule}`"));
    }
    for (line, rule) in found.difference(&expectations.expect) {
        if expectations.todo.contains(&(*line, rule.clone())) {
            problems.push(format!(
                "line {line}: `{rule}` now found: turn its todo-expect into expect"
            ));
        } else if expectations.ok.contains(&(*line, rule.clone())) {
            problems.push(format!(
                "line {line}: `{rule}` found where the fixture says ok"
            ));
        } else {
            problems.push(format!("line {line}: unexpected `{rule}`"));
        }
    }
    problems
}

/// Settings a fixture asks for on its first line:
/// `-- fixture: dialect=mysql extend-select=sql-built-outside-sink`.
#[derive(Debug, Default)]
pub struct FixtureHeader {
    pub dialect: Option<String>,
    pub extend_select: Vec<String>,
}

pub fn fixture_header(text: &str) -> FixtureHeader {
    let mut header = FixtureHeader::default();
    let Some((_, settings)) = text.lines().next().and_then(|l| l.split_once("fixture:")) else {
        return header;
    };
    for setting in settings.split_whitespace() {
        match setting.split_once('=') {
            Some(("dialect", d)) => header.dialect = Some(d.to_string()),
            Some(("extend-select", rules)) => {
                header.extend_select = rules.split(',').map(str::to_string).collect()
            }
            _ => {}
        }
    }
    header
}

/// Expectations of a fixture: in Python, `# …` comments, and `-- …` comments inside SQL
/// strings for findings on lines of a multi-line string.
pub fn fixture_expectations(text: &str, python: bool) -> Expectations {
    if !python {
        return parse_expectations(text, "--");
    }
    let mut expectations = parse_expectations(text, "#");
    let in_sql = parse_expectations(text, "--");
    expectations.expect.extend(in_sql.expect);
    expectations.ok.extend(in_sql.ok);
    expectations.todo.extend(in_sql.todo);
    expectations
}

/// Code blocks (```sql or ```python) under a `## heading`, until the next heading, with
/// the file name and comment marker to check them with.
pub fn doc_blocks<'a>(doc: &'a str, heading: &str) -> Vec<(&'a str, &'static str, &'static str)> {
    let mut out: Vec<_> = code_blocks(doc, heading, "sql")
        .into_iter()
        .map(|b| (b, "example.sql", "--"))
        .collect();
    out.extend(
        code_blocks(doc, heading, "python")
            .into_iter()
            .map(|b| (b, "example.py", "#")),
    );
    out
}

fn code_blocks<'a>(doc: &'a str, heading: &str, language: &str) -> Vec<&'a str> {
    let Some(start) = doc.find(&format!("\n## {heading}\n")) else {
        return Vec::new();
    };
    let section = &doc[start + heading.len() + 5..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .split(&format!("```{language}\n"))
        .skip(1)
        .filter_map(|block| block.split_once("```").map(|(code, _)| code))
        .collect()
}
