//! The indexes an ORM model's table gets: what Django's and SQLAlchemy's migrations would
//! create from the model, for the schema `missing-index` checks queries against; and the
//! columns of a Django model's fields, for the statements its querysets send.

use rustc_hash::FxHashMap;

use ruff_python_ast::{Expr, ExprCall, Stmt, StmtClassDef};

use super::models::{Orm, keyword, last_name, string_value};

/// Key columns of each index of the model's table, in order.
pub fn model_indexes(class: &StmtClassDef, orm: Orm) -> Vec<Vec<String>> {
    match orm {
        Orm::Django => django(class),
        Orm::SqlAlchemy => sqlalchemy(class),
    }
}

/// The column of each field of a Django model, by the names a filter uses: `status`, and
/// for a relation both `customer` and `customer_id` (the column `customer_id`).
pub fn django_columns(class: &StmtClassDef) -> FxHashMap<String, String> {
    let mut columns = FxHashMap::default();
    for field in django_fields(class) {
        if field.relation {
            columns.insert(format!("{}_id", field.name), field.column.clone());
        }
        columns.insert(field.name.to_string(), field.column);
    }
    columns
}

/// A field of a Django model that is a column of its table.
struct DjangoField<'a> {
    name: &'a str,
    column: String,
    /// A `ForeignKey` or `OneToOneField`: the column holds the key (`<name>_id`).
    relation: bool,
    call: &'a ExprCall,
}

/// The fields with a column of their own: not many-to-many ones.
fn django_fields(class: &StmtClassDef) -> impl Iterator<Item = DjangoField<'_>> {
    field_calls(&class.body).filter_map(|(name, call)| {
        let kind = last_name(&call.func).unwrap_or_default();
        if !(kind.ends_with("Field") || kind == "ForeignKey" || kind == "ParentalKey")
            || kind.starts_with("ManyToMany")
        {
            return None;
        }
        let relation = matches!(kind, "ForeignKey" | "OneToOneField" | "ParentalKey");
        let column = keyword(call, "db_column")
            .and_then(string_value)
            .unwrap_or_else(|| {
                if relation {
                    format!("{name}_id")
                } else {
                    name.to_string()
                }
            });
        Some(DjangoField {
            name,
            column,
            relation,
            call,
        })
    })
}

