//! ORM code in one module, read with the models learnt from the repository: querysets and
//! query results followed through local variables, the loops over them and what each
//! iteration loads (a relation, a related manager, another query), and whole tables read
//! at once. The walk is shared; what each ORM's methods do is in `django` and `sqlalchemy`.

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Comprehension, Expr, ExprCall, ExprContext, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

mod django;
mod renders;
mod sqlalchemy;

pub use renders::template_renders;

use super::models::{Loading, ModelIndex, Orm, Relation, last_name};
use crate::python::flow::{exit_of, iterates_constants, repeating};
use django::FROM_PREFETCH;

/// A relation loaded once per item of a loop over a query.
#[derive(Debug, Clone)]
pub struct RelationLoad {
    pub span: Range<usize>,
    pub loop_header: Range<usize>,
    pub orm: Orm,
    /// The model the loop iterates, and the relation path from it (`author__publisher`).
    pub model: String,
    pub path: String,
    /// The model whose attribute the relation is (`Author` for `book.author.publisher`).
    pub owner: String,
    pub many: bool,
    /// A related-manager method that queries even when the relation is prefetched.
    pub bypass: Option<String>,
    /// SQLAlchemy `lazy="dynamic"` / `"write_only"`: no loader option helps.
    pub every_access: bool,
    /// Loaded by code of the model that the loop runs: its `__str__` or a property.
    pub through: Option<Through>,
    /// The function of another module whose loop reads it, from rows this call hands it
    /// (`author_names` of `author_names(Book.objects.all())`): the finding is at the call,
    /// `loop_header` is the rows passed.
    pub handed_to: Option<String>,
    /// The object and relation whose related rows the loop iterates (`ticket`,
    /// `checklists` of `for c in ticket.checklists.all()`): the object's own query can
    /// load the path too (`prefetch_related("checklists__tasks")`).
    pub from_object: Option<(String, String)>,
}

/// How a relation is read per item: through a relation to `many` objects, by a manager
/// method that `bypass`es a prefetch, on every access (SQLAlchemy `lazy="dynamic"`), or
/// `through` code of the model.
#[derive(Debug, Default)]
pub struct Read {
    pub many: bool,
    pub bypass: Option<String>,
    pub every_access: bool,
    pub through: Option<Through>,
}

/// Code of the item's model that reads the relation when the loop runs it.
#[derive(Debug, Clone)]
pub enum Through {
    /// `str(item)`, `f"{item}"`, `{{ item }}`: its `__str__`.
    Str(StrCall),
    /// A `ModelChoiceField` (`how`) labelling each choice of its queryset with `__str__`:
    /// declared with its `queryset=`, or `made_for` a foreign key a `ModelForm` names.
    Labels {
        labels: StrCall,
        made_for: Option<String>,
    },
    /// `item.assignee` where the model's `@property assignee` reads the relation: the
    /// property's name.
    Property(String),
}

/// An item turned into text (`str(item)`, `f"{item}"`), which runs its model's `__str__`.
#[derive(Debug, Clone)]
pub struct StrCall {
    /// How: "`str()`", "an f-string"…
    pub how: &'static str,
    /// The relation read in `__str__`, when the model is defined in the same module.
    pub read: Option<Range<usize>>,
}

/// A query run once per item of a loop: `Author.objects.get(pk=i)`, `obj.save()`,
/// `session.get(User, i)`, a queryset iterated per row.
#[derive(Debug, Clone)]
pub struct PerItemQuery {
    pub span: Range<usize>,
    pub loop_header: Range<usize>,
    /// The loop iterates the rows of a query (else ids, parsed rows, any collection).
    pub over_rows: bool,
    pub orm: Orm,
    pub model: String,
    pub what: PerItem,
    /// The model whose own `save()` the write runs, which a bulk write would skip: it
    /// creates or saves objects of a Django model that overrides `save()`.
    pub custom_save: Option<String>,
}

/// What runs once per item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PerItem {
    /// A queryset, `select()` or `session.query()` iterated.
    Iteration,
    /// A Django queryset method that runs a query (`get`, `count`, `create`, `update`…).
    Method(String),
    /// `get()`, `first()`… of one object by a value of the iteration, `key` being the
    /// field it is looked up by (`field` of `get(ticket=ticket, field=field)`); `related`
    /// is the object and relation of a related manager (`ticket`,
    /// `ticketcustomfieldvalue_set`), else the model's own manager.
    Lookup {
        method: String,
        key: String,
        related: Option<(String, String)>,
    },
    /// `obj.save()` / `obj.delete()`; `created` when the object is made in the code
    /// (`Book(…)`), not read from the database.
    InstanceWrite { method: String, created: bool },
    /// A related manager's write, `book.tags.add(tag)`; `per_owner` when the owner is the
    /// loop's own item (each iteration writes another object's links).
    RelatedWrite {
        relation: String,
        method: String,
        owner: String,
        per_owner: bool,
    },
    /// SQLAlchemy `session.get(Model, id)`.
    SessionGet,
    /// A SQLAlchemy statement executed: a `select()` (`counts` for `func.count()`), or
    /// `update()`, `insert()`, `delete()`.
    Statement {
        write: Option<&'static str>,
        counts: bool,
    },
    /// `session.add(obj)` then `session.flush()` / `commit()` in the same iteration.
    Flush { session: String, method: String },
}

/// A whole table read at once: no filter, no limit, not streamed.
#[derive(Debug, Clone)]
pub struct WholeTable {
    pub span: Range<usize>,
    pub orm: Orm,
    /// The model, or for one chosen at run time the variable that holds it.
    pub model: String,
    pub table: Option<String>,
    /// The model is chosen at run time (`for model in apps.get_models()`).
    pub runtime: bool,
    /// The model is reference data (`ModelIndex::is_reference_data`): small by nature.
    pub reference: bool,
}

