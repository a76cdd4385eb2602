//! Django querysets: the methods that chain, filter or run a query, what
//! `select_related` and `prefetch_related` load, and the queries and related managers
//! used per item of a loop over rows.

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{
    ConversionFlag, Expr, ExprAttribute, ExprCall, FStringPart, InterpolatedStringElement,
    Operator, Stmt, StmtClassDef,
};

use super::{
    PerItem, Query, Read, RelationLoad, StrCall, Through, Tracked, Walker, join, names_in, range,
};
use crate::python::orm::models::{
    ModelIndex, Orm, last_name, prefetched, str_relation, string_value,
};

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
/// Queryset methods that look one object up.
const LOOKUPS: &[&str] = &["get", "first", "last", "latest", "earliest"];
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

/// The relation read in `__str__` of each Django model the module defines, for a label at
/// that read.
pub(super) fn str_reads(body: &[Stmt], index: &ModelIndex) -> FxHashMap<String, Range<usize>> {
    body.iter()
        .filter_map(|stmt| {
            let Stmt::ClassDef(class) = stmt else {
                return None;
            };
            let model = index.get(class.name.id.as_str())?;
            let name = model.str_relation.as_ref()?;
            let only: FxHashMap<_, _> = model
                .relations
                .get_key_value(name)
                .map(|(k, v)| (k.clone(), v.clone()))
                .into_iter()
                .collect();
            let (_, span) = str_relation(class, &only)?;
            Some((class.name.id.to_string(), span))
        })
        .collect()
}

