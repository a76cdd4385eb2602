//! A query run once per item of a collection — usually once per row of an earlier query —
//! where one query would do.

use super::PyCtx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::python::flow::{Facts, LoopInfo, QuerySite};
use crate::python::orm::Orm;
use crate::python::orm::queries::{OrmFacts, RelationLoad};
use crate::python::sinks::SinkKind;

pub static META: RuleMeta = RuleMeta {
    code: "SH103",
    name: "n-plus-one",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::Medium,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "a query runs once per item of a loop (N+1) where one batched query would do",
    doc: include_str!("../../rules/SH103-n-plus-one.md"),
};

pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    check_orm(ctx, &facts.orm);
    for site in &facts.queries {
        let Some(in_loop) = site.in_loop.as_ref().filter(|l| is_repeated(site, l)) else {
            continue;
        };
        let writes = site.shape.as_ref().is_some_and(|s| s.writes);
        let (message, help) = if writes {
            (
                format!("`{}` writes once per row of an earlier query", site.sink),
                "batch the writes: `executemany(sql, rows)` (psycopg2 `execute_values`, asyncpg `executemany`), or one `INSERT … SELECT` / `UPDATE … FROM`".to_string(),
            )
        } else {
            (
                format!("`{}` runs a query {}", site.sink, per(in_loop)),
                "fetch everything in one query: collect the keys and use `WHERE id = ANY(%s)` (or `IN (…)`), or JOIN with the outer query".to_string(),
            )
        };
        report(ctx, site.callee.clone(), in_loop, message, help);
    }

    // A project function that runs a query, called in a loop.
    for call in &facts.loop_calls {
        let counts = |s: &&QuerySite| {
            s.function.as_deref() == Some(call.function.as_str()) && is_repeated(s, &call.in_loop)
        };
        let reads_elsewhere = call.runs_query && !call.in_loop.over_constants;
        if !reads_elsewhere && !facts.queries.iter().any(|s| counts(&s)) {
            continue;
        }
        let message = format!(
            "`{}()` runs a query and is called {}",
            call.function,
            per(&call.in_loop)
        );
        let help = format!(
            "give `{}()` the whole collection and fetch it in one query (`WHERE id = ANY(%s)`), or JOIN in the outer query",
            call.function
        );
        report(ctx, call.call.clone(), &call.in_loop, message, help);
    }
}

/// Relations and queries of Django and SQLAlchemy loaded once per item of a loop over rows.
fn check_orm(ctx: &mut PyCtx<'_>, orm: &OrmFacts) {
    for load in &orm.loads {
        let relation = load.path.rsplit("__").next().unwrap_or(&load.path);
        let (message, help) = match (load.orm, &load.bypass) {
            (Orm::Django, Some(method)) => (
                format!(
                    "`{relation}.{method}()` runs a query once per `{}` of the loop (N+1), prefetched or not",
                    load.model
                ),
                format!(
                    "do the `{method}()` in the prefetch: `.prefetch_related(Prefetch(\"{}\", queryset=….{method}(…), to_attr=\"…\"))` on the outer queryset, then read that attribute in the loop",
                    load.path
                ),
            ),
            (Orm::Django, None) => (
                format!(
                    "`{}` is loaded with a query once per `{}` of the loop (N+1)",
                    load.path.replace("__", "."),
                    load.model
                ),
                if load.many {
                    format!(
                        "add `.prefetch_related(\"{}\")` to the queryset the loop iterates",
                        load.path
                    )
                } else {
                    format!(
                        "add `.select_related(\"{}\")` to the queryset the loop iterates",
                        load.path
                    )
                },
            ),
            (Orm::SqlAlchemy, _) if load.every_access => (
                format!(
                    "`{relation}` is a `lazy=\"dynamic\"` relationship: every access runs a query, once per `{}` of the loop (N+1)",
                    load.model
                ),
                format!(
                    "query the related rows of every `{}` at once (`select(…).where(….in_(ids))`), or make `{}.{relation}` a plain relationship and load it with `selectinload`",
                    load.model, load.owner
                ),
            ),
            (Orm::SqlAlchemy, _) => (
                format!(
                    "`{}` is lazy-loaded with a query once per `{}` of the loop (N+1)",
                    load.path.replace("__", "."),
                    load.model
                ),
                format!(
                    "load it with the query: `.options({})`, or set `lazy=\"selectin\"` on the relationship",
                    loader_option(load)
                ),
            ),
        };
        let diagnostic = Diagnostic::new(&META, load.span.clone(), message)
            .label(
                load.loop_header.clone(),
                format!("loop over `{}` rows", load.model),
            )
            .help(help);
        ctx.report(diagnostic);
    }
    for query in &orm.per_item {
        let writes = matches!(
            query.method.as_str(),
            "create" | "update" | "delete" | "get_or_create" | "update_or_create"
        );
        let what = if query.method == "iteration" {
            format!("a `{}` queryset is iterated", query.model)
        } else {
            format!("`{}.objects….{}()` runs a query", query.model, query.method)
        };
        let help = if writes {
            format!(
                "batch the writes: `{0}.objects.bulk_create(…)`, `bulk_update(…)`, or one `filter(…).update(…)` / `.delete()` for all items",
                query.model
            )
        } else {
            format!(
                "fetch them in one query before the loop (`{0}.objects.in_bulk(ids)`, `filter(…__in=ids)`), or bring them into the outer queryset (`select_related`, `prefetch_related`, `annotate(Count(…))`)",
                query.model
            )
        };
        ctx.report(
            Diagnostic::new(
                &META,
                query.span.clone(),
                format!("{what} once per item of a loop over query rows (N+1)"),
            )
            .label(query.loop_header.clone(), "loop over query rows")
            .help(help),
        );
    }
}

/// The SQLAlchemy loader option that loads a relation path with the loop's rows.
fn loader_option(load: &RelationLoad) -> String {
    let parts: Vec<&str> = load.path.split("__").collect();
    match parts.as_slice() {
        [one] => format!("selectinload({}.{one})", load.model),
        [first, .., last] => format!(
            "selectinload({}.{first})….selectinload({}.{last})",
            load.model, load.owner
        ),
        [] => String::new(),
    }
}

/// Whether a query run once per iteration of `in_loop` is worth a finding. Over the rows
/// of an earlier query every read and write is (N+1); over other collections only reads
/// are — creating one table per model or dropping one schema per test database is not a
/// pattern one query replaces. Batch calls, loops over literal constants and paginated
/// reads (`ORDER BY … LIMIT n`) never are.
fn is_repeated(site: &QuerySite, in_loop: &LoopInfo) -> bool {
    if site.kind != SinkKind::Statement || site.batch || in_loop.over_constants {
        return false;
    }
    match &site.shape {
        Some(shape) if shape.limited && shape.ordered => false,
        Some(shape) if in_loop.over_rows => shape.reads || shape.writes,
        Some(shape) => shape.reads,
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
    span: std::ops::Range<usize>,
    in_loop: &LoopInfo,
    message: String,
    help: String,
) {
    let mut diagnostic = Diagnostic::new(&META, span, message)
        .label(in_loop.header.clone(), "loop starts here")
        .help(help);
    // Over query rows the pattern is the classic N+1; over other collections it is only
    // likely to be, so it is reported more quietly.
    if !in_loop.over_rows {
        diagnostic.severity = Severity::Info;
    }
    ctx.report(diagnostic);
}
