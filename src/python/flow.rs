//! Local data flow: walks a function body in order, keeping what each variable holds
//! (a string with holes, a cursor, a connection…), through assignments, `+=`, branches,
//! loops, `with` blocks and allow-list checks. Sink calls met on the way become facts.

use rustc_hash::FxHashMap;
use std::ops::Range;

use ruff_python_ast::{ExceptHandler, Expr, Parameters, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::env::Env;
use super::module::{Module, Wrapper, range};
use super::sinks::{SinkKind, kind_from_name};
use super::value::{DbKind, Origin, StrValue, Trust, Value};

/// SQL handed to a sink.
#[derive(Debug, Clone)]
pub struct QuerySite {
    /// How the sink reads as code, e.g. `cur.execute`.
    pub sink: String,
    pub kind: SinkKind,
    /// The callee (`cur.execute`) in the file.
    pub callee: Range<usize>,
    /// The SQL argument in the file.
    pub arg: Range<usize>,
    pub value: Value,
    /// Parameters passed separately (the safe way).
    pub params_passed: bool,
    /// Whether the call is a direct DB-API `execute`-like call (fixable).
    pub dbapi: bool,
    /// `executemany`, `executescript`, `copy…`: one call for many rows.
    pub batch: bool,
    /// Where every row of the result is read at once (`fetchall()`, `read_sql`, asyncpg
    /// `fetch`).
    pub fetch_all: Option<FetchAll>,
    /// The innermost loop the query runs in.
    pub in_loop: Option<LoopInfo>,
    /// The function the query is in.
    pub function: Option<String>,
    /// What the parsed SQL looks like, once parsed.
    pub shape: Option<crate::sql::facts::QueryShape>,
    /// Its parameters include the name of a table bound in the innermost loop.
    pub per_table: bool,
    /// The flags of the `if` tests it runs under (`if truncate:`): the caller's choice.
    pub flags: Vec<String>,
    /// The library renders the SQL as a Jinja template before running it (Airflow's
    /// operators): `{{ … }}` in it are values the library fills in.
    pub jinja: bool,
}

/// A call that reads every row of a query.
#[derive(Debug, Clone)]
pub struct FetchAll {
    pub span: Range<usize>,
    /// How the reading call reads: `cur.fetchall`, `pd.read_sql`; for a chain such as
    /// `get_db().execute(sql).fetchall()`, its last method.
    pub reader: String,
}

impl FetchAll {
    pub fn of(source: &str, call: &ruff_python_ast::ExprCall) -> Self {
        let reader = match call.func.as_ref() {
            Expr::Attribute(attr) if !is_name_chain(&attr.value) => attr.attr.id.to_string(),
            func => source.get(range(func)).unwrap_or("").trim().to_string(),
        };
        Self {
            span: range(call),
            reader,
        }
    }
}

fn is_name_chain(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) => true,
        Expr::Attribute(attr) => is_name_chain(&attr.value),
        _ => false,
    }
}

/// A loop (or comprehension) around code, and what it iterates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopInfo {
    /// `for x in items` (or `while …`) in the file.
    pub header: Range<usize>,
    /// Iterates rows of an earlier query.
    pub over_rows: bool,
    /// Iterates a literal collection of constants.
    pub over_constants: bool,
    /// Its item is a database or a connection (`for db in databases`): each iteration
    /// queries another database, which no single query replaces.
    pub over_databases: bool,
    /// Iterates a parameter of its function: what the caller passed (a spec, a list of
    /// names), not rows it read.
    pub over_parameter: bool,
    /// The names holding its item: the target's, and those unpacked from them in the body.
    pub items: Vec<String>,
}

/// How one function handles transactions on the connections it uses.
#[derive(Debug, Clone, Default)]
pub struct TransactionUse {
    pub function: Option<String>,
    /// `commit()`, `rollback()`, a transaction block (`with conn:`, `conn.transaction()`,
    /// `begin()`, `atomic()`) or autocommit.
    pub handled: bool,
    /// A connection's `close()` call.
    pub close: Option<Range<usize>>,
}

/// A call of a project function inside a loop.
#[derive(Debug, Clone)]
pub struct LoopCall {
    pub function: String,
    /// The function the call is in.
    pub caller: Option<String>,
    pub call: Range<usize>,
    pub in_loop: LoopInfo,
    /// Known to run a query (a function of another module, from its summary); a
    /// same-module function runs one when the module's facts say so.
    pub runs_query: bool,
    /// Its queries are all catalog lookups with parameters (from its summary).
    pub catalog_lookup: bool,
    /// Its queries all read the catalogs, with parameters or not (from its summary).
    pub reads_catalogs_only: bool,
    /// It is given the name of a table bound in the innermost loop.
    pub per_table: bool,
    /// It is given a value read from the innermost loop's item, whatever its name.
    pub passes_item: bool,
    /// It sets up the schema, reading only the catalogs (from its summary).
    pub sets_up_schema: bool,
}

