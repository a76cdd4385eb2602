//! Calls of functions defined in the same module (`build_query(x)`, `self.build_query(x)`):
//! noted when inside a loop (N+1), treated as sinks when they are wrappers, and inlined
//! for their return value.

use ruff_python_ast::Expr;

use super::calls::{Call, arguments_trust};
use crate::python::flow::{Analyzer, LoopCall};
use crate::python::module::range;
use crate::python::value::{Origin, Value};

impl<'a> Analyzer<'_, 'a> {
    /// The helper's return value for these arguments, when it can be inlined; what it
    /// validates is trusted after the call.
    pub(super) fn helper_call(&mut self, call: &Call<'a>) -> Option<Value> {
        let helper = match call.func {
            // `escape = _quote_name` earlier: `escape(x)` calls `_quote_name`.
            Expr::Name(name) => match self.env.get(name.id.as_str()) {
                Some(Value::Opaque {
                    origin: Origin::Function(alias),
                    ..
                }) => self.module.functions.get(alias.as_ref()).copied(),
                _ => self.module.functions.get(name.id.as_str()).copied(),
            },
            Expr::Attribute(attr) if matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self" || n.id == "cls") => {
                self.module.functions.get(attr.attr.id.as_str()).copied()
            }
            _ => None,
        }?;
        if let Some(in_loop) = self.loops.last()
            && self.record
            && self.depth == 0
        {
            self.facts.loop_calls.push(LoopCall {
                function: helper.name.id.to_string(),
                caller: self.function.clone(),
                call: range(call.expr),
                in_loop: in_loop.clone(),
                runs_query: false,
                catalog_lookup: false,
                reads_catalogs_only: false,
                per_table: self.passes_loop_table(&call.expr.arguments),
                passes_item: self.passes_loop_item(&call.expr.arguments),
                sets_up_schema: false,
            });
        }
        if let Expr::Name(name) = call.func
            && let Some(wrapper) = self.module.wrappers.get(name.id.as_str()).cloned()
        {
            self.wrapper_call(call, &name.id, &wrapper);
        }
        if self.module.summarising && self.depth == 0 {
            self.same_module_call(call, helper);
        }
        // A function calling itself (`yield from walk(child)`) gives what it gives for
        // those arguments: no riskier than they are, as far as this call can tell.
        if self.function.as_deref() == Some(helper.name.id.as_str()) && self.depth > 0 {
            return Some(Value::opaque(arguments_trust(call), Origin::Call));
        }
        let mut bound = call.args.clone();
        // A method's `self` is bound to a constant.
        let method = matches!(call.func, Expr::Attribute(_));
        if method {
            bound.insert(0, Value::constant());
        }
        if !self.inline_budget() {
            return None;
        }
        let (returns, validates) = self.inline(helper, bound)?;
        // `validate(name)` raises unless `name` is valid: from here on it is trusted.
        for param in validates {
            if let Some(Expr::Name(name)) = param
                .checked_sub(usize::from(method))
                .and_then(|i| call.expr.arguments.args.get(i))
            {
                self.env.insert(name.id.to_string(), Value::constant());
            }
        }
        // `def get_store() -> Store:` names what the body may not show.
        if !matches!(returns, Some(Value::Object(_)))
            && let Some(class) = helper
                .returns
                .as_deref()
                .and_then(|a| self.module.project_class(a))
        {
            return Some(Value::object(class));
        }
        returns
    }
}