/// A Django queryset read whole whose only filters pin model fields to one value each
/// (`filter(status="open")`): as many rows as match, which only the planner can tell.
#[derive(Debug, Clone)]
pub struct EqualityRead {
    pub span: Range<usize>,
    pub model: String,
    pub table: String,
    /// The filtered fields (`status`) and their columns, in order.
    pub fields: Vec<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Default)]
pub struct OrmFacts {
    pub loads: Vec<RelationLoad>,
    pub per_item: Vec<PerItemQuery>,
    pub whole_tables: Vec<WholeTable>,
    pub equality_reads: Vec<EqualityRead>,
}

/// A queryset, `select()` or `session.query()` being built, or the rows it returned.
#[derive(Clone, Debug)]
struct Query {
    model: String,
    orm: Orm,
    /// Relation paths loaded with the rows (`select_related`, `prefetch_related`, loader
    /// options).
    loaded: Vec<String>,
    /// `select_related()` without arguments: every forward single relation.
    all_selected: bool,
    /// `values()` / `values_list()`: rows are dicts or tuples, not models.
    plain_rows: bool,
    /// Filtered, limited, sliced or streamed: not a whole-table read.
    bounded: bool,
    /// The fields Django `filter()`s pin to one value each, when nothing else bounds it.
    equal: Vec<String>,
    /// Already evaluated (`.all()` in SQLAlchemy, `list(qs)`): iterating reads nothing more.
    evaluated: bool,
    /// SQLAlchemy `update()`, `insert()`, `delete()`: a write, not rows.
    write: Option<&'static str>,
    /// Filtered on a list of keys (`pk__in=chunk`, `X.id.in_(ids)`) or sliced (`qs[:500]`):
    /// run once per chunk or page, the batched form itself.
    batched: bool,
    /// `select(func.count(…))`: a count, not model rows.
    counts: bool,
    /// Of a model chosen at run time, named by the variable in `model`: a loop over models
    /// runs one query per table, which no single query replaces.
    runtime: bool,
    /// The related manager of one object it starts from (`ticket`, `checklists` of
    /// `ticket.checklists.all()`), an object no loop of the module yields.
    related: Option<(String, String)>,
    /// Still the related manager itself (`ticket.checklists`), which yields rows only once
    /// a method makes it a queryset: iterated bare, the attribute is no manager.
    manager: bool,
    /// Handed by a caller to the function of another module being read (see `Handed`).
    handed: bool,
}

impl Query {
    fn new(model: &str, orm: Orm) -> Self {
        Self {
            model: model.to_string(),
            orm,
            loaded: Vec::new(),
            all_selected: false,
            plain_rows: false,
            bounded: false,
            equal: Vec::new(),
            evaluated: false,
            write: None,
            batched: false,
            counts: false,
            runtime: false,
            related: None,
            manager: false,
            handed: false,
        }
    }
}

/// An item of a loop over a query: a model instance reached by `path` from the loop's rows.
#[derive(Clone, Debug)]
struct Item {
    query: Query,
    model: String,
    path: String,
    header: Range<usize>,
    /// The foreign key back to the object whose related rows these are (`review.book` of
    /// `book.review_set`): Django hands each row that object, so reading it is no query.
    back: Option<String>,
}

impl Item {
    fn child(&self, relation: &str, target: &Relation) -> Item {
        Item {
            query: self.query.clone(),
            model: target.target.clone(),
            path: join(&self.path, relation),
            header: self.header.clone(),
            back: target.reverse_of.clone(),
        }
    }

    fn covers(&self, path: &str, many: bool) -> bool {
        self.query.covers(path, many)
    }
}

impl Query {
    /// Whether the query loads `path` with the rows. `*` is every relation: Django's
    /// `fetch_mode(FETCH_PEERS)` (or `RAISE`), SQLAlchemy's `raiseload("*")`.
    fn covers(&self, path: &str, many: bool) -> bool {
        super::loads(&self.loaded, self.all_selected, path, many)
    }
}

#[derive(Clone, Debug)]
enum Tracked {
    Query(Query),
    Item(Item),
    /// One model object outside a loop over rows: made in the code (`Book(…)`, `created`)
    /// or read (`Book.objects.get(…)`).
    Instance {
        model: String,
        orm: Orm,
        created: bool,
        /// The relation paths its query loaded (`prefetch_related("checklists__tasks")`
        /// before `get()`).
        loaded: Vec<String>,
    },
    /// A model class chosen at run time: `model` in `for model in apps.get_models()`.
    RuntimeModel,
    /// An instance of a project class that is no model (`HelpdeskUser(user)`), by the
    /// dotted path of its class: its methods may return querysets.
    Object(String),
}

/// A loop (or comprehension) around the code being read.
#[derive(Clone, Debug)]
struct Frame {
    header: Range<usize>,
    /// It iterates the rows of a query.
    over_rows: bool,
    /// A `while` loop: it may repeat until a query's answer lets it stop.
    retries: bool,
    /// The names the loop binds (`chunk` in `for chunk in chunks`).
    targets: Vec<String>,
    /// The names its body binds: values computed anew in each iteration.
    bound: Vec<String>,
    /// Sessions an object was `add()`ed to in this iteration, with the `if` depth of the add.
    added: Vec<(String, usize)>,
}

/// Where the project functions a module's code calls are defined, so that a queryset one
/// returns (`recent_books()`, `book.siblings()`) is the query of the loop over its result.
pub trait Definitions {
    /// The function `func` names: one of this module's, or one it imports.
    fn function(&self, func: &Expr) -> Option<&StmtFunctionDef>;
    /// This module's own top-level function `name`.
    fn local(&self, name: &str) -> Option<&StmtFunctionDef>;
    /// Method `name` of the model class `model`, as the module sees the class.
    fn method(&self, model: &str, name: &str) -> Option<&StmtFunctionDef>;
    /// The dotted path of the project class (not a model) that `func` names.
    fn class(&self, func: &Expr) -> Option<String>;
    /// Method `name` of the project class at dotted `path`.
    fn class_method(&self, path: &str, name: &str) -> Option<&StmtFunctionDef>;
}