/// A keyword or dict entry of a connection call, with its literal text when it is one.
#[derive(Debug, Clone)]
pub struct Setting {
    pub name: String,
    pub span: Range<usize>,
    pub literal: Option<String>,
    /// `False`, `True`, `None` written literally.
    pub constant: Option<&'static str>,
}

/// A call that opens a connection (or a Django `DATABASES` entry).
#[derive(Debug, Clone)]
pub struct ConnectSite {
    pub function: String,
    /// The function the connection is opened in (`None` at module level).
    pub scope: Option<String>,
    pub callee: Range<usize>,
    pub settings: Vec<Setting>,
    /// Positional string literals (DSNs and URLs).
    pub urls: Vec<(Range<usize>, String)>,
    pub in_loop: Option<LoopInfo>,
}

/// SQL-looking string building seen anywhere, with the holes it has.
#[derive(Debug, Clone)]
pub struct BuiltString {
    pub span: Range<usize>,
    pub value: StrValue,
}

#[derive(Debug, Default)]
pub struct Facts {
    /// The parameter marker of the driver the module imports (`%s`, `?`, `$1`).
    pub marker: &'static str,
    pub queries: Vec<QuerySite>,
    /// Calls of private helpers that interpolate their parameters into SQL, with the SQL
    /// they run for the caller's values: judged for injection only (the helper's query is
    /// checked where it is written).
    pub forwarded: Vec<QuerySite>,
    pub connects: Vec<ConnectSite>,
    pub loop_calls: Vec<LoopCall>,
    /// Per analysed function: how it ends its transactions.
    pub transactions: Vec<TransactionUse>,
    pub built: Vec<BuiltString>,
    /// Django and SQLAlchemy querysets, loops over them and whole-table reads.
    pub orm: super::orm::OrmFacts,
    /// Raw SQL results read whole other than by `fetchall()`: iterated cursors, `text()`.
    pub row_reads: Vec<super::row_reads::RowRead>,
    /// The functions that call a project function that sets up the schema (from its
    /// summary); their own DDL is in `queries`.
    pub schema_setup_calls: Vec<String>,
}

impl Facts {
    /// Adds what another body of code (a function) found. Every field is named, so a new
    /// fact does not go missing here unnoticed.
    pub fn merge(&mut self, other: Facts) {
        let Facts {
            // Set once per module, after the merge.
            marker: _,
            orm: _,
            row_reads: _,
            queries,
            forwarded,
            connects,
            loop_calls,
            transactions,
            built,
            schema_setup_calls,
        } = other;
        self.queries.extend(queries);
        self.forwarded.extend(forwarded);
        self.connects.extend(connects);
        self.loop_calls.extend(loop_calls);
        self.transactions.extend(transactions);
        self.built.extend(built);
        self.schema_setup_calls.extend(schema_setup_calls);
    }
}

/// Helpers are inlined at most this deep, and at most this often per function.
const MAX_INLINE_DEPTH: usize = 2;
const MAX_INLINES: usize = 64;
/// Expressions nested deeper than this are not looked into.
pub(crate) const MAX_EXPR_DEPTH: usize = 200;

pub struct Analyzer<'m, 'a> {
    pub(crate) module: &'m Module<'a>,
    pub(crate) env: Env,
    pub(crate) record: bool,
    pub(crate) depth: usize,
    pub(crate) expr_depth: usize,
    pub(crate) inlines: usize,
    /// Inside a logging or print call: strings built here are not SQL on its way to a sink.
    pub(crate) in_log_call: usize,
    pub(crate) function: Option<String>,
    pub(crate) returns: Option<Value>,
    /// What the function yields, when it is a generator: the riskiest of its `yield`s.
    pub(crate) yields: Option<Value>,
    pub(crate) facts: Facts,
    pub(crate) wrappers: Vec<(String, Wrapper)>,
    /// Loops around the code being evaluated, innermost last.
    pub(crate) loops: Vec<LoopInfo>,
    pub(crate) transaction: TransactionUse,
    /// The class of the method being analysed.
    pub(crate) class: Option<&'m str>,
    /// Calls a function of another module that runs a query.
    pub(crate) runs_query: bool,
    /// … one that runs a query other than a catalog lookup with parameters.
    pub(crate) runs_other_query: bool,
    /// … one that reads more than the catalogs.
    pub(crate) reads_beyond_catalogs: bool,
    /// Calls a function that sets up the schema.
    pub(crate) changes_schema: bool,
    /// The loop depth at which each variable was last bound.
    pub(crate) bound_in: FxHashMap<String, usize>,
    /// The body of each statement loop met, by the start of its header.
    pub(crate) loop_bodies: FxHashMap<usize, &'a [Stmt]>,
    /// The flags of the `if` tests around the code being evaluated.
    pub(crate) flags: Vec<String>,
    /// The wrapper's query executed on `param` set here, for the executing sink to return.
    pub(crate) last_wrapped: Option<usize>,
    /// Parameters executed as SQL whose every row is read here.
    pub(crate) fetched_params: Vec<usize>,
    /// `self.NAME = …` seen, while analysing an `__init__`.
    pub(crate) self_attrs: Option<FxHashMap<String, Value>>,
    /// The calls of a class met, while its constructions are collected.
    pub(crate) constructed: Option<super::constructions::Constructed>,
    /// Where a nested function is defined, and the variables there once met.
    pub(crate) closure_of: Option<usize>,
    pub(crate) closure_at: Option<Env>,
    /// In a schema editor's method: its parameters are model metadata.
    pub(crate) schema_parameters: bool,
}

