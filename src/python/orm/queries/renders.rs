//! Views that render a template with rows in its context: Django's `render()`,
//! `TemplateResponse`, `render_to_string()`, class-based `ListView`s and `DetailView`s,
//! and Flask's `render_template()`. The context's querysets are the walk's, so what they
//! load (`select_related`, `prefetch_related`, loader options) is known.

use rustc_hash::FxHashMap;
use std::ops::Range;

use ruff_python_ast::{Expr, ExprCall, Stmt, StmtAssign, StmtClassDef};

use super::{Query, Tracked, Walker, range};
use crate::python::orm::models::{ModelIndex, Orm, last_name, string_value};
use crate::python::orm::templates::{Bound, Flavour, Render, Rows};

/// What the walk keeps when it looks for renders.
#[derive(Default)]
pub(super) struct Views {
    found: Vec<Render>,
    locals: Locals,
    /// The Django app of the module (`books` for `books/views.py`).
    app: Option<String>,
    /// A class-based view's queryset, for `super().get_queryset()` in its override.
    pub(super) base: Option<Query>,
}

/// What a function's names hold, for its renders.
#[derive(Default)]
pub(super) struct Locals {
    /// Dicts of context (`ctx = {"books": qs}`, `ctx["books"] = qs`), by name.
    dicts: FxHashMap<String, Vec<Bound>>,
    /// Where each name's query was built.
    origins: FxHashMap<String, Range<usize>>,
}

/// The templates a module's views render with rows in their context. `app` names the
/// default templates of class-based views (`<app>/<model>_list.html`).
pub fn template_renders(body: &[Stmt], index: &ModelIndex, app: Option<&str>) -> Vec<Render> {
    let mut walker = Walker::new(index);
    walker.views = Some(Views {
        app: app.map(str::to_string),
        ..Views::default()
    });
    ruff_python_ast::visitor::Visitor::visit_body(&mut walker, body);
    walker.views.map(|v| v.found).unwrap_or_default()
}

