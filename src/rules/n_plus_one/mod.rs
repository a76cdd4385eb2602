//! A query run once per item of a collection — usually once per row of an earlier query —
//! where one query would do.

mod orm;
mod templates;

use std::ops::Range;

use super::PyCtx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::python::flow::{Facts, LoopInfo, QuerySite};
use crate::python::sinks::SinkKind;
use crate::sql::facts::QueryShape;
pub use templates::template_diagnostic;

pub static META: RuleMeta = RuleMeta {
    code: "SH103",
    name: "n-plus-one",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::Medium,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "a query runs once per item of a loop (N+1) where one batched query would do",
    doc: include_str!("../../../rules/SH103-n-plus-one.md"),
};

pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    // A migration runs once, on a snapshot of the schema: its loops are no hot path.
    if crate::python::orm::is_migration(ctx.source) {
        return;
    }
    orm::check(ctx, &facts.orm);
    for site in &facts.queries {
        let Some(in_loop) = site.in_loop.as_ref() else {
            continue;
        };
        let (shape, text) = shape_of(site, facts);
        if !is_repeated(site, shape, in_loop, site.per_table) {
            continue;
        }
        let (message, help) = if shape.is_some_and(|s| s.writes) {
            (
                format!("`{}` writes {}", site.sink, per(in_loop)),
                write_help(facts.marker, text),
            )
        } else {
            (
                format!("`{}` runs a query {}", site.sink, per(in_loop)),
                format!(
                    "fetch everything in one query: collect the keys and use {}, or JOIN with the outer query",
                    in_list(facts.marker, text)
                ),
            )
        };
        report(ctx, site.callee.clone(), in_loop, message, help);
    }

    // A project function that runs a query, called in a loop.
    for call in &facts.loop_calls {
        let own = || {
            facts
                .queries
                .iter()
                .filter(|s| s.function.as_deref() == Some(call.function.as_str()))
        };
        // A helper that only looks schema objects up by its parameters inspects whatever
        // the item gives it, under any name: which part of it names the table (`database,
        // table = resource`) is the helper's business.
        let looks_up_only = call.catalog_lookup
            || (own().next().is_some() && own().all(|s| is_catalog_lookup(s, facts)));
        let per_table = call.per_table || (call.passes_item && looks_up_only);
        let counts =
            |s: &&QuerySite| is_repeated(s, shape_of(s, facts).0, &call.in_loop, per_table);
        // A catalog lookup given another table each time inspects that table.
        let inspects_each_table = per_table && call.catalog_lookup;
        // Catalog checks of each entry of what the caller asked for (a foreign-key spec),
        // in a function that then changes the schema, are that setup's checks.
        let checks_spec = call.reads_catalogs_only
            && call.in_loop.over_parameter
            && !call.in_loop.over_rows
            && changes_schema(facts, call.caller.as_deref());
        // Schema setup per item is DDL per item, its catalog checks included.
        let reads_elsewhere = call.runs_query
            && !call.in_loop.over_constants
            && !call.in_loop.over_databases
            && !inspects_each_table
            && !call.sets_up_schema
            && !checks_spec;
        let here = own().find(counts);
        if !reads_elsewhere && here.is_none() {
            continue;
        }
        let message = format!(
            "`{}()` runs a query and is called {}",
            call.function,
            per(&call.in_loop)
        );
        let help = format!(
            "give `{}()` the whole collection and fetch it in one query with {}, or JOIN in the outer query",
            call.function,
            in_list(facts.marker, false)
        );
        let query = here.map(|site| {
            (
                site.callee.clone(),
                format!("the query `{}()` runs", call.function),
            )
        });
        report_with(ctx, call.call.clone(), &call.in_loop, message, help, query);
    }
}

/// The shape of what a site runs: its own SQL's, or that of the `text()` it is given
/// (`session.execute(text("…"))`), with whether it is the latter. A `text()` call is not
/// judged itself: the call that runs it is.
fn shape_of<'f>(site: &'f QuerySite, facts: &'f Facts) -> (Option<&'f QueryShape>, bool) {
    if site.kind == SinkKind::Text {
        return (None, true);
    }
    if let Some(shape) = &site.shape {
        return (Some(shape), false);
    }
    let text = facts.queries.iter().find(|t| {
        t.kind == SinkKind::Text && site.arg.start <= t.callee.start && t.callee.end <= site.arg.end
    });
    match text {
        Some(text) => (text.shape.as_ref(), true),
        None => (None, false),
    }
}

