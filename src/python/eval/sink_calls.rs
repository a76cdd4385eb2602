//! Calls that run SQL: method sinks (`cur.execute`), function sinks (`pd.read_sql`,
//! `text`), Django's `raw` and `extra`, and wrappers — functions that execute one of their
//! parameters. Each becomes a query site, or makes the enclosing function a wrapper.

use ruff_python_ast::{Expr, ExprCall};

use super::calls::Call;
use crate::python::flow::{Analyzer, FetchAll, QuerySite};
use crate::python::label;
use crate::python::module::{Wrapper, range};
use crate::python::sinks::{
    DJANGO_EXTRA, DJANGO_EXTRA_KEYWORDS, DJANGO_RAW, FUNCTION_SINKS, METHOD_SINKS, OPERATOR_SINKS,
    PARAM_KEYWORDS, RAW_MODEL_BASES, SQL_KEYWORDS, SinkKind, SqlArg,
};
use crate::python::summary;
use crate::python::value::{DbKind, StrValue, Value, Via};

/// Sinks that run one statement for many rows: the batched form, not a per-row query.
const BATCH_METHODS: [&str; 6] = [
    "executemany",
    "executescript",
    "copy_expert",
    "copy",
    "execute_values",
    "execute_many",
];

/// Keywords a table name may be passed by (Airflow's `insert_rows(table=…)`).
const TABLE_KEYWORDS: [&str; 1] = ["table"];

