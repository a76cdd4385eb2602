//! Django and SQLAlchemy: relations loaded per item of a loop over rows, and queries and
//! writes run once per item, with the batched form of the API in the help.

use super::META;
use crate::diagnostic::{Diagnostic, Severity};
use crate::python::orm::Orm;
use crate::python::orm::queries::{
    OrmFacts, PerItem, PerItemQuery, RelationLoad, StrCall, Through,
};
use crate::rules::PyCtx;

pub(super) fn check(ctx: &mut PyCtx<'_>, orm: &OrmFacts) {
    for load in &orm.loads {
        relation_load(ctx, load);
    }
    for query in &orm.per_item {
        // A model's own `save()` runs its logic per object, which a bulk write skips: over a
        // collection that is not query rows (the references in one comment), the writes are
        // that logic's, not an N+1 to batch.
        if query.custom_save.is_some() && !query.over_rows {
            continue;
        }
        let (what, help) = describe(query);
        let help = match &query.custom_save {
            Some(saved) => format!(
                "`{saved}` overrides `save()`, which `bulk_create` and `bulk_update` skip: batch the writes only with what that `save()` does done for every object at once (one `update()` for its side effects), or keep the per-object save"
            ),
            None => help,
        };
        let (per, label) = if query.over_rows {
            (
                "once per item of a loop over query rows (N+1)",
                "loop over query rows",
            )
        } else {
            ("once per loop iteration", "loop starts here")
        };
        let mut diagnostic = Diagnostic::new(&META, query.span.clone(), format!("{what} {per}"))
            .label(query.loop_header.clone(), label)
            .help(help);
        // Over query rows the pattern is the classic N+1; over other collections (ids,
        // parsed rows) it is only likely to be, so it is reported more quietly.
        if !query.over_rows {
            diagnostic.severity = Severity::Info;
        }
        ctx.report(diagnostic);
    }
}

