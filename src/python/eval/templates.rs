//! Template strings (PEP 750, `t"… {x}"`) at a sink. psycopg 3.3 executes a template as a
//! parameterised query: every field is sent apart from the SQL text (or quoted as an
//! identifier or literal), so `cur.execute(t"… = {x}")` is safe. Every other driver takes
//! only text — sqlite3, psycopg2, pymysql, asyncpg, SQLAlchemy's `text()` — and a template
//! there protects nothing: its fields stay holes of their own trust, reported as such.

use super::calls::Call;
use crate::python::flow::Analyzer;
use crate::python::sinks::DRIVER_MODULES;
use crate::python::value::{DbKind, Piece, Pieces, StrValue, Trust, Value, Via};

/// Drivers whose connections and cursors execute templates.
const TEMPLATE_DRIVERS: [&str; 2] = ["psycopg", "psycopg_pool"];

impl Analyzer<'_, '_> {
    /// The SQL a sink call receives, its template fields parameters when the sink takes
    /// templates.
    pub(super) fn template_argument(&self, call: &Call<'_>, value: Value) -> Value {
        match value {
            Value::Str(text) if self.takes_templates(call) => Value::Str(as_parameters(&text)),
            other => other,
        }
    }

    /// `execute` on a psycopg 3 cursor or connection, in a module whose only driver is
    /// psycopg 3: with psycopg2 or sqlite3 imported too, the receiver may be theirs.
    fn takes_templates(&self, call: &Call<'_>) -> bool {
        let mut drivers = self
            .module
            .imported_roots()
            .filter(|root| DRIVER_MODULES.contains(root) || TEMPLATE_DRIVERS.contains(root))
            .peekable();
        let only_psycopg =
            drivers.peek().is_some() && drivers.all(|d| TEMPLATE_DRIVERS.contains(&d));
        only_psycopg
            && call.method == Some("execute")
            && matches!(
                call.receiver_kind(),
                Some(DbKind::Cursor | DbKind::Connection)
            )
    }
}

/// The string with its template fields as parameters: trusted, still holes (placeholders
/// to the SQL rules).
fn as_parameters(text: &StrValue) -> StrValue {
    let mut out = StrValue::built_from(Pieces::default());
    out.built = text.built;
    for piece in text.pieces() {
        match &*piece {
            Piece::Hole(hole) if hole.via == Via::Template => {
                let mut parameter = hole.clone();
                parameter.trust = Trust::Constant;
                out.push(Piece::Hole(parameter));
            }
            other => out.push(other.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use ruff_python_ast::{Expr, Stmt};

    use crate::python::parse;

    /// ruff's parser reads PEP 750 template strings, implicit concatenation included.
    #[test]
    fn the_parser_reads_template_strings() {
        let parsed = parse::parse("cur.execute(t\"SELECT {x:i} FROM t\" t'WHERE a = {a!r}')\n");
        assert!(parsed.error.is_none());
        let [Stmt::Expr(stmt)] = parsed.module.body.as_slice() else {
            panic!("one expression statement expected");
        };
        let Expr::Call(call) = stmt.value.as_ref() else {
            panic!("a call expected");
        };
        let Some(Expr::TString(template)) = call.arguments.args.first() else {
            panic!("a t-string expected");
        };
        assert_eq!(template.value.iter().count(), 2);
        assert_eq!(template.value.elements().count(), 5);
    }
}