impl<'a> Analyzer<'_, 'a> {
    /// `cur.execute(sql, params)` on a receiver of the sink's kind, Django's
    /// `Model.objects.raw(…)` and `.extra(…)`, and `self.wrapper(sql)`. The value of an
    /// executed query, when there is one.
    pub(super) fn method_sink(
        &mut self,
        call: &Call<'a>,
        receiver: Option<DbKind>,
    ) -> Option<Value> {
        let method = call.method?;
        let mut sinks = METHOD_SINKS
            .iter()
            .filter(|s| s.method == method)
            .peekable();
        // A parameter's annotation says what it is better than its name does.
        let receiver = match sinks.peek() {
            Some(_) => self.annotated_kind(call).or(receiver),
            None => receiver,
        };
        let sink = sinks.find(|s| receiver.is_some_and(|k| s.receivers.contains(&k)));
        if let Some(sink) = sink {
            let index = match sink.arg {
                // On another module's connection, the parameter marker is not known here:
                // the call is no DB-API call to fix mechanically.
                SqlArg::Text => {
                    let foreign = call.receiver.as_ref().is_some_and(Value::is_foreign_db);
                    self.query_site(call, sink.kind, sink.dbapi && !foreign)
                }
                SqlArg::TableName => self.table_name_site(call, sink.kind),
            };
            let executed = match (index, self.last_wrapped.take()) {
                (Some(index), _) => Some(DbKind::Executed(index)),
                (None, Some(param)) => Some(DbKind::ExecutedParam(param)),
                (None, None) => None,
            };
            if let Some(executed) = executed {
                // Parsed once here, for what its rows are; the summary's judgement of the
                // query reuses the shape (the checks parse it again, in their dialect).
                let module = self.module;
                let describes_schema = index
                    .and_then(|index| self.facts.queries.get_mut(index))
                    .is_some_and(|site| {
                        site.shape = summary::shape_of(site, module);
                        summary::describes_schema(site, module)
                    });
                let result = if describes_schema {
                    Value::catalog(executed)
                } else {
                    Value::db(executed)
                };
                // `cur.execute(…)` leaves `cur` holding the result, and returns it.
                if let Expr::Attribute(attr) = call.func
                    && let Expr::Name(name) = attr.value.as_ref()
                    && receiver == Some(DbKind::Cursor)
                {
                    self.env.insert(name.id.to_string(), result.clone());
                }
                return Some(result);
            }
        } else if method == DJANGO_RAW
            && (chain_has_objects(call.func) || self.raw_model(call.func))
        {
            self.query_site(call, SinkKind::Statement, false);
        } else if method == DJANGO_EXTRA {
            self.django_extra(call);
        }
        if let Some(wrapper) = self.method_wrapper(call.func, method) {
            self.wrapper_call(call, method, &wrapper);
        }
        None
    }

    /// `pd.read_sql(sql, conn)`, `text(sql)`: a sink named by its import path. Text and
    /// composed SQL are constants to whatever uses them next.
    pub(super) fn function_sink(&mut self, call: &Call<'a>) -> Option<Value> {
        let path = call.path.as_deref()?;
        if let Some(operator) = OPERATOR_SINKS.iter().find(|s| s.path == path) {
            self.operator_site(call, operator.keys);
            return None;
        }
        let sink = FUNCTION_SINKS.iter().find(|s| s.path == path)?;
        self.query_site(call, sink.kind, false);
        matches!(
            sink.kind,
            SinkKind::Compose | SinkKind::Text | SinkKind::Fragment
        )
        .then(Value::constant)
    }

    /// The SQL argument of a sink call: the first positional one, else a SQL keyword. A list
    /// or dict of statements is a query site per statement.
    fn query_site(&mut self, call: &Call<'a>, kind: SinkKind, dbapi: bool) -> Option<usize> {
        let (expr, value) = argument(call, &SQL_KEYWORDS)?;
        let value = self.template_argument(call, value);
        let params_passed = call.args.len() >= 2
            || call
                .keywords
                .iter()
                .any(|(name, _)| name.is_some_and(|n| PARAM_KEYWORDS.contains(&n)));
        if matches!(value, Value::Tuple(_) | Value::Dict(_)) {
            for (expr, value) in statements(expr, value) {
                self.record_query(call.expr, kind, expr, value, params_passed, false);
            }
            return None;
        }
        self.record_query(call.expr, kind, expr, value, params_passed, dbapi)
    }

    /// An Airflow operator's templated SQL: a statement, or a list of them, at `keys` (a
    /// keyword, then keys of a dict literal in it); `parameters=` are bound by the driver.
    fn operator_site(&mut self, call: &Call<'a>, keys: &[&str]) {
        let Some((keyword, inner)) = keys.split_first() else {
            return;
        };
        let Some((mut expr, mut value)) = call.keyword(&[keyword]) else {
            return;
        };
        for key in inner {
            let Expr::Dict(dict) = expr else {
                return;
            };
            let found = dict.items.iter().find(|item| {
                matches!(&item.key, Some(Expr::StringLiteral(s)) if s.value.to_str() == *key)
            });
            let inner_value = match value {
                Value::Dict(items) => items.into_iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            };
            let (Some(item), Some(inner_value)) = (found, inner_value) else {
                return;
            };
            (expr, value) = (&item.value, inner_value);
        }
        let params_passed = call
            .keywords
            .iter()
            .any(|(name, _)| name.is_some_and(|n| PARAM_KEYWORDS.contains(&n)));
        let before = self.facts.queries.len();
        for (expr, value) in statements(expr, value) {
            self.record_statement(call.expr, expr, value, params_passed);
        }
        for site in self.facts.queries.get_mut(before..).into_iter().flatten() {
            site.jinja = true;
        }
    }

    /// A table name the library writes into its statement: its value is a hole in SQL
    /// text, so an untrusted name is found like an interpolated one.
    fn table_name_site(&mut self, call: &Call<'a>, kind: SinkKind) -> Option<usize> {
        let (expr, value) = argument(call, &TABLE_KEYWORDS)?;
        let name = StrValue::built_from(self.arg(expr, value).pieces(Via::TableName, false));
        self.record_query(call.expr, kind, expr, Value::Str(name), true, false)
    }

    /// A statement a library runs as given: no DB-API call, so no fix moves values out.
    pub(super) fn record_statement(
        &mut self,
        call: &'a ExprCall,
        expr: &'a Expr,
        value: Value,
        params_passed: bool,
    ) -> Option<usize> {
        self.record_query(call, SinkKind::Statement, expr, value, params_passed, false)
    }

    pub(super) fn record_query(
        &mut self,
        call: &'a ExprCall,
        kind: SinkKind,
        expr: &'a Expr,
        value: Value,
        params_passed: bool,
        dbapi: bool,
    ) -> Option<usize> {
        let site = Site {
            kind,
            arg: range(expr),
            params_passed,
            dbapi,
        };
        self.record_site(call, site, value, false)
    }

    /// Records a query site: among the queries, or with `forwarded` among the values
    /// passed to a private helper that interpolates them.
    pub(super) fn record_site(
        &mut self,
        call: &'a ExprCall,
        Site {
            kind,
            arg,
            params_passed,
            dbapi,
        }: Site,
        value: Value,
        forwarded: bool,
    ) -> Option<usize> {
        self.last_wrapped = None;
        // A function that executes its own parameter is a sink for its callers.
        let executed = match &value {
            Value::Opaque { origin, .. } => origin.parameter(),
            Value::Str(text) => text.joined_parameter_items(),
            _ => None,
        };
        if let Some(index) = executed
            && self.depth == 0
            && let Some(function) = self.function.clone()
        {
            self.wrappers.push((
                function,
                Wrapper {
                    param: index,
                    kind,
                    fetches_all: false,
                    template: None,
                },
            ));
            self.last_wrapped = Some(index);
            return None;
        }
        let value = self.defer_parameters(kind, value);
        if !self.record || self.depth > 0 {
            return None;
        }
        let callee = call.func.as_ref();
        let method = match callee {
            Expr::Attribute(attr) => attr.attr.id.as_str(),
            Expr::Name(name) => name.id.as_str(),
            _ => "",
        };
        let reads_all = matches!(method, "fetch" | "read_sql" | "read_sql_query");
        let site = QuerySite {
            sink: label(self.module.source, &range(callee)),
            kind,
            callee: range(callee),
            arg,
            value,
            params_passed,
            dbapi,
            batch: BATCH_METHODS.contains(&method),
            fetch_all: reads_all.then(|| FetchAll::of(self.module.source, call)),
            in_loop: self.loops.last().cloned(),
            function: self.function.clone(),
            shape: None,
            per_table: self.passes_loop_table(&call.arguments),
            flags: self.flags.clone(),
            jinja: false,
        };
        if forwarded {
            self.facts.forwarded.push(site);
            return None;
        }
        self.facts.queries.push(site);
        Some(self.facts.queries.len() - 1)
    }

    fn method_wrapper(&self, func: &Expr, method: &str) -> Option<Wrapper> {
        match func {
            Expr::Attribute(attr) if matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self" || n.id == "cls") => {
                self.module.wrappers.get(method).cloned()
            }
            _ => None,
        }
    }

    /// A call of a wrapper: the argument it executes is a query site here.
    pub(super) fn wrapper_call(&mut self, call: &Call<'a>, name: &str, wrapper: &Wrapper) {
        let offset = usize::from(matches!(call.func, Expr::Attribute(_)));
        if let Some(template) = &wrapper.template {
            let function = self.module.functions.get(name);
            let names: Vec<&str> = function
                .map(|f| crate::python::flow::parameter_names(&f.parameters).collect())
                .unwrap_or_default();
            let defaults = function
                .map(|f| crate::python::flow::literal_defaults(&f.parameters))
                .unwrap_or_default();
            let value = self.fill(
                range(call.expr),
                (template, None, name),
                &defaults,
                |param| match param.checked_sub(offset) {
                    Some(position) if position < call.args.len() => call.positional(position),
                    _ => call.keyword(&[names.get(param)?]),
                },
            );
            self.forwarded_query(call.expr, wrapper, value);
            return;
        }
        let (call, args) = (call.expr, &call.args);
        let index = wrapper.param.saturating_sub(offset);
        if let (Some(expr), Some(value)) = (call.arguments.args.get(index), args.get(index)) {
            let params_passed = args.len() > index + 1 || !call.arguments.keywords.is_empty();
            self.wrapped_query(call, wrapper, expr, value.clone(), params_passed);
        }
    }

    /// The query a wrapper runs for this call; where the wrapper reads every row, so does
    /// the call.
    pub(super) fn wrapped_query(
        &mut self,
        call: &'a ExprCall,
        wrapper: &Wrapper,
        expr: &'a Expr,
        value: Value,
        params_passed: bool,
    ) {
        let index = self.record_query(call, wrapper.kind, expr, value, params_passed, false);
        if wrapper.fetches_all
            && let Some(site) = index.and_then(|i| self.facts.queries.get_mut(i))
        {
            site.fetch_all
                .get_or_insert_with(|| FetchAll::of(self.module.source, call));
        }
    }

    /// The SQL a private helper runs for this call, with the caller's values in it: only
    /// what they interpolate is judged here (the helper's own query is checked in it).
    pub(super) fn forwarded_query(
        &mut self,
        call: &'a ExprCall,
        wrapper: &Wrapper,
        value: StrValue,
    ) {
        let site = Site {
            kind: wrapper.kind,
            arg: range(call),
            params_passed: true,
            dbapi: false,
        };
        self.record_site(call, site, Value::Str(value), true);
    }

    /// `qs.extra(where=[…], select={…}, tables=[…])`: each string is a fragment.
    fn django_extra(&mut self, call: &Call<'a>) {
        for (keyword, (name, value)) in call.expr.arguments.keywords.iter().zip(&call.keywords) {
            if !name.is_some_and(|n| DJANGO_EXTRA_KEYWORDS.contains(&n)) {
                continue;
            }
            for (expr, value) in statements(&keyword.value, value.clone()) {
                self.record_query(call.expr, SinkKind::Fragment, expr, value, true, false);
            }
        }
    }
}

