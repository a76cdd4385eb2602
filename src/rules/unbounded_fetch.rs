//! Reading every row of a table into memory at once.

use super::PyCtx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::python::flow::Facts;
use crate::python::orm::Orm;
use crate::python::orm::queries::WholeTable;

pub static META: RuleMeta = RuleMeta {
    code: "SH104",
    name: "unbounded-fetch",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "every row of a table is read at once (fetchall, read_sql) with no WHERE or LIMIT",
    doc: include_str!("../../rules/SH104-unbounded-fetch.md"),
};

pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    whole_tables(ctx, &facts.orm.whole_tables);
    row_reads(ctx, facts);
    for site in &facts.queries {
        let (Some(fetch), Some(table)) = (
            &site.fetch_all,
            site.shape.as_ref().and_then(|s| s.unbounded_table.as_ref()),
        ) else {
            continue;
        };
        if ctx.small_tables.contains(&table.to_ascii_lowercase()) {
            continue;
        }
        ctx.report(
            Diagnostic::new(
                &META,
                fetch.span.clone(),
                format!("`{}` reads every row of {} at once: the query has no `WHERE` and no `LIMIT`", fetch.reader, table_named(table)),
            )
            .label(site.arg.clone(), "query")
            .help("bound the result (`WHERE …`, `LIMIT n` with keyset pagination), or stream it: iterate the cursor, `fetchmany(n)`, a server-side cursor, `read_sql(…, chunksize=n)`"),
        );
    }
}

/// Cursors of a buffering driver iterated, and `text()` results read whole.
fn row_reads(ctx: &mut PyCtx<'_>, facts: &Facts) {
    for read in &facts.row_reads {
        // `fetchall()` on the same query is reported where it is read.
        let Some((site, table)) = facts.queries.iter().find_map(|site| {
            let table = site.shape.as_ref()?.unbounded_table.as_ref()?;
            (site.arg == read.sql && site.fetch_all.is_none()).then_some((site, table))
        }) else {
            continue;
        };
        if ctx.small_tables.contains(&table.to_ascii_lowercase()) {
            continue;
        }
        let message = if read.iterated {
            format!(
                "iterating `{}` reads every row of {}, which the driver holds in memory before the first: the query has no `WHERE` and no `LIMIT`",
                read.reader,
                table_named(table)
            )
        } else {
            format!(
                "`{}` reads every row of {} at once: the query has no `WHERE` and no `LIMIT`",
                read.reader,
                table_named(table)
            )
        };
        ctx.report(
            Diagnostic::new(&META, read.span.clone(), message)
                .label(site.arg.clone(), "query")
                .help("bound the result (`WHERE …`, `LIMIT n` with keyset pagination), or stream it: a server-side cursor (`cursor(name=…)`, `stream_results=True`), `fetchmany(n)`"),
        );
    }
}

/// Querysets and `select()`s evaluated with no filter and no limit.
fn whole_tables(ctx: &mut PyCtx<'_>, reads: &[WholeTable]) {
    for read in reads {
        let table = read.table.as_deref().unwrap_or(&read.model);
        let small = |name: &str| ctx.small_tables.contains(&name.to_ascii_lowercase());
        if small(table) || small(&read.model) {
            continue;
        }
        let (message, help) = match read.orm {
            Orm::Django if read.runtime => (
                format!(
                    "every row of each model `{}` holds is read at once: the queryset has no filter and no slice",
                    read.model
                ),
                "filter it, slice it (`[:n]`), or stream it with `.iterator(chunk_size=…)`",
            ),
            Orm::Django => (
                format!(
                    "every `{}` row is read at once: the queryset has no filter and no slice",
                    read.model
                ),
                "filter it, slice it (`[:n]`), page it (`Paginator`), or stream it with `.iterator(chunk_size=…)`",
            ),
            Orm::SqlAlchemy => (
                format!(
                    "every `{}` row is read at once: the query has no `where`/`filter` and no `limit`",
                    read.model
                ),
                "filter it, `.limit(n)` with keyset pagination, or stream it with `.yield_per(n)`",
            ),
        };
        ctx.report(Diagnostic::new(&META, read.span.clone(), message).help(help));
    }
}

/// `` `orders` ``, or "its table" when the table's name is interpolated.
fn table_named(table: &str) -> String {
    if table.starts_with(crate::sql::embedded::HOLE_PREFIX) {
        "its table (named at run time)".into()
    } else {
        format!("`{table}`")
    }
}
