//! What changes from one iteration of a loop to the next. A catalog lookup given a table's
//! name taken from the loop's item inspects another table each time; a value filled under
//! `if x is None:`, with `x` bound before the loop and bound nowhere else in it, is filled
//! once, not once per iteration.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Arguments, CmpOp, Expr, ExprContext, Stmt};

use super::flow::Analyzer;

/// Methods that may return `None` (no row, no key): a fill through one may leave the test
/// true for the next iteration.
const MAY_RETURN_NONE: [&str; 8] = [
    "fetchone",
    "get",
    "first",
    "one_or_none",
    "scalar",
    "scalar_one_or_none",
    "fetchrow",
    "fetchval",
];

impl Analyzer<'_, '_> {
    /// Whether a call passes the name of a table (or schema, or database) taken from the
    /// innermost loop's item, alone or in a tuple, list or dict of parameters:
    /// `detect_fts(conn, table)` in `for table in tables`, `execute(sql, (rtbl,))` after `_,
    /// rtbl = row`, `execute(sql, (schema,))` in `for schema in schemas`.
    pub(crate) fn passes_loop_table(&self, arguments: &Arguments) -> bool {
        self.passes_from_item(arguments, names_schema_object)
    }

    /// Whether a call passes a value taken from the innermost loop's item, under any name:
    /// `permission_allowed(actor, action, resource=resource)` after `action, resource =
    /// permission`.
    pub(crate) fn passes_loop_item(&self, arguments: &Arguments) -> bool {
        self.passes_from_item(arguments, |_| true)
    }

    fn passes_from_item(&self, arguments: &Arguments, named: impl Fn(&str) -> bool) -> bool {
        let Some(innermost) = self.loops.last() else {
            return false;
        };
        let from_item = |name: &str| named(name) && innermost.items.iter().any(|i| i == name);
        arguments
            .args
            .iter()
            .chain(arguments.keywords.iter().map(|k| &k.value))
            .any(|arg| mentions(arg, &from_item))
    }

    /// After `targets = value` in a loop: the targets hold a loop's item when the value is
    /// read from one (`_, rtbl = row`, `table = row["name"]`), and no longer do otherwise
    /// (`table = table_name.lower()`, `table += "_old"`).
    pub(crate) fn note_loop_items(&mut self, targets: &[Expr], value: Option<&Expr>) {
        for target in targets {
            match (target, value) {
                // `a, b = (row[0], row[2])`: element by element.
                (Expr::Tuple(t), Some(Expr::Tuple(v))) if t.elts.len() == v.elts.len() => {
                    for (target, value) in t.elts.iter().zip(&v.elts) {
                        self.note_loop_items(std::slice::from_ref(target), Some(value));
                    }
                }
                _ => self.note_loop_item(target, value),
            }
        }
    }

    fn note_loop_item(&mut self, target: &Expr, value: Option<&Expr>) {
        let names = bound_names(target);
        let source = value.and_then(root_name).map(str::to_owned);
        for info in &mut self.loops {
            let from_here = source.as_ref().is_some_and(|s| info.items.contains(s));
            info.items.retain(|item| !names.contains(item));
            if from_here {
                info.items.extend(names.iter().cloned());
            }
        }
    }

    /// How many of the enclosing loops repeat the body of an `if` that fills a variable
    /// only while it is `None` (`if sql is None: sql = …`): those entered before the
    /// variable was bound, since after the first fill the test fails for the rest of the
    /// loops entered after it. `None` when the `if` is no such fill: when the fill may
    /// leave the variable `None` (`fetchone()`), or the loop binds it elsewhere too
    /// (`current = None` at the end of its body).
    pub(crate) fn loops_repeating_fill(&self, test: &Expr, body: &[Stmt]) -> Option<usize> {
        let (name, fill) = none_tests(test)
            .into_iter()
            .find_map(|name| Some((name, fill_of(body, name)?)))?;
        let bound = *self.bound_in.get(name)?;
        let outermost = self.loops.get(bound)?;
        let loop_body = self.loop_bodies.get(&outermost.header.start)?;
        (!may_return_none(fill) && bindings(loop_body, name) == bindings(body, name))
            .then_some(bound)
    }
}

