//! Expectations written next to the code they describe, shared by the fixture, rule-doc
//! and explain tests, and the snapshots of what users read.
//!
//! In SQL, `-- expect: rule-a, rule-b` on its own line applies to the next line holding
//! code; written after code, it applies to its own line. Expectations are counted:
//! `expect: a, a` is two findings of `a` on that line. `expect: a@29` also pins the 1-based
//! character column the text output reports. `-- ok: rule` asserts the rule is silent
//! there; `-- todo-expect: rule` records a known false negative and fails once the finding
//! appears, so the list stays honest. Any finding without an expectation fails.
//!
//! Snapshots live in `tests/snapshots`. Without `cargo insta`, accept changed ones by
//! running the tests once with `INSTA_UPDATE=always` and reviewing every `.snap` diff.

#![allow(dead_code)] // each test crate uses part of this module

pub mod pg;
pub mod tools;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sqlhound::settings::Overrides;
use sqlhound::{Input, Report};

/// One finding a fixture expects: a rule on a line and, when the fixture gives one
/// (`select-star@8`), the 1-based character column the text output reports.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    pub line: usize,
    pub rule: String,
    pub column: Option<usize>,
}

/// One finding as the user sees it: 1-based line and character column, rule name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub line: usize,
    pub column: usize,
    pub rule: String,
}

#[derive(Debug, Default)]
pub struct Expectations {
    /// A multiset: `expect: a, a` is two findings of `a` on the line.
    pub expect: Vec<Expected>,
    /// (1-based line, rule name)
    pub ok: BTreeSet<(usize, String)>,
    pub todo: BTreeSet<(usize, String)>,
}

impl Expectations {
    /// Whether some `expect:` names `rule`.
    pub fn expects(&self, rule: &str) -> bool {
        self.expect.iter().any(|e| e.rule == rule)
    }

    fn extend(&mut self, other: Expectations) {
        self.expect.extend(other.expect);
        self.ok.extend(other.ok);
        self.todo.extend(other.todo);
    }
}

/// `rule` or `rule@column`; the first word only, so a note may follow the name.
fn rule_and_column(text: &str, kind: &str, line: usize) -> (String, Option<usize>) {
    let word = text.split_whitespace().next().unwrap_or(text);
    let Some((rule, column)) = word.split_once('@') else {
        return (word.to_string(), None);
    };
    let column = column
        .parse()
        .unwrap_or_else(|_| panic!("line {line}: `{word}`: the column after `@` is a number"));
    assert!(
        kind == "expect:",
        "line {line}: `{word}`: only `expect:` takes a column"
    );
    (rule.to_string(), Some(column))
}

pub fn parse_expectations(text: &str, marker: &str) -> Expectations {
    let mut out = Expectations::default();
    let mut pending: Vec<(&str, String, Option<usize>)> = Vec::new();
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
        let mut here = Vec::new();
        if let Some((kind, rules)) = annotation {
            for rule in rules.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                let (rule, column) = rule_and_column(rule, kind, number);
                here.push((kind, rule, column));
            }
        }
        if code.is_empty() {
            pending.extend(here);
            continue;
        }
        for (kind, rule, column) in pending.drain(..).chain(here) {
            match kind {
                "expect:" => out.expect.push(Expected {
                    line: number,
                    rule,
                    column,
                }),
                "ok:" => {
                    out.ok.insert((number, rule));
                }
                _ => {
                    out.todo.insert((number, rule));
                }
            }
        }
    }
    out.expect.sort();
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

/// Findings of a fixture, sorted.
pub fn findings(text: &str, path: &str, header: &FixtureHeader) -> Vec<Found> {
    report_findings(&check_fixture(text, path, header))
}

/// The findings of a report, sorted.
pub fn report_findings(report: &Report) -> Vec<Found> {
    report_findings_in(report, |_| true)
}

/// The findings of a report in the files `keep` keeps, sorted.
pub fn report_findings_in(report: &Report, keep: impl Fn(&Path) -> bool) -> Vec<Found> {
    let mut found: Vec<Found> = report
        .diagnostics()
        .filter(|(file, _)| keep(&file.path))
        .map(|(file, d)| {
            let at = file.lines.line_col(&file.text, d.span.start);
            Found {
                line: at.line,
                column: at.column,
                rule: d.rule.name.to_string(),
            }
        })
        .collect();
    found.sort();
    found
}

