//! Runs every fixture in `testdata/`: each file states its expected findings next to the
//! code (see `tests/common/mod.rs`), and any missing or unexpected finding fails.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::{Path, PathBuf};

use common::{
    Expectations, assert_snapshots, check_fixture, compare, fixture_expectations, fixture_files,
    fixture_header, rendered_text, report_findings,
};
use sqlhound::fix::fixed_text;
use sqlhound::sql::Dialect;
use sqlhound::sql::verdict::Verdict;

/// One fixture file: where it is (relative to the repository, `/`-separated) and its text.
struct Fixture {
    path: String,
    text: String,
    python: bool,
}

impl Fixture {
    fn check(&self) -> sqlhound::Report {
        check_fixture(&self.text, &self.path, &fixture_header(&self.text))
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture under `testdata/<language>`, sorted.
fn fixtures(language: &str, extension: &str, minimum: usize) -> Vec<Fixture> {
    let dir = root().join("testdata").join(language);
    let mut files = Vec::new();
    fixture_files(&dir, extension, &mut files);
    // Projects are checked as a whole, by `tests/projects.rs`.
    files.retain(|f| !f.starts_with(dir.join("projects")));
    files.sort();
    assert!(
        files.len() >= minimum,
        "expected fixtures under {}",
        dir.display()
    );
    files
        .iter()
        .map(|file| Fixture {
            path: file.strip_prefix(root()).unwrap().display().to_string(),
            text: std::fs::read_to_string(file).unwrap(),
            python: extension == "py",
        })
        .collect()
}

fn all_fixtures() -> Vec<Fixture> {
    let mut all = fixtures("sql", "sql", 10);
    all.extend(fixtures("python", "py", 5));
    all
}

/// Checks every fixture under `testdata/<language>` against its expectations.
fn run_fixtures(language: &str, extension: &str, minimum: usize) {
    let mut failures = Vec::new();
    for fixture in fixtures(language, extension, minimum) {
        let expectations = fixture_expectations(&fixture.text, fixture.python);
        let found = report_findings(&fixture.check());
        for problem in compare(&expectations, &found) {
            failures.push(format!("{}: {problem}", fixture.path));
        }
    }
    assert!(
        failures.is_empty(),
        "fixture mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn sql_fixtures_produce_exactly_their_expected_findings() {
    run_fixtures("sql", "sql", 10);
}

#[test]
fn python_fixtures_produce_exactly_their_expected_findings() {
    run_fixtures("python", "py", 5);
}

/// The text output of each fixture — messages, labels, help, fix notes — as a user reads
/// it, pinned in `tests/snapshots/fixtures__<path>.snap`.
#[test]
fn every_fixture_renders_as_its_snapshot() {
    assert_snapshots(all_fixtures().into_iter().map(|fixture| {
        (
            snapshot_name(&fixture),
            format!("sqlhound check {}", fixture.path),
            rendered_text(&mut fixture.check()),
        )
    }));
}

/// A fixture's snapshot name: `fixtures__sql__select-star__star.sql`.
fn snapshot_name(fixture: &Fixture) -> String {
    let path = fixture.path.trim_start_matches("testdata/");
    format!("fixtures__{}", path.replace('/', "__"))
}

/// insta never deletes a snapshot: one left by a renamed or removed fixture would be
/// reviewed by nobody.
#[test]
fn every_fixture_snapshot_has_its_fixture() {
    let names: Vec<String> = all_fixtures().iter().map(snapshot_name).collect();
    let dir = root().join("tests/snapshots");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().to_string();
        if let Some(name) = file
            .strip_suffix(".snap")
            .filter(|n| n.starts_with("fixtures__"))
        {
            assert!(
                names.iter().any(|n| n == name),
                "tests/snapshots/{file} belongs to no fixture: delete it"
            );
        }
    }
}

/// The expected result of fixing a fixture: `name.fixed.ext` next to `name.ext`.
fn fixed_path(fixture: &str) -> PathBuf {
    let path = root().join(fixture);
    let extension = path.extension().unwrap().to_string_lossy().to_string();
    path.with_extension(format!("fixed.{extension}"))
}

/// `--fix --unsafe-fixes` (the library's fix application) turns each fixture with fixable
/// findings into exactly its `*.fixed.*` file, which is left with no fixable finding and
/// no syntax error the fixture did not have; a fixture without fixes has no such file.
#[test]
fn fixes_give_exactly_the_fixed_files_which_are_clean_of_fixable_findings() {
    let mut failures = Vec::new();
    for fixture in all_fixtures() {
        let report = fixture.check();
        let fixed = report.files.iter().find_map(|file| {
            fixed_text(&file.text, file.kind, &file.diagnostics, true).map(|(text, _)| text)
        });
        let expected_path = fixed_path(&fixture.path);
        let expected = std::fs::read_to_string(&expected_path).ok();
        let name = expected_path.strip_prefix(root()).unwrap().display();
        let Some(fixed) = fixed else {
            if expected.is_some() {
                failures.push(format!("{name}: the fixture has no fix to apply any more"));
            }
            // A fix is rejected when the text it gives does not parse, with every other fix
            // of the file: a finding that says "fix available" must not be such a fix.
            if report.diagnostics().any(|(_, d)| d.fix.is_some()) {
                failures.push(format!("{}: fixes are offered, none applies", fixture.path));
            }
            continue;
        };
        if expected.as_deref() != Some(fixed.as_str()) {
            failures.push(format!(
                "{name}: fixing {} gives, instead:\n{fixed}",
                fixture.path
            ));
            continue;
        }
        let again = check_fixture(&fixed, &fixture.path, &fixture_header(&fixture.text));
        for (file, d) in again.diagnostics().filter(|(_, d)| d.fix.is_some()) {
            let at = file.lines.line_col(&file.text, d.span.start);
            failures.push(format!(
                "{name}:{}:{}: `{}` is still fixable after fixing",
                at.line, at.column, d.rule.name
            ));
        }
        let syntax_errors = |report: &sqlhound::Report| {
            report
                .diagnostics()
                .filter(|(_, d)| matches!(d.rule.name, "syntax-error" | "python-syntax-error"))
                .count()
        };
        if syntax_errors(&again) > syntax_errors(&report) {
            failures.push(format!("{name}: fixing broke the syntax"));
        }
    }
    assert!(failures.is_empty(), "fixes:\n{}", failures.join("\n"));
}

#[test]
fn every_rule_has_positive_and_negative_fixtures() {
    let root = root().join("testdata");
    for rule in sqlhound::rules::all() {
        // Unreadable files and internal errors are tested end to end in tests/cli.rs.
        if matches!(rule.code, "SH905" | "SH999") {
            continue;
        }
        // Rules that need a database have theirs in testdata/explain, run by tests/explain.rs.
        let root = if sqlhound::rules::needs_database(rule) {
            root.join("explain")
        } else {
            root.clone()
        };
        let mut files = Vec::new();
        fixture_files(&root.join("sql").join(rule.name), "sql", &mut files);
        fixture_files(&root.join("python").join(rule.name), "py", &mut files);
        let expectations: Vec<Expectations> = files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                fixture_expectations(&text, f.extension().is_some_and(|e| e == "py"))
            })
            .collect();
        // Parsed, not searched: `todo-expect: name` is no positive fixture.
        let positive = expectations.iter().any(|e| e.expects(rule.name));
        let negative = expectations
            .iter()
            .any(|e| e.ok.iter().any(|(_, r)| r == rule.name));
        assert!(
            positive && negative,
            "{} needs `expect:` and `ok:` fixtures in testdata/{{sql,python}}/{}",
            rule.name,
            rule.name
        );
    }
}

