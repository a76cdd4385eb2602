//! Runs every fixture in `testdata/`: each file states its expected findings next to the
//! code (see `tests/common/mod.rs`), and any missing or unexpected finding fails.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::{Path, PathBuf};

use common::{compare, findings, fixture_dialect, parse_expectations};

fn fixture_files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixture_files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

#[test]
fn sql_fixtures_produce_exactly_their_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/sql");
    let mut files = Vec::new();
    fixture_files(&root, "sql", &mut files);
    files.sort();
    assert!(
        files.len() >= 10,
        "expected fixtures under {}",
        root.display()
    );
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let expectations = parse_expectations(&text, "--");
        let found = findings(&text, "fixture.sql", fixture_dialect(&text));
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
fn every_sql_rule_has_positive_and_negative_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/sql");
    for rule in sqlhound::rules::all()
        .filter(|r| r.category != sqlhound::diagnostic::Category::Tool || r.code == "SH904")
    {
        if matches!(rule.code, "SH905" | "SH999") {
            continue;
        }
        let dir = root.join(rule.name);
        let mut files = Vec::new();
        fixture_files(&dir, "sql", &mut files);
        let texts: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        let positive = texts
            .iter()
            .any(|t| t.contains(&format!("expect: {}", rule.name)));
        let negative = texts
            .iter()
            .any(|t| t.contains(&format!("ok: {}", rule.name)));
        assert!(
            positive && negative,
            "{} needs `expect:` and `ok:` fixtures in {}",
            rule.name,
            dir.display()
        );
    }
}