fn django(class: &StmtClassDef) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut columns: FxHashMap<String, String> = FxHashMap::default();
    let mut primary_key = false;
    for DjangoField {
        name,
        column,
        relation,
        call,
    } in django_fields(class)
    {
        columns.insert(name.to_string(), column.clone());
        let indexed = if is_true(call, "primary_key") {
            primary_key = true;
            true
        } else {
            is_true(call, "unique")
                || is_true(call, "db_index")
                || (relation && !is_false(call, "db_index"))
        };
        if indexed {
            out.push(vec![column]);
        }
    }
    if !primary_key {
        out.push(vec!["id".to_string()]);
    }
    let column_of = |field: &str| {
        let field = field.trim_start_matches('-');
        columns
            .get(field)
            .cloned()
            .unwrap_or_else(|| field.to_string())
    };
    for stmt in &class.body {
        let Stmt::ClassDef(meta) = stmt else {
            continue;
        };
        if meta.name.id.as_str() != "Meta" {
            continue;
        }
        for (option, value) in assignments(&meta.body) {
            match option {
                "indexes" | "constraints" => {
                    for item in elements(value) {
                        let Expr::Call(call) = item else {
                            continue;
                        };
                        let is_index =
                            matches!(last_name(&call.func), Some("Index" | "UniqueConstraint"));
                        let partial =
                            call.arguments.keywords.iter().any(|k| {
                                k.arg.as_ref().is_some_and(|a| a.id.as_str() == "condition")
                            });
                        if let (true, false, Some(fields)) =
                            (is_index, partial, keyword(call, "fields"))
                        {
                            out.push(strings(fields).iter().map(|f| column_of(f)).collect());
                        }
                    }
                }
                "unique_together" | "index_together" => {
                    let groups = elements(value);
                    if groups.iter().all(|g| matches!(g, Expr::StringLiteral(_))) {
                        out.push(strings(value).iter().map(|f| column_of(f)).collect());
                    } else {
                        for group in groups {
                            out.push(strings(group).iter().map(|f| column_of(f)).collect());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out.retain(|columns| !columns.is_empty());
    out
}

fn sqlalchemy(class: &StmtClassDef) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (name, call) in field_calls(&class.body) {
        if !matches!(last_name(&call.func), Some("Column" | "mapped_column")) {
            continue;
        }
        let column = call
            .arguments
            .args
            .first()
            .and_then(string_value)
            .unwrap_or_else(|| name.to_string());
        if is_true(call, "primary_key") || is_true(call, "index") || is_true(call, "unique") {
            out.push(vec![column]);
        }
    }
    for (name, value) in assignments(&class.body) {
        if name != "__table_args__" {
            continue;
        }
        for item in elements(value) {
            let Expr::Call(call) = item else {
                continue;
            };
            let skip = match last_name(&call.func) {
                // `Index("name", "a", "b")`: the first argument names the index.
                Some("Index") => 1,
                Some("UniqueConstraint" | "PrimaryKeyConstraint") => 0,
                _ => continue,
            };
            let columns: Vec<String> = call
                .arguments
                .args
                .iter()
                .skip(skip)
                .filter_map(|a| string_value(a).or_else(|| last_name(a).map(str::to_string)))
                .collect();
            if !columns.is_empty() {
                out.push(columns);
            }
        }
    }
    out
}

/// `name = Call(...)` and `name: T = Call(...)` in a class body.
pub(super) fn field_calls(body: &[Stmt]) -> impl Iterator<Item = (&str, &ExprCall)> {
    assignments(body).filter_map(|(name, value)| match value {
        Expr::Call(call) => Some((name, call)),
        _ => None,
    })
}

pub(super) fn assignments(body: &[Stmt]) -> impl Iterator<Item = (&str, &Expr)> {
    body.iter().filter_map(|stmt| {
        let (target, value) = match stmt {
            Stmt::Assign(assign) => (assign.targets.first()?, &*assign.value),
            Stmt::AnnAssign(assign) => (&*assign.target, assign.value.as_deref()?),
            _ => return None,
        };
        match target {
            Expr::Name(name) => Some((name.id.as_str(), value)),
            _ => None,
        }
    })
}

/// The items of a list, tuple or set literal (a dict is one item: `__table_args__` options).
fn elements(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::List(list) => list.elts.iter().collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        Expr::Set(set) => set.elts.iter().collect(),
        other => vec![other],
    }
}

fn strings(expr: &Expr) -> Vec<String> {
    elements(expr)
        .into_iter()
        .filter_map(string_value)
        .collect()
}

fn is_true(call: &ExprCall, name: &str) -> bool {
    matches!(keyword(call, name), Some(Expr::BooleanLiteral(b)) if b.value)
}

fn is_false(call: &ExprCall, name: &str) -> bool {
    matches!(keyword(call, name), Some(Expr::BooleanLiteral(b)) if !b.value)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn django_columns_are_named_as_migrations_name_them() {
        let parsed = crate::python::parse::parse(
            "class Order(models.Model):\n    \
             status = models.CharField(max_length=9)\n    \
             area = models.CharField(db_column=\"region\")\n    \
             customer = models.ForeignKey(Customer, on_delete=models.CASCADE)\n    \
             tags = models.ManyToManyField(Tag)\n    \
             objects = OrderManager()\n",
        );
        let Some(Stmt::ClassDef(class)) = parsed.module.body.first() else {
            panic!("no class");
        };
        let mut columns: Vec<(String, String)> = django_columns(class).into_iter().collect();
        columns.sort();
        let expected = [
            ("area", "region"),
            ("customer", "customer_id"),
            ("customer_id", "customer_id"),
            ("status", "status"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect();
        assert_eq!(columns, expected);
    }
}
