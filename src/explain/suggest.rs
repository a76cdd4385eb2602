//! The index that would serve a plan node: read from the filter PostgreSQL printed
//! (`((status = 'new'::text) AND (created_at > $2))`), equality columns first, then the
//! first range column; an expression index when the filter applies a function.

use rustc_hash::FxHashSet;
use std::ops::ControlFlow;

use sqlparser::ast::{BinaryOperator, CastKind, DataType, Expr, Ident, visit_expressions_mut};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::plan::{Candidate, CandidateKind};

/// A suggested index: the statement that creates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// `CREATE INDEX ON orders (customer_id, created_at)`
    pub create: String,
}

/// The index for a candidate, if its filter or sort keys name columns of its table.
pub fn suggest(candidate: &Candidate, schema: &str) -> Option<Suggestion> {
    let mut parts = Parts::default();
    if let Some(filter) = &candidate.filter {
        let expr = parse(filter)?;
        parts.conjuncts(&expr, &candidate.alias);
    }
    let mut keys = parts.equal;
    if let CandidateKind::TopN { keys: sort, .. } = &candidate.kind {
        for key in sort {
            keys.push(sort_key(key, &candidate.alias)?);
        }
    } else if let Some(range) = parts.range.into_iter().next() {
        keys.push(range);
    }
    dedup_in_order(&mut keys);
    if keys.is_empty() {
        return None;
    }
    let keys = keys.join(", ");
    let table = if schema.is_empty() || schema == "public" {
        quote(&candidate.relation)
    } else {
        format!("{}.{}", quote(schema), quote(&candidate.relation))
    };
    Some(Suggestion {
        create: format!("CREATE INDEX ON {table} ({keys})"),
    })
}

fn parse(text: &str) -> Option<Expr> {
    Parser::new(&PostgreSqlDialect {})
        .try_with_sql(text)
        .ok()?
        .parse_expr()
        .ok()
}

/// Key parts found in a filter, as index key text.
#[derive(Default)]
struct Parts {
    equal: Vec<String>,
    range: Vec<String>,
}

