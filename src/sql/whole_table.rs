//! Which table a query reads every row of: a SELECT with no `WHERE`, `LIMIT`, `GROUP BY`
//! and not only aggregates, judged through the common table expressions and subqueries it
//! reads from.

use sqlparser::ast::{
    Cte, Expr, GroupByExpr, JoinConstraint, JoinOperator, Query, Select, SelectItem, TableFactor,
};

use super::facts::{
    body_selects, conjuncts, function_name, is_aggregate_name, is_system_catalog, last_name, unnest,
};
use super::predicates::{Compare, select_filters};

/// A SELECT of one table, filtered by its `WHERE` alone and not limited: how many rows it
/// returns depends on whether the filter pins a unique key, which the schema knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilteredRead {
    pub table: String,
    /// The columns compared with a value by equality (`=`, `IN (…)`), lower-case.
    pub equal: Vec<String>,
    /// Every column the filter compares with a value, lower-case, in order.
    pub filtered: Vec<String>,
}

/// The filtered read `query` is, if it is one: not for joins, set operations, common
/// table expressions, groups, aggregates or `OR`s, where the count of rows is not the
/// filter's alone.
pub fn filtered_read(query: &Query) -> Option<FilteredRead> {
    if query.limit_clause.is_some() || query.fetch.is_some() || query.with.is_some() {
        return None;
    }
    let sqlparser::ast::SetExpr::Select(select) = &*query.body else {
        return None;
    };
    let grouped = !matches!(&select.group_by, GroupByExpr::Expressions(e, _) if e.is_empty());
    let selection = select.selection.as_ref()?;
    let any_or = conjuncts(selection).iter().any(|c| {
        matches!(
            c,
            Expr::BinaryOp {
                op: sqlparser::ast::BinaryOperator::Or,
                ..
            }
        )
    });
    if select.top.is_some()
        || grouped
        || select.having.is_some()
        || aggregate_only(select)
        || any_or
    {
        return None;
    }
    let [from] = select.from.as_slice() else {
        return None;
    };
    let TableFactor::Table {
        name, args: None, ..
    } = &from.relation
    else {
        return None;
    };
    if !from.joins.is_empty() || is_system_catalog(name) {
        return None;
    }
    let table = last_name(name)?.to_ascii_lowercase();
    let filters = select_filters(select);
    let mut read = FilteredRead {
        table,
        ..FilteredRead::default()
    };
    for filter in filters
        .columns
        .iter()
        .filter(|f| f.table.eq_ignore_ascii_case(&read.table))
    {
        let column = filter.column.to_ascii_lowercase();
        if filter.compare == Compare::Equality {
            read.equal.push(column.clone());
        }
        if !read.filtered.contains(&column) {
            read.filtered.push(column);
        }
    }
    Some(read)
}

/// The table `query` reads whole, if it does.
pub fn read_whole(query: &Query) -> Option<String> {
    Scope::default().query(query)
}

/// The common table expressions a query can name; `open` while its own body is judged, so
/// that a recursive one's reference to itself counts as its seed's rows, not a table.
#[derive(Default, Clone)]
struct Scope<'q> {
    ctes: Vec<(&'q Cte, bool)>,
}

impl<'q> Scope<'q> {
    fn query(&self, query: &'q Query) -> Option<String> {
        let limited = query.limit_clause.is_some() || query.fetch.is_some();
        let selects = body_selects(&query.body);
        if limited || selects.iter().any(|s| s.top.is_some()) {
            return None;
        }
        let mut scope = self.clone();
        if let Some(with) = &query.with {
            scope
                .ctes
                .extend(with.cte_tables.iter().map(|cte| (cte, false)));
        }
        selects.iter().find_map(|s| scope.select(s))
    }