/// The names a target binds: `x`, `a, (b, *c)`.
pub(crate) fn bound_names(target: &Expr) -> Vec<String> {
    match target {
        Expr::Name(name) => vec![name.id.to_string()],
        Expr::Tuple(t) => t.elts.iter().flat_map(bound_names).collect(),
        Expr::List(l) => l.elts.iter().flat_map(bound_names).collect(),
        Expr::Starred(s) => bound_names(&s.value),
        _ => Vec::new(),
    }
}

/// The name a value is read from, through attributes, subscripts and method calls:
/// `row` for `row`, `row.name`, `row["table"]`, `row[1].lower()`.
fn root_name(value: &Expr) -> Option<&str> {
    match value {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(a) => root_name(&a.value),
        Expr::Subscript(s) => root_name(&s.value),
        Expr::Call(c) => match c.func.as_ref() {
            Expr::Attribute(a) => root_name(&a.value),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a value is a call of a method that may return `None`.
fn may_return_none(value: &Expr) -> bool {
    matches!(value, Expr::Call(call) if matches!(call.func.as_ref(),
        Expr::Attribute(a) if MAY_RETURN_NONE.contains(&a.attr.id.as_str())))
}

/// How many times a block binds `name` (assignments, loop and `with` targets, `:=`),
/// nested functions and classes aside.
fn bindings(body: &[Stmt], name: &str) -> usize {
    let mut counter = Bindings { name, count: 0 };
    counter.visit_body(body);
    counter.count
}

struct Bindings<'n> {
    name: &'n str,
    count: usize,
}

impl<'e> Visitor<'e> for Bindings<'_> {
    fn visit_stmt(&mut self, stmt: &'e Stmt) {
        if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            visitor::walk_stmt(self, stmt);
        }
    }

    fn visit_expr(&mut self, expr: &'e Expr) {
        match expr {
            Expr::Name(n) if n.ctx == ExprContext::Store && n.id == self.name => self.count += 1,
            Expr::Lambda(_) => {}
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Words that name a schema object the catalogs describe at the end of a variable's name:
/// a table (`table`, `other_table`, `table_name`, `rtbl`) or a schema or database, whose
/// catalog rows are another database's each time (`schema`, `schema_name`, `db_name`);
/// not `tables` (a collection) or `table_count`.
pub(crate) fn names_schema_object(name: &str) -> bool {
    let lower = name.to_ascii_lowercase().replace('_', "");
    [
        "table",
        "tbl",
        "tablename",
        "tblname",
        "schema",
        "schemaname",
        "database",
        "dbname",
    ]
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

/// The value a block assigns to `name` last at its top level, which it holds after the
/// block: `x = …` or `x: T = …`.
fn fill_of<'b>(body: &'b [Stmt], name: &str) -> Option<&'b Expr> {
    let is_name = |target: &Expr| matches!(target, Expr::Name(n) if n.id.as_str() == name);
    body.iter().rev().find_map(|stmt| match stmt {
        Stmt::Assign(s) if s.targets.iter().any(is_name) => Some(s.value.as_ref()),
        Stmt::AnnAssign(s) if is_name(&s.target) => s.value.as_deref(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::names_schema_object;

    #[test]
    fn schema_object_names_are_told_from_collections_and_counts() {
        for name in [
            "table",
            "other_table",
            "table_name",
            "rtbl",
            "tableName",
            "schema",
            "schema_name",
            "database",
            "db_name",
        ] {
            assert!(names_schema_object(name), "{name}");
        }
        for name in [
            "tables",
            "table_count",
            "row",
            "index",
            "tablespace",
            "schemas",
            "database_id",
        ] {
            assert!(!names_schema_object(name), "{name}");
        }
    }
}
