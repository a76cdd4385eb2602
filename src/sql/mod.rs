//! SQL: dialects, statement splitting and parsing with sqlparser, syntax verdicts from the
//! database's own parser, templates' parameters and holes, and facts rules share.

pub mod clause;
mod dialect;
pub mod embedded;
pub mod facts;
pub mod nested_query;
pub mod orm_read;
pub mod parse;
pub mod predicates;
pub mod split;
pub mod template;
pub mod verdict;
pub mod whole_table;

pub use dialect::Dialect;
pub use parse::{Parsed, ParsedStatement, SyntaxError, parse_each};

/// Words without which a text holds no DDL that changes tables or indexes.
static DDL_WORDS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "create table",
                "create index",
                "create unique",
                "alter table",
                "drop table",
                "drop index",
            ])
            .ok()
    });

/// Whether a text may hold DDL (and is worth splitting for it).
pub fn may_have_ddl(text: &str) -> bool {
    DDL_WORDS.as_ref().is_none_or(|w| w.is_match(text))
}
