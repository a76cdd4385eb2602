//! A column wrapped in a function or a cast in a filter: no plain index on the column can
//! serve it.

use sqlparser::ast::Query;

use super::Ctx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::facts::body_selects;
use crate::sql::predicates::select_filters;

pub static META: RuleMeta = RuleMeta {
    code: "SH107",
    name: "non-sargable-predicate",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::Medium,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "a filter applies a function or cast to a column, so no index on the column serves it",
    doc: include_str!("../../rules/SH107-non-sargable-predicate.md"),
};

pub fn check(ctx: &mut Ctx<'_>, query: &Query) {
    for select in body_selects(&query.body) {
        for filter in select_filters(select).wrapped {
            let Some(table) = ctx.schema.table(&filter.table) else {
                continue;
            };
            if ctx.small_tables.contains(&filter.table) || table.leads_with(&filter.key) {
                continue;
            }
            // Rendered from the syntax tree: sqlparser's span of a call ends before its `)`
            // and that of a cast covers the column only.
            let shown = &filter.shown;
            let message = if table.leads_with(&filter.column) {
                format!(
                    "`{shown}` hides `{}.{}` from its index: the filter reads every row",
                    filter.table, filter.column
                )
            } else {
                format!(
                    "`{shown}` can use no index of `{}`: the filter reads every row",
                    filter.table
                )
            };
            let mut help = format!(
                "index the expression: `CREATE INDEX ON {} ({});`",
                filter.table, filter.index_sql
            );
            if filter.dated {
                help.push_str(&format!(
                    ", or compare the bare column with a range: `{col} >= '2024-01-01' AND {col} < '2024-01-02'`",
                    col = filter.column
                ));
            }
            ctx.report(Diagnostic::new(&META, ctx.range(filter.expr), message).help(help));
        }
    }
}