    fn select(&self, select: &'q Select) -> Option<String> {
        let grouped = !matches!(&select.group_by, GroupByExpr::Expressions(e, _) if e.is_empty());
        if select.selection.is_some()
            || grouped
            || select.having.is_some()
            || aggregate_only(select)
        {
            return None;
        }
        let from = select.from.first()?;
        let table = self.relation(&from.relation)?;
        // An inner join with rows that are filtered keeps only the rows that match them.
        let joined_filtered = from
            .joins
            .iter()
            .any(|join| inner(&join.join_operator) && self.filtered(&join.relation));
        (!joined_filtered).then_some(table)
    }

    /// The table a FROM item reads whole: a table, a common table expression's or a
    /// subquery's own whole read.
    fn relation(&self, relation: &'q TableFactor) -> Option<String> {
        match relation {
            TableFactor::Table {
                name, args: None, ..
            } if !is_system_catalog(name) => match self.cte(last_name(name)?, name.0.len()) {
                Some((_, true)) => None,
                Some((cte, false)) => self.opened(cte).query(&cte.query),
                None => last_name(name).map(str::to_string),
            },
            TableFactor::Derived { subquery, .. } => self.query(subquery),
            _ => None,
        }
    }

    /// Whether a FROM item's rows are bounded by a filter or a limit of its own.
    fn filtered(&self, relation: &'q TableFactor) -> bool {
        let query = match relation {
            TableFactor::Derived { subquery, .. } => subquery,
            TableFactor::Table { name, .. } => {
                match last_name(name).and_then(|n| self.cte(n, name.0.len())) {
                    Some((_, true)) => return true,
                    Some((cte, false)) => &cte.query,
                    None => return false,
                }
            }
            _ => return false,
        };
        query.limit_clause.is_some()
            || query.fetch.is_some()
            || body_selects(&query.body)
                .iter()
                .all(|s| s.selection.is_some() || s.top.is_some())
    }

    fn cte(&self, name: &str, parts: usize) -> Option<(&'q Cte, bool)> {
        (parts == 1)
            .then(|| {
                self.ctes
                    .iter()
                    .rev()
                    .find(|(cte, _)| cte.alias.name.value.eq_ignore_ascii_case(name))
                    .copied()
            })
            .flatten()
    }

    fn opened(&self, cte: &'q Cte) -> Scope<'q> {
        let mut scope = self.clone();
        for (c, open) in &mut scope.ctes {
            *open |= std::ptr::eq(*c, cte);
        }
        scope
    }
}

/// A select list of aggregates only (`count(*)`, `max(id)`): one row.
fn aggregate_only(select: &Select) -> bool {
    select.projection.iter().all(|item| match item {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
            matches!(unnest(e), Expr::Function(f) if function_name(f).is_some_and(|n| is_aggregate_name(&n)))
        }
        _ => false,
    })
}