impl Walker<'_> {
    /// Enters a function: its locals are its own. Returns the outer ones.
    pub(super) fn enter_function(&mut self) -> Option<Locals> {
        Some(std::mem::take(&mut self.views.as_mut()?.locals))
    }

    pub(super) fn leave_function(&mut self, saved: Option<Locals>) {
        if let (Some(views), Some(locals)) = (self.views.as_mut(), saved) {
            views.locals = locals;
        }
    }

    /// Remembers a context dict or a query assigned to a name, and `ctx["k"] = qs`.
    pub(super) fn remember(&mut self, assign: &StmtAssign) {
        if self.views.is_none() {
            return;
        }
        for target in &assign.targets {
            match target {
                Expr::Name(name) => {
                    let dict = self.context_of(&assign.value);
                    let query = matches!(self.eval(&assign.value), Some(Tracked::Query(_)));
                    let Some(views) = self.views.as_mut() else {
                        return;
                    };
                    match dict {
                        Some(dict) => views.locals.dicts.insert(name.id.to_string(), dict),
                        None => views.locals.dicts.remove(name.id.as_str()),
                    };
                    if query {
                        views
                            .locals
                            .origins
                            .insert(name.id.to_string(), range(&*assign.value));
                    }
                }
                Expr::Subscript(subscript) => {
                    let (Expr::Name(dict), Some(key)) =
                        (&*subscript.value, string_value(&subscript.slice))
                    else {
                        continue;
                    };
                    let bound = self.bound(&key, &assign.value);
                    let Some(views) = self.views.as_mut() else {
                        return;
                    };
                    let entries = views.locals.dicts.entry(dict.id.to_string()).or_default();
                    entries.retain(|b| b.name != key);
                    entries.extend(bound);
                }
                _ => {}
            }
        }
    }

    /// `render(request, "x.html", {…})` and the like.
    pub(super) fn render_call(&mut self, call: &ExprCall) {
        if self.views.is_none() {
            return;
        }
        let name = match &*call.func {
            Expr::Name(name) => name.id.as_str(),
            Expr::Attribute(attr)
                if matches!(
                    last_name(&attr.value),
                    Some("shortcuts" | "response" | "loader" | "flask")
                ) =>
            {
                attr.attr.id.as_str()
            }
            _ => return,
        };
        let args = &call.arguments.args;
        let keyword = |name: &str| super::super::models::keyword(call, name);
        let (flavour, template, context) = match name {
            "render" | "TemplateResponse" => (
                Flavour::Django,
                args.get(1).or_else(|| keyword("template_name")),
                args.get(2).or_else(|| keyword("context")),
            ),
            "render_to_string" | "render_to_response" => (
                Flavour::Django,
                args.first().or_else(|| keyword("template_name")),
                args.get(1).or_else(|| keyword("context")),
            ),
            "render_template" => (Flavour::Jinja, args.first(), None),
            _ => return,
        };
        let Some(templates) = template.map(template_names).filter(|t| !t.is_empty()) else {
            return;
        };
        let mut bound = context.and_then(|c| self.context_of(c)).unwrap_or_default();
        if flavour == Flavour::Jinja {
            for keyword in &call.arguments.keywords {
                match &keyword.arg {
                    Some(name) => bound.extend(self.bound(name.id.as_str(), &keyword.value)),
                    None => bound.extend(self.context_of(&keyword.value).unwrap_or_default()),
                }
            }
        }
        if !bound.is_empty()
            && let Some(views) = self.views.as_mut()
        {
            views.found.push(Render {
                flavour,
                templates,
                context: bound,
            });
        }
    }

    /// The rows of a context: a dict literal with string keys, or a dict built in a name.
    fn context_of(&mut self, expr: &Expr) -> Option<Vec<Bound>> {
        match expr {
            Expr::Dict(dict) => Some(
                dict.items
                    .iter()
                    .filter_map(|item| {
                        let key = string_value(item.key.as_ref()?)?;
                        self.bound(&key, &item.value)
                    })
                    .collect(),
            ),
            Expr::Name(name) => self
                .views
                .as_ref()?
                .locals
                .dicts
                .get(name.id.as_str())
                .cloned(),
            _ => None,
        }
    }

    /// `name` bound to the rows of a query of model objects; none for anything else
    /// (`values()` dicts, counts, constants).
    fn bound(&mut self, name: &str, value: &Expr) -> Option<Bound> {
        let Some(Tracked::Query(query)) = self.eval(value) else {
            return None;
        };
        let origin = match value {
            Expr::Name(local) => self
                .views
                .as_ref()?
                .locals
                .origins
                .get(local.id.as_str())
                .cloned(),
            _ => None,
        };
        let rows = rows_of(&query, origin.unwrap_or_else(|| range(value)))?;
        Some(Bound {
            name: name.to_string(),
            rows,
            many: true,
        })
    }

    /// A `ListView` or `DetailView`: its queryset (`model`, `queryset`, `get_queryset()`),
    /// context names and template; and what any of them or a `TemplateView` adds to its
    /// context (`extra_context`, `get_context_data()`).
    pub(super) fn class_view(&mut self, class: &StmtClassDef) {
        let Some(app) = self.views.as_ref().map(|v| v.app.clone()) else {
            return;
        };
        let bases: Vec<&str> = class
            .arguments
            .iter()
            .flat_map(|a| a.args.iter())
            .filter_map(last_name)
            .collect();
        let list = bases.iter().any(|b| b.ends_with("ListView"));
        let rows_view = list || bases.iter().any(|b| b.ends_with("DetailView"));
        if !rows_view && !bases.iter().any(|b| b.ends_with("TemplateView")) {
            return;
        }
        let attribute = |name: &str| {
            class.body.iter().find_map(|stmt| match stmt {
                Stmt::Assign(assign)
                    if matches!(assign.targets.first(), Some(Expr::Name(n)) if n.id.as_str() == name) =>
                {
                    Some((*assign.value).clone())
                }
                _ => None,
            })
        };
        let method = |name: &str| {
            class.body.iter().find_map(|stmt| match stmt {
                Stmt::FunctionDef(f) if f.name.id.as_str() == name => Some(f),
                _ => None,
            })
        };
        let mut span = range(class);
        let written = if rows_view {
            (attribute("queryset"), attribute("model"))
        } else {
            (None, None)
        };
        let mut query = match written {
            (Some(queryset), _) => {
                span = range(&queryset);
                match self.eval(&queryset) {
                    Some(Tracked::Query(query)) => Some(query),
                    _ => None,
                }
            }
            (None, Some(written)) => self.model_named(&written, Orm::Django).map(|model| {
                span = range(&written);
                let mut query = Query::new(&model, Orm::Django);
                query
                    .loaded
                    .extend(self.index.manager_loads(&model).iter().cloned());
                query
            }),
            (None, None) => None,
        };
        if let Some(get_queryset) = method("get_queryset").filter(|_| rows_view) {
            if let Some(views) = self.views.as_mut() {
                views.base = query.clone();
            }
            query = self
                .in_method(&get_queryset.body, |walker, stmt| match stmt {
                    Stmt::Return(ret) => {
                        let value = ret.value.as_deref()?;
                        match walker.eval(value) {
                            Some(Tracked::Query(returned)) => Some(Some((returned, range(value)))),
                            _ => Some(None),
                        }
                    }
                    _ => None,
                })
                .flatten()
                .map(|(returned, at)| {
                    span = at;
                    returned
                });
            if let Some(views) = self.views.as_mut() {
                views.base = None;
            }
        }
        // `extra_context = {"authors": Author.objects.all()}`, and
        // `context["authors"] = Author.objects.all()` in `get_context_data()`.
        let mut extra = attribute("extra_context")
            .and_then(|dict| self.context_of(&dict))
            .unwrap_or_default();
        if let Some(get_context_data) = method("get_context_data") {
            self.in_method(&get_context_data.body, |walker, stmt| {
                if let Stmt::Assign(assign) = stmt
                    && let [Expr::Subscript(subscript)] = &assign.targets[..]
                    && let Some(key) = string_value(&subscript.slice)
                {
                    extra.extend(walker.bound(&key, &assign.value));
                }
                None::<()>
            });
        }
        let Some(rows) = query.and_then(|q| rows_of(&q, span)) else {
            // A `TemplateView`'s context is only what it adds.
            let templates = attribute("template_name")
                .map(|name| template_names(&name))
                .unwrap_or_default();
            if !extra.is_empty()
                && !templates.is_empty()
                && let Some(views) = self.views.as_mut()
            {
                views.found.push(Render {
                    flavour: Flavour::Django,
                    templates,
                    context: extra,
                });
            }
            return;
        };
        let lower = rows.model.to_ascii_lowercase();
        let own_name = attribute("context_object_name")
            .and_then(|e| string_value(&e))
            .unwrap_or_else(|| {
                if list {
                    format!("{lower}_list")
                } else {
                    lower.clone()
                }
            });
        let names: &[&str] = if list {
            &["object_list", "page_obj"]
        } else {
            &["object"]
        };
        let context = names
            .iter()
            .map(|n| n.to_string())
            .chain([own_name])
            .map(|name| Bound {
                name,
                rows: rows.clone(),
                many: list,
            })
            .chain(extra)
            .collect();
        let suffix = attribute("template_name_suffix")
            .and_then(|e| string_value(&e))
            .unwrap_or_else(|| if list { "_list" } else { "_detail" }.to_string());
        let templates = match attribute("template_name") {
            Some(name) => template_names(&name),
            None => app
                .map(|app| vec![format!("{app}/{lower}{suffix}.html")])
                .unwrap_or_default(),
        };
        if let Some(views) = self.views.as_mut() {
            views.found.push(Render {
                flavour: Flavour::Django,
                templates,
                context,
            });
        }
    }
}

