//! The database has no table of that name (EXPLAIN): the code and the schema disagree.

use super::Planned;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::explain::Outcome;
use crate::sql::embedded::FoundQuery;

pub static META: RuleMeta = RuleMeta {
    code: "SH209",
    name: "unknown-table",
    category: Category::Correctness,
    default_severity: Severity::Error,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "the query names a table the database does not have",
    doc: include_str!("../../rules/SH209-unknown-table.md"),
};

pub fn check(planned: &Planned<'_>, out: &mut Vec<Diagnostic>) {
    unknown_name(planned, false, &META, out);
}

/// A name the database does not have, at the identifier the server points to: a table
/// (`column` false) or a column.
pub(super) fn unknown_name(
    planned: &Planned<'_>,
    column: bool,
    rule: &'static RuleMeta,
    out: &mut Vec<Diagnostic>,
) {
    let Some(Outcome::Unknown {
        column: is_column,
        message,
        at,
    }) = planned.outcome
    else {
        return;
    };
    if *is_column != column {
        return;
    }
    let query = planned.query;
    let span = at
        .map(|at| word_span(query, at))
        .unwrap_or_else(|| query.span.clone());
    out.push(
        Diagnostic::new(
            rule,
            span,
            format!("{message} in the database {}", planned.database),
        )
        .help(
            "the code does not match the database schema: fix the name, or apply the \
             migration that creates it to this database",
        ),
    );
}

fn word_span(query: &FoundQuery, at: usize) -> std::ops::Range<usize> {
    let rest = query.sql.get(at..).unwrap_or_default();
    let quoted = rest.starts_with('"');
    let len = if quoted {
        rest[1..].find('"').map_or(rest.len(), |end| end + 2)
    } else {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len())
    };
    let start = query.file_offset(at);
    let end = query.file_offset(at + len.max(1)).max(start);
    start..end
}
