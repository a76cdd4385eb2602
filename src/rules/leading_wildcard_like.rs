//! `LIKE '%term'` cannot use a b-tree index: the scan reads every row.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr, Query, Select, SetExpr, Statement, TableFactor, Visit, Visitor,
};

use super::Ctx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::facts::{
    function_args, function_name, is_system_catalog, join_conditions, string_literal, unnest,
};

pub static META: RuleMeta = RuleMeta {
    code: "SH101",
    name: "leading-wildcard-like",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "LIKE with a pattern that starts with a wildcard cannot use a b-tree index",
    doc: include_str!("../../rules/SH101-leading-wildcard-like.md"),
};

/// Judges the `LIKE`s that choose rows — in `WHERE`, `HAVING`, `QUALIFY` and join
/// conditions — of every query of the statement. One in the select list (`CASE WHEN t
/// LIKE '%x' …`) tests rows already chosen, and one over the database's own catalogs
/// (`sqlite_master.sql LIKE '%VIRTUAL%'`) scans a table that small on purpose.
pub fn check(ctx: &mut Ctx<'_>, statement: &Statement) {
    // Nested statements are reached from the outermost one.
    if ctx.is_whole_statement(statement) {
        let _ = statement.visit(&mut Filters { ctx });
    }
}

struct Filters<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl Visitor for Filters<'_, '_> {
    type Break = ();

    fn pre_visit_statement(&mut self, statement: &Statement) -> ControlFlow<()> {
        let selection = match statement {
            Statement::Delete(delete) => delete.selection.as_ref(),
            Statement::Update(update) => update.selection.as_ref(),
            _ => None,
        };
        if let Some(selection) = selection {
            judge_filter(self.ctx, selection);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        for select in own_selects(&query.body) {
            if reads_catalogs_only(select) {
                continue;
            }
            let joins = select.from.iter().flat_map(join_conditions);
            let filters = [&select.selection, &select.having, &select.qualify]
                .into_iter()
                .flatten()
                .chain(joins);
            for filter in filters {
                judge_filter(self.ctx, filter);
            }
        }
        ControlFlow::Continue(())
    }
}

/// The SELECTs of a query body through set operations, not those of a parenthesised
/// query, which is a query of its own.
fn own_selects(body: &SetExpr) -> Vec<&Select> {
    match body {
        SetExpr::Select(select) => vec![select],
        SetExpr::SetOperation { left, right, .. } => {
            let mut selects = own_selects(left);
            selects.extend(own_selects(right));
            selects
        }
        _ => Vec::new(),
    }
}

/// A SELECT with a FROM of system catalogs alone.
fn reads_catalogs_only(select: &Select) -> bool {
    let relations = select.from.iter().flat_map(|from| {
        std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation))
    });
    let mut any = false;
    for relation in relations {
        let TableFactor::Table { name, .. } = relation else {
            return false;
        };
        if !is_system_catalog(name) {
            return false;
        }
        any = true;
    }
    any
}

/// Judges the `LIKE`s of a filter, not those of its subqueries (their own filters are
/// judged with their query).
fn judge_filter(ctx: &mut Ctx<'_>, filter: &Expr) {
    let _ = filter.visit(&mut FilterLikes { ctx, depth: 0 });
}

struct FilterLikes<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    depth: usize,
}

impl Visitor for FilterLikes<'_, '_> {
    type Break = ();

    fn pre_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if self.depth == 0 {
            judge(self.ctx, expr);
        }
        ControlFlow::Continue(())
    }
}

/// Reports `expr` if it is a `LIKE` whose pattern starts with a wildcard.
fn judge(ctx: &mut Ctx<'_>, expr: &Expr) {
    let (operator, pattern, escape) = match expr {
        Expr::Like {
            pattern,
            escape_char,
            any: false,
            ..
        } => ("LIKE", pattern, escape_char),
        Expr::ILike {
            pattern,
            escape_char,
            any: false,
            ..
        } => ("ILIKE", pattern, escape_char),
        _ => return,
    };
    let escape = match escape.as_deref().map(string_literal) {
        None => '\\',
        Some(Some(text)) => text.chars().next().unwrap_or('\\'),
        // An escape character we cannot read: say nothing rather than guess.
        Some(None) => return,
    };
    let Some(head) = leading_literal(pattern) else {
        return;
    };
    // `f"… LIKE '{prefix}%'"`: what the pattern starts with is known only at run time.
    if head.starts_with(crate::sql::embedded::HOLE_PREFIX) {
        return;
    }
    let Some(first) = head.chars().next() else {
        return;
    };
    // `LIKE '%'` alone matches everything and needs no index; `'\%x'` starts with a literal `%`.
    let matches_everything = string_literal(pattern).is_some() && head.chars().all(|c| c == '%');
    if first == escape || !matches!(first, '%' | '_') || matches_everything {
        return;
    }
    ctx.report(
        Diagnostic::new(
            &META,
            ctx.range(pattern.as_ref()),
            format!("`{operator}` pattern starts with `{first}`, so no b-tree index on the column can serve it"),
        )
        .help("anchor the pattern at the start (`'term%'`), or index the column for substring search (PostgreSQL: `CREATE INDEX … USING gin (col gin_trgm_ops)` with pg_trgm), or use full-text search"),
    );
}

/// The literal text a pattern starts with: a string literal, or the first piece of a
/// `'%' || $1` concatenation or a `CONCAT('%', ?)` call.
fn leading_literal(pattern: &Expr) -> Option<&str> {
    match unnest(pattern) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            ..
        } => leading_literal(left),
        Expr::Function(function) if function_name(function).as_deref() == Some("concat") => {
            function_args(function)
                .first()
                .and_then(|first| leading_literal(first))
        }
        other => string_literal(other),
    }
}