/// How many helpers deep a returned queryset is followed (`a()` returning `b()`…).
const MAX_HELPER_DEPTH: usize = 3;

/// Reads a module's ORM code; `definitions` finds the project functions it calls.
pub fn orm_facts(body: &[Stmt], index: &ModelIndex, definitions: &dyn Definitions) -> OrmFacts {
    let mut walker = Walker::new(index);
    walker.definitions = Some(definitions);
    walker.str_reads = django::str_reads(body, index);
    walker.visit_body(body);
    walker.facts
}

struct Walker<'i> {
    index: &'i ModelIndex,
    env: FxHashMap<String, Tracked>,
    /// How many loops deep each name of `env` was bound.
    bound_in: FxHashMap<String, usize>,
    /// The loops around the current code that repeat it, innermost last; loops over literal
    /// constants are not among them.
    loops: Vec<Frame>,
    /// How many `if` blocks deep the current code is.
    ifs: usize,
    facts: OrmFacts,
    /// (span start, what) already reported, so a value seen twice is reported once.
    reported: FxHashSet<(usize, String)>,
    /// The views' renders, when they are looked for.
    views: Option<renders::Views>,
    /// Calls of a method chain that a later call of it filters by a value of the current
    /// iteration (`rel.filter(…).filter(at__lte=cutoff)`, `cutoff` computed from the item).
    per_iteration_chains: FxHashSet<Range<usize>>,
    /// The relation read in `__str__` of each model this module defines that reads one.
    str_reads: FxHashMap<String, Range<usize>>,
    /// The Django models of the classes around the current code, innermost last (`None`
    /// for a class that is no model).
    classes: Vec<Option<String>>,
    definitions: Option<&'i dyn Definitions>,
    /// How many helpers deep this walker reads a returned queryset.
    depth: usize,
    /// Rows a call of this module hands to the function of another module being read.
    handed: Option<Handed>,
}

/// A call handing rows to a function of another module (`author_names(Book.objects.all())`):
/// what that function's loops read of them is reported at the call, since a check of this
/// module reports nothing in the other.
struct Handed {
    /// The callee, as the call names it.
    call: Range<usize>,
    rows: Range<usize>,
    callee: String,
}

impl<'i> Walker<'i> {
    fn new(index: &'i ModelIndex) -> Self {
        Self {
            index,
            env: FxHashMap::default(),
            bound_in: FxHashMap::default(),
            loops: Vec::new(),
            ifs: 0,
            facts: OrmFacts::default(),
            reported: FxHashSet::default(),
            views: None,
            per_iteration_chains: FxHashSet::default(),
            str_reads: FxHashMap::default(),
            classes: Vec::new(),
            definitions: None,
            depth: 0,
            handed: None,
        }
    }

    /// The queryset a project function returns (its last `return`), read with what its
    /// body binds before it; `owner` is a method's `self`.
    fn returned_query(
        &self,
        function: &StmtFunctionDef,
        owner: Option<Tracked>,
    ) -> Option<Tracked> {
        if self.depth >= MAX_HELPER_DEPTH {
            return None;
        }
        let at = function
            .body
            .iter()
            .rposition(|stmt| matches!(stmt, Stmt::Return(_)))?;
        let Stmt::Return(returned) = &function.body[at] else {
            return None;
        };
        let mut inner = Walker::new(self.index);
        inner.definitions = self.definitions;
        inner.depth = self.depth + 1;
        if let Some(owner) = owner {
            inner.env.insert("self".to_string(), owner);
        }
        inner.visit_body(&function.body[..at]);
        match inner.eval(returned.value.as_deref()?)? {
            Tracked::Query(query) if query.write.is_none() => Some(Tracked::Query(query)),
            _ => None,
        }
    }

    /// `summarise(Ticket.objects.filter(…))`: the body of a function of this module reads
    /// the rows as it would its own query's, its findings in this module too. A function
    /// of another module (`reports.author_names(…)`) reads them the same way, its reads of
    /// those rows reported at the call.
    fn passed_rows(&mut self, call: &ExprCall) {
        if self.depth >= MAX_HELPER_DEPTH || self.views.is_some() || self.handed.is_some() {
            return;
        }
        let Some(definitions) = self.definitions else {
            return;
        };
        let local = match &*call.func {
            Expr::Name(name) => definitions.local(name.id.as_str()),
            _ => None,
        };
        let (function, foreign) = match local {
            Some(function) => (function, false),
            None => match definitions.function(&call.func) {
                Some(function) => (function, true),
                None => return,
            },
        };
        let parameters = &function.parameters;
        let positional = parameters.posonlyargs.iter().chain(&parameters.args);
        let mut rows = None;
        let bound: Vec<(String, Tracked)> = positional
            .zip(&call.arguments.args)
            .filter_map(|(parameter, arg)| match self.eval(arg)? {
                Tracked::Query(mut query) => {
                    query.handed = foreign;
                    rows.get_or_insert_with(|| range(arg));
                    Some((
                        parameter.parameter.name.id.to_string(),
                        Tracked::Query(query),
                    ))
                }
                _ => None,
            })
            .collect();
        let Some(rows) = rows else {
            return;
        };
        let env = std::mem::replace(&mut self.env, bound.into_iter().collect());
        let loops = std::mem::take(&mut self.loops);
        self.depth += 1;
        if foreign {
            let callee = crate::python::module::written_path(&call.func).unwrap_or_default();
            self.handed = Some(Handed {
                call: range(&*call.func),
                rows,
                callee,
            });
            // Its names are its module's, not this one's: its own calls are not followed,
            // and only its reads of the rows handed to it are kept (at the call). What it
            // notes by its own offsets is forgotten with its other findings.
            self.definitions = None;
            let facts = std::mem::take(&mut self.facts);
            let reported = std::mem::take(&mut self.reported);
            let chains = std::mem::take(&mut self.per_iteration_chains);
            self.visit_body(&function.body);
            let read = std::mem::replace(&mut self.facts, facts);
            self.reported = reported;
            self.per_iteration_chains = chains;
            for load in read.loads.into_iter().filter(|l| l.handed_to.is_some()) {
                if self
                    .reported
                    .insert((load.loop_header.start, load.path.clone()))
                {
                    self.facts.loads.push(load);
                }
            }
            self.definitions = Some(definitions);
            self.handed = None;
        } else {
            self.visit_body(&function.body);
        }
        self.depth -= 1;
        self.env = env;
        self.loops = loops;
    }

