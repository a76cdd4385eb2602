//! `UPDATE t SET …` with no WHERE rewrites every row.

use sqlparser::ast::Statement;

use super::Ctx;
use super::whole_table::{Write, meant_for_every_row};
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "SH202",
    name: "update-without-where",
    category: Category::Correctness,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "UPDATE without a WHERE clause changes every row of the table",
    doc: include_str!("../../rules/SH202-update-without-where.md"),
};

pub fn check(ctx: &mut Ctx<'_>, statement: &Statement) {
    let Statement::Update(update) = statement else {
        return;
    };
    // `LIMIT` (MySQL) bounds the damage on purpose; `WHERE CURRENT OF` is a selection.
    if update.selection.is_some()
        || update.limit.is_some()
        || ctx
            .function
            .is_some_and(|f| meant_for_every_row(f, Write::Update))
    {
        return;
    }
    let table = &update.table.relation;
    let name = crate::sql::facts::table_factor_name(table)
        .map_or_else(|| "the table".into(), |n| ctx.display(&n));
    ctx.report(
        Diagnostic::new(
            &META,
            ctx.statement_head(update.update_token.0.span, table),
            format!("`UPDATE` of `{name}` has no `WHERE` clause and changes every row"),
        )
        .help("add a `WHERE` clause that selects the rows to change; if every row is meant, say so with `WHERE true`"),
    );
}
