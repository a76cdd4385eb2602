//! Baseline for `scripts/bench`: a single-threaded sqlparser parse of every file, nothing
//! else. sqlhound's target is at most 1.3x this wall time on 2 cores.
//!
//! usage: parse_only DIR

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool: fail loudly

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: parse_only DIR");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    paths.sort();
    let (mut statements, mut errors) = (0usize, 0usize);
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        match Parser::parse_sql(&PostgreSqlDialect {}, &text) {
            Ok(parsed) => statements += parsed.len(),
            Err(_) => errors += 1,
        }
    }
    println!(
        "{} files, {statements} statements, {errors} files with errors",
        paths.len()
    );
}
