//! `INSERT INTO t VALUES (…)` relies on the table's column order.

use sqlparser::ast::{SetExpr, Spanned, Statement};

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
    // `INSERT INTO orders`, or the keyword alone where the table's name is not written
    // there (interpolated from a constant defined elsewhere).
    let keyword = insert.insert_token.0.span;
    let (in_file, name_in_file) = (ctx.range_of(keyword), ctx.range(&insert.table));
    let written_together = ctx
        .sql_range(keyword)
        .zip(ctx.sql_range(insert.table.span()))
        .is_some_and(|(k, t)| {
            name_in_file.start >= in_file.start
                && name_in_file.start - in_file.start == t.start.saturating_sub(k.start)
        });
    let head = if written_together {
        in_file.start..name_in_file.end
    } else {
        in_file
    };
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
