//! Which methods set attributes of `self`: only those are read for the attributes the
//! other methods of their class see.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};

/// Whether the method assigns `self.NAME` anywhere in its body.
pub(crate) fn assigns(function: &StmtFunctionDef) -> bool {
    let mut finder = Finder { found: false };
    finder.visit_body(&function.body);
    finder.found
}

struct Finder {
    found: bool,
}

impl<'a> Visitor<'a> for Finder {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let targets: &[Expr] = match stmt {
            Stmt::Assign(s) => &s.targets,
            Stmt::AnnAssign(s) => std::slice::from_ref(&*s.target),
            _ => &[],
        };
        if targets.iter().any(on_self) {
            self.found = true;
        }
        if !self.found {
            visitor::walk_stmt(self, stmt);
        }
    }
}

/// `self.NAME`, or a tuple of targets holding one.
fn on_self(target: &Expr) -> bool {
    match target {
        Expr::Attribute(attr) => matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self"),
        Expr::Tuple(t) => t.elts.iter().any(on_self),
        Expr::List(l) => l.elts.iter().any(on_self),
        _ => false,
    }
}
