//! Flags a statement runs under: in `if truncate and self.exists(): …` the body runs only
//! when the caller asked for it through `truncate`.

use ruff_python_ast::{BoolOp, Expr};

/// The names a test requires to be true: plain names and attributes (`truncate`,
/// `args.truncate`), alone or in an `and` chain. A negated flag (`not keep`) is none.
pub(crate) fn flags_of(test: &Expr) -> Vec<String> {
    match test {
        Expr::BoolOp(op) if op.op == BoolOp::And => op.values.iter().flat_map(flags_of).collect(),
        Expr::Name(name) => vec![name.id.to_string()],
        Expr::Attribute(attr) => vec![attr.attr.id.to_string()],
        _ => Vec::new(),
    }
}
