//! Where a name is mentioned in a module: only as the callee of calls (`name(…)`,
//! `self.name(…)`, `module.name(…)`), or also passed on, stored, subclassed or decorated
//! with, where what it is called with would be out of sight.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};

/// How many calls of `name` the module makes, when it is mentioned only as their callee.
pub(crate) fn only_calls(body: &[Stmt], name: &str) -> Option<usize> {
    let mentions = count(body, name);
    (mentions.calls > 0 && mentions.others == 0).then_some(mentions.calls)
}

/// Whether `name` is never mentioned but as a callee (called or not): not stored, aliased
/// or passed on, where its calls would be out of sight.
pub(crate) fn never_passed_on(body: &[Stmt], name: &str) -> bool {
    count(body, name).others == 0
}

fn count<'n>(body: &[Stmt], name: &'n str) -> Mentions<'n> {
    let mut mentions = Mentions {
        name,
        calls: 0,
        others: 0,
    };
    mentions.visit_body(body);
    mentions
}

/// Whether `expr` names `name`: the name itself or an attribute of that name.
pub(crate) fn names(expr: &Expr, name: &str) -> bool {
    match expr {
        Expr::Name(n) => n.id == name,
        Expr::Attribute(a) => a.attr.id == name,
        _ => false,
    }
}

struct Mentions<'n> {
    name: &'n str,
    calls: usize,
    others: usize,
}

impl<'e> Visitor<'e> for Mentions<'_> {
    /// In a function with a parameter of that name (`def insert(convert): …
    /// f(convert=convert)`), the name is that parameter: only its decorators and
    /// defaults are mentions.
    fn visit_stmt(&mut self, stmt: &'e Stmt) {
        if let Stmt::FunctionDef(function) = stmt
            && super::flow::parameter_names(&function.parameters).any(|p| p == self.name)
        {
            for decorator in &function.decorator_list {
                self.visit_decorator(decorator);
            }
            for parameter in function.parameters.iter_non_variadic_params() {
                if let Some(default) = &parameter.default {
                    self.visit_expr(default);
                }
            }
            return;
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'e Expr) {
        if let Expr::Call(call) = expr
            && names(&call.func, self.name)
        {
            self.calls += 1;
            if let Expr::Attribute(a) = call.func.as_ref() {
                self.visit_expr(&a.value);
            }
            self.visit_arguments(&call.arguments);
            return;
        }
        if names(expr, self.name) {
            self.others += 1;
        }
        visitor::walk_expr(self, expr);
    }
}
