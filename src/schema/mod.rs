//! Tables and their indexes, learnt from the DDL of the run's `.sql` files (in path order,
//! so a migrations folder replays in file-name order) and from its Django and SQLAlchemy
//! models, and from dbt property files (which also list columns). Built once per run, before
//! any query is checked; read-only after.

use rustc_hash::FxHashMap;

use sqlparser::ast::{
    AlterTableOperation, ColumnOption, IndexColumn, ObjectName, ObjectType, Statement,
    TableConstraint,
};

use crate::sql::facts::{conjuncts, last_name};
use crate::sql::predicates::expression_key;

/// One index: its key columns in order, lower-case; an expression key is kept as its SQL
/// text (`lower(email)`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Index {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub unique: bool,
    /// A partial index's `WHERE`, as its conjuncts' keys (`closed_atisnull`): it serves
    /// only the queries that imply each of them.
    pub predicate: Option<Vec<String>>,
}

/// A column a property file describes (dbt's `columns:`): its name (lower-case) and what is
/// declared of it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Column {
    pub name: String,
    /// The declared type as written (`bigint`, `varchar(20)`), when given.
    pub data_type: Option<String>,
    /// A `not_null` test or constraint, or a primary key.
    pub not_null: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub name: String,
    pub indexes: Vec<Index>,
    /// The columns some source lists; they are all the table has only when `columns_complete`.
    pub columns: Vec<Column>,
    /// Whether `columns` is the whole list (a dbt model whose contract is enforced): only
    /// then is a name missing from it a column the table does not have.
    pub columns_complete: bool,
}

