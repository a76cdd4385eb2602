//! SQL: dialects, statement splitting and parsing with sqlparser, and facts rules share.

mod dialect;
pub mod facts;
pub mod parse;
pub mod predicates;
pub mod split;

pub use dialect::Dialect;
pub use parse::{ParsedSql, ParsedStatement, SyntaxError, parse_sql};

/// Words without which a text holds no DDL.
static DDL_WORDS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["create", "alter", "drop"])
            .ok()
    });

/// Whether a text may hold DDL (and is worth splitting for it).
pub fn may_have_ddl(text: &str) -> bool {
    DDL_WORDS.as_ref().is_none_or(|w| w.is_match(text))
}
