//! SQLAlchemy queries: `select()` and `session.query()`, the methods that chain, filter or
//! run them, and the relations loader options load with the rows.

use ruff_python_ast::{Expr, ExprCall};

use super::{Query, Tracked, Walker, join, range};
use crate::python::orm::models::{Orm, last_name, string_value};

/// Methods that return a query with the same rows.
pub(super) const CHAIN: &[&str] = &[
    "order_by",
    "join",
    "outerjoin",
    "distinct",
    "execution_options",
    "unique",
    "scalars",
    "correlate",
];
/// Methods that bound the rows a query reads.
pub(super) const FILTERS: &[&str] = &[
    "filter",
    "filter_by",
    "where",
    "limit",
    "offset",
    "slice",
    "yield_per",
    "group_by",
    "having",
    "partitions",
];
/// Loader options that load a relation with its parent's rows, or stop it from loading.
const LOADERS: &[&str] = &[
    "joinedload",
    "selectinload",
    "subqueryload",
    "contains_eager",
    "immediateload",
    "raiseload",
    "noload",
];

impl Walker<'_> {
    pub(super) fn select_of(&self, args: &[Expr]) -> Option<Tracked> {
        let model = self.model_named(args.first()?, Orm::SqlAlchemy)?;
        Some(Tracked::Query(Query::new(&model, Orm::SqlAlchemy)))
    }

    /// A SQLAlchemy query method other than those that chain or filter.
    pub(super) fn sqlalchemy_method(
        &mut self,
        mut query: Query,
        name: &str,
        call: &ExprCall,
    ) -> Option<Tracked> {
        match name {
            "options" => {
                for option in &call.arguments.args {
                    query.loaded.extend(loader_paths(option));
                }
            }
            "all" | "fetchall" => {
                self.evaluated(&query, range(call));
                query.evaluated = true;
            }
            _ => return None,
        }
        Some(Tracked::Query(query))
    }
}

/// Relation paths a loader option loads: `joinedload(Book.author)`,
/// `selectinload(Book.tags).joinedload(Tag.owner)`, `joinedload("author")`.
fn loader_paths(option: &Expr) -> Vec<String> {
    let Expr::Call(call) = option else {
        return Vec::new();
    };
    let name = last_name(&call.func).unwrap_or_default();
    if !LOADERS.contains(&name) && name != "defaultload" {
        return Vec::new();
    }
    let own: Vec<String> = call
        .arguments
        .args
        .iter()
        .filter_map(|arg| string_value(arg).or_else(|| last_name(arg).map(str::to_string)))
        .collect();
    // A chained loader extends the path of the one it is called on.
    let (mut paths, base) = match &*call.func {
        Expr::Attribute(method) if matches!(&*method.value, Expr::Call(_)) => {
            let parent = loader_paths(&method.value);
            let base = parent.last().cloned().or_else(|| {
                let Expr::Call(parent_call) = &*method.value else {
                    return None;
                };
                parent_call
                    .arguments
                    .args
                    .first()
                    .and_then(|a| string_value(a).or_else(|| last_name(a).map(str::to_string)))
            });
            (parent, base)
        }
        _ => (Vec::new(), None),
    };
    let path = own
        .iter()
        .fold(base.unwrap_or_default(), |acc, part| join(&acc, part));
    if LOADERS.contains(&name) && !path.is_empty() {
        paths.push(path);
    }
    paths
}
