//! `SELECT *` ships every column, today's and tomorrow's.

use sqlparser::ast::{
    BinaryOperator, Expr, LimitClause, Query, SelectItem, SetExpr, TableFactor, TableWithJoins,
    Value,
};

use super::Ctx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::facts::{body_selects, conjuncts, is_system_catalog, last_name, unnest};

pub static META: RuleMeta = RuleMeta {
    code: "SH201",
    name: "select-star",
    category: Category::AntiPattern,
    default_severity: Severity::Info,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "SELECT * reads every column of a table instead of the ones the caller uses",
    doc: include_str!("../../rules/SH201-select-star.md"),
};

pub fn check(ctx: &mut Ctx<'_>, query: &Query) {
    // `EXISTS` reads no column; a derived table or CTE hands on only what its reader names;
    // a `CREATE TABLE … AS` copies every column on purpose; a row or none (`LIMIT 1`) is
    // read for its shape (`cursor.description`), not its data.
    if ctx.is_exists_body(query)
        || ctx.is_inner_query(query)
        || ctx.is_table_copy(query)
        || at_most_one_row(query)
    {
        return;
    }
    for select in body_selects(&query.body) {
        if select.from.is_empty()
            || select
                .from
                .iter()
                .all(|from| has_fixed_columns(from, query) || reads_catalogs(from))
        {
            continue;
        }
        for item in &select.projection {
            if matches!(
                item,
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
            ) {
                ctx.report(
                    Diagnostic::new(&META, ctx.range(item), "`SELECT *` reads every column of the table")
                        .help("list the columns the caller reads; the query then keeps working, and stays as cheap, when columns are added"),
                );
            }
        }
    }
}

/// `LIMIT 0`, `LIMIT 1`, `FETCH FIRST 1 ROW ONLY`, Oracle's `WHERE ROWNUM < 2`.
fn at_most_one_row(query: &Query) -> bool {
    let zero_or_one = |expr: &Expr| number(expr).is_some_and(|n| n <= 1);
    let limit = match &query.limit_clause {
        Some(LimitClause::LimitOffset { limit, .. }) => limit.as_ref(),
        Some(LimitClause::OffsetCommaLimit { limit, .. }) => Some(limit),
        None => None,
    };
    limit.is_some_and(zero_or_one)
        || query
            .fetch
            .as_ref()
            .is_some_and(|f| f.quantity.as_ref().is_some_and(zero_or_one) && !f.percent)
        || matches!(query.body.as_ref(), SetExpr::Select(select)
            if select.selection.as_ref().is_some_and(|w| conjuncts(w).into_iter().any(rownum_at_most_one)))
}

/// `ROWNUM < 2`, `ROWNUM <= 1`, `ROWNUM = 1` (either way round): Oracle numbers the rows
/// a query returns, so the condition keeps one row at most.
fn rownum_at_most_one(condition: &Expr) -> bool {
    let Expr::BinaryOp { left, op, right } = unnest(condition) else {
        return false;
    };
    let is_rownum = |e: &Expr| matches!(unnest(e), Expr::Identifier(i) if i.value.eq_ignore_ascii_case("rownum"));
    // The bound, with the comparison read as `ROWNUM op bound`.
    let (op, bound) = match (is_rownum(left), is_rownum(right), op) {
        (true, false, op) => (op.clone(), right),
        (false, true, BinaryOperator::Gt) => (BinaryOperator::Lt, left),
        (false, true, BinaryOperator::GtEq) => (BinaryOperator::LtEq, left),
        (false, true, BinaryOperator::Eq) => (BinaryOperator::Eq, left),
        _ => return false,
    };
    let Some(bound) = number(bound) else {
        return false;
    };
    match op {
        BinaryOperator::Lt => bound <= 2,
        BinaryOperator::LtEq | BinaryOperator::Eq => bound <= 1,
        _ => false,
    }
}

/// A small non-negative integer literal.
fn number(expr: &Expr) -> Option<u64> {
    match unnest(expr) {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// A FROM item whose columns the query itself spells out: a subquery or CTE without a
/// wildcard of its own, or a set-returning function. `*` over it cannot grow.
fn has_fixed_columns(from: &TableWithJoins, query: &Query) -> bool {
    from.joins.is_empty()
        && match &from.relation {
            TableFactor::Derived { subquery, .. } => !projects_wildcard(subquery),
            TableFactor::Table {
                name, args: None, ..
            } => {
                let Some(name) = last_name(name) else {
                    return false;
                };
                query.with.as_ref().is_some_and(|with| {
                    with.cte_tables.iter().any(|cte| {
                        cte.alias.name.value.eq_ignore_ascii_case(name)
                            && !projects_wildcard(&cte.query)
                    })
                })
            }
            TableFactor::Table { args: Some(_), .. }
            | TableFactor::TableFunction { .. }
            | TableFactor::Function { .. }
            | TableFactor::UNNEST { .. } => true,
            _ => false,
        }
}

/// A FROM item of system catalogs only: their columns are the database's, and tools read
/// them whole on purpose.
fn reads_catalogs(from: &TableWithJoins) -> bool {
    std::iter::once(&from.relation)
        .chain(from.joins.iter().map(|join| &join.relation))
        .all(|relation| matches!(relation, TableFactor::Table { name, .. } if is_system_catalog(name)))
}

fn projects_wildcard(query: &Query) -> bool {
    body_selects(&query.body).iter().any(|select| {
        select.projection.iter().any(|item| {
            matches!(
                item,
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
            )
        })
    })
}