impl Parts {
    /// Walks `AND`ed conditions; an `OR` or anything else is not served by one index key.
    fn conjuncts(&mut self, expr: &Expr, alias: &str) {
        match expr {
            Expr::Nested(inner) => self.conjuncts(inner, alias),
            Expr::BinaryOp {
                left,
                op: BinaryOperator::And,
                right,
            } => {
                self.conjuncts(left, alias);
                self.conjuncts(right, alias);
            }
            Expr::BinaryOp { left, op, right } => {
                let equal = match op {
                    BinaryOperator::Eq => true,
                    BinaryOperator::Lt
                    | BinaryOperator::LtEq
                    | BinaryOperator::Gt
                    | BinaryOperator::GtEq => false,
                    _ => return,
                };
                // The table's side against a value or another table's column.
                let key = match (key_of(left, alias), key_of(right, alias)) {
                    (Some(key), None) | (None, Some(key)) => key,
                    _ => return,
                };
                self.push(key, equal);
            }
            Expr::AnyOp {
                left,
                compare_op: BinaryOperator::Eq,
                ..
            } => {
                if let Some(key) = key_of(left, alias) {
                    self.push(key, true);
                }
            }
            Expr::IsNull(inner) | Expr::InList { expr: inner, .. } => {
                if let Some(key) = key_of(inner, alias) {
                    self.push(key, true);
                }
            }
            Expr::Between { expr, negated, .. } if !negated => {
                if let Some(key) = key_of(expr, alias) {
                    self.push(key, false);
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, key: String, equal: bool) {
        if equal {
            self.equal.push(key);
        } else {
            self.range.push(key);
        }
    }
}

/// The index key for one side of a comparison: a column of the table (`status`, also
/// `(status)::text`, PostgreSQL's cast of a varchar), or an expression over its columns
/// only (`lower((email)::text)`). `None` for values, parameters and other tables' columns.
fn key_of(expr: &Expr, alias: &str) -> Option<String> {
    let expr = strip(expr);
    if let Some(column) = column_of(expr, alias) {
        return Some(quote(&column));
    }
    let mut own = false;
    let mut other = false;
    let mut expr = expr.clone();
    let _ = visit_expressions_mut(&mut expr, |e| {
        // `(email)::text` inside `lower(…)` is PostgreSQL's printing of `email`.
        if column_like(strip(e)) {
            *e = strip(e).clone();
        }
        match e {
            Expr::Identifier(_) => own = true,
            Expr::CompoundIdentifier(_) => match column_of(e, alias) {
                Some(column) => {
                    own = true;
                    *e = Expr::Identifier(Ident::new(column));
                }
                None => other = true,
            },
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    (own && !other && !has_parameter(&expr)).then(|| format!("({expr})"))
}

/// `(x)` and `x::text` around a column are PostgreSQL's printing, not the query's own.
fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => strip(inner),
        Expr::Cast {
            kind: CastKind::DoubleColon,
            expr: inner,
            data_type: DataType::Text,
            ..
        } if column_like(strip(inner)) => strip(inner),
        _ => expr,
    }
}

fn column_like(expr: &Expr) -> bool {
    matches!(expr, Expr::Identifier(_) | Expr::CompoundIdentifier(_))
}

/// The column name when `expr` is a column of the table known as `alias`.
fn column_of(expr: &Expr, alias: &str) -> Option<String> {
    match expr {
        Expr::Identifier(ident) => Some(ident.value.clone()),
        Expr::CompoundIdentifier(parts) => match parts.as_slice() {
            [qualifier, column] if qualifier.value == alias => Some(column.value.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn has_parameter(expr: &Expr) -> bool {
    expr.to_string().contains('$')
}

/// A sort key as PostgreSQL prints it (`o.created_at DESC`) as index key text.
fn sort_key(key: &str, alias: &str) -> Option<String> {
    let (column, direction) = match key.rsplit_once(' ') {
        Some((column, direction @ ("DESC" | "ASC"))) => (column, Some(direction)),
        _ => (key, None),
    };
    let expr = parse(column)?;
    let key = key_of(&expr, alias)?;
    Some(match direction {
        Some("DESC") => format!("{key} DESC"),
        _ => key,
    })
}

/// Quotes an identifier only when PostgreSQL would need it.
pub fn quote(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

fn dedup_in_order(keys: &mut Vec<String>) {
    let mut seen = FxHashSet::default();
    keys.retain(|k| seen.insert(k.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(alias: &str, filter: &str) -> Candidate {
        Candidate {
            kind: CandidateKind::Filter {
                node_type: "Seq Scan".into(),
            },
            relation: "orders".into(),
            alias: alias.into(),
            filter: Some(filter.into()),
            rows: 1.0,
            fetched: None,
        }
    }

    fn create(candidate: &Candidate) -> Option<String> {
        suggest(candidate, "public").map(|s| s.create)
    }

    #[test]
    fn equality_columns_come_before_the_first_range_column() {
        assert_eq!(
            create(&filter(
                "orders",
                "((created_at > $2) AND (customer_id = $1) AND (id < 9))"
            ))
            .as_deref(),
            Some("CREATE INDEX ON orders (customer_id, created_at)")
        );
    }

    #[test]
    fn a_varchar_cast_is_the_column_and_a_function_is_an_expression_index() {
        assert_eq!(
            create(&filter("orders", "((email)::text = 'a'::text)")).as_deref(),
            Some("CREATE INDEX ON orders (email)")
        );
        assert_eq!(
            create(&filter("orders", "(lower((email)::text) = 'a'::text)")).as_deref(),
            Some("CREATE INDEX ON orders ((lower(email)))")
        );
    }

    #[test]
    fn a_join_key_is_the_column_of_the_scanned_table() {
        assert_eq!(
            create(&filter("o", "(o.customer_id = c.id)")).as_deref(),
            Some("CREATE INDEX ON orders (customer_id)")
        );
    }

    #[test]
    fn or_and_not_equal_are_not_served_by_an_index_key() {
        assert_eq!(create(&filter("orders", "((a = 1) OR (b = 2))")), None);
        assert_eq!(create(&filter("orders", "(status <> 'x'::text)")), None);
    }

    #[test]
    fn a_top_n_sort_indexes_the_equality_filter_then_the_sort_keys() {
        let mut candidate = filter("o", "(o.status = 'new'::text)");
        candidate.kind = CandidateKind::TopN {
            keys: vec!["o.created_at DESC".into()],
            input_rows: 1e5,
        };
        assert_eq!(
            create(&candidate).as_deref(),
            Some("CREATE INDEX ON orders (status, created_at DESC)")
        );
    }

    #[test]
    fn names_needing_quotes_are_quoted_and_schemas_kept() {
        let mut candidate = filter("Order", "(\"userId\" = 3)");
        candidate.relation = "Order".into();
        assert_eq!(
            suggest(&candidate, "sales").map(|s| s.create).as_deref(),
            Some("CREATE INDEX ON sales.\"Order\" (\"userId\")")
        );
    }
}