/// What `sqlhound check --color never` prints for a report, with the elapsed time set to
/// 0 ms so that it can be pinned in a snapshot.
pub fn rendered_text(report: &mut Report) -> String {
    report.elapsed = std::time::Duration::ZERO;
    let mut out = Vec::new();
    let options = sqlhound::report::RenderOptions::default();
    sqlhound::report::render_text(report, &options, &mut out).unwrap();
    sqlhound::report::render_summary(report, &options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Asserts each `(name, description, text)` against `tests/snapshots/<name>.snap` and
/// lists every mismatch, not only the first: outside CI, insta writes a `.snap.new` for
/// each one to review; in CI (`CI` set) it writes nothing and a mismatch fails.
pub fn assert_snapshots(snapshots: impl IntoIterator<Item = (String, String, String)>) {
    let mut failures = Vec::new();
    for (name, description, text) in snapshots {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description(description);
        settings.set_omit_expression(true);
        let matched = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name.as_str(), text));
        }));
        if matched.is_err() {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "snapshots changed (review the .snap.new files in tests/snapshots):\n{}",
        failures.join("\n")
    );
}

/// Every file with `extension` under `dir`, recursively, but the expected results of
/// fixes (`name.fixed.py`), which are not fixtures.
pub fn fixture_files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixture_files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) && !is_fixed(&path) {
            out.push(path);
        }
    }
}

/// Whether `path` is what fixing a fixture must give (`name.fixed.sql`).
pub fn is_fixed(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|stem| Path::new(stem).extension().is_some_and(|e| e == "fixed"))
}

/// Compares findings with expectations, counting each finding (a rule found twice on a
/// line needs two expectations) and checking the column of those that give one; returns
/// a readable list of differences.
pub fn compare(expectations: &Expectations, found: &[Found]) -> Vec<String> {
    let mut left: Vec<&Found> = found.iter().collect();
    let found_count = |line: usize, rule: &str| {
        found
            .iter()
            .filter(|f| f.line == line && f.rule == rule)
            .count()
    };
    let expected_count = |line: usize, rule: &str| {
        expectations
            .expect
            .iter()
            .filter(|e| e.line == line && e.rule == rule)
            .count()
    };
    let mut problems = Vec::new();
    // Those with a column first, so one without cannot take the finding a located one names.
    let mut expected: Vec<&Expected> = expectations.expect.iter().collect();
    expected.sort_by_key(|e| e.column.is_none());
    let mut missing = Vec::new();
    for e in expected {
        let same = |f: &&Found| f.line == e.line && f.rule == e.rule;
        match left
            .iter()
            .position(|f| same(f) && e.column.is_none_or(|c| c == f.column))
        {
            Some(at) => {
                left.remove(at);
            }
            None => missing.push(e),
        }
    }
    for e in missing {
        let (line, rule) = (e.line, &e.rule);
        let elsewhere = left.iter().position(|f| f.line == line && &f.rule == rule);
        match (e.column, elsewhere) {
            (Some(column), Some(at)) => {
                let f = left.remove(at);
                problems.push(format!(
                    "line {line}: `{rule}` at column {}, expected at column {column}",
                    f.column
                ));
            }
            _ => problems.push(format!(
                "line {line}: missing `{rule}{}` (expected {}, found {})",
                e.column.map(|c| format!("@{c}")).unwrap_or_default(),
                expected_count(line, rule),
                found_count(line, rule),
            )),
        }
    }
    for f in left {
        let (line, rule, column) = (f.line, &f.rule, f.column);
        let key = (line, rule.clone());
        let expected = expected_count(line, rule);
        problems.push(if expectations.todo.contains(&key) {
            format!("line {line}: `{rule}` now found: turn its todo-expect into expect")
        } else if expectations.ok.contains(&key) {
            format!("line {line}: `{rule}@{column}` found where the fixture says ok")
        } else if expected > 0 {
            format!(
                "line {line}: one `{rule}@{column}` more than expected (expected {expected}, found {})",
                found_count(line, rule)
            )
        } else {
            format!("line {line}: unexpected `{rule}@{column}`")
        });
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
    expectations.extend(parse_expectations(text, "--"));
    expectations.expect.sort();
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

/// The ```LANGUAGE code blocks under a `## heading`, until the next heading.
pub fn code_blocks<'a>(doc: &'a str, heading: &str, language: &str) -> Vec<&'a str> {
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
