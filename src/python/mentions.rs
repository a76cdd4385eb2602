//! Where a name is mentioned in a module: only as the callee of calls (`name(…)`,
//! `self.name(…)`, `module.name(…)`), or also passed on, stored, subclassed or decorated
//! with, where what it is called with would be out of sight.

use rustc_hash::{FxHashMap, FxHashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};

/// How each name is mentioned in a module, counted in one pass over it (asked for once per
/// query built from a parameter, a walk per question was quadratic in the module's size).
#[derive(Clone, Debug, Default)]
pub(crate) struct MentionCounts {
    /// Name → (calls with it as the callee, other mentions).
    counts: FxHashMap<String, (usize, usize)>,
}

impl MentionCounts {
    pub(crate) fn of(body: &[Stmt]) -> Self {
        let mut counter = Counter::default();
        counter.visit_body(body);
        Self {
            counts: counter.counts,
        }
    }

    /// How many calls of `name` the module makes, when it is mentioned only as their callee.
    pub(crate) fn only_calls(&self, name: &str) -> Option<usize> {
        let &(calls, others) = self.counts.get(name)?;
        (calls > 0 && others == 0).then_some(calls)
    }

    /// Whether `name` is never mentioned but as a callee (called or not): not stored,
    /// aliased or passed on, where its calls would be out of sight.
    pub(crate) fn never_passed_on(&self, name: &str) -> bool {
        self.counts.get(name).is_none_or(|&(_, others)| others == 0)
    }
}

/// Whether `expr` names `name`: the name itself or an attribute of that name.
pub(crate) fn names(expr: &Expr, name: &str) -> bool {
    written_name(expr) == Some(name)
}

/// The name an expression writes: `name`, or the attribute of `obj.name`.
fn written_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.id.as_str()),
        _ => None,
    }
}

#[derive(Default)]
struct Counter {
    counts: FxHashMap<String, (usize, usize)>,
    /// The parameters of the functions around the code: in a function with a parameter of
    /// a name (`def insert(convert): … f(convert=convert)`), the name is that parameter,
    /// and only its decorators and defaults mention the module's.
    shadowed: Vec<FxHashSet<String>>,
}

impl Counter {
    fn note(&mut self, name: &str, call: bool) {
        if self.shadowed.iter().any(|names| names.contains(name)) {
            return;
        }
        let (calls, others) = self.counts.entry(name.to_string()).or_default();
        if call {
            *calls += 1;
        } else {
            *others += 1;
        }
    }
}

impl<'e> Visitor<'e> for Counter {
    fn visit_stmt(&mut self, stmt: &'e Stmt) {
        let Stmt::FunctionDef(function) = stmt else {
            return visitor::walk_stmt(self, stmt);
        };
        for decorator in &function.decorator_list {
            self.visit_decorator(decorator);
        }
        let parameters = &function.parameters;
        for parameter in parameters.iter_non_variadic_params() {
            if let Some(default) = &parameter.default {
                self.visit_expr(default);
            }
        }
        let names = super::flow::parameter_names(parameters);
        self.shadowed.push(names.map(str::to_string).collect());
        for parameter in parameters.iter() {
            if let Some(annotation) = parameter.annotation() {
                self.visit_annotation(annotation);
            }
        }
        if let Some(returns) = &function.returns {
            self.visit_annotation(returns);
        }
        self.visit_body(&function.body);
        self.shadowed.pop();
    }

    fn visit_expr(&mut self, expr: &'e Expr) {
        if let Expr::Call(call) = expr
            && let Some(name) = written_name(&call.func)
        {
            self.note(name, true);
            if let Expr::Attribute(a) = call.func.as_ref() {
                self.visit_expr(&a.value);
            }
            self.visit_arguments(&call.arguments);
            return;
        }
        if let Some(name) = written_name(expr) {
            self.note(name, false);
        }
        visitor::walk_expr(self, expr);
    }
}