impl<'m, 'a> Analyzer<'m, 'a> {
    pub fn new(module: &'m Module<'a>, record: bool) -> Self {
        Self {
            module,
            env: Env::default(),
            record,
            depth: 0,
            expr_depth: 0,
            inlines: 0,
            in_log_call: 0,
            function: None,
            returns: None,
            yields: None,
            facts: Facts::default(),
            wrappers: Vec::new(),
            loops: Vec::new(),
            transaction: TransactionUse::default(),
            class: None,
            runs_query: false,
            runs_other_query: false,
            reads_beyond_catalogs: false,
            changes_schema: false,
            bound_in: FxHashMap::default(),
            loop_bodies: FxHashMap::default(),
            flags: Vec::new(),
            last_wrapped: None,
            fetched_params: Vec::new(),
            self_attrs: None,
            constructed: None,
            closure_of: None,
            closure_at: None,
            schema_parameters: false,
        }
    }

    /// Analyzes a function with its parameters unknown (untrusted).
    pub fn function(&mut self, function: &'a StmtFunctionDef) {
        self.function = Some(function.name.id.to_string());
        self.bound_in.clear();
        self.class = self.class_of(function).or_else(|| {
            let outer = self
                .module
                .is_nested(function)
                .then(|| self.module.enclosing_function(function))??;
            self.class_of(outer)
        });
        if self.depth == 0
            && let Some(env) = self.closure_env(function)
        {
            self.env = env;
        }
        self.bind_parameters(&function.parameters, None);
        if self
            .class
            .is_some_and(|class| super::schema_editor::is_schema_editor(self.module, class))
        {
            self.schema_parameters = true;
            self.trust_schema_parameters(&function.parameters);
        }
        let functions = &self.module.functions;
        for name in
            super::test_values::constant_parameters(function, |name| functions.get(name).copied())
        {
            self.env.insert(name, Value::constant());
        }
        for name in super::test_values::drawn_parameters(function) {
            self.env
                .insert(name, Value::opaque(Trust::Untrusted, Origin::Generated));
        }
        self.stmts(&function.body);
        self.finish();
    }