/// What runs per item, and the batched form of the same API.
fn describe(query: &PerItemQuery) -> (String, String) {
    let model = &query.model;
    match &query.what {
        PerItem::Iteration => (
            format!("a `{model}` queryset is iterated"),
            fetch_before(query),
        ),
        PerItem::Method(method) => {
            let what = format!("`{model}.objects….{method}()` runs a query");
            let help = match method.as_str() {
                "create" | "get_or_create" | "update_or_create" => format!(
                    "build the objects in the loop and save them at once: `{model}.objects.bulk_create(objs)` (`update_conflicts=True` with `unique_fields` and `update_fields` for an upsert)"
                ),
                "update" => format!(
                    "update them at once: `{model}.objects.bulk_update(objs, fields)`, or one `filter(pk__in=…).update(…)` with `Case(When(…))` or `F()` expressions"
                ),
                "delete" => {
                    format!("delete them at once: `{model}.objects.filter(pk__in=ids).delete()`")
                }
                "count" | "exists" | "aggregate" | "contains" => format!(
                    "count in the outer query: `.annotate(n=Count(\"…\"))` on the queryset the loop iterates, or one grouped `{model}.objects.values(\"…\").annotate(n=Count(\"pk\"))` before the loop"
                ),
                _ => fetch_before(query),
            };
            (what, help)
        }
        PerItem::Lookup {
            method,
            key,
            related,
        } => {
            let (what, manager) = match related {
                Some((owner, relation)) => (
                    format!("`{owner}.{relation}.{method}()` runs a query"),
                    format!("{owner}.{relation}"),
                ),
                None => (
                    format!("`{model}.objects….{method}()` runs a query"),
                    format!("{model}.objects"),
                ),
            };
            let help = if matches!(key.as_str(), "pk" | "id") && related.is_none() {
                format!(
                    "look them up in one query before the loop: `{model}.objects.in_bulk(ids)`, then read each from that dict"
                )
            } else {
                format!(
                    "look them up in one query before the loop: `{manager}.filter({key}__in=…)` (with the same other filters) into a dict keyed by `{key}`, then read each from that dict"
                )
            };
            (what, help)
        }
        PerItem::InstanceWrite { method, created } => {
            let help = match (method.as_str(), created) {
                ("delete", _) => format!(
                    "delete them at once: collect the keys and call `{model}.objects.filter(pk__in=ids).delete()`"
                ),
                (_, true) => format!(
                    "collect the objects and insert them at once: `{model}.objects.bulk_create(objs)`"
                ),
                (_, false) => format!(
                    "save them at once: `{model}.objects.bulk_update(objs, [\"field\", …])`, or one `update()` on the queryset (`F()` for values computed from the row)"
                ),
            };
            (
                format!("`.{method}()` on `{model}` objects runs a query"),
                help,
            )
        }
        PerItem::RelatedWrite {
            relation,
            method,
            owner,
            per_owner,
        } => {
            let help = match (method.as_str(), per_owner) {
                ("add" | "remove", false) => format!(
                    "collect the objects and call `{owner}.{relation}.{method}(*objs)` once after the loop"
                ),
                ("add", true) => format!(
                    "create the links of every item at once: `{model}.{relation}.through.objects.bulk_create([…], ignore_conflicts=True)`"
                ),
                ("remove" | "clear" | "set", _) => format!(
                    "write the links of every item at once through `{model}.{relation}.through.objects` (`bulk_create(…)`, `filter(…__in=…).delete()`)"
                ),
                _ => "build the related objects in the loop and insert them at once with `bulk_create(objs)` on their model".to_string(),
            };
            (
                format!("`{owner}.{relation}.{method}()` runs a query"),
                help,
            )
        }
        PerItem::SessionGet => (
            format!("`get({model}, …)` runs a query"),
            format!(
                "load them in one query before the loop: `session.scalars(select({model}).where({model}.id.in_(ids)))`, then look each one up in a dict"
            ),
        ),
        PerItem::Statement {
            write: Some(write), ..
        } => (
            format!("`{write}({model})` runs"),
            if *write == "insert" {
                format!(
                    "insert every row at once: `session.execute(insert({model}), [{{…}}, {{…}}])` or `insert({model}).values([…])`"
                )
            } else {
                format!(
                    "run it once for every row: `session.execute({write}({model}), [{{\"id\": …, …}}, …])` (an executemany by primary key), or one statement with `{model}.id.in_(ids)`"
                )
            },
        ),
        PerItem::Statement { counts: true, .. } => (
            format!("a `count()` of `{model}` runs"),
            format!(
                "count for every key in one query: `select({model}.key, func.count()).where({model}.key.in_(keys)).group_by({model}.key)`"
            ),
        ),
        PerItem::Statement { .. } => (
            format!("a `select({model})` runs"),
            format!(
                "select every item's rows at once before the loop: `select({model}).where({model}.id.in_(ids))`, or load them with the outer query (`selectinload`)"
            ),
        ),
        PerItem::Flush { session, method } => (
            format!("`{session}.{method}()` writes the object added"),
            format!(
                "add every object first (`{session}.add_all(objs)`) and {method} once after the loop, or insert them with `session.execute(insert(Model), [{{…}}, …])`"
            ),
        ),
    }
}

/// Reads per item, done once before the loop instead.
fn fetch_before(query: &PerItemQuery) -> String {
    let model = &query.model;
    match query.orm {
        Orm::Django => format!(
            "fetch them in one query before the loop (`{model}.objects.in_bulk(ids)`, `filter(…__in=ids)`), or bring them into the outer queryset (`select_related`, `prefetch_related`, `annotate(Count(…))`)"
        ),
        Orm::SqlAlchemy => format!(
            "select every item's rows at once before the loop (`select({model}).where(….in_(ids))`), or load them with the outer query (`selectinload`)"
        ),
    }
}

/// A relation read per item that the loop's query does not load.
fn relation_load(ctx: &mut PyCtx<'_>, load: &RelationLoad) {
    let Some(callee) = &load.handed_to else {
        let (message, help) = relation_words(load, None);
        return relation_report(ctx, load, message, help);
    };
    // Rows handed to a function of another module, whose loop reads the relation.
    let rows = crate::python::label(ctx.source, &load.loop_header);
    let (_, help) = relation_words(load, Some(&rows));
    let relation = load.path.replace("__", ".");
    let message = match &load.bypass {
        Some(method) => format!(
            "`{callee}` runs `{relation}.{method}()` with a query once per `{}` it is given (N+1), prefetched or not",
            load.model
        ),
        None => format!(
            "`{callee}` loads `{relation}` with a query once per `{}` it is given (N+1)",
            load.model
        ),
    };
    let diagnostic = Diagnostic::new(&META, load.span.clone(), message)
        .label(
            load.loop_header.clone(),
            format!(
                "`{}` rows handed to `{callee}`, which loops over them",
                load.model
            ),
        )
        .help(help);
    ctx.report(diagnostic);
}

