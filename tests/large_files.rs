//! Files with very many statements, and statements too large to parse whole, are checked
//! like small ones: statements one at a time, a long `INSERT … VALUES` in parts. Their
//! memory and time are measured by `bench/memory.py`, not here.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::collections::BTreeMap;

use common::{FixtureHeader, check_fixture};
use sqlhound::Report;

/// Findings per rule name.
fn counts(report: &Report) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for (_, d) in report.diagnostics() {
        *out.entry(d.rule.name).or_insert(0) += 1;
    }
    out
}

#[test]
fn a_file_of_200k_statements_gets_every_finding() {
    let mut text = String::new();
    for i in 0..200_000 {
        text.push_str(match i % 1000 {
            0 => "DELETE FROM sessions;\n",
            1 => "SELEC 1;\n",
            _ if i % 2 == 0 => "SELECT * FROM t;\n",
            _ => "SELECT 1;\n",
        });
    }
    let report = check_fixture(&text, "many.sql", &FixtureHeader::default());
    let expected = BTreeMap::from([
        ("delete-without-where", 200),
        ("select-star", 99_800),
        ("syntax-error", 200),
    ]);
    assert_eq!(counts(&report), expected);
    let file = &report.files[0];
    let last = file.diagnostics.last().unwrap();
    assert_eq!(
        file.lines.line_col(&file.text, last.span.start).line,
        199_999
    );
}

#[test]
fn a_long_insert_is_checked_in_parts_with_the_same_findings() {
    // About 0.9 MB on one line, so several parts; a `= NULL` in some rows of each.
    let rows: Vec<String> = (0..40_000)
        .map(|i| {
            if i % 1000 == 7 {
                format!("({i}, 'it''s, (odd)', x = NULL)")
            } else {
                format!("({i}, 'row {i}', true)")
            }
        })
        .collect();
    let text = format!(
        "SELECT 1;\nINSERT INTO events VALUES {};\nSELECT * FROM t;\n",
        rows.join(", ")
    );
    let report = check_fixture(&text, "dump.sql", &FixtureHeader::default());
    let expected = BTreeMap::from([
        ("insert-without-columns", 1),
        ("null-comparison", 40),
        ("select-star", 1),
    ]);
    assert_eq!(counts(&report), expected);
    let file = &report.files[0];
    for d in &file.diagnostics {
        let written = &file.text[d.span.clone()];
        match d.rule.name {
            "null-comparison" => assert_eq!(written, "x = NULL"),
            "insert-without-columns" => assert_eq!(written, "INSERT INTO events"),
            _ => assert_eq!(file.lines.line_col(&file.text, d.span.start).line, 3),
        }
    }
}

#[test]
fn a_syntax_error_in_a_long_insert_is_reported_once() {
    let rows: Vec<String> = (0..40_000).map(|i| format!("({i}, 'row {i}')")).collect();
    let mut text = format!(
        "INSERT INTO events (id, name) VALUES {};\n",
        rows.join(", ")
    );
    let broken = text.find("(30000,").unwrap();
    text.replace_range(broken..broken + "(30000,".len(), "(30000,,");
    let text = text + "DELETE FROM sessions;\n";
    let report = check_fixture(&text, "dump.sql", &FixtureHeader::default());
    let expected = BTreeMap::from([("delete-without-where", 1), ("syntax-error", 1)]);
    assert_eq!(counts(&report), expected);
}