    /// The query a Django manager starts (`Book.objects`, `Book._meta.default_manager`,
    /// `Post.published`), with the relation paths its `get_queryset()` loads.
    fn manager_query(&self, manager: &ruff_python_ast::ExprAttribute) -> Option<Query> {
        let (model, loads) = match managed_model(manager) {
            Some(model) => {
                let model = self.model_named(model, Orm::Django)?;
                let loads = self.index.manager_loads(&model);
                (model, loads)
            }
            None => {
                let name = manager.attr.id.as_str();
                let model = self
                    .model_named(&manager.value, Orm::Django)
                    .filter(|model| self.index.has_manager(model, name))?;
                let loads = self.index.loads_of(&model, name);
                (model, loads)
            }
        };
        let mut query = Query::new(&model, Orm::Django);
        query.loaded.extend(loads.iter().cloned());
        Some(query)
    }

    /// `recent_books()`, `queries.recent_books()`: what a project function returns.
    fn helper_call(&self, call: &ExprCall) -> Option<Tracked> {
        let function = self.definitions?.function(&call.func)?;
        self.returned_query(function, None)
    }
}

impl<'a> Visitor<'a> for Walker<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(function) => {
                let env = std::mem::take(&mut self.env);
                let loops = std::mem::take(&mut self.loops);
                let locals = self.enter_function();
                self.visit_body(&function.body);
                self.leave_function(locals);
                self.env = env;
                self.loops = loops;
            }
            Stmt::ClassDef(class) => {
                if self.views.is_some() {
                    self.class_view(class);
                } else {
                    self.model_form_choices(class);
                }
                let name = class.name.id.as_str();
                let model = self
                    .index
                    .get(name)
                    .filter(|m| m.orm == Orm::Django)
                    .map(|_| name.to_string());
                self.classes.push(model);
                visitor::walk_stmt(self, stmt);
                self.classes.pop();
            }
            Stmt::AugAssign(assign) => {
                visitor::walk_stmt(self, stmt);
                if let Expr::Name(name) = &*assign.target {
                    self.note_bound(name.id.as_str());
                }
            }
            Stmt::Assign(assign) => {
                self.visit_expr(&assign.value);
                let value = self.eval(&assign.value);
                for target in &assign.targets {
                    self.bind(target, value.clone());
                }
                self.remember(assign);
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.visit_expr(value);
                    let value = self.eval(value);
                    self.bind(&assign.target, value);
                }
            }
            Stmt::For(for_stmt) => {
                self.visit_expr(&for_stmt.iter);
                let header = range(&*for_stmt.target).start..range(&*for_stmt.iter).end;
                let item = self.iterate(&for_stmt.iter, header.clone());
                let frame = frame(&for_stmt.iter, &for_stmt.target, header, item.is_some());
                self.bind_item(&for_stmt.target, item);
                self.bind_models(&for_stmt.target, &for_stmt.iter);
                let depth = self.loops.len();
                self.loops.extend(frame);
                self.visit_leaving(&for_stmt.body);
                self.loops.truncate(depth);
                self.visit_body(&for_stmt.orelse);
            }
            Stmt::While(while_stmt) => {
                self.visit_expr(&while_stmt.test);
                self.truth_test(&while_stmt.test);
                let depth = self.loops.len();
                self.loops.push(Frame {
                    header: range(while_stmt).start..range(&*while_stmt.test).end,
                    over_rows: false,
                    retries: true,
                    targets: Vec::new(),
                    bound: Vec::new(),
                    added: Vec::new(),
                });
                self.visit_leaving(&while_stmt.body);
                self.loops.truncate(depth);
                self.visit_body(&while_stmt.orelse);
            }
            Stmt::If(if_stmt) => {
                // `while True: code = new(); if not X.objects.filter(code=code).exists():
                // return code`: a retry until the test passes, not a query per item.
                let retry = self.loops.last().is_some_and(|f| f.retries)
                    && exit_of(&if_stmt.body).is_some();
                if retry {
                    let outer = self
                        .loops
                        .split_off(repeating(self.loops.len(), exit_of(&if_stmt.body)));
                    self.visit_expr(&if_stmt.test);
                    self.loops.extend(outer);
                } else {
                    self.visit_expr(&if_stmt.test);
                }
                self.truth_test(&if_stmt.test);
                self.ifs += 1;
                self.visit_leaving(&if_stmt.body);
                for clause in &if_stmt.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.visit_expr(test);
                        self.truth_test(test);
                    }
                    self.visit_leaving(&clause.body);
                }
                self.ifs -= 1;
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.str_conversions(expr);
        match expr {
            Expr::ListComp(comp) => self.comprehension(&comp.generators, &[&comp.elt]),
            Expr::SetComp(comp) => self.comprehension(&comp.generators, &[&comp.elt]),
            Expr::Generator(comp) => self.comprehension(&comp.generators, &[&comp.elt]),
            Expr::DictComp(comp) => {
                let results: Vec<&Expr> = comp
                    .key
                    .as_deref()
                    .into_iter()
                    .chain([&*comp.value])
                    .collect();
                self.comprehension(&comp.generators, &results);
            }
            Expr::Call(call) => {
                self.note_per_iteration_chain(call);
                self.render_call(call);
                self.choice_labels(call);
                self.passed_rows(call);
                self.loop_call(call);
                self.prefetch_related_objects(call);
                if evaluates(call) {
                    // Records the whole-table read, wherever the result goes.
                    self.eval_call(call);
                }
                visitor::walk_expr(self, expr);
            }
            Expr::Attribute(attr) if attr.ctx == ExprContext::Load => {
                self.relation_access(attr);
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

impl Walker<'_> {
    /// A block that may end by leaving loops: before a last `break` the innermost loop
    /// runs it once, before a `return` or `raise` every loop does.
    fn visit_leaving(&mut self, body: &[Stmt]) {
        let outer = self
            .loops
            .split_off(repeating(self.loops.len(), exit_of(body)));
        self.visit_body(body);
        self.loops.extend(outer);
    }

    /// Records a query run once per iteration of the innermost loop.
    fn per_item(&mut self, span: Range<usize>, orm: Orm, model: &str, what: PerItem) {
        let Some(frame) = self.loops.last() else {
            return;
        };
        if !self.reported.insert((span.start, "per-item".into())) {
            return;
        }
        let custom_save = self
            .saved_model(model, &what)
            .filter(|saved| self.index.get(saved).is_some_and(|m| m.custom_save));
        self.facts.per_item.push(PerItemQuery {
            span,
            loop_header: frame.header.clone(),
            over_rows: frame.over_rows,
            orm,
            model: model.to_string(),
            what,
            custom_save,
        });
    }

    /// The model whose objects a write creates or saves: `Model.objects.create()`,
    /// `obj.save()`, or the related model of `owner.rel.create()`.
    fn saved_model(&self, model: &str, what: &PerItem) -> Option<String> {
        const CREATES: [&str; 3] = ["create", "get_or_create", "update_or_create"];
        match what {
            PerItem::Method(method) if CREATES.contains(&method.as_str()) => Some(model.into()),
            PerItem::InstanceWrite { method, .. } if method == "save" => Some(model.into()),
            PerItem::RelatedWrite {
                relation, method, ..
            } if CREATES.contains(&method.as_str()) => self
                .index
                .get(model)
                .and_then(|m| m.relations.get(relation))
                .map(|r| r.target.clone()),
            _ => None,
        }
    }

    /// A name bound in the body of every loop around the code.
    fn note_bound(&mut self, name: &str) {
        for frame in &mut self.loops {
            frame.bound.push(name.to_string());
        }
    }

    /// A call of a method chain, seen before the calls it is made on: when its arguments
    /// read a value of the innermost loop's iteration, it and those calls are noted as
    /// filtered per item.
    fn note_per_iteration_chain(&mut self, call: &ExprCall) {
        let Some(frame) = self.loops.last() else {
            return;
        };
        let per_iteration =
            |name: &String| frame.targets.contains(name) || frame.bound.contains(name);
        let reads_iteration = call
            .arguments
            .args
            .iter()
            .chain(call.arguments.keywords.iter().map(|k| &k.value))
            .any(|arg| names_in(arg).iter().any(per_iteration));
        if !reads_iteration {
            return;
        }
        self.per_iteration_chains.insert(range(call));
        let mut receiver = &*call.func;
        while let Expr::Attribute(method) = receiver
            && let Expr::Call(inner) = &*method.value
        {
            self.per_iteration_chains.insert(range(inner));
            receiver = &*inner.func;
        }
    }

    fn bind(&mut self, target: &Expr, value: Option<Tracked>) {
        match (target, value) {
            (Expr::Name(name), Some(value)) => {
                self.note_bound(name.id.as_str());
                self.env.insert(name.id.to_string(), value);
                self.bound_in.insert(name.id.to_string(), self.loops.len());
            }
            (Expr::Name(name), None) => {
                self.note_bound(name.id.as_str());
                self.env.remove(name.id.as_str());
            }
            (Expr::Tuple(tuple), _) => {
                for element in &tuple.elts {
                    self.bind(element, None);
                }
            }
            _ => {}
        }
    }

    /// Binds a loop target: the item itself, or the second name of `for i, x in enumerate(…)`.
    fn bind_item(&mut self, target: &Expr, item: Option<Item>) {
        match (target, item) {
            (Expr::Tuple(tuple), Some(item)) if tuple.elts.len() == 2 => {
                self.bind(&tuple.elts[0], None);
                self.bind(&tuple.elts[1], Some(Tracked::Item(item)));
            }
            (target, item) => self.bind(target, item.map(Tracked::Item)),
        }
    }

    fn comprehension<'a>(&mut self, generators: &'a [Comprehension], results: &[&'a Expr]) {
        let saved = self.env.clone();
        let depth = self.loops.len();
        for generator in generators {
            self.visit_expr(&generator.iter);
            let header = range(&generator.target).start..range(&generator.iter).end;
            let item = self.iterate(&generator.iter, header.clone());
            self.loops.extend(frame(
                &generator.iter,
                &generator.target,
                header,
                item.is_some(),
            ));
            self.bind_item(&generator.target, item);
            self.bind_models(&generator.target, &generator.iter);
            for condition in &generator.ifs {
                self.visit_expr(condition);
            }
        }
        for result in results {
            self.visit_expr(result);
        }
        self.loops.truncate(depth);
        self.env = saved;
    }

    /// What a loop over `iter` yields, recording a whole-table read when it evaluates one.
    fn iterate(&mut self, iter: &Expr, header: Range<usize>) -> Option<Item> {
        let iter = match iter {
            Expr::Call(call)
                if last_name(&call.func) == Some("enumerate")
                    && !call.arguments.args.is_empty() =>
            {
                &call.arguments.args[0]
            }
            other => other,
        };
        if chooses_models(iter) {
            return None;
        }
        match self.eval(iter)? {
            Tracked::Query(query) if query.manager => None,
            Tracked::Query(query) => {
                self.evaluated(&query, range(iter));
                // A fresh query iterated inside a loop: one query per item. A Django
                // queryset bound before the loop reads its rows once and keeps them.
                let cached = query.orm == Orm::Django
                    && matches!(iter, Expr::Name(name) if self.bound_in.get(name.id.as_str()).is_some_and(|&depth| depth < self.loops.len()));
                if !query.evaluated
                    && !query.model.is_empty()
                    && !query.batched
                    && !query.runtime
                    && !cached
                {
                    self.per_item(range(iter), query.orm, &query.model, PerItem::Iteration);
                }
                if query.plain_rows || query.counts || query.write.is_some() {
                    return None;
                }
                let model = query.model.clone();
                Some(Item {
                    query,
                    model,
                    path: String::new(),
                    header,
                    back: None,
                })
            }
            // `for t in book.tags.all()`: the items of a relation of an item.
            Tracked::Item(item) => Some(Item { header, ..item }),
            Tracked::Instance { .. } | Tracked::RuntimeModel | Tracked::Object(_) => None,
        }
    }

    /// `if qs:`, `not qs`: a Django queryset's truth reads every row into its cache
    /// (`exists()` asks for one); the cache then serves what follows.
    fn truth_test(&mut self, test: &Expr) {
        match test {
            Expr::UnaryOp(unary) if unary.op == ruff_python_ast::UnaryOp::Not => {
                self.truth_test(&unary.operand);
            }
            Expr::BoolOp(both) => {
                for value in &both.values {
                    self.truth_test(value);
                }
            }
            Expr::Name(_) | Expr::Attribute(_) | Expr::Call(_) => {
                let Some(Tracked::Query(mut query)) = self.eval(test) else {
                    return;
                };
                if query.orm != Orm::Django {
                    return;
                }
                self.evaluated(&query, range(test));
                if let Expr::Name(name) = test {
                    query.evaluated = true;
                    self.env.insert(name.id.to_string(), Tracked::Query(query));
                }
            }
            _ => {}
        }
    }

    /// `for model in apps.get_models()`: the target holds a model chosen at run time.
    fn bind_models(&mut self, target: &Expr, iter: &Expr) {
        if chooses_models(iter) {
            self.bind(target, Some(Tracked::RuntimeModel));
        }
    }

    /// `model.objects` or `model._default_manager` of a model chosen at run time: a
    /// queryset of the table it names.
    fn runtime_manager(&mut self, manager: &ruff_python_ast::ExprAttribute) -> Option<Query> {
        let Expr::Name(variable) = &*manager.value else {
            return None;
        };
        if !RUNTIME_MANAGERS.contains(&manager.attr.id.as_str())
            || !matches!(
                self.env.get(variable.id.as_str()),
                Some(Tracked::RuntimeModel)
            )
        {
            return None;
        }
        let mut query = Query::new(variable.id.as_str(), Orm::Django);
        query.runtime = true;
        Some(query)
    }

    /// Records a whole-table read when `query` is evaluated unbounded.
    fn evaluated(&mut self, query: &Query, span: Range<usize>) {
        if query.bounded || query.evaluated || query.write.is_some() || query.model.is_empty() {
            return;
        }
        if !query.equal.is_empty() {
            self.equality_read(query, span);
            return;
        }
        if self.reported.insert((span.start, "whole-table".into())) {
            let table = self.index.get(&query.model).and_then(|m| m.table.clone());
            self.facts.whole_tables.push(WholeTable {
                span,
                orm: query.orm,
                model: query.model.clone(),
                table: table.filter(|_| !query.runtime),
                runtime: query.runtime,
                reference: !query.runtime && self.index.is_reference_data(&query.model),
            });
        }
    }

    /// Records a read of the rows a Django queryset's equality filters match, when the
    /// model index knows its table, every field's column, and that its `objects` manager
    /// is Django's own (a custom one may filter more).
    fn equality_read(&mut self, query: &Query, span: Range<usize>) {
        let Some(model) = self.index.get(&query.model) else {
            return;
        };
        let (Some(table), None) = (&model.table, &model.manager) else {
            return;
        };
        let columns: Option<Vec<String>> = query
            .equal
            .iter()
            .map(|field| model.columns.get(field).cloned())
            .collect();
        if let Some(columns) = columns
            && !query.runtime
            && self.reported.insert((span.start, "equality-read".into()))
        {
            self.facts.equality_reads.push(EqualityRead {
                span,
                model: query.model.clone(),
                table: table.clone(),
                fields: query.equal.clone(),
                columns,
            });
        }
    }

    /// The ORM value of an expression, if it is one this module tracks.
    fn eval(&mut self, expr: &Expr) -> Option<Tracked> {
        match expr {
            Expr::Name(name) => self.env.get(name.id.as_str()).cloned(),
            Expr::Attribute(attr) => {
                // `Book.query` (Flask-SQLAlchemy) and relations of items.
                if attr.attr.id.as_str() == "query"
                    && let Some(model) = self.model_named(&attr.value, Orm::SqlAlchemy)
                {
                    return Some(Tracked::Query(Query::new(&model, Orm::SqlAlchemy)));
                }
                if let Some(query) = self.related_manager(attr) {
                    return Some(Tracked::Query(query));
                }
                let Some(Tracked::Item(item)) = self.eval(&attr.value) else {
                    return None;
                };
                let relation = self
                    .index
                    .get(&item.model)?
                    .relations
                    .get(attr.attr.id.as_str())?;
                Some(Tracked::Item(item.child(attr.attr.id.as_str(), relation)))
            }
            Expr::Subscript(subscript) => match self.eval(&subscript.value)? {
                Tracked::Query(mut query) => {
                    let whole = matches!(&*subscript.slice, Expr::Slice(s) if s.lower.is_none() && s.upper.is_none());
                    query.bounded |= !whole;
                    query.batched |= !whole;
                    Some(Tracked::Query(query))
                }
                Tracked::Item(_)
                | Tracked::Instance { .. }
                | Tracked::RuntimeModel
                | Tracked::Object(_) => None,
            },
            Expr::Call(call) => self.eval_call(call),
            _ => None,
        }
    }

    fn eval_call(&mut self, call: &ExprCall) -> Option<Tracked> {
        let args = &call.arguments.args;
        if let Expr::Name(function) = &*call.func {
            return match function.id.as_str() {
                "list" | "tuple" | "sorted" | "set" | "len" | "bool" => {
                    let Some(Tracked::Query(mut query)) = self.eval(args.first()?) else {
                        return None;
                    };
                    self.evaluated(&query, range(call));
                    query.evaluated = true;
                    (!matches!(function.id.as_str(), "len" | "bool"))
                        .then_some(Tracked::Query(query))
                }
                "select" => self.select_of(args),
                "update" | "insert" | "delete" => self.write_of(function.id.as_str(), args),
                _ if let Some(query) = self.helper_call(call) => Some(query),
                _ if let Some(class) = self
                    .definitions
                    .and_then(|d| d.class(&call.func))
                    .filter(|_| self.model_named(&call.func, Orm::Django).is_none()) =>
                {
                    Some(Tracked::Object(class))
                }
                // `Book(title=…)`: a new object, not yet in the database.
                _ => {
                    let model = self.model_named(&call.func, Orm::Django)?;
                    Some(Tracked::Instance {
                        model,
                        orm: Orm::Django,
                        created: true,
                        loaded: Vec::new(),
                    })
                }
            };
        }
        let Expr::Attribute(method) = &*call.func else {
            return None;
        };
        let name = method.attr.id.as_str();
        // `super().get_queryset()` in a class-based view's override: the view's queryset.
        if name == "get_queryset"
            && let Some(base) = self.views.as_ref().and_then(|v| v.base.clone())
        {
            return Some(Tracked::Query(base));
        }
        // Roots: `Book.objects`, `session.query(Book)`, `select(Book)`, `sa.select(Book)`.
        if let Expr::Attribute(manager) = &*method.value
            && let Some(query) = self.runtime_manager(manager)
        {
            return self.query_method(query, name, call);
        }
        if let Expr::Attribute(manager) = &*method.value
            && let Some(query) = self.manager_query(manager)
        {
            return self.query_method(query, name, call);
        }
        match name {
            "query" => {
                let model = self.model_named(args.first()?, Orm::SqlAlchemy)?;
                return Some(Tracked::Query(Query::new(&model, Orm::SqlAlchemy)));
            }
            "select" => return self.select_of(args),
            "update" | "insert" | "delete"
                if matches!(&*method.value, Expr::Name(_) | Expr::Attribute(_))
                    && self.eval(&method.value).is_none() =>
            {
                return self.write_of(name, args);
            }
            "scalars" | "execute" if !args.is_empty() => {
                return match self.eval(&args[0])? {
                    Tracked::Query(query) if query.orm == Orm::SqlAlchemy => {
                        Some(Tracked::Query(query))
                    }
                    _ => None,
                };
            }
            _ => {}
        }
        let Some(receiver) = self.eval(&method.value) else {
            return self.helper_call(call);
        };
        match receiver {
            Tracked::Query(query) => self.query_method(query, name, call),
            // `book.tags.all()`: the related rows, loaded with the item or not.
            Tracked::Item(item) if FROM_PREFETCH.contains(&name) || name == "iterator" => {
                Some(Tracked::Item(item))
            }
            // `book.siblings()`: a queryset a method of the model returns.
            Tracked::Item(Item { model, .. }) | Tracked::Instance { model, .. } => {
                let method = self.definitions?.method(&model, name)?;
                let owner = Tracked::Instance {
                    model,
                    orm: Orm::Django,
                    created: false,
                    loaded: Vec::new(),
                };
                self.returned_query(method, Some(owner))
            }
            // `HelpdeskUser(user).accessible_tickets()`: a project class's method.
            Tracked::Object(class) => {
                let method = self.definitions?.class_method(&class, name)?;
                self.returned_query(method, Some(Tracked::Object(class)))
            }
            Tracked::RuntimeModel => None,
        }
    }

    /// A method called on a query: one that keeps its rows, one that bounds them, else
    /// what the query's ORM makes of it.
    fn query_method(&mut self, mut query: Query, name: &str, call: &ExprCall) -> Option<Tracked> {
        query.manager = false;
        let (chain, filters) = match query.orm {
            Orm::Django => (django::CHAIN, django::FILTERS),
            Orm::SqlAlchemy => (sqlalchemy::CHAIN, sqlalchemy::FILTERS),
        };
        let equalities = (query.orm == Orm::Django && name == "filter" && !query.bounded)
            .then(|| django::plain_equalities(call))
            .flatten();
        if let Some(fields) = equalities {
            query.equal.extend(fields);
        } else if filters.contains(&name) {
            query.bounded = true;
            let targets = self.loops.last().map_or(&[][..], |f| &f.targets[..]);
            query.batched |= on_a_list_of_keys(call, targets);
        } else if !chain.contains(&name) {
            return match query.orm {
                Orm::Django => self.django_method(query, name, call),
                Orm::SqlAlchemy => self.sqlalchemy_method(query, name, call),
            };
        }
        Some(Tracked::Query(query))
    }

    /// A model of `orm` named by the expression (`Book`, `models.Book`).
    fn model_named(&self, expr: &Expr, orm: Orm) -> Option<String> {
        if !matches!(expr, Expr::Name(_) | Expr::Attribute(_)) {
            return None;
        }
        let name = last_name(expr)?;
        (self.index.get(name)?.orm == orm).then(|| name.to_string())
    }

    /// Calls inside a loop that run a query each time.
    fn loop_call(&mut self, call: &ExprCall) {
        if self.loops.is_empty() {
            return;
        }
        self.django_loop_call(call);
        self.sqlalchemy_loop_call(call);
    }

    /// `book.author` inside a loop: a query per item unless the query loaded it.
    fn relation_access(&mut self, attr: &ruff_python_ast::ExprAttribute) {
        if self.loops.is_empty() {
            return;
        }
        let Some(Tracked::Item(item)) = self.eval(&attr.value) else {
            return;
        };
        let Some(model) = self.index.get(&item.model) else {
            return;
        };
        let name = attr.attr.id.as_str();
        let Some(relation) = model.relations.get(name) else {
            // `ticket.assignee_name`: a property of the model that reads a relation.
            if let Some(relation) = model
                .property_relations
                .get(name)
                .filter(|_| model.orm == Orm::Django)
            {
                let path = join(&item.path, relation);
                if !item.covers(&path, false) {
                    let read = Read {
                        through: Some(Through::Property(name.to_string())),
                        ..Read::default()
                    };
                    self.load(&item, path, range(attr), read);
                }
            }
            return;
        };
        // A Django related manager queries only when a method is called on it.
        if model.orm == Orm::Django
            && (relation.many || item.back.as_deref() == Some(attr.attr.id.as_str()))
        {
            return;
        }
        let path = join(&item.path, attr.attr.id.as_str());
        let (many, loading) = (relation.many, relation.loading);
        match loading {
            Loading::Eager | Loading::Never => {}
            Loading::EveryAccess => {
                let read = Read {
                    many,
                    every_access: true,
                    ..Read::default()
                };
                self.load(&item, path, range(attr), read);
            }
            Loading::Lazy if item.covers(&path, many) => {}
            Loading::Lazy => {
                let read = Read {
                    many,
                    ..Read::default()
                };
                self.load(&item, path, range(attr), read);
            }
        }
    }

    /// Records a relation read per item, once per loop and path; in a function of another
    /// module, only a read of the rows handed to it, at the call.
    fn load(&mut self, item: &Item, path: String, span: Range<usize>, read: Read) {
        let (span, loop_header, handed_to) = match &self.handed {
            None => (span, item.header.clone(), None),
            Some(_) if !item.query.handed => return,
            Some(handed) => (
                handed.call.clone(),
                handed.rows.clone(),
                Some(handed.callee.clone()),
            ),
        };
        if !self.reported.insert((loop_header.start, path.clone())) {
            return;
        }
        self.facts.loads.push(RelationLoad {
            span,
            loop_header,
            orm: item.query.orm,
            model: item.query.model.clone(),
            path,
            owner: item.model.clone(),
            many: read.many,
            bypass: read.bypass,
            every_access: read.every_access,
            through: read.through,
            from_object: item.query.related.clone(),
            handed_to,
        });
    }
}

/// The managers generic code reaches a model's rows through.
const RUNTIME_MANAGERS: [&str; 3] = ["objects", "_default_manager", "_base_manager"];

/// The model whose rows a manager reads: `Book` of `Book.objects`, `Book._default_manager`
/// and `Book._meta.default_manager`.
fn managed_model(manager: &ruff_python_ast::ExprAttribute) -> Option<&Expr> {
    let name = manager.attr.id.as_str();
    if RUNTIME_MANAGERS.contains(&name) {
        return Some(&manager.value);
    }
    match &*manager.value {
        Expr::Attribute(meta)
            if meta.attr.id.as_str() == "_meta"
                && matches!(name, "default_manager" | "base_manager") =>
        {
            Some(&meta.value)
        }
        _ => None,
    }
}

/// `apps.get_models()`, `app_config.get_models()`: every model class, one at a time.
fn chooses_models(iter: &Expr) -> bool {
    matches!(iter, Expr::Call(call) if matches!(&*call.func, Expr::Attribute(m) if m.attr.id.as_str() == "get_models"))
}

/// Calls that read every row of the query they are given.
fn evaluates(call: &ExprCall) -> bool {
    match &*call.func {
        Expr::Name(name) => matches!(
            name.id.as_str(),
            "list" | "tuple" | "sorted" | "set" | "len" | "bool"
        ),
        Expr::Attribute(method) => matches!(method.attr.id.as_str(), "all" | "fetchall"),
        _ => false,
    }
}

/// The frame of a loop over `iter`; none for a literal collection of constants (`for t in
/// ("users", "orders")`, `range(3)`), whose few iterations are not a growing number of
/// queries.
fn frame(iter: &Expr, target: &Expr, header: Range<usize>, over_rows: bool) -> Option<Frame> {
    (!iterates_constants(iter)).then(|| Frame {
        header,
        over_rows,
        retries: false,
        targets: names_in(target),
        bound: Vec::new(),
        added: Vec::new(),
    })
}

/// A filter on the list of keys the loop hands out: Django `pk__in=chunk`, SQLAlchemy
/// `X.id.in_(chunk)` in `for chunk in chunks`. Such a query is one per chunk, the batched
/// form; `user__in=users` with the same `users` every time is not.
fn on_a_list_of_keys(call: &ExprCall, targets: &[String]) -> bool {
    let per_chunk = |value: &Expr| names_in(value).iter().any(|n| targets.contains(n));
    let keyword = call.arguments.keywords.iter().any(|k| {
        k.arg
            .as_ref()
            .is_some_and(|a| a.id.as_str().ends_with("__in"))
            && per_chunk(&k.value)
    });
    keyword
        || call.arguments.args.iter().any(|arg| {
            matches!(arg, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(m) if m.attr.id.as_str() == "in_")
                && c.arguments.args.first().is_some_and(per_chunk))
        })
}

/// The names an expression reads or binds.
fn names_in(expr: &Expr) -> Vec<String> {
    struct Names(Vec<String>);
    impl<'a> Visitor<'a> for Names {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(name) = expr {
                self.0.push(name.id.to_string());
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut names = Names(Vec::new());
    names.visit_expr(expr);
    names.0
}

/// The relation path `relation` appended to `path` (`author` + `publisher` → `author__publisher`).
pub(crate) fn join(path: &str, relation: &str) -> String {
    if path.is_empty() {
        relation.to_string()
    } else {
        format!("{path}__{relation}")
    }
}

fn range(node: &impl Ranged) -> Range<usize> {
    node.range().start().to_usize()..node.range().end().to_usize()
}