/// A join that keeps only the rows with a match on both sides.
fn inner(operator: &JoinOperator) -> bool {
    matches!(
        operator,
        JoinOperator::Join(JoinConstraint::On(_) | JoinConstraint::Using(_))
            | JoinOperator::Inner(JoinConstraint::On(_) | JoinConstraint::Using(_))
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use sqlparser::ast::{Query, Statement};
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    use super::{filtered_read, read_whole};

    fn parsed(sql: &str) -> Query {
        match Parser::parse_sql(&PostgreSqlDialect {}, sql)
            .unwrap()
            .remove(0)
        {
            Statement::Query(query) => *query,
            _ => panic!("not a query: {sql}"),
        }
    }

    fn whole(sql: &str) -> Option<String> {
        read_whole(&parsed(sql))
    }

    #[test]
    fn a_table_read_whole() {
        assert_eq!(whole("SELECT id FROM events").as_deref(), Some("events"));
        assert_eq!(whole("SELECT id FROM events WHERE id = 1"), None);
        assert_eq!(whole("SELECT count(*) FROM events"), None);
        assert_eq!(whole("SELECT id FROM events LIMIT 5"), None);
    }

    #[test]
    fn common_table_expressions_are_judged_by_their_bodies() {
        let filtered = "WITH recent AS (SELECT id FROM events WHERE day > 3) SELECT id FROM recent";
        assert_eq!(whole(filtered), None);
        let whole_cte = "WITH e AS (SELECT id FROM events) SELECT id FROM e";
        assert_eq!(whole(whole_cte).as_deref(), Some("events"));
        // A recursive one reads its seed's rows and what joins them, here from a catalog.
        let recursive = "WITH RECURSIVE t AS (SELECT 'a' AS name UNION \
            SELECT sqlite_master.name FROM sqlite_master JOIN t ON sql LIKE t.name) \
            SELECT name FROM t";
        assert_eq!(whole(recursive), None);
        let seeded_from_table = "WITH RECURSIVE t AS (SELECT id FROM nodes UNION \
            SELECT n.id FROM nodes n JOIN t ON n.parent = t.id) SELECT id FROM t";
        assert_eq!(whole(seeded_from_table).as_deref(), Some("nodes"));
    }

    #[test]
    fn an_inner_join_with_filtered_rows_bounds_the_result() {
        let joined = "SELECT e.id FROM events e JOIN (SELECT id FROM users WHERE org = 1) u ON u.id = e.user_id";
        assert_eq!(whole(joined), None);
        let left = "SELECT e.id FROM events e LEFT JOIN (SELECT id FROM users WHERE org = 1) u ON u.id = e.user_id";
        assert_eq!(whole(left).as_deref(), Some("events"));
        let unfiltered = "SELECT e.id FROM events e JOIN users u ON u.id = e.user_id";
        assert_eq!(whole(unfiltered).as_deref(), Some("events"));
        let through_cte = "WITH mine AS (SELECT id FROM users WHERE org = 1) \
            SELECT e.id FROM events e JOIN mine ON mine.id = e.user_id";
        assert_eq!(whole(through_cte), None);
    }

    #[test]
    fn a_subquery_read_whole_reads_its_table() {
        assert_eq!(
            whole("SELECT id FROM (SELECT id FROM events) e").as_deref(),
            Some("events")
        );
        assert_eq!(
            whole("SELECT id FROM (SELECT id FROM events WHERE id > 3) e"),
            None
        );
    }

    fn filtered(sql: &str) -> Option<(Vec<String>, Vec<String>)> {
        filtered_read(&parsed(sql)).map(|r| (r.equal, r.filtered))
    }

    #[test]
    fn a_filtered_read_names_its_equalities() {
        let both = filtered("SELECT id FROM events WHERE kind = $1 AND created_at > $2");
        assert_eq!(
            both,
            Some((
                vec!["kind".into()],
                vec!["kind".into(), "created_at".into()]
            ))
        );
        let listed = filtered("SELECT id FROM events WHERE id IN (1, 2)");
        assert_eq!(listed, Some((vec!["id".into()], vec!["id".into()])));
        assert_eq!(
            filtered("SELECT id FROM events WHERE kind = $1 LIMIT 10"),
            None
        );
        assert_eq!(
            filtered("SELECT id FROM events WHERE kind = $1 OR id = $2"),
            None
        );
        assert_eq!(
            filtered("SELECT count(*) FROM events WHERE kind = $1"),
            None
        );
        assert_eq!(
            filtered("SELECT e.id FROM events e JOIN kinds k ON k.id = e.kind WHERE k.name = $1"),
            None
        );
        assert_eq!(filtered("SELECT id FROM events"), None);
    }

    #[test]
    fn oracle_catalogs_are_read_whole_on_purpose() {
        assert_eq!(
            whole("SELECT table_name FROM user_tables UNION ALL SELECT view_name FROM user_views"),
            None
        );
        assert_eq!(whole("SELECT sid FROM v$session"), None);
        assert_eq!(whole("SELECT 1 FROM dual"), None);
        assert_eq!(
            whole("SELECT id FROM user_profiles").as_deref(),
            Some("user_profiles")
        );
    }
}
