//! `INSERT INTO t VALUES (…)` relies on the table's column order.

use sqlparser::ast::{SetExpr, Statement};

use super::Ctx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "SH206",
    name: "insert-without-columns",
    category: Category::AntiPattern,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "INSERT without a column list depends on the table's column order",
    doc: include_str!("../../rules/SH206-insert-without-columns.md"),
};

pub fn check(ctx: &mut Ctx<'_>, statement: &Statement) {
    let Statement::Insert(insert) = statement else {
        return;
    };
    // `INSERT … SET a = 1` (MySQL) names its columns; `DEFAULT VALUES` has none to name.
    if !insert.columns.is_empty() || !insert.assignments.is_empty() {
        return;
    }
    let Some(source) = &insert.source else {
        return;
    };
    let what = match source.body.as_ref() {
        SetExpr::Values(_) => "values",
        _ => "query results",
    };
    let table = ctx.display(&insert.table.to_string());
    let head = ctx.statement_head(insert.insert_token.0.span, &insert.table);
    ctx.report(
        Diagnostic::new(
            &META,
            head,
            format!("`INSERT` into `{table}` has no column list and fills columns by position"),
        )
        .help(format!(
            "name the target columns, e.g. `INSERT INTO {table} (col_a, col_b) …`, so {what} land in the right columns after the table changes"
        )),
    );
}
