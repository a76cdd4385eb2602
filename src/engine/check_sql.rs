//! One way to check SQL, wherever it was found: a `.sql` file or a string a Python sink
//! receives. Each statement is parsed, checked by every enabled SQL rule and dropped before
//! the next is parsed; its syntax error, if any, is handed back for the caller to word.

use crate::diagnostic::{Diagnostic, SharedWords};
use crate::rules::{Known, SqlChecks, check_statement};
use crate::sql::embedded::{EmbeddedSql, FoundQuery, found};
use crate::sql::facts::{QueryShape, query_shape};
use crate::sql::{Dialect, Parsed, SyntaxError, parse_each};

/// What a check of some SQL needs besides the text.
pub struct SqlCheck<'a> {
    pub dialect: Dialect,
    pub checks: &'a SqlChecks,
    pub known: Known<'a>,
    /// Where to keep the statements for the explain pass, if it runs on this dialect.
    pub queries: Option<&'a mut Vec<FoundQuery>>,
}

/// Checks every statement of `source.text`; `error` words a syntax error's finding (or
/// drops it). Returns the comments found (offsets into the SQL) and the shape of the first
/// statement.
pub fn check_sql(
    source: &EmbeddedSql<'_>,
    check: SqlCheck<'_>,
    out: &mut Vec<Diagnostic>,
    mut error: impl FnMut(SyntaxError) -> Option<Diagnostic>,
) -> (Vec<std::ops::Range<usize>>, Option<QueryShape>) {
    let SqlCheck {
        dialect,
        checks,
        known,
        mut queries,
    } = check;
    let mut words = SharedWords::default();
    let mut shape = None;
    let comments = parse_each(source.text, dialect, |parsed| {
        let before = out.len();
        match parsed {
            Parsed::Error(syntax) => out.extend(error(syntax)),
            Parsed::Statement(statement) => {
                check_statement(checks, source, &known, statement, out);
                shape.get_or_insert_with(|| query_shape(&statement.ast));
                if let Some(queries) = queries.as_deref_mut() {
                    queries.extend(found(source, statement));
                }
            }
        }
        // A file can have a finding on every statement: those that say the same share words.
        if let Some(new) = out.get_mut(before..) {
            words.share(new);
        }
    });
    (comments, shape)
}
