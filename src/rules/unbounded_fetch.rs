//! Reading every row of a table into memory at once.

use super::index_advice::count;
use super::{Planned, PyCtx};
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::explain::Outcome;

use crate::python::flow::Facts;
use crate::python::orm::Orm;
use crate::python::orm::OrmFacts;
use crate::python::orm::queries::WholeTable;
use crate::python::row_reads::{WholeRead, whole_reads};
use crate::schema::Index;
use crate::sql::embedded::{FoundQuery, OrmRead};
use crate::sql::orm_read;
use crate::sql::whole_table::FilteredRead;

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
    for read in whole_reads(facts) {
        let Some(shape) = &read.site.shape else {
            continue;
        };
        if let Some(table) = &shape.unbounded_table {
            whole_table(ctx, &read, table);
        } else if let Some(filtered) = &shape.filtered {
            unkeyed_filter(ctx, &read, filtered);
        }
    }
}

fn whole_table(ctx: &mut PyCtx<'_>, read: &WholeRead<'_>, table: &str) {
    if ctx.small_tables.contains(&table.to_ascii_lowercase()) {
        return;
    }
    let (table, reader) = (table_named(table), read.shown());
    let message = if read.iterated {
        format!(
            "{reader} reads every row of {table}, which the driver holds in memory before the first: the query has no `WHERE` and no `LIMIT`"
        )
    } else {
        format!(
            "{reader} reads every row of {table} at once: the query has no `WHERE` and no `LIMIT`"
        )
    };
    ctx.report(
        Diagnostic::new(&META, read.span.clone(), message)
            .label(read.site.arg.clone(), "query")
            .help(STREAM_HELP),
    );
}

/// A filter that pins no unique key the schema declares, with no `LIMIT`: as many rows as
/// match, a number that grows with the table. Said at `info`: the filter may well be
/// selective, which only the data (or the planner) can tell.
fn unkeyed_filter(ctx: &mut PyCtx<'_>, read: &WholeRead<'_>, filtered: &FilteredRead) {
    if ctx.small_tables.contains(&filtered.table) {
        return;
    }
    let Some(table) = ctx.schema.table(&filtered.table) else {
        return;
    };
    let unique: Vec<&Index> = table
        .indexes
        .iter()
        .filter(|i| i.unique && i.predicate.is_none())
        .collect();
    let pinned = |index: &&Index| index.columns.iter().all(|c| filtered.equal.contains(c));
    if unique.is_empty() || unique.iter().any(pinned) || filtered.filtered.is_empty() {
        return;
    }
    let list = |columns: &[String]| {
        columns
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // A table declared twice (a schema file and a dump, one naming its key) has its key
    // twice: each key is said once, whatever the order of its columns.
    let mut keys: Vec<String> = Vec::new();
    let mut seen: Vec<Vec<&String>> = Vec::new();
    for index in &unique {
        let mut columns: Vec<&String> = index.columns.iter().collect();
        columns.sort();
        if !seen.contains(&columns) {
            seen.push(columns);
            keys.push(index.columns.join(", "));
        }
    }
    let mut diagnostic = Diagnostic::new(
        &META,
        read.span.clone(),
        format!(
            "{} reads every row of `{}` the filter on {} matches: it pins no unique key ({}) and has no `LIMIT`",
            read.shown(),
            filtered.table,
            list(&filtered.filtered),
            list(&keys),
        ),
    )
    .label(read.site.arg.clone(), "query")
    .help("page it (`… AND id > ? ORDER BY id LIMIT n`, keyset pagination) or stream it, unless the filter is known to match few rows");
    diagnostic.severity = Severity::Info;
    ctx.report(diagnostic);
}

/// A whole read the planner estimates returns more than `--explain-min-rows` rows, with no
/// `LIMIT` (`Plan Rows` of the plan's root). Where the estimate is at most that, the
/// static finding of the read is dropped instead (the table is small, or the filter is).
pub fn check_plan(planned: &Planned<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(read), Some(Outcome::Planned { rows, .. })) =
        (&planned.query.read_all, planned.outcome)
    else {
        return;
    };
    if read.limited || *rows <= planned.min_rows {
        return;
    }
    if let Some(OrmRead { what, why, help }) = &planned.query.orm {
        out.push(
            Diagnostic::new(
                &META,
                read.at.clone(),
                format!(
                    "{what}, and the planner estimates ~{} rows: {why}",
                    count(*rows)
                ),
            )
            .help(*help),
        );
        return;
    }
    out.push(
        Diagnostic::new(
            &META,
            read.at.clone(),
            format!(
                "{} reads every row the query returns, and the planner estimates ~{} rows: the query has no `LIMIT`",
                read.reader,
                count(*rows)
            ),
        )
        .label(planned.query.span.clone(), "query")
        .help(STREAM_HELP),
    );
}

