//! The queries a check found, kept for the explain pass: the statement's text, where it
//! sits in the file, and where its tables are named.

use std::ops::{ControlFlow, Range};

use sqlparser::ast::{ObjectName, SetExpr, Spanned, Statement, Visit, Visitor};

use crate::rules::{HOLE_PREFIX, SqlSource};
use crate::source::span_map::SpanMap;
use crate::sql::ParsedStatement;
use crate::sql::parse::ChunkSpans;

/// One statement as found in a file.
#[derive(Debug, Clone)]
pub struct FoundQuery {
    /// The statement, parameters as `$n`, interpolations as placeholders.
    pub sql: String,
    /// Offsets in `sql` to offsets in the file.
    pub map: SpanMap,
    /// The statement in the file (the string holding it, for SQL built in Python).
    pub span: Range<usize>,
    pub kind: QueryKind,
    /// Each table name in the statement (lowercase) and where it is written in the file.
    pub tables: Vec<(String, Range<usize>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryKind {
    /// A query or data change PostgreSQL can plan with plain `EXPLAIN`.
    Plannable,
    /// Built from strings: the source text of the interpolations it depends on.
    Built(Vec<String>),
    /// DDL and other statements with no plan worth reading.
    Utility,
}

impl FoundQuery {
    /// Where the table known as `name` is written, else the statement.
    pub fn table_span(&self, name: &str) -> Range<usize> {
        let name = name.to_lowercase();
        self.tables
            .iter()
            .find(|(table, _)| *table == name)
            .map_or_else(|| self.span.clone(), |(_, span)| span.clone())
    }

    /// The file offset of a byte in `sql`, else the statement's start.
    pub fn file_offset(&self, sql_offset: usize) -> usize {
        self.map.offset(sql_offset).unwrap_or(self.span.start)
    }
}

/// Records a parsed statement for the explain pass; the later parts of a long `INSERT`
/// are not statements of their own, and planning its first part plans the `INSERT`.
pub fn found(source: &SqlSource<'_>, statement: &ParsedStatement) -> Option<FoundQuery> {
    if statement.continues {
        return None;
    }
    let range = statement.range.clone();
    let sql = source
        .text
        .get(range.clone())
        .unwrap_or_default()
        .to_string();
    let map = source.map.slice(range.clone());
    let span = source
        .map
        .range(range)
        .unwrap_or_else(|| source.fallback.clone());
    let kind = if sql.contains(HOLE_PREFIX) {
        QueryKind::Built(source.hole_labels.to_vec())
    } else if plannable(&statement.ast) {
        QueryKind::Plannable
    } else {
        QueryKind::Utility
    };
    let mut tables = Tables {
        spans: ChunkSpans::new(source.text, statement),
        map: source.map,
        found: Vec::new(),
    };
    if kind == QueryKind::Plannable {
        let _ = statement.ast.visit(&mut tables);
    }
    Some(FoundQuery {
        sql,
        map,
        span,
        kind,
        tables: tables.found,
    })
}

/// Statements plain `EXPLAIN` plans without running them. `SELECT … INTO` creates a table.
fn plannable(statement: &Statement) -> bool {
    match statement {
        Statement::Query(query) => match query.body.as_ref() {
            SetExpr::Select(select) => select.into.is_none(),
            _ => true,
        },
        Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_) => true,
        _ => false,
    }
}

struct Tables<'a> {
    spans: ChunkSpans<'a>,
    map: &'a SpanMap,
    found: Vec<(String, Range<usize>)>,
}

impl Visitor for Tables<'_> {
    type Break = ();

    fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<()> {
        let Some(last) = relation.0.last().and_then(|part| part.as_ident()) else {
            return ControlFlow::Continue(());
        };
        let file = self
            .spans
            .range(relation.span())
            .and_then(|sql| self.map.range(sql));
        if let Some(file) = file {
            self.found.push((last.value.to_lowercase(), file));
        }
        ControlFlow::Continue(())
    }
}

/// The text explain results are shared by: whitespace runs outside quotes collapsed.
pub fn normalized(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut space = false;
    for c in sql.trim().trim_end_matches(';').trim_end().chars() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c.is_whitespace() => space = true,
            None => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                if c == '\'' || c == '"' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

/// How many `$n` parameters the statement takes: the highest `n` outside quotes.
pub fn parameter_count(sql: &str) -> usize {
    let bytes = sql.as_bytes();
    let mut quote: Option<u8> = None;
    let mut highest = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if b == b'$' && !i.checked_sub(1).is_some_and(|p| is_word(bytes[p])) => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .count();
                let after = bytes.get(i + 1 + digits).copied();
                if digits > 0 && !after.is_some_and(|a| is_word(a) || a == b'$') {
                    let n = sql[i + 1..i + 1 + digits].parse::<usize>().unwrap_or(0);
                    highest = highest.max(n);
                }
                i += digits;
            }
            None => {}
        }
        i += 1;
    }
    highest
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_keeps_quoted_text_as_written() {
        assert_eq!(
            normalized("SELECT  *\n FROM t\tWHERE a = 'x  y' ;"),
            "SELECT * FROM t WHERE a = 'x  y'"
        );
    }

    #[test]
    fn parameters_are_counted_outside_quotes_and_dollar_quotes() {
        assert_eq!(parameter_count("SELECT $1, $12 FROM t WHERE a = '$40'"), 12);
        assert_eq!(parameter_count("SELECT $body$ x $body$, a$1"), 0);
        assert_eq!(parameter_count("SELECT 1"), 0);
    }
}
