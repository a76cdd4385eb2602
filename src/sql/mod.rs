//! SQL: dialects, statement splitting and parsing with sqlparser, and facts rules share.

mod dialect;
pub mod facts;
pub mod parse;
pub mod split;

pub use dialect::Dialect;
pub use parse::{ParsedSql, ParsedStatement, SyntaxError, parse_sql};
