//! Runs every fixture in `testdata/`: each file states its expected findings next to the
//! code (see `tests/common/mod.rs`), and any missing or unexpected finding fails.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::Path;

use common::{
    Expectations, compare, findings, fixture_expectations, fixture_files, fixture_header,
};

/// Checks every fixture under `testdata/<language>` against its expectations.
fn run_fixtures(language: &str, extension: &str, minimum: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(language);
    let mut files = Vec::new();
    fixture_files(&root, extension, &mut files);
    files.sort();
    assert!(
        files.len() >= minimum,
        "expected fixtures under {}",
        root.display()
    );
    let python = extension == "py";
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let expectations = fixture_expectations(&text, python);
        let found = findings(
            &text,
            &format!("fixture.{extension}"),
            &fixture_header(&text),
        );
        for problem in compare(&expectations, &found) {
            failures.push(format!(
                "{}: {problem}",
                file.strip_prefix(&root).unwrap().display()
            ));
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

#[test]
fn every_rule_has_positive_and_negative_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
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
