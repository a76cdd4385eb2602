//! `ORDER BY random()` sorts the whole table to pick a few rows.

use sqlparser::ast::{Expr, OrderByKind, Query};

use super::Ctx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::facts::{function_name, has_no_args, unnest};

pub static META: RuleMeta = RuleMeta {
    code: "SH102",
    name: "order-by-random",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "ORDER BY random() reads and sorts every row to return a few",
    doc: include_str!("../../rules/SH102-order-by-random.md"),
};

/// Random-number functions across dialects: PostgreSQL/SQLite, MySQL, SQL Server, Oracle.
const RANDOM_FUNCTIONS: [&str; 4] = ["random", "rand", "newid", "value"];

pub fn check(ctx: &mut Ctx<'_>, query: &Query) {
    let Some(order_by) = &query.order_by else {
        return;
    };
    let OrderByKind::Expressions(items) = &order_by.kind else {
        return;
    };
    for item in items {
        let Expr::Function(function) = unnest(&item.expr) else {
            continue;
        };
        let Some(name) = function_name(function) else {
            continue;
        };
        // `value` only as Oracle's `DBMS_RANDOM.VALUE`.
        let is_random = RANDOM_FUNCTIONS.contains(&name.as_str())
            && (name != "value"
                || function
                    .name
                    .to_string()
                    .eq_ignore_ascii_case("dbms_random.value"));
        if is_random && has_no_args(function) {
            ctx.report(
                Diagnostic::new(
                    &META,
                    ctx.range(&item.expr),
                    format!("`ORDER BY {}()` sorts every row of the result to pick a random few", function.name),
                )
                .help("sample instead: `TABLESAMPLE SYSTEM (n)` / `BERNOULLI`, or pick random ids in a known key range and fetch those rows"),
            );
        }
    }
}
