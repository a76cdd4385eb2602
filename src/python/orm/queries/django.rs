//! Django querysets: the methods that chain, filter or run a query, what
//! `select_related` and `prefetch_related` load, and the queries and related managers
//! used per item of a loop over rows.

use ruff_python_ast::{Expr, ExprCall};

use super::{PerItemQuery, Query, Tracked, Walker, join, range};
use crate::python::orm::models::{Orm, last_name, string_value};

/// Methods that return a queryset with the same rows, give or take a filter.
pub(super) const CHAIN: &[&str] = &[
    "all",
    "order_by",
    "distinct",
    "annotate",
    "alias",
    "using",
    "reverse",
    "defer",
    "only",
    "select_for_update",
    "extra",
];
pub(super) const FILTERS: &[&str] = &["filter", "exclude", "none", "complex_filter"];
/// Methods that run a query of their own (reads and writes).
const DJANGO_QUERIES: &[&str] = &[
    "get",
    "count",
    "exists",
    "first",
    "last",
    "latest",
    "earliest",
    "aggregate",
    "in_bulk",
    "get_or_create",
    "update_or_create",
    "create",
    "update",
    "delete",
    "contains",
];
/// Related-manager methods that answer from a prefetch.
pub(super) const FROM_PREFETCH: &[&str] = &["all", "count", "exists"];

impl Walker<'_> {
    /// A Django queryset method other than those that chain or filter.
    pub(super) fn django_method(
        &mut self,
        mut query: Query,
        name: &str,
        call: &ExprCall,
    ) -> Option<Tracked> {
        match name {
            "iterator" => query.bounded = true,
            "values" | "values_list" => query.plain_rows = true,
            "select_related" => {
                if call.arguments.args.is_empty() {
                    query.all_selected = true;
                }
                query
                    .loaded
                    .extend(call.arguments.args.iter().filter_map(string_value));
            }
            "prefetch_related" => {
                for arg in &call.arguments.args {
                    match arg {
                        Expr::Call(prefetch) if last_name(&prefetch.func) == Some("Prefetch") => {
                            // With `to_attr` the rows land in a list attribute, and the
                            // relation itself is not loaded.
                            let to_attr = prefetch.arguments.keywords.iter().any(|k| {
                                k.arg.as_ref().is_some_and(|a| a.id.as_str() == "to_attr")
                            });
                            if !to_attr
                                && let Some(path) =
                                    prefetch.arguments.args.first().and_then(string_value)
                            {
                                query.loaded.push(path);
                            }
                        }
                        other => query.loaded.extend(string_value(other)),
                    }
                }
            }
            _ => return None,
        }
        Some(Tracked::Query(query))
    }

    /// Calls inside a loop over query rows: related managers and queries of their own.
    pub(super) fn django_loop_call(&mut self, call: &ExprCall) {
        let Some(header) = self.loops.last().cloned() else {
            return;
        };
        let Expr::Attribute(method) = &*call.func else {
            return;
        };
        let name = method.attr.id.as_str();
        // `Author.objects.get(...)` (or any chain ending in a query method) per item.
        if DJANGO_QUERIES.contains(&name)
            && let Some(model) = self.manager_root(&method.value)
            && self.reported.insert((range(call).start, "per-item".into()))
        {
            self.facts.per_item.push(PerItemQuery {
                span: range(call),
                loop_header: header,
                model,
                method: name.to_string(),
            });
            return;
        }
        // `book.tags.all()`, `book.tags.filter(...)`.
        let Expr::Attribute(manager) = &*method.value else {
            return;
        };
        let Some(Tracked::Item(item)) = self.eval(&manager.value) else {
            return;
        };
        let Some(model) = self.index.get(&item.model) else {
            return;
        };
        let relation_name = manager.attr.id.as_str();
        let Some(relation) = model.relations.get(relation_name) else {
            return;
        };
        if model.orm != Orm::Django || !relation.many {
            return;
        }
        let path = join(&item.path, relation_name);
        let covered = item.covers(&path, true);
        let bypass = (!FROM_PREFETCH.contains(&name)).then(|| name.to_string());
        if covered && bypass.is_none() {
            return;
        }
        self.load(&item, path, range(manager), true, bypass, false);
    }

    /// The model of a Django manager chain: `Author.objects` or `Author.objects.filter(…)`.
    fn manager_root(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Attribute(attr) if attr.attr.id.as_str() == "objects" => {
                self.model_named(&attr.value, Orm::Django)
            }
            Expr::Call(call) => match &*call.func {
                Expr::Attribute(method) => self.manager_root(&method.value),
                _ => None,
            },
            _ => None,
        }
    }
}