    /// The class `function` is a method of.
    fn class_of(&self, function: &StmtFunctionDef) -> Option<&'m str> {
        let start = range(function).start;
        self.module
            .known
            .method_class
            .get(&start)
            .map(String::as_str)
    }

    pub(crate) fn note_yield(&mut self, value: Value) {
        merge_into(&mut self.yields, value);
    }

    /// What calling the analysed function gives: what it returns, or for a generator what
    /// iterating it yields (for a `@contextmanager`, what `with` binds).
    pub(crate) fn result(&self, function: &StmtFunctionDef) -> Option<Value> {
        let Some(yields) = self.yields.clone() else {
            return self.returns.clone();
        };
        let context_manager = self
            .module
            .decorated_with(function, &["contextmanager", "asynccontextmanager"]);
        Some(if context_manager {
            yields
        } else {
            Value::Tuple(vec![yields])
        })
    }

    /// Records what the analysed code did with transactions.
    pub fn finish(&mut self) {
        for (_, wrapper) in &mut self.wrappers {
            wrapper.fetches_all = self.fetched_params.contains(&wrapper.param);
        }
        let mut used = std::mem::take(&mut self.transaction);
        used.function = self.function.clone();
        self.facts.transactions.push(used);
    }

    /// Evaluates a helper for the given arguments: its return value, and the parameters
    /// it validates (raises unless they are valid).
    pub fn inline(
        &self,
        function: &'a StmtFunctionDef,
        args: Vec<Value>,
    ) -> Option<(Option<Value>, Vec<usize>)> {
        if self.depth >= MAX_INLINE_DEPTH {
            return None;
        }
        let mut inner = Analyzer::new(self.module, false);
        inner.depth = self.depth + 1;
        inner.schema_parameters = self.schema_parameters;
        inner.function = Some(function.name.id.to_string());
        // A method's `self` is its class's; a function nested in a method reads the
        // method's `self`.
        inner.class = self.class_of(function).or(self.class);
        inner.bind_parameters(&function.parameters, Some(args));
        inner.stmts(&function.body);
        let validates = super::summary::validated(function, &inner);
        // A function that only raises returns nothing to interpolate.
        let returns = match inner.result(function) {
            None if super::summary::only_raises(function, self.module) => Some(Value::constant()),
            returns => returns,
        };
        Some((returns, validates))
    }

    fn bind_parameters(&mut self, parameters: &'a Parameters, args: Option<Vec<Value>>) {
        let mut args = args.map(Vec::into_iter);
        for (index, parameter) in parameters_in_order(parameters).enumerate() {
            let name = parameter.name.id.to_string();
            let value = match args.as_mut() {
                Some(values) => values
                    .next()
                    .unwrap_or_else(|| Value::opaque(Trust::Untrusted, Origin::Parameter(index))),
                None if name == "self" || name == "cls" => Value::constant(),
                // `status: Status`, a project enumeration: a member.
                None if parameter
                    .annotation
                    .as_deref()
                    .is_some_and(|a| self.module.is_enum_class(a)) =>
                {
                    Value::constant()
                }
                // `limit: int`: a number, as a type checker (or FastAPI) holds callers to.
                None if parameter
                    .annotation
                    .as_deref()
                    .is_some_and(is_number_annotation) =>
                {
                    Value::opaque(Trust::Coerced, Origin::Parameter(index))
                }
                // `store: Store`, a project class: its methods are followed.
                None if let Some(class) = parameter
                    .annotation
                    .as_deref()
                    .and_then(|a| self.module.project_class(a)) =>
                {
                    Value::object(class)
                }
                None => {
                    let annotation = parameter
                        .annotation
                        .as_deref()
                        .map(|a| self.module.text(range(a)));
                    let kind = annotation
                        .and_then(kind_from_annotation)
                        .or_else(|| kind_from_name(&name));
                    Value::Opaque {
                        trust: Trust::Untrusted,
                        origin: Origin::Parameter(index),
                        kind,
                    }
                }
            };
            self.env.insert(name, value);
        }
    }

    /// A schema editor's models, fields, indexes and constraints are the migration's schema
    /// objects: trusted, still parameters (a wrapper's statement is still its callers').
    /// Its other parameters (a cursor, a comment) are what callers pass.
    fn trust_schema_parameters(&mut self, parameters: &Parameters) {
        for parameter in parameters_in_order(parameters) {
            let name = parameter.name.id.as_str();
            let annotation = parameter
                .annotation
                .as_deref()
                .map(|a| self.module.text(range(a)));
            if !super::schema_editor::is_schema_parameter(name, annotation) {
                continue;
            }
            if let Some(Value::Opaque {
                origin: origin @ Origin::Parameter(_),
                kind,
                ..
            }) = self.env.get(name)
            {
                let trusted = Value::Opaque {
                    trust: Trust::Constant,
                    origin: origin.clone(),
                    kind: *kind,
                };
                self.env.insert(name.to_string(), trusted);
            }
        }
    }

    /// Whether a value is model metadata: read off a model's definition, or a schema
    /// editor's parameter (trusted, and still a parameter).
    pub(crate) fn is_schema(&self, value: &Value) -> bool {
        match value {
            Value::Opaque {
                origin: Origin::Schema,
                ..
            } => true,
            Value::Opaque {
                origin: Origin::Parameter(_),
                trust: Trust::Constant,
                ..
            } => self.schema_parameters,
            _ => false,
        }
    }

    pub fn stmts(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) if self.closure_of == Some(range(def).start) => {
                self.closure_at = Some(self.env.clone());
            }
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::Assign(s) => {
                // `conn.autocommit = True`, `conn.isolation_level = None`.
                if s.targets.iter().any(|t| matches!(t, Expr::Attribute(a) if a.attr.id == "autocommit" || a.attr.id == "isolation_level")) {
                    self.transaction.handled = true;
                }
                if let ([Expr::Name(target)], Expr::Dict(dict)) =
                    (s.targets.as_slice(), s.value.as_ref())
                    && target.id == "DATABASES"
                {
                    self.databases_setting(dict);
                }
                let value = self.eval(&s.value);
                for target in &s.targets {
                    self.bind(target, value.clone());
                }
                self.note_loop_items(&s.targets, Some(&s.value));
            }
            Stmt::AnnAssign(s) => {
                if let Some(value) = &s.value {
                    let evaluated = self.eval(value);
                    self.bind(&s.target, evaluated);
                    self.note_loop_items(std::slice::from_ref(&s.target), Some(value));
                }
            }
            Stmt::AugAssign(s) => {
                let value = self.eval(&s.value);
                if let Expr::Name(name) = s.target.as_ref() {
                    let current = self.eval(&s.target);
                    let combined = match (current, s.op) {
                        (Value::Str(text), ruff_python_ast::Operator::Add) => {
                            let arg = self.arg(&s.value, value);
                            Value::Str(text.concat(arg.pieces(super::value::Via::Concat, false)))
                        }
                        // `actions += more`: the list holds both lists' items.
                        (Value::Tuple(mut items), ruff_python_ast::Operator::Add) => {
                            match value {
                                Value::Tuple(more) => items.extend(more),
                                other => items.push(super::eval::item_of(&other)),
                            }
                            Value::Tuple(items)
                        }
                        (current, _) => {
                            Value::opaque(current.trust().max(value.trust()), Origin::Name)
                        }
                    };
                    self.bound_in.insert(name.id.to_string(), self.loops.len());
                    self.env.insert(name.id.to_string(), combined);
                    self.note_loop_items(std::slice::from_ref(&s.target), None);
                } else {
                    self.eval(&s.target);
                }
            }
            // Docstrings and other bare literals do nothing.
            Stmt::Expr(s) if matches!(s.value.as_ref(), Expr::StringLiteral(_)) => {}
            Stmt::Expr(s) => {
                self.eval(&s.value);
            }
            Stmt::Return(s) => {
                if let Some(value) = &s.value {
                    let value = self.eval(value);
                    merge_into(&mut self.returns, value);
                }
            }
            Stmt::If(s) => self.if_stmt(s),
            Stmt::For(s) => {
                let iter = self.eval(&s.iter);
                let before = self.env.branch();
                let item = self.loop_item(&s.iter, &iter);
                let depth = self.loops.len();
                self.loops.push(loop_info(
                    s.range.start().to_usize()..s.iter.range().end().to_usize(),
                    (&s.target, &s.iter),
                    &iter,
                ));
                self.loop_bodies.insert(s.range.start().to_usize(), &s.body);
                // Bound per iteration: at the loop's depth.
                self.bind(&s.target, item);
                self.stmts_leaving(&s.body);
                self.loops.truncate(depth);
                self.merge_env(vec![before]);
                self.stmts(&s.orelse);
            }
            Stmt::While(s) => {
                self.eval(&s.test);
                let before = self.env.branch();
                let depth = self.loops.len();
                self.loops.push(LoopInfo {
                    header: s.range.start().to_usize()..s.test.range().end().to_usize(),
                    over_rows: false,
                    over_constants: false,
                    over_databases: false,
                    over_parameter: false,
                    items: Vec::new(),
                });
                self.loop_bodies.insert(s.range.start().to_usize(), &s.body);
                self.stmts_leaving(&s.body);
                self.loops.truncate(depth);
                self.merge_env(vec![before]);
                self.stmts(&s.orelse);
            }
            Stmt::With(s) => {
                for item in &s.items {
                    let value = self.eval(&item.context_expr);
                    // `with conn:` commits on success; `with conn.transaction():`,
                    // `with engine.begin():`, `with transaction.atomic():` are transactions.
                    let block = matches!(value.kind(), Some(DbKind::Connection | DbKind::Session))
                        || matches!(&item.context_expr, Expr::Call(call) if matches!(call.func.as_ref(),
                            Expr::Attribute(a) if TRANSACTION_METHODS.contains(&a.attr.id.as_str())));
                    self.transaction.handled |= block;
                    if let Some(target) = &item.optional_vars {
                        self.bind(target, value);
                    }
                }
                self.stmts(&s.body);
            }
            Stmt::Try(s) => {
                self.stmts(&s.body);
                let after_body = self.env.branch();
                for handler in &s.handlers {
                    let ExceptHandler::ExceptHandler(h) = handler;
                    self.stmts(&h.body);
                }
                self.merge_env(vec![after_body]);
                self.stmts(&s.orelse);
                self.stmts(&s.finalbody);
            }
            Stmt::Match(s) => {
                self.eval(&s.subject);
                let before = self.env.branch();
                let mut branches = Vec::new();
                for case in &s.cases {
                    self.env = before.clone();
                    self.stmts(&case.body);
                    branches.push(std::mem::take(&mut self.env));
                }
                self.env = before;
                self.merge_env(branches);
            }
            Stmt::Raise(s) => {
                if let Some(exc) = &s.exc {
                    self.in_log_call += 1;
                    self.eval(exc);
                    self.in_log_call -= 1;
                }
            }
            Stmt::Assert(s) => {
                self.eval(&s.test);
                for name in self.validated(&s.test, true) {
                    self.env.insert(name, Value::constant());
                }
            }
            Stmt::Delete(s) => {
                for target in &s.targets {
                    self.eval(target);
                }
            }
            _ => {}
        }
    }

    /// `if`/`elif`/`else`: each branch from the same start, merged after. A branch that
    /// always leaves (`raise`, `return`, `continue`) does not flow on — which is how
    /// `if col not in ALLOWED: raise` and `if not re.fullmatch(…, col): raise` make `col`
    /// trusted afterwards.
    fn if_stmt(&mut self, s: &'a ruff_python_ast::StmtIf) {
        let before = self.env.branch();
        let mut branches = Vec::new();
        let mut tests: Vec<Option<&'a Expr>> = vec![Some(&s.test)];
        let mut bodies: Vec<&'a [Stmt]> = vec![&s.body];
        for clause in &s.elif_else_clauses {
            tests.push(clause.test.as_ref());
            bodies.push(&clause.body);
        }
        let has_else = tests.last().is_some_and(Option::is_none);
        let mut fallthrough = before.clone();
        for (test, body) in tests.into_iter().zip(bodies) {
            self.env = fallthrough.clone();
            let flags = self.flags.len();
            let mut loops = self.loops.len();
            if let Some(test) = test {
                self.flags.extend(super::opt_in::flags_of(test));
                loops = self.loops_repeating_fill(test, body).unwrap_or(loops);
                self.eval(test);
                for name in self.validated(test, true) {
                    self.env.insert(name, Value::constant());
                }
                for name in self.validated(test, false) {
                    fallthrough.insert(name, Value::constant());
                }
                let inside = self.without_close_bracket(test, true);
                let after = self.without_close_bracket(test, false);
                for (names, env) in [(inside, &mut self.env), (after, &mut fallthrough)] {
                    for name in names {
                        let trust = env.get(&name).map_or(Trust::Untrusted, Value::trust);
                        env.insert(name, Value::opaque(trust, Origin::Escaped(']')));
                    }
                }
            }
            // A fill under `if x is None:` repeats only with the loops `x` was bound in.
            let once = self.loops.split_off(loops);
            self.stmts_leaving(body);
            self.loops.extend(once);
            self.flags.truncate(flags);
            if !always_leaves(body) {
                branches.push(std::mem::take(&mut self.env));
            }
        }
        if !has_else {
            branches.push(fallthrough);
        }
        match branches.len() {
            0 => self.env = before,
            _ => {
                self.env = branches.remove(0);
                self.merge_env(branches);
            }
        }
    }

    /// A block that may end by leaving loops: what runs before a last `break` runs once per
    /// entry into the innermost loop, and before a `return` or `raise` once per call.
    fn stmts_leaving(&mut self, body: &'a [Stmt]) {
        let outer = self
            .loops
            .split_off(repeating(self.loops.len(), exit_of(body)));
        self.stmts(body);
        self.loops.extend(outer);
    }

    /// Merges other environments into the current one, value by value.
    fn merge_env(&mut self, others: Vec<Env>) {
        for other in others {
            self.env.merge(other);
        }
    }

    pub(crate) fn bind(&mut self, target: &'a Expr, value: Value) {
        match target {
            Expr::Name(name) => {
                self.bound_in.insert(name.id.to_string(), self.loops.len());
                self.env.insert(name.id.to_string(), value);
            }
            Expr::Tuple(t) => self.bind_all(&t.elts, value),
            Expr::List(l) => self.bind_all(&l.elts, value),
            Expr::Starred(s) => self.bind(&s.value, value),
            // `d[k] = v` fills the dict `d` holds.
            Expr::Subscript(sub) => self.store_item(sub, value),
            // `self.x = …` in `__init__` is kept for the other methods.
            other => {
                if let Expr::Attribute(attr) = other
                    && matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self")
                    && let Some(attrs) = self.self_attrs.as_mut()
                {
                    attrs.insert(attr.attr.id.to_string(), value.clone());
                }
                self.eval(other);
            }
        }
    }

    fn bind_all(&mut self, targets: &'a [Expr], value: Value) {
        match value {
            Value::Tuple(values) if values.len() == targets.len() => {
                for (target, value) in targets.iter().zip(values) {
                    self.bind(target, value);
                }
            }
            other => {
                let item = Value::opaque(other.trust(), Origin::Name);
                for target in targets {
                    self.bind(target, item.clone());
                }
            }
        }
    }

    pub(crate) fn inline_budget(&mut self) -> bool {
        self.inlines += 1;
        self.inlines <= MAX_INLINES
    }
}

