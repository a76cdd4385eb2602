//! `.sql` files that are templates for Python code: `SELECT pg_cancel_backend(%(pid)s)`,
//! `WHERE x = %s`, `:name`, `?`, `SELECT {duration_column} FROM t`. A statement sqlparser
//! rejects is read as such a template — with the vocabulary of SQL embedded in Python
//! (`embedded`): each driver marker becomes the dialect's parameter, each `str.format`
//! field a hole — so it is parsed and checked like the SQL a Python sink receives.

use std::ops::Range;

use super::Dialect;
use super::embedded::{HOLE_PREFIX, Marker, format_field_len, marker_len, parameter};
use super::split::code_runs;
use crate::source::span_map::SpanMap;

/// A statement read as a template: the SQL to parse, and where its pieces are in the file.
#[derive(Debug)]
pub struct Template {
    pub text: String,
    pub map: SpanMap,
    /// The format fields' names (`duration_column`), in hole order.
    pub labels: Vec<String>,
}

/// `statement` (a range of `text`) read as a template, with `map` taking `text`'s offsets to
/// the file's; `None` when it has no marker or field outside strings and comments.
pub fn render(
    text: &str,
    statement: Range<usize>,
    map: &SpanMap,
    dialect: Dialect,
) -> Option<Template> {
    let sql = text.get(statement.clone())?;
    let mut out = Renderer {
        text: String::with_capacity(sql.len()),
        map: SpanMap::default(),
        labels: Vec::new(),
        outer: map,
        base: statement.start,
        params: 0,
    };
    let mut copied = 0;
    for run in code_runs(sql, dialect) {
        let bytes = sql.as_bytes();
        let mut i = run.start;
        while i < run.end {
            let rest = &sql[i..run.end];
            let previous = i.checked_sub(1).map(|p| bytes[p]);
            let found = if bytes[i] == b'{' {
                format_field_len(rest).map(|len| (len, Piece::Hole))
            } else {
                match marker_len(rest, previous) {
                    Some((len, Marker::Param)) => Some((len, Piece::Parameter)),
                    _ => None,
                }
            };
            let Some((len, piece)) = found else {
                i += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            };
            out.verbatim(sql, copied..i);
            match piece {
                Piece::Parameter => out.parameter(i..i + len, dialect),
                Piece::Hole => out.hole(sql, i..i + len),
            }
            i += len;
            copied = i;
        }
    }
    if out.params == 0 && out.labels.is_empty() {
        return None;
    }
    out.verbatim(sql, copied..sql.len());
    Some(Template {
        text: out.text,
        map: out.map,
        labels: out.labels,
    })
}

enum Piece {
    Parameter,
    Hole,
}

struct Renderer<'a> {
    text: String,
    map: SpanMap,
    labels: Vec<String>,
    /// `text`'s offsets to the file's.
    outer: &'a SpanMap,
    /// Where the statement starts in `text`.
    base: usize,
    params: usize,
}

impl Renderer<'_> {
    /// Appends `piece`, which stands for `written` (statement offsets).
    fn push(&mut self, piece: &str, written: Range<usize>) {
        let start = self.text.len();
        self.text.push_str(piece);
        let outer = self.base + written.start..self.base + written.end;
        if let Some(file) = self.outer.range(outer) {
            self.map.push(start..self.text.len(), file);
        }
    }

    fn verbatim(&mut self, sql: &str, range: Range<usize>) {
        if !range.is_empty() {
            self.push(&sql[range.clone()], range);
        }
    }

    fn parameter(&mut self, written: Range<usize>, dialect: Dialect) {
        self.params += 1;
        let placeholder = parameter(dialect, self.params);
        self.push(&placeholder, written);
    }

    fn hole(&mut self, sql: &str, written: Range<usize>) {
        // The field's name, as messages show holes: `{duration_column}`.
        let field = &sql[written.start + 1..written.end - 1];
        self.labels.push(field.to_string());
        let placeholder = format!("{HOLE_PREFIX}{}", self.labels.len());
        self.push(&placeholder, written);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(sql: &str, dialect: Dialect) -> Option<String> {
        let map = SpanMap::identity(sql.len(), 0);
        render(sql, 0..sql.len(), &map, dialect).map(|t| t.text)
    }

    #[test]
    fn driver_markers_become_parameters() {
        assert_eq!(
            rendered(
                "SELECT pg_cancel_backend(%(pid)s) WHERE a = %s AND b = :b AND c = ? AND d::int = 1",
                Dialect::Postgres
            )
            .as_deref(),
            Some("SELECT pg_cancel_backend($1) WHERE a = $2 AND b = $3 AND c = $4 AND d::int = 1")
        );
        assert_eq!(
            rendered("SELECT a FROM t WHERE b = %s", Dialect::Mysql).as_deref(),
            Some("SELECT a FROM t WHERE b = ?")
        );
    }

    #[test]
    fn format_fields_become_holes() {
        let sql = "SELECT {duration_column}, {0}, {} FROM t -- {not_this}\nWHERE x = '{nor_this}'";
        let map = SpanMap::identity(sql.len(), 100);
        let template = render(sql, 0..sql.len(), &map, Dialect::Postgres).unwrap_or_else(|| {
            panic!("no template");
        });
        assert_eq!(
            template.text,
            "SELECT __sqlhound_hole_1, __sqlhound_hole_2, __sqlhound_hole_3 FROM t -- {not_this}\nWHERE x = '{nor_this}'"
        );
        assert_eq!(template.labels, ["duration_column", "0", ""]);
        // A hole maps onto the field it stands for, the rest onto itself.
        assert_eq!(template.map.range(7..24), Some(107..124));
        let from = template.text.find("FROM").unwrap_or_default();
        assert_eq!(
            template.map.offset(from),
            sql.find("FROM").map(|at| at + 100)
        );
    }

    #[test]
    fn text_without_markers_is_no_template() {
        for sql in [
            "SELECT '%s', \"{x}\" FROM t",
            "SELECT a[1:n], b::text FROM t -- %s",
            "SELECT 10 % 3",
        ] {
            assert_eq!(rendered(sql, Dialect::Postgres), None, "{sql}");
        }
    }
}