fn relation_report(ctx: &mut PyCtx<'_>, load: &RelationLoad, message: String, help: String) {
    let header = match load.through {
        Some(Through::Labels { .. }) => format!("its choices: one per `{}` row", load.model),
        _ => format!("loop over `{}` rows", load.model),
    };
    let mut diagnostic = Diagnostic::new(&META, load.span.clone(), message)
        .label(load.loop_header.clone(), header)
        .help(help);
    if let Some(
        Through::Str(StrCall {
            read: Some(read), ..
        })
        | Through::Labels {
            labels: StrCall {
                read: Some(read), ..
            },
            ..
        },
    ) = &load.through
    {
        let read = read.clone();
        diagnostic = diagnostic.label(read, format!("`{}.__str__` reads it here", load.owner));
    }
    ctx.report(diagnostic);
}

/// What a relation load per item says, and how to load it with the rows; `query` is
/// where the rows' query is when it is not the loop's own (a view's, for a template).
pub(super) fn relation_words(load: &RelationLoad, query: Option<&str>) -> (String, String) {
    let relation = load.path.rsplit("__").next().unwrap_or(&load.path);
    let queryset = query.map_or("the queryset the loop iterates".to_string(), |at| {
        format!("the queryset at `{at}`")
    });
    // `for c in ticket.checklists.all()`: the ticket's own query can load the path too.
    let or_object = load
        .from_object
        .as_ref()
        .map_or(String::new(), |(object, relation)| {
            format!(
                ", or `.prefetch_related(\"{relation}__{}\")` on the query that fetched `{object}`",
                load.path
            )
        });
    if let Some(through) = &load.through {
        let select = format!(
            "add `.select_related(\"{}\")` to {queryset}{or_object}",
            load.path
        );
        let owner = &load.owner;
        return match through {
            Through::Labels { labels, made_for } => (
                format!(
                    "`{}` labels each choice with `{owner}.__str__`, which loads `{relation}` with a query once per choice (N+1)",
                    labels.how
                ),
                match made_for {
                    Some(field) => format!(
                        "in the form's `__init__`, set `self.fields[\"{field}\"].queryset = {owner}.objects.select_related(\"{}\")`",
                        load.path
                    ),
                    None => format!(
                        "add `.select_related(\"{}\")` to the field's `queryset`, or label choices from the row's own fields in `label_from_instance`",
                        load.path
                    ),
                },
            ),
            Through::Property(property) => (
                format!(
                    "`{property}`, a property of `{owner}`, loads `{relation}` with a query once per `{}` of the loop (N+1)",
                    load.model
                ),
                select,
            ),
            Through::Str(via) => (
                format!(
                    "{} runs `{owner}.__str__`, which loads `{relation}` with a query once per `{}` of the loop (N+1)",
                    via.how, load.model
                ),
                select,
            ),
        };
    }
    match (load.orm, &load.bypass) {
        (Orm::Django, Some(method)) => (
            format!(
                "`{relation}.{method}()` runs a query once per `{}` of the loop (N+1), prefetched or not",
                load.model
            ),
            format!(
                "do the `{method}()` in the prefetch: `.prefetch_related(Prefetch(\"{}\", queryset=….{method}(…), to_attr=\"…\"))` on {}, then read that attribute in the loop",
                load.path,
                query.map_or("the outer queryset".to_string(), |at| format!(
                    "the queryset at `{at}`"
                ))
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
                    "add `.prefetch_related(\"{}\")` to {queryset}{or_object}",
                    load.path
                )
            } else {
                format!(
                    "add `.select_related(\"{}\")` to {queryset}{or_object}",
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
                "load it with the query{}: `.options({})`, or set `lazy=\"selectin\"` on the relationship",
                query.map_or(String::new(), |at| format!(" at `{at}`")),
                loader_option(load)
            ),
        ),
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