impl<'a> Analyzer<'_, 'a> {
    /// Parameter `index` of the function around the code at `at`: nested functions follow
    /// their parent, so the last one around it is its own.
    pub(crate) fn parameter_at(
        &self,
        at: Range<usize>,
        index: usize,
    ) -> Option<&'a ruff_python_ast::Parameter> {
        let function = self.module.all_functions.iter().rev().find(|f| {
            let span = super::module::range(**f);
            span.start <= at.start && at.end <= span.end
        })?;
        parameters_in_order(&function.parameters).nth(index)
    }
}

/// A function's parameters in the order they are bound (and numbered).
pub(crate) fn parameters_in_order(
    parameters: &Parameters,
) -> impl Iterator<Item = &ruff_python_ast::Parameter> {
    parameters
        .posonlyargs
        .iter()
        .chain(&parameters.args)
        .chain(&parameters.kwonlyargs)
        .map(|p| &p.parameter)
        .chain(parameters.vararg.as_deref())
        .chain(parameters.kwarg.as_deref())
}

/// Parameter names in binding order.
pub(crate) fn parameter_names(parameters: &Parameters) -> impl Iterator<Item = &str> {
    parameters_in_order(parameters).map(|p| p.name.id.as_str())
}

/// The parameters, by index in binding order, whose default is a literal (`select="*"`,
/// `limit=None`): a call that leaves one out passes a constant.
pub(crate) fn literal_defaults(parameters: &Parameters) -> Vec<usize> {
    // The variadic ones come last in binding order and have no default.
    parameters
        .iter_non_variadic_params()
        .enumerate()
        .filter(|(_, p)| p.default.as_deref().is_some_and(is_literal))
        .map(|(index, _)| index)
        .collect()
}

