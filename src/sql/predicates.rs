//! The filters of a SELECT as an index sees them: which column of which table is compared
//! with a value, by equality or by range, and which columns are hidden in a function or a
//! cast. Aliases are resolved to table names.

use rustc_hash::FxHashMap;

use sqlparser::ast::{
    BinaryOperator, Expr, Select, TableFactor, TableWithJoins, visit_expressions,
    visit_expressions_mut,
};

use super::embedded::HOLE_PREFIX;
use super::facts::{conjuncts, disjuncts, join_conditions, last_name, unnest};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    /// `=`, `IN (…)`, `= ANY(…)`
    Equality,
    /// `<`, `<=`, `>`, `>=`, `BETWEEN`
    Range,
}

/// `table.column <op> value`.
#[derive(Debug)]
pub struct ColumnFilter<'a> {
    pub table: String,
    pub column: String,
    pub compare: Compare,
    pub expr: &'a Expr,
}

/// `f(table.column) <op> value` or `table.column::type <op> value`.
#[derive(Debug)]
pub struct WrappedFilter<'a> {
    pub table: String,
    pub column: String,
    /// The index key that would serve it, as schema indexes are compared: `lower(email)`.
    pub key: String,
    /// The same as SQL for `CREATE INDEX … (…)`: a call as is, anything else in
    /// parentheses (`(CAST(n AS TEXT))`), as PostgreSQL requires.
    pub index_sql: String,
    /// The wrapping expression as SQL, for messages: `lower(u.email)`.
    pub shown: String,
    /// Whether it makes a date or time of the column (`date(…)`, `date_trunc`, a cast to
    /// `date`): a range on the bare column says the same and can use its index.
    pub dated: bool,
    /// The wrapping expression (`lower(u.email)`), as written.
    pub wrapped: &'a Expr,
    pub expr: &'a Expr,
}

#[derive(Debug, Default)]
pub struct Filters<'a> {
    pub columns: Vec<ColumnFilter<'a>>,
    /// Every condition of the WHERE and the joins, for partial indexes to be judged on.
    pub conditions: Vec<&'a Expr>,
    pub wrapped: Vec<WrappedFilter<'a>>,
    pub joins: Vec<JoinKey<'a>>,
    /// `a = 1 OR b = 2` conditions, arm by arm.
    pub ors: Vec<OrFilter<'a>>,
}

/// An `OR` condition: an index serves it only when one serves each arm (a bitmap OR).
#[derive(Debug)]
pub struct OrFilter<'a> {
    /// Each arm (`a = 1`, `b = 2 AND c > 3`) with its column filters.
    pub arms: Vec<(&'a Expr, Vec<ColumnFilter<'a>>)>,
}

/// `a.x = b.y` between columns of two tables.
#[derive(Debug)]
pub struct JoinKey<'a> {
    /// (table, column) of each side.
    pub sides: [(String, String); 2],
    pub expr: &'a Expr,
}

/// The filters of a SELECT's WHERE and JOIN … ON conditions.
pub fn select_filters(select: &Select) -> Filters<'_> {
    let from: Vec<&TableWithJoins> = select.from.iter().collect();
    filters(&from, select.selection.as_ref())
}

/// The filters of a WHERE over FROM items (of a SELECT, an UPDATE or a DELETE).
pub fn filters<'a>(from: &[&'a TableWithJoins], selection: Option<&'a Expr>) -> Filters<'a> {
    let scope = Scope::of(from);
    let mut out = Filters::default();
    let conditions = selection
        .into_iter()
        .chain(from.iter().flat_map(|f| join_conditions(f)));
    for condition in conditions {
        for conjunct in conjuncts(condition) {
            scope.classify(conjunct, &mut out);
            if let Some(or) = scope.or_filter(conjunct) {
                out.ors.push(or);
            }
            out.conditions.push(conjunct);
        }
    }
    out
}

/// The FROM items of a SELECT: name or alias → table (`None` for derived tables and
/// functions, whose columns no index of ours serves).
struct Scope {
    names: FxHashMap<String, Option<String>>,
}

