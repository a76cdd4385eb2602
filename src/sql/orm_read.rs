//! The statement an ORM sends for a queryset read whole, written for the explain pass so
//! the planner can say how many rows it returns: `SELECT * FROM "orders"`, and for plain
//! equality filters `… WHERE "status" = $1 AND …`. The names come from the model index,
//! never from text the code builds at run time; each is quoted, as Django quotes them, so
//! no name is read as a keyword (`"user"`) or folded to lower case (`"Orders"`).

use std::ops::Range;

use super::embedded::{FoundQuery, OrmRead, QueryKind, ReadAll};
use crate::source::span_map::SpanMap;

/// The statement reading every row of `table` where each of `equal` is one value (a
/// parameter, so the planner's generic estimate decides).
pub fn select_all(table: &str, equal: &[String]) -> String {
    let mut sql = format!("SELECT * FROM {}", quoted(table));
    for (n, column) in equal.iter().enumerate() {
        let joiner = if n == 0 { " WHERE " } else { " AND " };
        sql.push_str(&format!("{joiner}{} = ${}", quoted(column), n + 1));
    }
    sql
}

/// The statement for an ORM read at `at` in the file, planned as any statement found there.
pub fn found_orm_read(sql: String, at: Range<usize>, read: OrmRead) -> FoundQuery {
    FoundQuery {
        sql,
        // Not text in the file: nothing in it maps back but the read itself.
        map: SpanMap::default(),
        span: at.clone(),
        kind: QueryKind::Plannable,
        tables: Vec::new(),
        read_all: Some(ReadAll {
            at,
            reader: String::new(),
            limited: false,
        }),
        orm: Some(read),
    }
}

/// A PostgreSQL quoted identifier: `"orders"`, `"a""b"`.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_always_quoted() {
        assert_eq!(select_all("orders", &[]), r#"SELECT * FROM "orders""#);
        assert_eq!(select_all("user", &[]), r#"SELECT * FROM "user""#);
        assert_eq!(select_all(r#"we"ird"#, &[]), r#"SELECT * FROM "we""ird""#);
    }

    #[test]
    fn equalities_are_parameters_in_order() {
        let equal = ["status".to_string(), "customer_id".to_string()];
        assert_eq!(
            select_all("orders", &equal),
            r#"SELECT * FROM "orders" WHERE "status" = $1 AND "customer_id" = $2"#
        );
    }
}
