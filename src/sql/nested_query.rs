//! Whether a statement holds a given query where a statement takes one (`EXPLAIN q`,
//! `CREATE VIEW v AS q`, `INSERT INTO t q`), not as a name or a value spelled alike
//! (`SHOW q`, `EXECUTE q`, and `SET search_path TO q`, which parses as a subquery value).

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Query, Statement, Visit, Visitor};

/// Whether some query node of `statement` outside its expressions prints as `query`.
pub fn holds_query(statement: &Statement, query: &str) -> bool {
    let mut finder = Finder {
        query,
        in_expressions: 0,
    };
    statement.visit(&mut finder).is_break()
}

struct Finder<'q> {
    query: &'q str,
    in_expressions: usize,
}

impl Visitor for Finder<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, _: &Expr) -> ControlFlow<()> {
        self.in_expressions += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, _: &Expr) -> ControlFlow<()> {
        self.in_expressions -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if self.in_expressions == 0 && query.to_string() == self.query {
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::sql::Dialect;
    use crate::sql::parse::{Parsed, parse_each};

    fn holds(sql: &str) -> bool {
        let mut found = None;
        parse_each(sql, Dialect::Postgres, |parsed| {
            if let Parsed::Statement(statement) = parsed {
                found = Some(holds_query(&statement.ast, "SELECT 1"));
            }
        });
        found.unwrap()
    }

    #[test]
    fn queries_in_the_place_of_a_query_count_and_names_do_not() {
        assert!(holds("EXPLAIN SELECT 1"));
        assert!(holds("CREATE VIEW v AS SELECT 1"));
        assert!(holds("INSERT INTO t SELECT 1"));
        assert!(!holds("SET search_path TO SELECT 1"));
        assert!(!holds("SET search_path = SELECT 1"));
        assert!(!holds("SHOW x"));
        assert!(!holds("SELECT a FROM t WHERE a = 1 UNION SELECT 1"));
    }
}