/// The SQL a finding's help suggests (`CREATE INDEX ON c ((CAST(n AS TEXT)));`) is SQL
/// PostgreSQL's own parser accepts: a suggestion that does not parse is no help. Elided
/// suggestions (`INSERT INTO t (col_a, col_b) …`) are outlines, not statements.
#[test]
fn suggested_sql_in_help_parses() {
    const STARTS: [&str; 6] = [
        "CREATE ", "SELECT ", "ALTER ", "UPDATE ", "DELETE ", "INSERT ",
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for fixture in all_fixtures() {
        let report = fixture.check();
        for (_, d) in report.diagnostics() {
            let Some(help) = d.help.as_deref() else {
                continue;
            };
            for (i, part) in help.split('`').enumerate() {
                let suggestion = i % 2 == 1
                    && STARTS.iter().any(|s| part.starts_with(s))
                    && !part.contains('…')
                    && !part.contains('{');
                if !suggestion {
                    continue;
                }
                checked += 1;
                let statement = part.trim_end_matches(';');
                let verdict = sqlhound::sql::verdict::judge(statement, Dialect::Postgres);
                if verdict != Some(Verdict::Accepted) {
                    failures.push(format!("{}: `{part}`: {verdict:?}", fixture.path));
                }
            }
        }
    }
    assert!(checked > 10, "only {checked} suggestions found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The placeholders that stand for interpolated values while sqlhound parses SQL built in
/// Python never reach what users read.
#[test]
fn no_message_shows_a_hole_placeholder() {
    let mut failures = Vec::new();
    for fixture in all_fixtures() {
        let report = fixture.check();
        for (_, d) in report.diagnostics() {
            let words = [Some(&d.message), d.help.as_ref()]
                .into_iter()
                .flatten()
                .chain(d.labels.iter().map(|l| &l.message));
            for text in words.filter(|w| w.contains(sqlhound::sql::embedded::HOLE_PREFIX)) {
                failures.push(format!("{}: {} says `{text}`", fixture.path, d.rule.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