/// Whether a function changes the schema: runs DDL, or calls a function that sets it up.
fn changes_schema(facts: &Facts, function: Option<&str>) -> bool {
    function.is_some_and(|function| {
        facts.schema_setup_calls.iter().any(|f| f == function)
            || facts.queries.iter().any(|s| {
                s.function.as_deref() == Some(function)
                    && shape_of(s, facts)
                        .0
                        .is_some_and(|shape| shape.changes_schema)
            })
    })
}

/// A lookup in the system catalogs alone, with parameters (`… sqlite_master WHERE name = ?`).
fn is_catalog_lookup(site: &QuerySite, facts: &Facts) -> bool {
    site.params_passed && shape_of(site, facts).0.is_some_and(|s| s.catalogs_only)
}

/// A condition on every key at once, in the terms of the module's driver.
fn in_list(marker: &str, text: bool) -> &'static str {
    match (marker, text) {
        (_, true) => "`WHERE id IN :ids` with `bindparam(\"ids\", expanding=True)`",
        ("$1", _) => "`WHERE id = ANY($1)` and a list of keys",
        ("%s", _) => "`WHERE id = ANY(%s)` and a list of keys",
        _ => "`WHERE id IN (?, ?, …)`, one marker per key",
    }
}

/// How to batch writes, in the terms of the module's driver.
fn write_help(marker: &str, text: bool) -> String {
    let how = if text {
        "pass every row's parameters in one call, `conn.execute(text(…), [{…}, {…}])`, which runs as one executemany"
    } else {
        match marker {
            "$1" => "`executemany(sql, rows)`, or `copy_records_to_table(…)` for inserts",
            "%s" => {
                "`executemany(sql, rows)`, psycopg2 `execute_values(cur, sql, rows)` or psycopg 3 `cursor.copy(…)`"
            }
            _ => "`executemany(sql, rows)`",
        }
    };
    format!(
        "batch the writes: {how}; or one set-based statement (`INSERT … SELECT`, `UPDATE … FROM (VALUES …)`)"
    )
}

/// Whether a query run once per iteration of `in_loop` is worth a finding: a read or a
/// write (`INSERT`, `UPDATE`, `DELETE`) of a table is, DDL is not — creating one table per
/// model or dropping one schema per test database is not a pattern one query replaces.
/// Batch calls, loops over literal constants or over databases, paginated reads (`ORDER BY
/// … LIMIT n`), one statement per table and statements that read no table never are; nor
/// is a lookup in the catalogs given a table bound `per_table`, a different one each time.
fn is_repeated(
    site: &QuerySite,
    shape: Option<&QueryShape>,
    in_loop: &LoopInfo,
    per_table: bool,
) -> bool {
    if site.kind != SinkKind::Statement
        || site.batch
        || in_loop.over_constants
        || in_loop.over_databases
    {
        return false;
    }
    match shape {
        Some(shape) if per_table && shape.catalogs_only && site.params_passed => false,
        Some(shape) => shape.repeats_per_item(),
        // SQL we cannot see: only the row-by-row case is clear enough.
        None => in_loop.over_rows,
    }
}

fn per(in_loop: &LoopInfo) -> &'static str {
    if in_loop.over_rows {
        "once per row of an earlier query (N+1)"
    } else {
        "once per loop iteration"
    }
}

fn report(
    ctx: &mut PyCtx<'_>,
    span: Range<usize>,
    in_loop: &LoopInfo,
    message: String,
    help: String,
) {
    report_with(ctx, span, in_loop, message, help, None);
}

/// Reports with a second label, at the query a called helper runs.
fn report_with(
    ctx: &mut PyCtx<'_>,
    span: Range<usize>,
    in_loop: &LoopInfo,
    message: String,
    help: String,
    query: Option<(Range<usize>, String)>,
) {
    let mut diagnostic = Diagnostic::new(&META, span, message)
        .label(in_loop.header.clone(), "loop starts here")
        .help(help);
    if let Some((span, message)) = query {
        diagnostic = diagnostic.label(span, message);
    }
    // Over query rows the pattern is the classic N+1; over other collections it is only
    // likely to be, so it is reported more quietly.
    if !in_loop.over_rows {
        diagnostic.severity = Severity::Info;
    }
    ctx.report(diagnostic);
}
