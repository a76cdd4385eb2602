//! Django querysets: the methods that chain, filter or run a query, what
//! `select_related` and `prefetch_related` load, and the queries and related managers
//! used per item of a loop over rows.

use ruff_python_ast::{Expr, ExprCall};

use super::{PerItem, Query, Tracked, Walker, join, managed_model, range};
use crate::python::orm::models::{Orm, last_name, prefetched, string_value};

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
/// Related-manager methods that write links or related objects.
const RELATED_WRITES: &[&str] = &[
    "add",
    "remove",
    "set",
    "clear",
    "create",
    "get_or_create",
    "update_or_create",
];
/// Queryset methods that return one object of the model.
const ONE_OBJECT: &[&str] = &["get", "first", "last", "latest", "earliest", "create"];
/// `fetch_mode()` arguments (Django 6.1) under which reading a relation of one object of a
/// loop does not query once per object: it loads it for all peers at once, or raises.
const PEER_MODES: &[&str] = &["FETCH_PEERS", "RAISE"];

/// The fields `filter(status="open", customer=c)` pins to one value each; `None` for any
/// other filter: a lookup (`total__gt=…`), `Q(…)`, `**kwargs`, a `None` (`IS NULL`) or an
/// expression such as `F("other")` (a column, not a value).
pub(super) fn plain_equalities(call: &ExprCall) -> Option<Vec<String>> {
    let arguments = &call.arguments;
    if !arguments.args.is_empty() || arguments.keywords.is_empty() {
        return None;
    }
    arguments
        .keywords
        .iter()
        .map(|keyword| {
            let field = keyword.arg.as_ref()?.id.as_str();
            let expression = matches!(&keyword.value, Expr::Call(c)
                if last_name(&c.func).is_some_and(|n| n.starts_with(char::is_uppercase)));
            let plain = !field.contains("__")
                && !expression
                && !matches!(keyword.value, Expr::NoneLiteral(_));
            plain.then(|| field.to_string())
        })
        .collect()
}

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
            "fetch_mode"
                if call
                    .arguments
                    .args
                    .first()
                    .and_then(last_name)
                    .is_some_and(|mode| PEER_MODES.contains(&mode)) =>
            {
                query.loaded.push("*".into());
            }
            _ if ONE_OBJECT.contains(&name) => {
                return Some(Tracked::Instance {
                    model: query.model,
                    orm: Orm::Django,
                    created: false,
                });
            }
            "select_related" => {
                if call.arguments.args.is_empty() {
                    query.all_selected = true;
                }
                query
                    .loaded
                    .extend(call.arguments.args.iter().filter_map(string_value));
            }
            "prefetch_related" => query.loaded.extend(prefetched(&call.arguments.args)),
            _ => return None,
        }
        Some(Tracked::Query(query))
    }

    /// `prefetch_related_objects(books, "author")`: the objects of an evaluated queryset
    /// get their relations loaded for the loops over them that follow.
    pub(super) fn prefetch_related_objects(&mut self, call: &ExprCall) {
        if last_name(&call.func) != Some("prefetch_related_objects") {
            return;
        }
        let Some((Expr::Name(objects), lookups)) = call.arguments.args.split_first() else {
            return;
        };
        if let Some(Tracked::Query(query)) = self.env.get_mut(objects.id.as_str()) {
            query.loaded.extend(prefetched(lookups));
        }
    }

    /// Calls inside a loop: queries of their own, writes of model objects, related
    /// managers.
    pub(super) fn django_loop_call(&mut self, call: &ExprCall) {
        let Expr::Attribute(method) = &*call.func else {
            return;
        };
        let name = method.attr.id.as_str();
        // `Author.objects.get(...)` (or any chain ending in a query method) per item.
        if DJANGO_QUERIES.contains(&name)
            && let Some(model) = self.manager_root(&method.value)
        {
            // `X.objects.filter(pk__in=chunk).update(…)` per chunk: batched already.
            if matches!(self.eval(&method.value), Some(Tracked::Query(q)) if q.batched) {
                return;
            }
            self.per_item(
                range(call),
                Orm::Django,
                &model,
                PerItem::Method(name.to_string()),
            );
            return;
        }
        // `book.save()` on a row of the loop, `Book(…).save()`, `obj.delete()`.
        if matches!(name, "save" | "delete") {
            let (model, created) = match self.eval(&method.value) {
                Some(Tracked::Item(item)) if item.path.is_empty() => (item.model, false),
                Some(Tracked::Instance {
                    model,
                    orm: Orm::Django,
                    created,
                }) => (model, created),
                _ => return,
            };
            let what = PerItem::InstanceWrite {
                method: name.to_string(),
                created,
            };
            self.per_item(range(call), Orm::Django, &model, what);
            return;
        }
        // `book.tags.all()`, `book.tags.filter(...)`, `book.tags.add(tag)`.
        let Expr::Attribute(manager) = &*method.value else {
            return;
        };
        let relation_name = manager.attr.id.as_str();
        let owner = self.eval(&manager.value);
        if RELATED_WRITES.contains(&name) {
            self.related_write(call, relation_name, name, owner);
            return;
        }
        let Some(Tracked::Item(item)) = owner else {
            return;
        };
        let Some(model) = self.index.get(&item.model) else {
            return;
        };
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
        // A filter by a value of this iteration (a cutoff computed from the item) is one a
        // `Prefetch` queryset, the same for every parent, cannot express: the query per
        // item is the work asked for.
        if bypass.is_some() && self.per_iteration_chains.contains(&range(call)) {
            return;
        }
        self.load(&item, path, range(manager), true, bypass, false);
    }

    /// `owner.tags.add(tag)` in a loop, on a many relation of a Django model object.
    fn related_write(
        &mut self,
        call: &ExprCall,
        relation: &str,
        method: &str,
        owner: Option<Tracked>,
    ) {
        let (model, per_owner) = match owner {
            Some(Tracked::Item(item)) => {
                let innermost = self.loops.last().map(|f| &f.header);
                (item.model, innermost == Some(&item.header))
            }
            // An object made or read in this iteration: each iteration writes another's.
            Some(Tracked::Instance { model, .. }) => {
                let here = match &*call.func {
                    Expr::Attribute(method) => match &*method.value {
                        Expr::Attribute(manager) => match &*manager.value {
                            Expr::Name(name) => self.bound_in.get(name.id.as_str()).copied(),
                            _ => None,
                        },
                        _ => None,
                    },
                    _ => None,
                };
                (model, here == Some(self.loops.len()))
            }
            _ => return,
        };
        let many = self
            .index
            .get(&model)
            .filter(|m| m.orm == Orm::Django)
            .and_then(|m| m.relations.get(relation))
            .is_some_and(|r| r.many);
        if !many {
            return;
        }
        // `book` in `book.tags.add(…)`.
        let owner = match &*call.func {
            Expr::Attribute(method) => match &*method.value {
                Expr::Attribute(manager) => crate::python::module::written_path(&manager.value),
                _ => None,
            },
            _ => None,
        };
        let what = PerItem::RelatedWrite {
            relation: relation.to_string(),
            method: method.to_string(),
            owner: owner.unwrap_or_else(|| model.to_ascii_lowercase()),
            per_owner,
        };
        self.per_item(range(call), Orm::Django, &model, what);
    }

    /// The model of a Django manager chain: `Author.objects` or `Author.objects.filter(…)`
    /// (or `Author._meta.default_manager`).
    fn manager_root(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Attribute(attr) if let Some(model) = managed_model(attr) => {
                self.model_named(model, Orm::Django)
            }
            Expr::Call(call) => match &*call.func {
                Expr::Attribute(method) => self.manager_root(&method.value),
                _ => None,
            },
            _ => None,
        }
    }
}