impl Scope {
    fn of(from: &[&TableWithJoins]) -> Self {
        let mut names = FxHashMap::default();
        let factors = from.iter().flat_map(|from| {
            std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation))
        });
        for factor in factors {
            match factor {
                TableFactor::Table { name, alias, .. } => {
                    let table = last_name(name).map(str::to_ascii_lowercase);
                    let key = alias
                        .as_ref()
                        .map(|a| a.name.value.to_ascii_lowercase())
                        .or_else(|| table.clone());
                    if let Some(key) = key {
                        names.insert(key, table);
                    }
                }
                other => {
                    if let Some(alias) = super::facts::table_factor_name(other) {
                        names.insert(alias.to_ascii_lowercase(), None);
                    }
                }
            }
        }
        Self { names }
    }

    /// The table and column a column reference means, if it is unambiguous.
    fn column(&self, expr: &Expr) -> Option<(String, String)> {
        match unnest(expr) {
            Expr::Identifier(ident) if !ident.value.starts_with(HOLE_PREFIX) => {
                let mut tables = self.names.values();
                match (tables.next(), tables.next()) {
                    (Some(Some(table)), None) => {
                        Some((table.clone(), ident.value.to_ascii_lowercase()))
                    }
                    _ => None,
                }
            }
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                let qualifier = parts[parts.len() - 2].value.to_ascii_lowercase();
                let table = self.names.get(&qualifier)?.clone()?;
                let column = parts.last()?.value.to_ascii_lowercase();
                Some((table, column))
            }
            _ => None,
        }
    }

    /// The arms of an `OR` and their column filters; `None` for any other condition.
    fn or_filter<'a>(&self, condition: &'a Expr) -> Option<OrFilter<'a>> {
        let arms = disjuncts(condition);
        if arms.len() < 2 {
            return None;
        }
        let arms = arms
            .into_iter()
            .map(|arm| {
                let mut filters = Filters::default();
                for conjunct in conjuncts(arm) {
                    self.classify(conjunct, &mut filters);
                }
                (arm, filters.columns)
            })
            .collect();
        Some(OrFilter { arms })
    }

    fn classify<'a>(&self, conjunct: &'a Expr, out: &mut Filters<'a>) {
        let (subject, compare) = match conjunct {
            Expr::BinaryOp { left, op, right } => {
                let compare = match op {
                    BinaryOperator::Eq => Compare::Equality,
                    BinaryOperator::Lt
                    | BinaryOperator::LtEq
                    | BinaryOperator::Gt
                    | BinaryOperator::GtEq => Compare::Range,
                    _ => return,
                };
                // `= NULL` is never true (null-comparison says so), not a lookup.
                if super::facts::is_null(left) || super::facts::is_null(right) {
                    return;
                }
                if compare == Compare::Equality
                    && let (Some(a), Some(b)) = (self.column(left), self.column(right))
                {
                    if a.0 != b.0 {
                        out.joins.push(JoinKey {
                            sides: [a, b],
                            expr: conjunct,
                        });
                    }
                    return;
                }
                if is_value(right) {
                    (left.as_ref(), compare)
                } else if is_value(left) {
                    (right.as_ref(), compare)
                } else {
                    return;
                }
            }
            Expr::InList {
                expr,
                list,
                negated: false,
            } if list.iter().all(is_value) => (expr.as_ref(), Compare::Equality),
            Expr::AnyOp {
                left,
                compare_op: BinaryOperator::Eq,
                right,
                ..
            } if is_value(right) => (left.as_ref(), Compare::Equality),
            Expr::Between {
                expr,
                negated: false,
                low,
                high,
            } if is_value(low) && is_value(high) => (expr.as_ref(), Compare::Range),
            _ => return,
        };
        if let Some((table, column)) = self.column(subject) {
            out.columns.push(ColumnFilter {
                table,
                column,
                compare,
                expr: conjunct,
            });
            return;
        }
        // One column inside a function or a cast, everything else values.
        let dated = match unnest(subject) {
            Expr::Function(function) => super::facts::function_name(function)
                .is_some_and(|name| DATE_FUNCTIONS.contains(&name.as_str())),
            Expr::Cast { data_type, .. } => is_date_type(data_type),
            Expr::Extract { .. } => true,
            _ => return,
        };
        let mut columns = Vec::new();
        let _ = visit_expressions(subject, |e| {
            if matches!(e, Expr::Identifier(_) | Expr::CompoundIdentifier(_))
                && let Some(found) = self.column(e)
            {
                columns.push(found);
            }
            std::ops::ControlFlow::<()>::Continue(())
        });
        if let [(table, column)] = columns.as_slice() {
            let subject = unnest(subject);
            let bare = unqualified(subject);
            out.wrapped.push(WrappedFilter {
                table: table.clone(),
                column: column.clone(),
                key: expression_key(subject),
                index_sql: match bare {
                    Expr::Function(_) => bare.to_string(),
                    _ => format!("({bare})"),
                },
                shown: subject.to_string(),
                dated,
                wrapped: subject,
                expr: conjunct,
            });
        }
    }
}

/// An expression that names no column: literals, parameters, placeholders of string
/// building, `now()`.
fn is_value(expr: &Expr) -> bool {
    let mut column = false;
    let _ = visit_expressions(expr, |e| {
        match e {
            Expr::Identifier(ident) => {
                let name = ident.value.to_ascii_lowercase();
                column |= !(ident.value.starts_with(HOLE_PREFIX)
                    || matches!(
                        name.as_str(),
                        "current_date" | "current_timestamp" | "current_time" | "localtimestamp"
                    ));
            }
            Expr::CompoundIdentifier(_) | Expr::Subquery(_) | Expr::Exists { .. } => column = true,
            _ => {}
        }
        std::ops::ControlFlow::<()>::Continue(())
    });
    !column
}

/// The key a predicate's left side would need: `email`, `lower(email)`.
pub fn expression_key(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(ident) => ident.value.to_ascii_lowercase(),
        Expr::CompoundIdentifier(parts) => parts
            .last()
            .map(|p| p.value.to_ascii_lowercase())
            .unwrap_or_default(),
        Expr::Nested(inner) => expression_key(inner),
        other => unqualified(other)
            .to_string()
            .to_ascii_lowercase()
            .replace(' ', ""),
    }
}

/// The expression with its columns unqualified: `lower(u.email)` in a query is served by
/// an index on `lower(email)`.
fn unqualified(expr: &Expr) -> Expr {
    let mut bare = expr.clone();
    let _ = visit_expressions_mut(&mut bare, |e| {
        if let Expr::CompoundIdentifier(parts) = e
            && let Some(last) = parts.last().cloned()
        {
            *e = Expr::Identifier(last);
        }
        std::ops::ControlFlow::<()>::Continue(())
    });
    bare
}

/// Functions that make a date or a time unit of a timestamp.
const DATE_FUNCTIONS: &[&str] = &["date", "date_trunc", "year", "month", "day", "to_date"];

fn is_date_type(data_type: &sqlparser::ast::DataType) -> bool {
    use sqlparser::ast::DataType;
    matches!(
        data_type,
        DataType::Date | DataType::Datetime(_) | DataType::Timestamp(..)
    )
}