impl Table {
    /// Whether the table has a column `name` (any case): `None` when its columns are not all
    /// known and `name` is not among those that are.
    pub fn has_column(&self, name: &str) -> Option<bool> {
        if self.column(name).is_some() {
            Some(true)
        } else {
            self.columns_complete.then_some(false)
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Whether some non-partial index starts with `key` (a column or an expression's text).
    pub fn leads_with(&self, key: &str) -> bool {
        self.serves(key, |_| false)
    }

    /// Whether some index starts with `key` and covers the rows asked for: a whole-table
    /// index, or a partial one each of whose conditions `implied` says the query implies.
    pub fn serves(&self, key: &str, implied: impl Fn(&str) -> bool) -> bool {
        self.indexes.iter().any(|index| {
            index.columns.first().is_some_and(|c| c == key)
                && index
                    .predicate
                    .as_ref()
                    .is_none_or(|conditions| conditions.iter().all(|c| implied(c)))
        })
    }

    fn add(&mut self, index: Index) {
        if !self.indexes.contains(&index) {
            self.indexes.push(index);
        }
    }
}

/// Tables by lower-case name, without schema qualification.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    tables: FxHashMap<String, Table>,
    /// Whether some table's columns are all known: else no name is judged missing, and the
    /// rules that judge them need not look.
    complete_columns: bool,
}

impl Schema {
    /// Whether some table has all its columns declared (`Table::columns_complete`).
    pub fn has_complete_columns(&self) -> bool {
        self.complete_columns
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(&name.to_ascii_lowercase())
    }

    /// The table, created empty if the DDL has not declared it yet.
    pub fn table_mut(&mut self, name: &str) -> &mut Table {
        let key = name.to_ascii_lowercase();
        self.tables.entry(key.clone()).or_insert_with(|| Table {
            name: key,
            ..Table::default()
        })
    }

    /// Adds an index on `columns` (plain column names) of `table`, as an ORM model declares
    /// it (whether it is unique does not matter to the rules).
    pub fn add_index(&mut self, table: &str, columns: &[&str]) {
        if columns.is_empty() {
            return;
        }
        self.table_mut(table).add(Index {
            name: None,
            columns: columns.iter().map(|c| c.to_ascii_lowercase()).collect(),
            unique: false,
            predicate: None,
        });
    }

    /// Applies one change; changes are applied in the order the DDL makes them.
    pub fn apply(&mut self, change: Change) {
        match change {
            Change::Table(name) => {
                self.table_mut(&name);
            }
            Change::Index(table, index) => self.table_mut(&table).add(index),
            Change::Columns {
                table,
                columns,
                complete,
            } => {
                let table = self.table_mut(&table);
                for column in columns {
                    if table.column(&column.name).is_none() {
                        table.columns.push(column);
                    }
                }
                table.columns_complete |= complete;
                self.complete_columns |= complete;
            }
            Change::DropTable(name) => {
                self.tables.remove(&name);
            }
            Change::DropIndex(name) => {
                for table in self.tables.values_mut() {
                    table.indexes.retain(|i| i.name.as_deref() != Some(&name));
                }
            }
        }
    }
}

/// What a DDL statement does to the schema, kept small: a run learns it from every file
/// before checking any, and the statements themselves are not kept.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Change {
    Table(String),
    Index(String, Index),
    /// Columns of a table, and whether they are all it has.
    Columns {
        table: String,
        columns: Vec<Column>,
        complete: bool,
    },
    DropTable(String),
    DropIndex(String),
}

/// The schema changes of one DDL statement (none for other statements).
pub fn changes(statement: &Statement) -> Vec<Change> {
    let mut out = Vec::new();
    match statement {
        Statement::CreateTable(create) => {
            let Some(table) = object_name(&create.name) else {
                return out;
            };
            out.push(Change::Table(table.clone()));
            for column in &create.columns {
                for option in &column.options {
                    if matches!(
                        option.option,
                        ColumnOption::PrimaryKey(_) | ColumnOption::Unique(_)
                    ) {
                        let index = Index {
                            name: None,
                            columns: vec![column.name.value.to_ascii_lowercase()],
                            unique: true,
                            predicate: None,
                        };
                        out.push(Change::Index(table.clone(), index));
                    }
                }
            }
            for constraint in &create.constraints {
                out.extend(constraint_index(constraint).map(|i| Change::Index(table.clone(), i)));
            }
        }
        Statement::CreateIndex(create) => {
            if let Some(table) = object_name(&create.table_name) {
                let index = Index {
                    name: create.name.as_ref().and_then(object_name),
                    columns: create.columns.iter().map(index_key).collect(),
                    unique: create.unique,
                    predicate: create
                        .predicate
                        .as_ref()
                        .map(|p| conjuncts(p).into_iter().map(expression_key).collect()),
                };
                out.push(Change::Index(table, index));
            }
        }
        Statement::AlterTable(alter) => {
            let Some(table) = object_name(&alter.name) else {
                return out;
            };
            for operation in &alter.operations {
                if let AlterTableOperation::AddConstraint { constraint, .. } = operation
                    && let Some(index) = constraint_index(constraint)
                {
                    out.push(Change::Index(table.clone(), index));
                }
            }
        }
        Statement::Drop {
            object_type, names, ..
        } => {
            for name in names.iter().filter_map(object_name) {
                match object_type {
                    ObjectType::Table => out.push(Change::DropTable(name)),
                    ObjectType::Index => out.push(Change::DropIndex(name)),
                    _ => {}
                }
            }
        }
        _ => {}
    }
    out
}

/// The index a PRIMARY KEY, UNIQUE or (MySQL) INDEX constraint creates; foreign keys
/// create none in PostgreSQL.
fn constraint_index(constraint: &TableConstraint) -> Option<Index> {
    let (name, columns, unique) = match constraint {
        TableConstraint::PrimaryKey(pk) => (pk.name.as_ref(), &pk.columns, true),
        TableConstraint::Unique(unique) => (unique.name.as_ref(), &unique.columns, true),
        TableConstraint::Index(index) => (index.name.as_ref(), &index.columns, false),
        _ => return None,
    };
    Some(Index {
        name: name.map(|n| n.value.to_ascii_lowercase()),
        columns: columns.iter().map(index_key).collect(),
        unique,
        predicate: None,
    })
}

/// An index key as the rules compare it: a column's name, or an expression's text.
fn index_key(column: &IndexColumn) -> String {
    expression_key(&column.column.expr)
}

fn object_name(name: &ObjectName) -> Option<String> {
    last_name(name).map(|n| n.to_ascii_lowercase())
}
