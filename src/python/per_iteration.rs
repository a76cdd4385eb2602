//! What changes from one iteration of a loop to the next, from the loop depth at which each
//! variable was last bound. A catalog lookup given a table's name bound in the loop
//! inspects another table each time; a value filled under `if x is None:`, with `x` bound
//! before the loop, is filled once, not once per iteration.

use ruff_python_ast::{Arguments, CmpOp, Expr, Stmt};

use super::flow::Analyzer;

impl Analyzer<'_, '_> {
    /// Whether a call passes the name of a table bound in the innermost loop, alone or in a
    /// tuple, list or dict of parameters: `detect_fts(conn, table)` in `for table in
    /// tables`, `execute(sql, (rtbl,))` after `_, rtbl = row`.
    pub(crate) fn passes_loop_table(&self, arguments: &Arguments) -> bool {
        let innermost = self.loops.len();
        let bound_here = |name: &str| {
            names_table(name)
                && self
                    .bound_in
                    .get(name)
                    .is_some_and(|&d| innermost > 0 && d >= innermost)
        };
        arguments
            .args
            .iter()
            .chain(arguments.keywords.iter().map(|k| &k.value))
            .any(|arg| mentions(arg, &bound_here))
    }

    /// How many of the enclosing loops repeat the body of an `if` that fills a variable
    /// only while it is `None` (`if sql is None: sql = …`): those entered before the
    /// variable was bound, since after the first fill the test fails for the rest of the
    /// loops entered after it. `None` when the `if` is no such fill.
    pub(crate) fn loops_repeating_fill(&self, test: &Expr, body: &[Stmt]) -> Option<usize> {
        let name = none_tests(test)
            .into_iter()
            .find(|name| fills(body, name))?;
        let bound = *self.bound_in.get(name)?;
        (bound < self.loops.len()).then_some(bound)
    }
}

/// Words that name a table at the end of a variable's name: `table`, `other_table`,
/// `table_name`, `rtbl`; not `tables` (a collection) or `table_count`.
pub(crate) fn names_table(name: &str) -> bool {
    let lower = name.to_ascii_lowercase().replace('_', "");
    ["table", "tbl", "tablename", "tblname"]
        .iter()
        .any(|word| lower.ends_with(word))
}

/// Whether an argument is, or holds in a literal tuple, list or dict, a name that passes.
fn mentions(arg: &Expr, passes: &impl Fn(&str) -> bool) -> bool {
    match arg {
        Expr::Name(name) => passes(name.id.as_str()),
        Expr::Tuple(t) => t.elts.iter().any(|e| mentions(e, passes)),
        Expr::List(l) => l.elts.iter().any(|e| mentions(e, passes)),
        Expr::Dict(d) => d.items.iter().any(|item| mentions(&item.value, passes)),
        _ => false,
    }
}

/// The names a test requires to be `None`: `x is None`, alone or in an `and` chain.
fn none_tests(test: &Expr) -> Vec<&str> {
    match test {
        Expr::BoolOp(op) if op.op == ruff_python_ast::BoolOp::And => {
            op.values.iter().flat_map(none_tests).collect()
        }
        Expr::Compare(compare)
            if compare.ops.as_ref() == [CmpOp::Is]
                && matches!(compare.comparators.as_ref(), [Expr::NoneLiteral(_)]) =>
        {
            match compare.left.as_ref() {
                Expr::Name(name) => vec![name.id.as_str()],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// Whether a block assigns `name` at its top level, so that it is no longer `None` after.
fn fills(body: &[Stmt], name: &str) -> bool {
    let is_name = |target: &Expr| matches!(target, Expr::Name(n) if n.id.as_str() == name);
    body.iter().any(|stmt| match stmt {
        Stmt::Assign(s) => s.targets.iter().any(is_name),
        Stmt::AnnAssign(s) => s.value.is_some() && is_name(&s.target),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::names_table;

    #[test]
    fn table_names_are_told_from_collections_and_counts() {
        for name in ["table", "other_table", "table_name", "rtbl", "tableName"] {
            assert!(names_table(name), "{name}");
        }
        for name in ["tables", "table_count", "row", "index", "tablespace"] {
            assert!(!names_table(name), "{name}");
        }
    }
}