impl Walker<'_> {
    /// `str(item)`, `format(item)`, `f"{item}"`, `"%s" % item`, `"{}".format(item)` in a loop
    /// over rows: each runs the model's `__str__`, and the relation it reads.
    pub(super) fn str_conversions(&mut self, expr: &Expr) {
        if self.loops.is_empty() {
            return;
        }
        match expr {
            Expr::Call(call) => match &*call.func {
                Expr::Name(function)
                    if matches!(function.id.as_str(), "str" | "format")
                        && call.arguments.keywords.is_empty() =>
                {
                    let how = if function.id.as_str() == "str" {
                        "`str()`"
                    } else {
                        "`format()`"
                    };
                    if let Some(first) = call.arguments.args.first() {
                        self.stringified(first, range(call), how);
                    }
                }
                Expr::Attribute(method)
                    if method.attr.id.as_str() == "format"
                        && matches!(&*method.value, Expr::StringLiteral(_)) =>
                {
                    let arguments = &call.arguments;
                    let values = arguments
                        .args
                        .iter()
                        .chain(arguments.keywords.iter().map(|k| &k.value));
                    for value in values {
                        self.stringified(value, range(value), "`str.format()`");
                    }
                }
                _ => {}
            },
            Expr::FString(fstring) => {
                for part in fstring.value.iter() {
                    let FStringPart::FString(part) = part else {
                        continue;
                    };
                    for element in part.elements.iter() {
                        if let InterpolatedStringElement::Interpolation(field) = element
                            && field.conversion != ConversionFlag::Repr
                            && field.conversion != ConversionFlag::Ascii
                        {
                            let value = &field.expression;
                            self.stringified(value, range(&**value), "an f-string");
                        }
                    }
                }
            }
            Expr::BinOp(binary)
                if binary.op == Operator::Mod
                    && matches!(&*binary.left, Expr::StringLiteral(_)) =>
            {
                let values: Vec<&Expr> = match &*binary.right {
                    Expr::Tuple(tuple) => tuple.elts.iter().collect(),
                    other => vec![other],
                };
                for value in values {
                    self.stringified(value, range(value), "`%` formatting");
                }
            }
            _ => {}
        }
    }

    /// An item of a loop over rows turned into text: a query per item when its model's
    /// `__str__` reads a relation the loop's query does not load.
    fn stringified(&mut self, value: &Expr, span: Range<usize>, how: &'static str) {
        let Some(Tracked::Item(item)) = self.eval(value) else {
            return;
        };
        let Some(model) = self.index.get(&item.model).filter(|m| m.orm == Orm::Django) else {
            return;
        };
        let Some(relation) = model.str_relation.clone() else {
            return;
        };
        let path = join(&item.path, &relation);
        if item.covers(&path, false) {
            return;
        }
        let read = self.str_reads.get(&item.model).cloned();
        let read = Read {
            through: Some(Through::Str(StrCall { how, read })),
            ..Read::default()
        };
        self.load(&item, path, span, read);
    }

    /// `forms.ModelChoiceField(queryset=qs)`: rendering the field labels every choice with
    /// its model's `__str__`, and a relation that reads is a query per choice unless `qs`
    /// loads it.
    pub(super) fn choice_labels(&mut self, call: &ExprCall) {
        let Some(field) = last_name(&call.func)
            .and_then(|name| CHOICE_FIELDS.iter().find(|f| **f == name).copied())
        else {
            return;
        };
        let Some(queryset) = call
            .arguments
            .find_keyword("queryset")
            .map(|k| &k.value)
            .or_else(|| call.arguments.args.first())
        else {
            return;
        };
        let Some(Tracked::Query(query)) = self.eval(queryset) else {
            return;
        };
        let Some(model) = self
            .index
            .get(&query.model)
            .filter(|m| m.orm == Orm::Django)
        else {
            return;
        };
        let Some(relation) = model.str_relation.clone() else {
            return;
        };
        // `queryset=Ticket.objects.none()`: no choices until `__init__` sets them.
        let empty = matches!(queryset, Expr::Call(c)
            if matches!(&*c.func, Expr::Attribute(a) if a.attr.id.as_str() == "none"));
        let header = range(queryset);
        if empty
            || query.plain_rows
            || query.covers(&relation, false)
            || !self.reported.insert((header.start, relation.clone()))
        {
            return;
        }
        let read = self.str_reads.get(&query.model).cloned();
        let labels = StrCall { how: field, read };
        let through = Through::Labels {
            labels,
            made_for: None,
        };
        let load = labels_load(
            &query.model,
            relation,
            (range(&*call.func), header),
            through,
        );
        self.facts.loads.push(load);
    }

    /// A `ModelForm` whose `Meta.fields` takes a foreign key (or `"__all__"`): Django makes
    /// it a `ModelChoiceField` of every row of the related model, each labelled by its
    /// `__str__`. Not when the form declares the field itself or sets its queryset
    /// (`self.fields["queue"].queryset = …`).
    pub(super) fn model_form_choices(&mut self, class: &StmtClassDef) {
        if !class
            .bases()
            .iter()
            .any(|b| last_name(b) == Some("ModelForm"))
        {
            return;
        }
        let Some(meta) = class.body.iter().find_map(|stmt| match stmt {
            Stmt::ClassDef(meta) if meta.name.id.as_str() == "Meta" => Some(meta),
            _ => None,
        }) else {
            return;
        };
        let assigned = |name: &str| {
            meta.body.iter().find_map(|stmt| match stmt {
                Stmt::Assign(assign)
                    if matches!(&assign.targets[..], [Expr::Name(n)] if n.id.as_str() == name) =>
                {
                    Some(&*assign.value)
                }
                _ => None,
            })
        };
        let (Some(model_expr), Some(fields)) = (assigned("model"), assigned("fields")) else {
            return;
        };
        let Some(model) = last_name(model_expr)
            .and_then(|name| self.index.get(name))
            .filter(|m| m.orm == Orm::Django)
        else {
            return;
        };
        let named: Vec<(String, Range<usize>)> = match fields {
            Expr::List(list) => list.elts.iter().collect::<Vec<_>>(),
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        }
        .into_iter()
        .filter_map(|field| Some((string_value(field)?, range(field))))
        .collect();
        let every = named.iter().any(|(name, _)| name == "__all__");
        let chosen: Vec<(String, Range<usize>)> = model
            .relations
            .iter()
            .filter(|(_, r)| !r.many && r.reverse_of.is_none())
            .filter_map(|(name, _)| {
                let (_, span) = named
                    .iter()
                    .find(|(n, _)| n == name || (every && n == "__all__"))?;
                Some((name.clone(), span.clone()))
            })
            .collect();
        let overridden = overridden_fields(class);
        for (field, span) in chosen {
            let declared = class.body.iter().any(|stmt| {
                matches!(stmt, Stmt::Assign(a)
                if matches!(&a.targets[..], [Expr::Name(n)] if n.id.as_str() == field))
            });
            let Some(target) = model.relations.get(&field).map(|r| r.target.clone()) else {
                continue;
            };
            let Some(relation) = self.index.get(&target).and_then(|m| m.str_relation.clone())
            else {
                continue;
            };
            if declared
                || overridden.contains(&field)
                || !self
                    .reported
                    .insert((span.start, format!("choices {field}")))
            {
                continue;
            }
            let read = self.str_reads.get(&target).cloned();
            let through = Through::Labels {
                labels: StrCall {
                    how: "ModelChoiceField",
                    read,
                },
                made_for: Some(field),
            };
            let load = labels_load(&target, relation, (span, range(model_expr)), through);
            self.facts.loads.push(load);
        }
    }

    /// `ticket.checklists` of one object (`self` in a model's method, or a variable named
    /// after a model: `ticket`, `selected_ticket`) that no loop of the module yields: the
    /// related rows, a queryset of their own.
    pub(super) fn related_manager(&self, attr: &ExprAttribute) -> Option<Query> {
        if matches!(self.eval_name(&attr.value), Some(Tracked::Item(_))) {
            return None;
        }
        let (owner, loaded) = self.instance_model(&attr.value)?;
        let name = attr.attr.id.as_str();
        let relation = self.index.get(&owner)?.relations.get(name)?;
        if !relation.many {
            return None;
        }
        let mut query = Query::new(&relation.target, Orm::Django);
        // One object's related rows: not a whole table.
        query.bounded = true;
        // `checklists__tasks` loaded with the object: `tasks` loaded with its checklists.
        query.loaded.extend(loaded.iter().filter_map(|path| {
            path.strip_prefix(name)?
                .strip_prefix("__")
                .map(str::to_string)
        }));
        query
            .loaded
            .extend(self.index.manager_loads(&relation.target).iter().cloned());
        // Django hands each related row the object it was reached from: the foreign key
        // back to it (`checklist.ticket`) is no query.
        query.loaded.extend(relation.reverse_of.iter().cloned());
        let written = crate::python::module::written_path(&attr.value)?;
        query.related = Some((written, attr.attr.id.to_string()));
        query.manager = true;
        Some(query)
    }

    /// What a plain name holds, without evaluating calls.
    fn eval_name(&self, expr: &Expr) -> Option<Tracked> {
        match expr {
            Expr::Name(name) => self.env.get(name.id.as_str()).cloned(),
            _ => None,
        }
    }

    /// The Django model of one object: a tracked instance, `self` in a method of a model,
    /// or an untracked variable named after a model (`ticket`, `chosen_ticket`, `customfield`
    /// for `Ticket` and `CustomField`).
    /// With the relation paths its query loaded.
    fn instance_model(&self, expr: &Expr) -> Option<(String, Vec<String>)> {
        let Expr::Name(name) = expr else {
            return None;
        };
        let name = name.id.as_str();
        match self.env.get(name) {
            Some(Tracked::Instance {
                model,
                orm: Orm::Django,
                loaded,
                ..
            }) => return Some((model.clone(), loaded.clone())),
            Some(_) => return None,
            None => {}
        }
        if name == "self" {
            return self
                .classes
                .last()
                .cloned()
                .flatten()
                .map(|m| (m, Vec::new()));
        }
        let whole = name.replace('_', "");
        let last = name.rsplit('_').next().unwrap_or(name);
        let named = |wanted: &str| {
            self.index
                .models()
                .find(|(model, m)| m.orm == Orm::Django && model.eq_ignore_ascii_case(wanted))
                .map(|(model, _)| (model.to_string(), Vec::new()))
        };
        named(&whole).or_else(|| named(last))
    }

    /// The field a lookup chain looks an object up by with a value of the iteration
    /// (`field` of `get(ticket=ticket, field=field)` in `for field in fields`); `None`
    /// when no argument of the chain reads one.
    fn iteration_key(&self, call: &ExprCall) -> Option<Option<String>> {
        // A call may give another value each time (`queue.pop()`, `next(ids)`).
        let per_iteration = |expr: &Expr| {
            has_call(expr)
                || names_in(expr).iter().any(|name| {
                    self.loops
                        .iter()
                        .any(|f| f.targets.contains(name) || f.bound.contains(name))
                })
        };
        let mut found = None;
        let mut current = Some(call);
        while let Some(call) = current {
            for keyword in &call.arguments.keywords {
                if per_iteration(&keyword.value) {
                    let key = keyword.arg.as_ref().map(|a| a.id.to_string());
                    found = Some(found.flatten().or(key));
                }
            }
            if call.arguments.args.iter().any(per_iteration) {
                found = Some(found.flatten());
            }
            current = match &*call.func {
                Expr::Attribute(method) => match &*method.value {
                    Expr::Call(inner) => Some(inner),
                    _ => None,
                },
                _ => None,
            };
        }
        found
    }

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
                    loaded: query.loaded,
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
        // `Author.objects.get(...)` (or any chain ending in a query method) per item, and
        // `ticket.values.get(field=field)` on one object's related manager.
        let related = match self.eval(&method.value) {
            Some(Tracked::Query(q)) if q.orm == Orm::Django => q.related.clone(),
            _ => None,
        };
        let model = self.manager_root(&method.value).or_else(|| {
            related.as_ref()?;
            match self.eval(&method.value) {
                Some(Tracked::Query(q)) => Some(q.model),
                _ => None,
            }
        });
        // Counts and writes on one object's related manager are left to the cases below.
        let model = model.filter(|_| related.is_none() || LOOKUPS.contains(&name));
        if DJANGO_QUERIES.contains(&name)
            && let Some(model) = model
        {
            // `X.objects.filter(pk__in=chunk).update(…)` per chunk: batched already.
            if matches!(self.eval(&method.value), Some(Tracked::Query(q)) if q.batched) {
                return;
            }
            let what = if LOOKUPS.contains(&name) {
                // A lookup by nothing the iteration gives is the same object each time:
                // a value to read once, not one query per item.
                match self.iteration_key(call) {
                    None => return,
                    Some(Some(key)) => PerItem::Lookup {
                        method: name.to_string(),
                        key,
                        related,
                    },
                    Some(None) if related.is_none() => PerItem::Method(name.to_string()),
                    Some(None) => return,
                }
            } else {
                PerItem::Method(name.to_string())
            };
            self.per_item(range(call), Orm::Django, &model, what);
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
                    ..
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
        let read = Read {
            many: true,
            bypass,
            ..Read::default()
        };
        self.load(&item, path, range(manager), read);
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
            // One object known by its name or as `self`: another one per iteration when
            // the loop binds it (`for ticket in tickets`).
            None => {
                let Expr::Attribute(method) = &*call.func else {
                    return;
                };
                let Expr::Attribute(manager) = &*method.value else {
                    return;
                };
                let Some((model, _)) = self.instance_model(&manager.value) else {
                    return;
                };
                let per_owner = matches!(&*manager.value, Expr::Name(name)
                if self.loops.last().is_some_and(|f| {
                    let name = name.id.to_string();
                    f.targets.contains(&name) || f.bound.contains(&name)
                }));
                (model, per_owner)
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
            Expr::Attribute(attr) => self.manager_query(attr).map(|query| query.model),
            Expr::Call(call) => match &*call.func {
                Expr::Attribute(method) => self.manager_root(&method.value),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The form fields a class's code sets the queryset of: `self.fields["queue"]…`.
fn overridden_fields(class: &StmtClassDef) -> FxHashSet<String> {
    struct Fields(FxHashSet<String>);
    impl<'a> Visitor<'a> for Fields {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Subscript(subscript) = expr
                && matches!(&*subscript.value, Expr::Attribute(a) if a.attr.id.as_str() == "fields")
                && let Some(name) = string_value(&subscript.slice)
            {
                self.0.insert(name);
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut fields = Fields(FxHashSet::default());
    fields.visit_body(&class.body);
    fields.0
}

/// Django's form fields whose choices are a queryset's rows, each labelled by its
/// `__str__` (unless a subclass overrides `label_from_instance`).
const CHOICE_FIELDS: [&str; 2] = ["ModelChoiceField", "ModelMultipleChoiceField"];

/// The relation `model.__str__` reads, loaded once per choice of a form field (at `span`)
/// whose choices are the rows of `choices`.
fn labels_load(
    model: &str,
    path: String,
    (span, choices): (Range<usize>, Range<usize>),
    through: Through,
) -> RelationLoad {
    RelationLoad {
        span,
        loop_header: choices,
        orm: Orm::Django,
        model: model.to_string(),
        path,
        owner: model.to_string(),
        many: false,
        bypass: None,
        every_access: false,
        through: Some(through),
        from_object: None,
        handed_to: None,
    }
}

/// Whether an expression calls anything.
fn has_call(expr: &Expr) -> bool {
    struct Calls(bool);
    impl<'a> ruff_python_ast::visitor::Visitor<'a> for Calls {
        fn visit_expr(&mut self, expr: &'a Expr) {
            self.0 |= matches!(expr, Expr::Call(_));
            ruff_python_ast::visitor::walk_expr(self, expr);
        }
    }
    let mut calls = Calls(false);
    ruff_python_ast::visitor::Visitor::visit_expr(&mut calls, expr);
    calls.0
}
