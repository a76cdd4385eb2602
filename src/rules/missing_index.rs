//! A filter on a table of the repository's schema that no index can serve: the query
//! reads the whole table to find its rows.

use std::collections::BTreeSet;

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, FromTable, Query, Statement, UpdateTableFromKind, Visit, Visitor};

use super::Ctx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::facts::body_selects;
use crate::sql::predicates::{
    ColumnFilter, Compare, Filters, JoinKey, OrFilter, expression_key, filters, select_filters,
};

pub static META: RuleMeta = RuleMeta {
    code: "SH106",
    name: "missing-index",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::Medium,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "a filter on a table of the schema that no index serves: the table is scanned",
    doc: include_str!("../../rules/SH106-missing-index.md"),
};

/// Every SELECT of the statement (subqueries included), and the WHERE of an UPDATE or a
/// DELETE.
pub fn check(ctx: &mut Ctx<'_>, statement: &Statement) {
    match statement {
        Statement::Update(update) => {
            let mut from = vec![&update.table];
            if let Some(
                UpdateTableFromKind::BeforeSet(more) | UpdateTableFromKind::AfterSet(more),
            ) = &update.from
            {
                from.extend(more);
            }
            check_filters(ctx, &filters(&from, update.selection.as_ref()));
        }
        Statement::Delete(delete) => {
            let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
            let mut from: Vec<_> = from.iter().collect();
            from.extend(delete.using.iter().flatten());
            check_filters(ctx, &filters(&from, delete.selection.as_ref()));
        }
        _ => {}
    }
    let _ = statement.visit(&mut Selects { ctx });
}

/// Checks each query's SELECTs as the statement is walked.
struct Selects<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl Visitor for Selects<'_, '_> {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        for select in body_selects(&query.body) {
            check_filters(self.ctx, &select_filters(select));
        }
        ControlFlow::Continue(())
    }
}

fn check_filters(ctx: &mut Ctx<'_>, filters: &Filters<'_>) {
    let or_tables = filters.ors.iter().flat_map(|or| or_table(or));
    let tables: BTreeSet<&str> = filters
        .columns
        .iter()
        .map(|f| f.table.as_str())
        .chain(or_tables)
        .collect();
    for table in tables {
        let on_table: Vec<&ColumnFilter<'_>> = filters
            .columns
            .iter()
            .filter(|f| f.table == table)
            .collect();
        let ors: Vec<&OrFilter<'_>> = filters
            .ors
            .iter()
            .filter(|or| or_table(or) == Some(table))
            .collect();
        check_table(ctx, table, (&on_table, &ors), &filters.conditions);
    }
    for join in &filters.joins {
        for (found, joined) in [(0, 1), (1, 0)] {
            check_join(
                ctx,
                filters,
                join,
                &join.sides[found].0,
                &join.sides[joined],
            );
        }
    }
}

/// A table reached only through a join key no index serves, from a table whose rows an
/// equality filter picks out: for each of those rows the joined table is read whole (the
/// foreign key without an index).
fn check_join(
    ctx: &mut Ctx<'_>,
    filters: &Filters<'_>,
    join: &JoinKey<'_>,
    found: &str,
    (table, column): &(String, String),
) {
    let picked = filters
        .columns
        .iter()
        .any(|f| f.table == found && f.compare == Compare::Equality);
    // A table with filters of its own is judged on them.
    let filtered = filters.columns.iter().any(|f| f.table == *table);
    if !picked || filtered || ctx.small_tables.iter().any(|s| s == table) {
        return;
    }
    let Some(known) = ctx.schema.table(table) else {
        return;
    };
    if known.leads_with(column) {
        return;
    }
    ctx.report(
        Diagnostic::new(
            &META,
            ctx.range(join.expr),
            format!(
                "no index on `{table}` serves the join on `{column}`: for each `{found}` row the filter picks, every row of `{table}` is read"
            ),
        )
        .help(format!(
            "index the join key (a foreign key creates no index): `CREATE INDEX ON {table} ({column});`"
        )),
    );
}

/// The table every arm of an `OR` filters, when they all filter the same one.
fn or_table<'o>(or: &'o OrFilter<'_>) -> Option<&'o str> {
    let mut tables = or.arms.iter().map(|(_, filters)| {
        let first = filters.first()?.table.as_str();
        filters.iter().all(|f| f.table == first).then_some(first)
    });
    let first = tables.next()??;
    tables.all(|t| t == Some(first)).then_some(first)
}

