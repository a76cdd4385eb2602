//! Database objects a call works on or returns: the kind of its receiver (a cursor, a
//! connection…), reads of every row of an executed query, and the cursors, connections,
//! sessions and engines calls make.

use ruff_python_ast::Expr;

use super::calls::Call;
use crate::python::flow::Analyzer;
use crate::python::module::{Module, range};
use crate::python::sinks::{kind_from_function, kind_from_method, kind_from_name};
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
                DbKind::Executed(_) => DbKind::Cursor,
                other => other,
            })
            .or_else(|| match self.func {
                Expr::Attribute(attr) => receiver_kind_by_name(&attr.value),
                _ => None,
            })
    }

    /// A database object made by the call: `conn.cursor()`, `sqlite3.connect(…)`.
    pub(super) fn db_object(&self, module: &Module<'_>, receiver: Option<DbKind>) -> Option<Value> {
        if let Some(kind) = self.method.and_then(|m| kind_from_method(m, receiver)) {
            return Some(Value::db(kind));
        }
        let path = self.path.as_deref()?;
        let kind = kind_from_function(path)?;
        (self.method.is_none() || module.is_driver_path(path) || self.last.ends_with("ession"))
            .then(|| Value::db(kind))
    }
}

impl Analyzer<'_, '_> {
    /// Reading every row of an executed query: `cur.fetchall()`, `result.all()`,
    /// `list(cur)`. The query learns where its rows are read.
    pub(super) fn fetch_all(&mut self, call: &Call<'_>) -> Option<Value> {
        let executed = |value: Option<&Value>| match value.and_then(Value::kind) {
            Some(DbKind::Executed(index)) => Some(index),
            _ => None,
        };
        let index = match call.method {
            Some(m) if FETCH_ALL_METHODS.contains(&m) => executed(call.receiver.as_ref()),
            None if call.last == "list" => executed(call.args.first()),
            _ => None,
        }?;
        if let Some(site) = self.facts.queries.get_mut(index) {
            site.fetch_all.get_or_insert(range(call.expr));
        }
        Some(Value::Opaque {
            trust: Trust::Untrusted,
            origin: Origin::Call,
            kind: Some(DbKind::Rows),
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
