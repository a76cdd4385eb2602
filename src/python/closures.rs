//! Nested functions read the variables of the function they are defined in: a value the
//! enclosing function quoted (`passphrase = quote_identifier(url.password)`) is quoted in
//! the `on_connect` it defines. A closure sees the binding at its definition or any later
//! one, so each variable is the riskier of the two: where the `def` is, and at the end.

use ruff_python_ast::StmtFunctionDef;

use super::env::Env;
use super::flow::Analyzer;
use super::module::range;
use super::value::{Origin, Trust, Value};

impl<'m, 'a> Analyzer<'m, 'a> {
    /// The enclosing function's variables as `function` (nested in it) reads them.
    pub(crate) fn closure_env(&self, function: &StmtFunctionDef) -> Option<Env> {
        // Only a query's values need the enclosing function analysed again.
        if !self.module.may_reach_sink(function) {
            return None;
        }
        let inner = range(function);
        let outer = self.module.enclosing_function(function)?;
        let mut enclosing = Analyzer::new(self.module, false);
        enclosing.closure_of = Some(inner.start);
        enclosing.function(outer);
        let mut env = enclosing.closure_at.take()?;
        env.merge(std::mem::take(&mut enclosing.env));
        let mut seen = Env::default();
        for (name, value) in env.into_map() {
            seen.insert(name, outside(value));
        }
        Some(seen)
    }
}

/// A value of the enclosing function as another function sees it: the enclosing one's
/// parameters are variables there, not parameters of its own (those it trusts are model
/// metadata, see `Analyzer::is_schema`).
fn outside(value: Value) -> Value {
    let from_parameter = match &value {
        // A schema editor's `model` parameter is still the model.
        Value::Opaque {
            origin: Origin::Parameter(_),
            trust: Trust::Constant,
            ..
        } => return Value::schema(),
        Value::Opaque { origin, .. } => matches!(origin, Origin::Parameter(_)),
        Value::Str(s) => s
            .holes()
            .any(|h| matches!(h.origin, Origin::Parameter(_)) && h.trust > Trust::Constant),
        Value::Tuple(_) | Value::Dict(_) => value.trust() > Trust::Constant,
        Value::Object(_) => false,
    };
    if !from_parameter {
        return value;
    }
    Value::Opaque {
        trust: value.trust(),
        origin: Origin::Name,
        kind: value.kind(),
    }
}