/// Calls that open a transaction block or end a transaction.
pub(crate) const TRANSACTION_METHODS: [&str; 5] = [
    "transaction",
    "begin",
    "atomic",
    "begin_nested",
    "savepoint",
];

/// A loop over `iter` (evaluated to `value`): over query rows, or over literal constants.
pub(crate) fn loop_info(
    header: Range<usize>,
    (target, iter): (&Expr, &Expr),
    value: &Value,
) -> LoopInfo {
    let literal = iterates_constants(iter);
    LoopInfo {
        header,
        over_rows: matches!(
            value.kind(),
            Some(DbKind::Rows | DbKind::Executed(_) | DbKind::ExecutedParam(_))
        ),
        over_constants: literal,
        over_databases: names_database(target),
        over_parameter: matches!(
            value,
            Value::Opaque {
                origin: Origin::Parameter(_),
                ..
            }
        ),
        items: super::per_iteration::bound_names(target),
    }
}

/// Words that name a database or a connection at the end of a variable's name (`db`,
/// `replica_conn`), not one of its parts (`db_column`, `database_name`).
const DATABASE_WORDS: [&str; 8] = [
    "db",
    "database",
    "conn",
    "connection",
    "con",
    "cnx",
    "engine",
    "session",
];

/// Whether a loop target (or one of a tuple's) is named as a database or a connection.
fn names_database(target: &Expr) -> bool {
    match target {
        Expr::Name(name) => {
            let lower = name.id.to_ascii_lowercase();
            let last = lower.rsplit('_').next().unwrap_or("");
            DATABASE_WORDS.contains(&last)
        }
        Expr::Tuple(t) => t.elts.iter().any(names_database),
        Expr::List(l) => l.elts.iter().any(names_database),
        _ => false,
    }
}

