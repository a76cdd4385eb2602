//! Flags a statement runs under: in `if truncate and self.exists(): …` the body runs only
//! when the caller asked for it through `truncate`.

use ruff_python_ast::{BoolOp, Expr};

/// Objects whose attributes are the caller's options: `args.truncate`, `self.clear`.
const OPTION_HOLDERS: [&str; 3] = ["args", "self", "options"];

/// The names a test requires to be true: plain names, an option's attribute (`args.truncate`)
/// or a dict's key (`options["truncate"]`), alone or in an `and` chain. A negated flag
/// (`not keep`) is none, and so is an attribute of anything else (`user.cache_cleared`).
pub(crate) fn flags_of(test: &Expr) -> Vec<String> {
    match test {
        Expr::BoolOp(op) if op.op == BoolOp::And => op.values.iter().flat_map(flags_of).collect(),
        Expr::Name(name) => vec![name.id.to_string()],
        Expr::Attribute(attr) if matches!(attr.value.as_ref(), Expr::Name(n) if OPTION_HOLDERS.contains(&n.id.as_str())) =>
        {
            vec![attr.attr.id.to_string()]
        }
        Expr::Subscript(sub) => match sub.slice.as_ref() {
            Expr::StringLiteral(key) => vec![key.value.to_str().to_string()],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}
