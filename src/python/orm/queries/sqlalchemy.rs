//! SQLAlchemy queries: `select()` and `session.query()`, the methods that chain, filter or
//! run them, and the relations loader options load with the rows.

use ruff_python_ast::{Expr, ExprCall};

use super::{PerItem, Query, Tracked, Walker, join, range};
use crate::python::orm::models::{Orm, last_name, string_value};
use crate::python::sinks::kind_from_name;
use crate::python::value::DbKind;

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
/// Session and connection methods that run the statement they are given.
const RUNS: &[&str] = &[
    "execute",
    "scalars",
    "scalar",
    "scalar_one",
    "scalar_one_or_none",
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
    /// `select(Book)`, and `select(func.count(Book.id))` or `select(func.count())` (whose
    /// model a later `select_from(Book)` names): a count of rows.
    pub(super) fn select_of(&self, args: &[Expr]) -> Option<Tracked> {
        let first = args.first()?;
        if let Some(model) = self.model_named(first, Orm::SqlAlchemy) {
            return Some(Tracked::Query(Query::new(&model, Orm::SqlAlchemy)));
        }
        let Expr::Call(count) = first else {
            return None;
        };
        if last_name(&count.func) != Some("count") {
            return None;
        }
        let model = count
            .arguments
            .args
            .first()
            .and_then(|column| match column {
                Expr::Attribute(attr) => self.model_named(&attr.value, Orm::SqlAlchemy),
                other => self.model_named(other, Orm::SqlAlchemy),
            })
            .unwrap_or_default();
        let mut query = Query::new(&model, Orm::SqlAlchemy);
        query.counts = true;
        Some(Tracked::Query(query))
    }

    /// `update(Book)`, `insert(Book)`, `delete(Book)`: a statement that writes.
    pub(super) fn write_of(&self, name: &str, args: &[Expr]) -> Option<Tracked> {
        let model = self.model_named(args.first()?, Orm::SqlAlchemy)?;
        let mut query = Query::new(&model, Orm::SqlAlchemy);
        query.write = Some(match name {
            "update" => "update",
            "insert" => "insert",
            _ => "delete",
        });
        Some(Tracked::Query(query))
    }

    /// Calls inside a loop: `session.get(User, i)`, a statement executed, and objects
    /// added to a session and flushed in the same iteration.
    pub(super) fn sqlalchemy_loop_call(&mut self, call: &ExprCall) {
        let Expr::Attribute(method) = &*call.func else {
            return;
        };
        let name = method.attr.id.as_str();
        let args = &call.arguments.args;
        match name {
            "get" if args.len() >= 2 => {
                if let Some(model) = self.model_named(&args[0], Orm::SqlAlchemy) {
                    self.per_item(range(call), Orm::SqlAlchemy, &model, PerItem::SessionGet);
                }
            }
            _ if RUNS.contains(&name) && !args.is_empty() => {
                // `session.execute(update(Book), [{…}, …])`: one executemany for every row.
                if args
                    .get(1)
                    .is_some_and(|p| matches!(p, Expr::List(_) | Expr::ListComp(_)))
                {
                    return;
                }
                if let Some(Tracked::Query(query)) = self.eval(&args[0])
                    && query.orm == Orm::SqlAlchemy
                    && !query.model.is_empty()
                {
                    let what = PerItem::Statement {
                        write: query.write,
                        counts: query.counts,
                    };
                    self.per_item(range(call), Orm::SqlAlchemy, &query.model, what);
                }
            }
            "add" if args.len() == 1 => {
                if let Some(session) = session_name(&method.value) {
                    let ifs = self.ifs;
                    if let Some(frame) = self.loops.last_mut() {
                        frame.added.push((session, ifs));
                    }
                }
            }
            "flush" | "commit" => {
                let Some(session) = session_name(&method.value) else {
                    return;
                };
                // A flush under a condition of its own (`if i % 500 == 0`) is a batch.
                let added = self
                    .loops
                    .last()
                    .is_some_and(|f| f.added.contains(&(session.clone(), self.ifs)));
                if added {
                    let what = PerItem::Flush {
                        session,
                        method: name.to_string(),
                    };
                    self.per_item(range(call), Orm::SqlAlchemy, "", what);
                }
            }
            _ => {}
        }
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
            "select_from" => {
                if query.model.is_empty() {
                    query.model =
                        self.model_named(call.arguments.args.first()?, Orm::SqlAlchemy)?;
                }
            }
            "values" | "returning" if query.write.is_some() => {}
            _ => return None,
        }
        Some(Tracked::Query(query))
    }
}

/// The text of a session receiver (`session`, `db.session`, `self.session`).
fn session_name(receiver: &Expr) -> Option<String> {
    let path = crate::python::module::written_path(receiver)?;
    let last = path.rsplit('.').next().unwrap_or(&path);
    (kind_from_name(last) == Some(DbKind::Session)).then_some(path)
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