/// A loop over a collection written out in the code (`("users", "orders")`, `[Book,
/// Author]`) or over `range(3)` with literal bounds: a count of iterations fixed in the
/// code, not one that grows with the data.
pub(crate) fn iterates_constants(iter: &Expr) -> bool {
    let written_out = |elements: &[Expr]| !elements.iter().any(|e| matches!(e, Expr::Starred(_)));
    match iter {
        Expr::List(l) => written_out(&l.elts),
        Expr::Tuple(t) => written_out(&t.elts),
        Expr::Set(s) => written_out(&s.elts),
        Expr::Call(call) => {
            matches!(call.func.as_ref(), Expr::Name(n) if n.id == "range")
                && call.arguments.keywords.is_empty()
                && !call.arguments.args.is_empty()
                && call
                    .arguments
                    .args
                    .iter()
                    .all(|a| matches!(a, Expr::NumberLiteral(_)))
        }
        _ => false,
    }
}

impl Analyzer<'_, '_> {
    /// What a loop over `iter` binds each time round: an item of what it iterates
    /// (`containers::item_of`); `enumerate(…)` pairs each with its count, a number.
    pub(crate) fn loop_item(&self, iter_expr: &Expr, iter: &Value) -> Value {
        let item = if self.is_schema(iter) {
            // `for field in model._meta.local_fields`, or over a schema editor's `fields`:
            // each a part of the model's definition.
            Value::schema()
        } else {
            super::eval::item_of(iter)
        };
        match iter_expr {
            Expr::Call(call) if matches!(call.func.as_ref(), Expr::Name(n) if n.id == "enumerate") => {
                Value::Tuple(vec![Value::constant(), item])
            }
            _ => item,
        }
    }
}

/// What a function may give back, one `return` (or `yield`) more.
fn merge_into(slot: &mut Option<Value>, value: Value) {
    *slot = Some(match slot.take() {
        Some(previous) => previous.merge(value),
        None => value,
    });
}

pub(crate) fn is_literal(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::StringLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
    )
}

/// `MAX_ROWS`, `ALLOWED_COLUMNS`: Python's convention for constants.
pub(crate) fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_ascii_lowercase())
}

