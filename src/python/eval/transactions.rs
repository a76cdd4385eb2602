//! How a call ends or opens transactions: `commit()`, `rollback()`, a connection's
//! `close()`, and `autocommit=` / `isolation_level=` keywords.

use super::calls::Call;
use crate::python::flow::Analyzer;
use crate::python::module::range;
use crate::python::value::{DbKind, Value};

impl Analyzer<'_, '_> {
    pub(super) fn note_transaction(&mut self, call: &Call<'_>) {
        match call.method {
            Some("commit" | "rollback") => self.transaction.handled = true,
            Some("close")
                if matches!(
                    call.receiver.as_ref().and_then(Value::kind),
                    Some(DbKind::Connection)
                ) =>
            {
                self.transaction.close.get_or_insert(range(call.expr));
            }
            _ => {}
        }
        let autocommit = call.expr.arguments.keywords.iter().any(|k| {
            k.arg
                .as_ref()
                .is_some_and(|a| a.id == "autocommit" || a.id == "isolation_level")
        });
        self.transaction.handled |= autocommit;
    }
}
