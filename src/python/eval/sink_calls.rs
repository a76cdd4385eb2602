//! Calls that run SQL: method sinks (`cur.execute`), function sinks (`pd.read_sql`,
//! `text`), Django's `raw` and `extra`, and wrappers — functions that execute one of their
//! parameters. Each becomes a query site, or makes the enclosing function a wrapper.

use ruff_python_ast::{Expr, ExprCall};

use super::calls::Call;
use crate::python::flow::{Analyzer, QuerySite};
use crate::python::label;
use crate::python::module::{Wrapper, range};
use crate::python::sinks::{
    DJANGO_EXTRA, DJANGO_EXTRA_KEYWORDS, DJANGO_RAW, FUNCTION_SINKS, METHOD_SINKS, PARAM_KEYWORDS,
    SQL_KEYWORDS, SinkKind,
};
use crate::python::value::{DbKind, Origin, Value};

/// Sinks that run one statement for many rows: the batched form, not a per-row query.
const BATCH_METHODS: [&str; 5] = [
    "executemany",
    "executescript",
    "copy_expert",
    "copy",
    "execute_values",
];

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
        let sink = METHOD_SINKS
            .iter()
            .find(|s| s.method == method && receiver.is_some_and(|k| s.receivers.contains(&k)));
        if let Some(sink) = sink {
            if let Some(index) = self.query_site(call, sink.kind, true) {
                // `cur.execute(…)` leaves `cur` holding the result, and returns it.
                if let Expr::Attribute(attr) = call.func
                    && let Expr::Name(name) = attr.value.as_ref()
                    && receiver == Some(DbKind::Cursor)
                {
                    self.env
                        .insert(name.id.to_string(), Value::db(DbKind::Executed(index)));
                }
                return Some(Value::db(DbKind::Executed(index)));
            }
        } else if method == DJANGO_RAW && chain_has_objects(call.func) {
            self.query_site(call, SinkKind::Statement, false);
        } else if method == DJANGO_EXTRA {
            self.django_extra(call);
        }
        if let Some(wrapper) = self.method_wrapper(call.func, method) {
            self.wrapper_call(call.expr, &wrapper, &call.args);
        }
        None
    }

    /// `pd.read_sql(sql, conn)`, `text(sql)`: a sink named by its import path. Text and
    /// composed SQL are constants to whatever uses them next.
    pub(super) fn function_sink(&mut self, call: &Call<'a>) -> Option<Value> {
        let path = call.path.as_deref()?;
        let sink = FUNCTION_SINKS.iter().find(|s| s.path == path)?;
        self.query_site(call, sink.kind, false);
        matches!(
            sink.kind,
            SinkKind::Compose | SinkKind::Text | SinkKind::Fragment
        )
        .then(Value::constant)
    }

    /// The SQL argument of a sink call: the first positional one, else a SQL keyword.
    fn query_site(&mut self, call: &Call<'a>, kind: SinkKind, dbapi: bool) -> Option<usize> {
        let arguments = &call.expr.arguments;
        let by_keyword = arguments
            .keywords
            .iter()
            .zip(&call.keywords)
            .find(|(k, _)| {
                k.arg
                    .as_ref()
                    .is_some_and(|a| SQL_KEYWORDS.contains(&a.id.as_str()))
            });
        let (expr, value) = match (arguments.args.first(), call.args.first(), by_keyword) {
            (Some(expr), Some(value), _) => (expr, value.clone()),
            (_, _, Some((k, (_, value)))) => (&k.value, value.clone()),
            _ => return None,
        };
        let value = self.template_argument(call, value);
        let params_passed = call.args.len() >= 2
            || call
                .keywords
                .iter()
                .any(|(name, _)| name.is_some_and(|n| PARAM_KEYWORDS.contains(&n)));
        self.record_query(call.expr, kind, expr, value, params_passed, dbapi)
    }

    fn record_query(
        &mut self,
        call: &'a ExprCall,
        kind: SinkKind,
        expr: &'a Expr,
        value: Value,
        params_passed: bool,
        dbapi: bool,
    ) -> Option<usize> {
        // A function that executes its own parameter is a sink for its callers.
        if let Value::Opaque {
            origin: Origin::Parameter(index),
            ..
        } = value
            && self.depth == 0
            && let Some(function) = self.function.clone()
        {
            self.wrappers
                .push((function, Wrapper { param: index, kind }));
            return None;
        }
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
        self.facts.queries.push(QuerySite {
            sink: label(self.module.source, &range(callee)),
            kind,
            callee: range(callee),
            arg: range(expr),
            value,
            params_passed,
            dbapi,
            batch: BATCH_METHODS.contains(&method),
            fetch_all: reads_all.then(|| range(call)),
            in_loop: self.loops.last().cloned(),
            function: self.function.clone(),
            shape: None,
        });
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
    pub(super) fn wrapper_call(&mut self, call: &'a ExprCall, wrapper: &Wrapper, args: &[Value]) {
        let offset = usize::from(matches!(call.func.as_ref(), Expr::Attribute(_)));
        let index = wrapper.param.saturating_sub(offset);
        if let (Some(expr), Some(value)) = (call.arguments.args.get(index), args.get(index)) {
            let params_passed = args.len() > index + 1 || !call.arguments.keywords.is_empty();
            self.record_query(
                call,
                wrapper.kind,
                expr,
                value.clone(),
                params_passed,
                false,
            );
        }
    }

    /// `qs.extra(where=[…], select={…}, tables=[…])`: each string is a fragment.
    fn django_extra(&mut self, call: &Call<'a>) {
        for (keyword, (name, value)) in call.expr.arguments.keywords.iter().zip(&call.keywords) {
            if !name.is_some_and(|n| DJANGO_EXTRA_KEYWORDS.contains(&n)) {
                continue;
            }
            let exprs: Vec<&'a Expr> = match &keyword.value {
                Expr::List(l) => l.elts.iter().collect(),
                Expr::Tuple(t) => t.elts.iter().collect(),
                Expr::Dict(d) => d.items.iter().map(|i| &i.value).collect(),
                other => vec![other],
            };
            let values: Vec<Value> = match value {
                Value::Tuple(values) => values.clone(),
                Value::Dict(items) => items.iter().map(|(_, v)| v.clone()).collect(),
                other => vec![other.clone()],
            };
            for (expr, value) in exprs.into_iter().zip(values) {
                self.record_query(call.expr, SinkKind::Fragment, expr, value, true, false);
            }
        }
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
