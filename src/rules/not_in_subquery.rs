//! `x NOT IN (SELECT y …)` is empty as soon as one `y` is NULL.

use sqlparser::ast::{BinaryOperator, Expr, Query, Select, SelectItem, Value};

use super::Ctx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::facts::{body_selects, conjuncts, function_args, function_name, is_null, unnest};

pub static META: RuleMeta = RuleMeta {
    code: "SH204",
    name: "not-in-subquery",
    category: Category::Correctness,
    default_severity: Severity::Warning,
    confidence: Confidence::Medium,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "NOT IN over values that can be NULL returns no rows at all",
    doc: include_str!("../../rules/SH204-not-in-subquery.md"),
};

pub fn check(ctx: &mut Ctx<'_>, expr: &Expr) {
    match expr {
        Expr::InSubquery {
            expr: outer,
            subquery,
            negated: true,
        } => check_subquery(ctx, outer, subquery),
        Expr::InList {
            list,
            negated: true,
            ..
        } => {
            if let Some(null) = list.iter().find(|item| is_null(item)) {
                ctx.report(
                    Diagnostic::new(
                        &META,
                        ctx.range(null),
                        "`NOT IN` list holds NULL, so it never matches any row",
                    )
                    .help("remove NULL from the list and test `IS NOT NULL` separately if needed"),
                );
            }
        }
        _ => {}
    }
}

fn check_subquery(ctx: &mut Ctx<'_>, outer: &Expr, subquery: &Query) {
    for select in body_selects(&subquery.body) {
        let [item] = select.projection.as_slice() else {
            continue;
        };
        let projected = match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e,
            _ => continue,
        };
        if never_null(projected) || filtered_not_null(select, projected) {
            continue;
        }
        ctx.report(
            Diagnostic::new(
                &META,
                ctx.range(projected),
                format!(
                    "`NOT IN` subquery returns no rows at all if `{}` is ever NULL",
                    ctx.display(ctx.sql_text(projected).unwrap_or("the column"))
                ),
            )
            .label(ctx.range(outer), "compared with `NOT IN` here")
            .help("use `NOT EXISTS (SELECT 1 FROM … WHERE … = outer.col)`, which ignores NULLs and plans as an anti-join, or add `WHERE … IS NOT NULL` to the subquery"),
        );
        return;
    }
}

/// Expressions that cannot be NULL whatever the data: non-NULL literals, `count(…)`,
/// `coalesce(…, literal)`.
fn never_null(expr: &Expr) -> bool {
    match unnest(expr) {
        Expr::Value(v) => v.value != Value::Null,
        Expr::Function(function) => match function_name(function).as_deref() {
            Some("count") => true,
            Some("coalesce") => function_args(function)
                .last()
                .is_some_and(|last| never_null(last)),
            _ => false,
        },
        _ => false,
    }
}

/// The subquery's WHERE requires `projected IS NOT NULL` (directly or in an AND chain), or
/// compares it with `=` / `>` / … (which also drops NULLs).
fn filtered_not_null(select: &Select, projected: &Expr) -> bool {
    let Some(selection) = &select.selection else {
        return false;
    };
    let target = unnest(projected);
    for conjunct in conjuncts(selection) {
        match conjunct {
            Expr::IsNotNull(inner) if unnest(inner) == target => return true,
            Expr::BinaryOp { left, op, right }
                if is_comparison(op) && (unnest(left) == target || unnest(right) == target) =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

fn is_comparison(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq
    )
}
