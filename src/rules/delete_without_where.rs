//! `DELETE FROM t` with no WHERE empties the table.

use sqlparser::ast::{FromTable, Statement};

use super::Ctx;
use super::whole_table::{Write, flag_empties, meant_for_every_row};
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::facts::table_factor_name;

pub static META: RuleMeta = RuleMeta {
    code: "SH203",
    name: "delete-without-where",
    category: Category::Correctness,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "DELETE without a WHERE clause removes every row of the table",
    doc: include_str!("../../rules/SH203-delete-without-where.md"),
};

pub fn check(ctx: &mut Ctx<'_>, statement: &Statement) {
    let Statement::Delete(delete) = statement else {
        return;
    };
    // A function named for emptying the table, or a flag of its caller's that asks for it.
    if delete.selection.is_some()
        || delete.limit.is_some()
        || ctx
            .function
            .is_some_and(|name| meant_for_every_row(name, Write::Delete))
        || ctx.flags.iter().any(|flag| flag_empties(flag))
    {
        return;
    }
    let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
    let Some(first) = from.first() else {
        return;
    };
    let name =
        table_factor_name(&first.relation).map_or_else(|| "the table".into(), |n| ctx.display(&n));
    ctx.report(
        Diagnostic::new(
            &META,
            ctx.statement_head(delete.delete_token.0.span, &first.relation),
            format!("`DELETE` from `{name}` has no `WHERE` clause and removes every row"),
        )
        .help("add a `WHERE` clause that selects the rows to remove; to empty the table on purpose, use `TRUNCATE` or `WHERE true`"),
    );
}
