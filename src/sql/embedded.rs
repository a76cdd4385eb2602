//! SQL as found in a file, the vocabulary every stage shares: the text handed to the parser
//! with its holes (`__sqlhound_hole_N`, one per interpolation) and a map back to the file
//! (`EmbeddedSql`), the drivers' parameter markers and `str.format` fields that Python code
//! and `.sql` templates leave in SQL, and each statement kept for the explain pass
//! (`FoundQuery`).

use std::ops::{ControlFlow, Range};

use sqlparser::ast::{ObjectName, SetExpr, Spanned, Statement, Visit, Visitor};

use super::parse::ChunkSpans;
use super::{Dialect, ParsedStatement};
use crate::source::span_map::SpanMap;

/// The identifier standing for the N-th interpolation in extracted SQL.
pub const HOLE_PREFIX: &str = "__sqlhound_hole_";

/// What a driver's marker in SQL text stands for.
pub enum Marker {
    /// A parameter the driver binds.
    Param,
    /// `%%`, a literal `%` once the driver has substituted parameters.
    Percent,
}

/// A DB-API parameter marker at the start of `s`: `%s`, `%(name)s`, `%b`, `?`, `:name`;
/// `previous` is the byte before it (`x::int` is a cast, `a[1:n]` a slice).
pub fn marker_len(s: &str, previous: Option<u8>) -> Option<(usize, Marker)> {
    let bytes = s.as_bytes();
    match bytes.first()? {
        b'%' => match bytes.get(1)? {
            b's' | b'b' | b't' => Some((2, Marker::Param)),
            b'%' => Some((2, Marker::Percent)),
            b'(' => {
                let close = s.find(")s")?;
                s[2..close]
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_')
                    .then_some((close + 2, Marker::Param))
            }
            _ => None,
        },
        b'?' => Some((1, Marker::Param)),
        b':' => {
            let after_word =
                previous.is_some_and(|p| p.is_ascii_alphanumeric() || p == b'_' || p == b':');
            let first = *bytes.get(1)?;
            if after_word || !(first.is_ascii_alphabetic() || first == b'_') {
                return None;
            }
            let len = 1 + s[1..]
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                .count();
            Some((len, Marker::Param))
        }
        _ => None,
    }
}

/// The dialect's placeholder for the `n`-th parameter (1-based), where a driver marker was.
pub fn parameter(dialect: Dialect, n: usize) -> String {
    match dialect {
        Dialect::Postgres | Dialect::Redshift | Dialect::Duckdb | Dialect::Generic => {
            format!("${n}")
        }
        _ => "?".into(),
    }
}

/// The length of a `str.format` field at the start of `s` — `{}`, `{0}`, `{name}`,
/// `{table.name!s:>10}` — the interpolation a template leaves; `{{` is no field.
pub fn format_field_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('{')?;
    let close = inner.find('}')?;
    let field = &inner[..close];
    let name = field.split([':', '!']).next().unwrap_or_default();
    let is_name = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    let rest_is_plain = !field.contains(['{', '\'', '"']);
    (is_name && rest_is_plain && !name.starts_with('.')).then_some(close + 2)
}

/// SQL text being checked and how it relates to the file it came from.
pub struct EmbeddedSql<'a> {
    pub text: &'a str,
    pub map: &'a SpanMap,
    /// Where to point when a node does not map (the string holding the SQL).
    pub fallback: Range<usize>,
    /// Source text of the interpolations standing behind `__sqlhound_hole_N` placeholders.
    pub hole_labels: &'a [String],
}

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
    /// Where the code reads every row the statement returns, if it does.
    pub read_all: Option<ReadAll>,
    /// Not text in the file: the statement an ORM sends for a queryset read whole, which
    /// sqlhound wrote (`sql::orm_read`). Its row estimate alone is judged.
    pub orm: Option<OrmRead>,
}

/// How a finding names an ORM read whose statement sqlhound wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrmRead {
    /// What is read: ``every `Order` row is read at once``.
    pub what: String,
    /// Why nothing bounds it: `the queryset has no filter and no slice`.
    pub why: String,
    pub help: &'static str,
}

/// A read of every row of a statement's result (`fetchall()`, a buffered cursor iterated):
/// the planner's row estimate tells whether those are many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadAll {
    /// The reading call, or what the loop iterates.
    pub at: Range<usize>,
    /// The read as a message names it: `` `cur.fetchall` ``, `` iterating `cur` ``.
    pub reader: String,
    /// `LIMIT`, `FETCH FIRST` or `TOP`: the statement bounds its rows itself.
    pub limited: bool,
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
pub fn found(source: &EmbeddedSql<'_>, statement: &ParsedStatement) -> Option<FoundQuery> {
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
        read_all: None,
        orm: None,
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