/// How a block leaves when its last statement always does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// `break`: the innermost loop ends.
    Loop,
    /// `return` or `raise`: every loop of the function ends.
    Function,
}

pub(crate) fn exit_of(body: &[Stmt]) -> Option<Exit> {
    match body.last()? {
        Stmt::Break(_) => Some(Exit::Loop),
        Stmt::Return(_) | Stmt::Raise(_) => Some(Exit::Function),
        _ => None,
    }
}

/// How many of `loops` enclosing loops repeat a block that ends with `exit`.
pub(crate) fn repeating(loops: usize, exit: Option<Exit>) -> usize {
    match exit {
        None => loops,
        Some(Exit::Loop) => loops.saturating_sub(1),
        Some(Exit::Function) => 0,
    }
}

fn always_leaves(body: &[Stmt]) -> bool {
    matches!(
        body.last(),
        Some(Stmt::Raise(_) | Stmt::Return(_) | Stmt::Continue(_) | Stmt::Break(_))
    )
}

/// `int`, `float`, `bool`, `Decimal`, or one of them or `None` (`int | None`,
/// `Optional[int]`).
fn is_number_annotation(annotation: &Expr) -> bool {
    match annotation {
        Expr::Name(name) => matches!(name.id.as_str(), "int" | "float" | "bool" | "Decimal"),
        Expr::BinOp(op) if op.op == ruff_python_ast::Operator::BitOr => {
            [&op.left, &op.right].iter().all(|side| {
                matches!(side.as_ref(), Expr::NoneLiteral(_)) || is_number_annotation(side)
            })
        }
        Expr::Subscript(sub) if matches!(sub.value.as_ref(), Expr::Name(n) if n.id == "Optional") => {
            is_number_annotation(&sub.slice)
        }
        _ => false,
    }
}

fn kind_from_annotation(annotation: &str) -> Option<DbKind> {
    let last = annotation.rsplit('.').next().unwrap_or(annotation);
    match last {
        a if a.contains("Cursor") => Some(DbKind::Cursor),
        a if a.contains("Session") => Some(DbKind::Session),
        a if a.contains("Engine") => Some(DbKind::Engine),
        a if a.contains("Pool") => Some(DbKind::Pool),
        a if a.contains("Connection") => Some(DbKind::Connection),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::python::{extract, parse};
    use crate::sql::Dialect;

    /// The SQL each function of `source` hands to a sink, rendered, with its holes' text.
    fn queries(source: &str) -> Vec<(extract::EmbeddedSql, Vec<String>)> {
        let parsed = parse::parse(source);
        let module = Module::new(source, &parsed.module.body);
        let mut out = Vec::new();
        for function in &module.all_functions {
            let mut analyzer = Analyzer::new(&module, true);
            analyzer.function(function);
            for site in analyzer.facts.queries {
                let value = site.value.as_str().unwrap();
                let holes = value.holes().map(|h| source[h.span.clone()].to_string());
                let sql = extract::render(value, Dialect::Sqlite, false, "", source);
                out.push((sql, holes.collect()));
            }
        }
        out
    }

    /// Where `needle` in the rendered SQL comes from in the file.
    fn origin<'s>(source: &'s str, sql: &extract::EmbeddedSql, needle: &str) -> &'s str {
        let at = sql.text.find(needle).unwrap();
        &source[sql.map.range(at..at + needle.len()).unwrap()]
    }

    #[test]
    fn many_appends_and_many_branches_keep_every_piece_and_the_hole() {
        let mut source =
            String::from("def appends(conn, uid):\n    sql = \"SELECT id FROM t WHERE 1 = 1\"\n");
        for i in 0..20_000 {
            source.push_str(&format!("    sql += \" AND c{i} = 1\"\n"));
        }
        source.push_str("    sql += \" AND id = \" + uid\n    conn.cursor().execute(sql)\n\n");
        source.push_str(
            "def branches(conn, uid, flag):\n    sql = \"SELECT id FROM t WHERE 1 = 1\"\n",
        );
        for i in 0..500 {
            source.push_str(&format!(
                "    v{i} = \"x\"\n    if flag == {i}:\n        sql += \" AND b{i} = 1\"\n"
            ));
        }
        source.push_str("    sql = sql + \" AND id = \" + uid\n    conn.cursor().execute(sql)\n");
        let found = queries(&source);
        assert_eq!(found.len(), 2);
        for ((sql, holes), last) in found.iter().zip(["c19999", "b499"]) {
            assert_eq!(holes, &["uid"]);
            assert_eq!(origin(&source, sql, last), last);
            assert_eq!(origin(&source, sql, "SELECT"), "SELECT");
        }
        assert_eq!(found[0].0.text.matches(" AND c").count(), 20_000);
        assert_eq!(found[1].0.text.matches(" AND b").count(), 500);
    }
}