fn check_table(
    ctx: &mut Ctx<'_>,
    table: &str,
    (filters, ors): (&[&ColumnFilter<'_>], &[&OrFilter<'_>]),
    conditions: &[&Expr],
) {
    if crate::sql::facts::is_catalog_table(table) {
        return;
    }
    let Some(known) = ctx.schema.table(table) else {
        return;
    };
    if ctx.small_tables.iter().any(|s| s == table) {
        return;
    }
    // One usable index is enough: the rest of the filter runs on the rows it finds.
    let conditions: Vec<String> = conditions.iter().map(|c| expression_key(c)).collect();
    let compared: Vec<&str> = filters.iter().map(|f| f.column.as_str()).collect();
    let implied = |key: &str| implied(key, &conditions, &compared);
    let served = |f: &ColumnFilter<'_>| known.serves(&f.column, implied);
    if filters.iter().any(|f| served(f)) || ors.iter().any(|or| unserved_arm(or, served).is_none())
    {
        return;
    }
    if filters.is_empty() {
        if let Some(arm) = ors.iter().find_map(|or| unserved_arm(or, served)) {
            report_or_arm(ctx, table, arm);
        }
        return;
    }
    let mut columns: Vec<&str> = Vec::new();
    for compare in [Compare::Equality, Compare::Range] {
        for filter in filters.iter().filter(|f| f.compare == compare) {
            if !columns.contains(&filter.column.as_str()) {
                columns.push(&filter.column);
            }
            // Past the first range column an index does not narrow further.
            if compare == Compare::Range {
                break;
            }
        }
    }
    let Some(first) = filters.first() else {
        return;
    };
    let listed = columns
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut diagnostic = Diagnostic::new(
        &META,
        ctx.range(first.expr),
        format!("no index on `{table}` serves this filter on {listed}: every row of `{table}` is read"),
    )
    .help(format!(
        "add an index (equality columns first, then the range column): `CREATE INDEX ON {table} ({});`",
        columns.join(", ")
    ));
    for other in filters.iter().skip(1) {
        diagnostic = diagnostic.label(ctx.range(other.expr), "also filters on it");
    }
    ctx.report(diagnostic);
}

/// The first arm of an `OR` no index serves: an `OR` narrows the rows only when an index
/// serves each of its arms.
fn unserved_arm<'o, 'a>(
    or: &'o OrFilter<'a>,
    served: impl Fn(&ColumnFilter<'_>) -> bool,
) -> Option<&'o (&'a Expr, Vec<ColumnFilter<'a>>)> {
    or.arms
        .iter()
        .find(|(_, filters)| !filters.iter().any(&served))
}

/// An `OR` with an arm no index serves: the database reads the whole table for it.
fn report_or_arm(ctx: &mut Ctx<'_>, table: &str, (arm, filters): &(&Expr, Vec<ColumnFilter<'_>>)) {
    let mut columns: Vec<&str> = Vec::new();
    for filter in filters {
        if !columns.contains(&filter.column.as_str()) {
            columns.push(&filter.column);
        }
    }
    let arm = *arm;
    let shown = ctx
        .sql_text(arm)
        .map_or_else(|| "one arm".into(), |t| ctx.display(t));
    ctx.report(
        Diagnostic::new(
            &META,
            ctx.range(arm),
            format!("no index on `{table}` serves `{shown}`, an arm of this `OR`: every row of `{table}` is read"),
        )
        .help(format!(
            "an `OR` uses indexes only when every arm has one: `CREATE INDEX ON {table} ({});`, or split the query into a `UNION` of indexed lookups",
            columns.join(", ")
        )),
    );
}

/// Whether a query implies a partial index's condition `key`: it is one of the query's
/// own conditions (`status IN ('pending', 'paid')`, `closed_at IS NULL`), or it is
/// `c IS NOT NULL` of a column the query compares with a value (`c = $1` holds of no NULL).
fn implied(key: &str, conditions: &[String], compared: &[&str]) -> bool {
    conditions.iter().any(|c| c == key)
        || key
            .strip_suffix("isnotnull")
            .is_some_and(|column| compared.contains(&column))
}
