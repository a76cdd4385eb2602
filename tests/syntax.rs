//! End-to-end: syntax errors only where the database itself would say so. The real binary,
//! with the real parsers behind it (sqlparser, PostgreSQL's libpg_query, SQLite's prepare).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

use std::path::Path;
use std::process::Command;

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
}

fn sqlhound(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_sqlhound"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
    }
}

/// Checks `text` as `name` in a fresh directory; returns the JSON report.
fn check(name: &str, text: &str, args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let mut all = vec!["check", name, "--format", "json"];
    all.extend(args);
    let run = sqlhound(dir.path(), &all);
    assert!(
        matches!(run.code, 0 | 1),
        "exit {}: {}",
        run.code,
        run.stdout
    );
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// `(line, column, rule name, message)` of each finding.
fn findings(report: &Value) -> Vec<(u64, u64, String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["name"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn syntax_errors(report: &Value) -> Vec<(u64, u64, String, String)> {
    findings(report)
        .into_iter()
        .filter(|f| f.2 == "syntax-error")
        .collect()
}

fn not_analysed(report: &Value) -> u64 {
    report["summary"]["statements_not_analysed"]
        .as_u64()
        .unwrap()
}

#[test]
fn postgresql_decides_what_sqlparser_rejects() {
    let report = check(
        "migrate.sql",
        "ALTER TABLE t ALTER COLUMN c TYPE text COLLATE \"C\";\n\
         DO $$ BEGIN RAISE NOTICE 'a; b'; END $$;\n\
         SELEC 1;\n\
         SELECT 2;\n",
        &[],
    );
    assert_eq!(
        syntax_errors(&report),
        [(
            3,
            1,
            "syntax-error".into(),
            "PostgreSQL rejects this statement: syntax error at or near \"SELEC\" at character 1"
                .into()
        )]
    );
    assert_eq!(not_analysed(&report), 2);
}

#[test]
fn statements_not_analysed_are_in_the_summary_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.sql"),
        "DO $$ BEGIN PERFORM 1; END $$;\nDELETE FROM t;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.sql"), "DO $$ BEGIN PERFORM 2; END $$;\n").unwrap();
    let run = sqlhound(dir.path(), &["check", ".", "--statistics"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "2  -      statements not analysed (sqlhound's SQL parser does not support them)"
        ),
        "{}",
        run.stdout
    );
    // `--statistics` prints only the table, as ruff does; the summary line is a plain run's.
    let plain = sqlhound(dir.path(), &["check", "."]);
    let summary = plain.stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("Found 0 errors, 1 warning and 0 infos in 1 of 2 files")
            && summary.ends_with(
                "2 statements not analysed: sqlhound's SQL parser does not support them (no syntax error)."
            ),
        "{summary}"
    );
    let clean = sqlhound(dir.path(), &["check", "b.sql"]);
    assert_eq!(clean.code, 0);
    assert!(
        clean.stdout.contains("No findings in 1 file"),
        "{}",
        clean.stdout
    );
    assert!(
        clean.stdout.contains("1 statement not analysed"),
        "{}",
        clean.stdout
    );
}

#[test]
fn sql_templates_for_python_are_parsed_and_checked() {
    let report = check(
        "queries.sql",
        "SELECT pg_cancel_backend(%(pid)s);\n\
         SELECT id FROM jobs WHERE state = %s AND owner = :owner AND queue = ?;\n\
         SELECT {duration_column} FROM jobs WHERE id = %(id)s;\n\
         DELETE FROM {table};\n\
         SELECT id FROM WHERE id = %s;\n",
        &[],
    );
    let found = findings(&report);
    assert_eq!(
        found
            .iter()
            .map(|f| (f.0, f.1, f.2.as_str()))
            .collect::<Vec<_>>(),
        [(4, 1, "delete-without-where"), (5, 16, "syntax-error")],
        "{found:?}"
    );
    // The hole is shown as the template writes it.
    assert!(found[0].3.contains("`{table}`"), "{}", found[0].3);
    assert_eq!(not_analysed(&report), 0);
}

#[test]
fn sqlite_decides_for_the_sqlite_dialect() {
    let report = check(
        "schema.sql",
        "CREATE TABLE pairs (a int, b int, UNIQUE (a, b) ON CONFLICT REPLACE);\n\
         SELECT a FROMM pairs;\n",
        &["--dialect", "sqlite"],
    );
    assert_eq!(
        syntax_errors(&report),
        [(
            2,
            16,
            "syntax-error".into(),
            "SQLite rejects this statement: near \"pairs\": syntax error at character 16".into()
        )]
    );
    assert_eq!(not_analysed(&report), 1);
}

#[test]
fn mysql_routines_are_no_syntax_errors() {
    let report = check(
        "routines.sql",
        "DELIMITER //\n\
         CREATE PROCEDURE p(IN n INT)\n\
         BEGIN\n  DECLARE i INT DEFAULT 0;\n  WHILE i < n DO SET i = i + 1; END WHILE;\n\
         END //\n\
         DELIMITER ;\n\
         CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END;\n\
         SELEC 1;\n",
        &["--dialect", "mysql"],
    );
    let errors = syntax_errors(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].0, errors[0].1), (9, 1));
    // The procedure; sqlparser reads the trigger, and the rules check it.
    assert_eq!(not_analysed(&report), 1);
}

#[test]
fn lexer_errors_are_syntax_errors() {
    let report = check("broken.sql", "SELECT 1;\nSELECT 'open;\n", &[]);
    assert_eq!(syntax_errors(&report).len(), 1);
    let report = check(
        "comment.sql",
        "SELECT 1;\n/* never closed\nSELECT 2;\n",
        &[],
    );
    let errors = syntax_errors(&report);
    assert_eq!(
        errors,
        [(
            2,
            1,
            "syntax-error".into(),
            "syntax error: unterminated block comment starting here".into()
        )]
    );
}

#[test]
fn sql_in_python_gets_postgresqls_verdict_too() {
    let report = check(
        "jobs.py",
        "import psycopg\n\n\
         def run(cur):\n\
         \x20   cur.execute(\"DO $$ BEGIN PERFORM 1; END $$\")\n\
         \x20   cur.execute(\"SELECT id FROM WHERE x = 1\")\n",
        &[],
    );
    assert_eq!(
        syntax_errors(&report),
        [(
            5,
            33,
            "syntax-error".into(),
            "PostgreSQL rejects this statement: syntax error at or near \"WHERE\" at character 16"
                .into()
        )]
    );
    assert_eq!(not_analysed(&report), 1);
}