/// The argument a sink runs, with its value: the first positional one, else one of
/// `keywords`.
pub(super) fn argument<'a>(call: &Call<'a>, keywords: &[&str]) -> Option<(&'a Expr, Value)> {
    if let (Some(expr), Some(value)) = (call.expr.arguments.args.first(), call.args.first()) {
        return Some((expr, value.clone()));
    }
    call.keyword(keywords)
}

/// The statements in a list, tuple or dict of them (`run([…])`, `multisql({dialect: …})`,
/// `extra(where=[…])`), each with its own expression when written literally, else with
/// the whole argument's.
fn statements(expr: &Expr, value: Value) -> Vec<(&Expr, Value)> {
    let exprs: Vec<&Expr> = match expr {
        Expr::List(l) => l.elts.iter().collect(),
        Expr::Tuple(t) => t.elts.iter().collect(),
        Expr::Dict(d) => d.items.iter().map(|i| &i.value).collect(),
        other => vec![other],
    };
    let values = match value {
        Value::Tuple(values) => values,
        Value::Dict(items) => items.into_iter().map(|(_, v)| v).collect(),
        other => vec![other],
    };
    if exprs.len() == values.len() {
        exprs.into_iter().zip(values).collect()
    } else {
        values.into_iter().map(|value| (expr, value)).collect()
    }
}

impl Analyzer<'_, '_> {
    /// `User.raw(…)` on a class of a peewee or Piccolo model.
    fn raw_model(&self, func: &Expr) -> bool {
        matches!(func, Expr::Attribute(attr) if matches!(attr.value.as_ref(),
            Expr::Name(class) if RAW_MODEL_BASES.iter().any(|base| self.module.class_inherits(&class.id, base))))
    }
}

/// `Model.objects.raw`, `Model.objects.filter(…).extra`: a Django manager chain.
fn chain_has_objects(func: &Expr) -> bool {
    let mut current = func;
    loop {
        match current {
            Expr::Attribute(attr) => {
                if attr.attr.id == "objects" {
                    return true;
                }
                current = &attr.value;
            }
            Expr::Call(call) => current = &call.func,
            _ => return false,
        }
    }
}

/// Where a query site's SQL is and how it is passed.
pub(super) struct Site {
    pub kind: SinkKind,
    pub arg: std::ops::Range<usize>,
    pub params_passed: bool,
    pub dbapi: bool,
}