const STREAM_HELP: &str = "bound the result (`WHERE …`, `LIMIT n` with keyset pagination), or stream it: `fetchmany(n)`, a server-side cursor (`cursor(name=…)`, `stream_results=True`), `read_sql(…, chunksize=n)`";

/// Querysets and `select()`s evaluated with no filter and no limit, of models that are not
/// reference data (which stays small: a table of definitions other models point at).
fn whole_tables(ctx: &mut PyCtx<'_>, reads: &[WholeTable]) {
    for read in reads {
        if read.reference || is_small(ctx.small_tables, read) {
            continue;
        }
        let OrmRead { what, why, help } = orm_read(read);
        ctx.report(Diagnostic::new(&META, read.span.clone(), format!("{what}: {why}")).help(help));
    }
}

/// The statements the ORM sends for the querysets read whole, for the explain pass to plan
/// (`--database-url`) and `check_plan` to judge by their row estimates: where the model
/// index knows the table (and, for a filtered queryset, each field's column), and not one
/// `small-tables` lists. Inferred reference data is planned too: the planner's estimate
/// knows its size better than the relation graph, and reports it when it is large.
pub fn orm_read_statements<'a>(
    facts: &'a OrmFacts,
    small_tables: &'a [String],
) -> impl Iterator<Item = FoundQuery> + 'a {
    let whole = facts.whole_tables.iter().filter_map(|read| {
        let table = read.table.as_deref()?;
        if is_small(small_tables, read) {
            return None;
        }
        let sql = orm_read::select_all(table, &[]);
        Some(orm_read::found_orm_read(
            sql,
            read.span.clone(),
            orm_read(read),
        ))
    });
    let filtered = facts
        .equality_reads
        .iter()
        .filter(|read| !small_tables.contains(&read.table.to_ascii_lowercase()))
        .map(|read| {
            let fields: Vec<String> = read.fields.iter().map(|f| format!("`{f}`")).collect();
            let what = OrmRead {
                what: format!(
                    "every `{}` row the filter on {} matches is read at once",
                    read.model,
                    fields.join(", ")
                ),
                why: "the queryset has no slice".into(),
                help: "slice it (`[:n]`), page it (`Paginator`), or stream it with `.iterator(chunk_size=…)`",
            };
            let sql = orm_read::select_all(&read.table, &read.columns);
            orm_read::found_orm_read(sql, read.span.clone(), what)
        });
    whole.chain(filtered)
}

/// A table `small-tables` lists as fine to read whole, by its name or its model's.
fn is_small(small_tables: &[String], read: &WholeTable) -> bool {
    let table = read.table.as_deref().unwrap_or(&read.model);
    let small = |name: &str| small_tables.contains(&name.to_ascii_lowercase());
    small(table) || small(&read.model)
}

/// How a finding names a queryset or `select()` read whole, with or without a plan.
fn orm_read(read: &WholeTable) -> OrmRead {
    let (what, why, help) = match read.orm {
        Orm::Django if read.runtime => (
            format!(
                "every row of each model `{}` holds is read at once",
                read.model
            ),
            "the queryset has no filter and no slice",
            "filter it, slice it (`[:n]`), or stream it with `.iterator(chunk_size=…)`",
        ),
        Orm::Django => (
            format!("every `{}` row is read at once", read.model),
            "the queryset has no filter and no slice",
            "filter it, slice it (`[:n]`), page it (`Paginator`), or stream it with `.iterator(chunk_size=…)`",
        ),
        Orm::SqlAlchemy => (
            format!("every `{}` row is read at once", read.model),
            "the query has no `where`/`filter` and no `limit`",
            "filter it, `.limit(n)` with keyset pagination, or stream it with `.yield_per(n)`",
        ),
    };
    OrmRead {
        what,
        why: why.to_string(),
        help,
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
