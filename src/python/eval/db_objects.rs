//! Database objects a call works on or returns: the kind of its receiver (a cursor, a
//! connection…), reads of every row of an executed query, and the cursors, connections,
//! sessions, engines and libraries' database objects (Airflow hooks, peewee databases…)
//! calls make.

use ruff_python_ast::Expr;

use super::calls::Call;
use crate::python::flow::{Analyzer, FetchAll};
use crate::python::module::{Module, range};
use crate::python::sinks::{
    kind_from_factory, kind_from_function, kind_from_method, kind_from_name,
};
use crate::python::value::{DbKind, Origin, Trust, Value};

/// Reads of every remaining row of an executed query.
const FETCH_ALL_METHODS: [&str; 3] = ["fetchall", "all", "fetch_all"];

impl Call<'_> {
    /// What the receiver is, from its value or else its spelling. An executed cursor is
    /// still a cursor for what it can run next.
    pub(super) fn receiver_kind(&self) -> Option<DbKind> {
        self.receiver
            .as_ref()
            .and_then(Value::kind)
            .map(|kind| match kind {
                DbKind::Executed(_) | DbKind::ExecutedParam(_) => DbKind::Cursor,
                other => other,
            })
            .or_else(|| match self.func {
                Expr::Attribute(attr) => receiver_kind_by_name(&attr.value),
                _ => None,
            })
    }

    /// A database object made by the call: `conn.cursor()`, `sqlite3.connect(…)`.
    pub(super) fn db_object(&self, module: &Module<'_>, receiver: Option<DbKind>) -> Option<Value> {
        // A library's factory is known by its whole path, before its last name is guessed
        // at (`Tortoise.get_connection` is no DB-API connection).
        if let Some(kind) = self.path.as_deref().and_then(kind_from_factory) {
            return Some(Value::db(kind));
        }
        if let Some(kind) = self.method.and_then(|m| kind_from_method(m, receiver)) {
            // `get_db().cursor()` is as foreign as `get_db()`.
            let foreign = self.receiver.as_ref().is_some_and(Value::is_foreign_db);
            // The rows a query of the catalogs left (`cur.fetchall()`) are the catalogs'.
            if kind == DbKind::Rows && self.receiver.as_ref().is_some_and(Value::is_catalog) {
                return Some(Value::catalog(kind));
            }
            return Some(if foreign {
                Value::foreign_db(kind)
            } else {
                Value::db(kind)
            });
        }
        let path = self.path.as_deref()?;
        let kind = kind_from_function(path)?;
        (self.method.is_none() || module.is_driver_path(path) || self.last.ends_with("ession"))
            .then(|| Value::db(kind))
    }
}

impl Analyzer<'_, '_> {
    /// The kind a library type annotating the receiver parameter names
    /// (`def load(source: PostgresHook)`), through the module's imports.
    pub(super) fn annotated_kind(&self, call: &Call<'_>) -> Option<DbKind> {
        let Some(Value::Opaque {
            origin: Origin::Parameter(index),
            ..
        }) = call.receiver
        else {
            return None;
        };
        let parameter = self.parameter_at(range(call.expr), index)?;
        let path = self.module.dotted(parameter.annotation.as_deref()?)?;
        kind_from_factory(&path)
    }

    /// Reading every row of an executed query: `cur.fetchall()`, `result.all()`,
    /// `list(cur)`. The query learns where its rows are read.
    pub(super) fn fetch_all(&mut self, call: &Call<'_>) -> Option<Value> {
        let read = match call.method {
            Some(m) if FETCH_ALL_METHODS.contains(&m) => call.receiver.as_ref(),
            None if call.last == "list" => call.args.first(),
            _ => None,
        };
        let catalog = read.is_some_and(Value::is_catalog);
        match read.and_then(Value::kind)? {
            DbKind::Executed(index) => {
                if let Some(site) = self.facts.queries.get_mut(index) {
                    site.fetch_all
                        .get_or_insert_with(|| FetchAll::of(self.module.source, call.expr));
                }
            }
            DbKind::ExecutedParam(param) => self.fetched_params.push(param),
            _ => return None,
        }
        Some(if catalog {
            Value::catalog(DbKind::Rows)
        } else {
            Value::Opaque {
                trust: Trust::Untrusted,
                origin: Origin::Call,
                kind: Some(DbKind::Rows),
            }
        })
    }
}

/// A receiver's kind from its spelling alone: `conn.cursor().execute` → cursor.
fn receiver_kind_by_name(expr: &Expr) -> Option<DbKind> {
    match expr {
        Expr::Name(n) => kind_from_name(&n.id),
        Expr::Attribute(a) => kind_from_name(&a.attr.id),
        Expr::Call(c) => match c.func.as_ref() {
            Expr::Attribute(a) => kind_from_method(&a.attr.id, receiver_kind_by_name(&a.value)),
            _ => None,
        },
        _ => None,
    }
}