impl Walker<'_> {
    /// Reads a method's statements in a scope of its own: assignments to names bind, and
    /// `visit` sees every statement until it returns something.
    fn in_method<T>(
        &mut self,
        body: &[Stmt],
        mut visit: impl FnMut(&mut Self, &Stmt) -> Option<T>,
    ) -> Option<T> {
        let env = std::mem::take(&mut self.env);
        let mut found = None;
        for stmt in body {
            if let Stmt::Assign(assign) = stmt {
                let value = self.eval(&assign.value);
                for target in &assign.targets {
                    self.bind(target, value.clone());
                }
            }
            found = visit(self, stmt);
            if found.is_some() {
                break;
            }
        }
        self.env = env;
        found
    }
}

/// The rows of a query of model objects.
fn rows_of(query: &Query, span: Range<usize>) -> Option<Rows> {
    if query.plain_rows || query.counts || query.write.is_some() || query.model.is_empty() {
        return None;
    }
    Some(Rows {
        model: query.model.clone(),
        orm: query.orm,
        loaded: query.loaded.clone(),
        all_selected: query.all_selected,
        span,
    })
}

/// A template name, or a list of names tried in order.
fn template_names(expr: &Expr) -> Vec<String> {
    match expr {
        Expr::List(list) => list.elts.iter().filter_map(string_value).collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().filter_map(string_value).collect(),
        other => string_value(other).into_iter().collect(),
    }
}
