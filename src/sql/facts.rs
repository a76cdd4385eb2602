//! Small questions rules ask of the AST, answered in one place.

use sqlparser::ast::{
    BinaryOperator, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments,
    JoinConstraint, JoinOperator, ObjectName, ObjectNamePart, SetExpr, TableFactor, TableWithJoins,
    Value,
};

/// `expr` without redundant parentheses.
pub fn unnest(mut expr: &Expr) -> &Expr {
    while let Expr::Nested(inner) = expr {
        expr = inner;
    }
    expr
}

pub fn is_null(expr: &Expr) -> bool {
    matches!(unnest(expr), Expr::Value(v) if v.value == Value::Null)
}

/// The raw text of a string literal (quotes removed, escapes kept as written).
pub fn string_literal(expr: &Expr) -> Option<&str> {
    match unnest(expr) {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s)
            | Value::EscapedStringLiteral(s)
            | Value::NationalStringLiteral(s)
            | Value::DoubleQuotedString(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// The last part of a (possibly qualified) name, as written.
pub fn last_name(name: &ObjectName) -> Option<&str> {
    match name.0.last()? {
        ObjectNamePart::Identifier(ident) => Some(&ident.value),
        ObjectNamePart::Function(_) => None,
    }
}

/// Schemas of the database's own catalogs.
const CATALOG_SCHEMAS: [&str; 5] = [
    "pg_catalog",
    "information_schema",
    "mysql",
    "performance_schema",
    "sys",
];

/// A system catalog (`pg_class`, `information_schema.columns`, `sqlite_master`): read
/// whole on purpose, to learn what exists; small; and indexed by the database, not by you.
pub fn is_system_catalog(name: &ObjectName) -> bool {
    let parts: Vec<&str> = name
        .0
        .iter()
        .filter_map(|part| match part {
            ObjectNamePart::Identifier(ident) => Some(ident.value.as_str()),
            ObjectNamePart::Function(_) => None,
        })
        .collect();
    let schema = parts.len().checked_sub(2).map(|at| parts[at]);
    schema.is_some_and(|s| CATALOG_SCHEMAS.iter().any(|c| s.eq_ignore_ascii_case(c)))
        || parts.last().is_some_and(|table| is_catalog_table(table))
}

/// Oracle's data dictionary views, each under `user_`, `all_`, `dba_` and `cdb_`
/// (`user_tables`, `all_tab_columns`): only these names, since `user_profiles` or
/// `all_orders` are as likely to be an application's own tables.
const ORACLE_DICTIONARY: [&str; 40] = [
    "tables",
    "tab_columns",
    "tab_cols",
    "tab_comments",
    "col_comments",
    "views",
    "mviews",
    "mview_logs",
    "constraints",
    "cons_columns",
    "indexes",
    "ind_columns",
    "ind_expressions",
    "sequences",
    "triggers",
    "trigger_cols",
    "objects",
    "source",
    "synonyms",
    "tab_privs",
    "col_privs",
    "procedures",
    "arguments",
    "dependencies",
    "tab_identity_cols",
    "lobs",
    "part_tables",
    "tab_partitions",
    "segments",
    "tablespaces",
    "types",
    "db_links",
    "role_privs",
    "sys_privs",
    "users",
    "errors",
    "scheduler_jobs",
    "tab_statistics",
    "ind_statistics",
    "catalog",
];

/// An Oracle catalog: a data dictionary view, a dynamic performance view (`v$session`,
/// `gv$sql`) or `dual`.
fn is_oracle_catalog(lower: &str) -> bool {
    let dictionary = ["user_", "all_", "dba_", "cdb_"].iter().any(|prefix| {
        lower
            .strip_prefix(prefix)
            .is_some_and(|view| ORACLE_DICTIONARY.contains(&view))
    });
    dictionary || lower.starts_with("v$") || lower.starts_with("gv$") || lower == "dual"
}

/// A catalog table's own name: PostgreSQL's `pg_*`, SQLite's `sqlite_*` tables, Oracle's
/// dictionary and performance views.
pub fn is_catalog_table(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("pg_")
        || is_oracle_catalog(&lower)
        || matches!(
            lower.as_str(),
            "sqlite_master"
                | "sqlite_schema"
                | "sqlite_temp_master"
                | "sqlite_temp_schema"
                | "sqlite_sequence"
                | "sqlite_stat1"
        )
}

/// Lower-cased function name (`pg_catalog.random` → `random`).
pub fn function_name(function: &Function) -> Option<String> {
    last_name(&function.name).map(str::to_ascii_lowercase)
}

/// Positional argument expressions of a call; named and wildcard arguments are skipped.
pub fn function_args(function: &Function) -> Vec<&Expr> {
    match &function.args {
        FunctionArguments::List(list) => list
            .args
            .iter()
            .filter_map(|arg| match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect(),
        FunctionArguments::None | FunctionArguments::Subquery(_) => Vec::new(),
    }
}

/// Whether a call takes no arguments at all (`random()`).
pub fn has_no_args(function: &Function) -> bool {
    match &function.args {
        FunctionArguments::None => true,
        FunctionArguments::List(list) => list.args.is_empty(),
        FunctionArguments::Subquery(_) => false,
    }
}

/// Aggregates that always return one row per group and never NULL (`count`) or that
/// collapse a whole table to one row.
pub fn is_aggregate_name(name: &str) -> bool {
    matches!(
        name,
        "count"
            | "sum"
            | "min"
            | "max"
            | "avg"
            | "bool_and"
            | "bool_or"
            | "every"
            | "array_agg"
            | "string_agg"
            | "json_agg"
            | "jsonb_agg"
            | "group_concat"
            | "listagg"
            | "stddev"
            | "variance"
    )
}

/// The name a FROM item is referred to by: its alias, else its table name.
pub fn table_factor_name(factor: &TableFactor) -> Option<String> {
    match factor {
        TableFactor::Table { name, alias, .. } => alias
            .as_ref()
            .map(|a| a.name.value.clone())
            .or_else(|| last_name(name).map(str::to_string)),
        TableFactor::Derived { alias, .. }
        | TableFactor::TableFunction { alias, .. }
        | TableFactor::Function { alias, .. }
        | TableFactor::UNNEST { alias, .. } => alias.as_ref().map(|a| a.name.value.clone()),
        _ => None,
    }
}

/// The SELECTs that make up a query body, through set operations and parentheses.
pub fn body_selects(body: &SetExpr) -> Vec<&sqlparser::ast::Select> {
    let mut out = Vec::new();
    let mut stack = vec![body];
    while let Some(set) = stack.pop() {
        match set {
            SetExpr::Select(select) => out.push(select.as_ref()),
            SetExpr::Query(query) => stack.push(&query.body),
            SetExpr::SetOperation { left, right, .. } => {
                stack.push(right);
                stack.push(left);
            }
            _ => {}
        }
    }
    out
}

/// The `ON` conditions of a FROM item's joins.
pub fn join_conditions(from: &TableWithJoins) -> impl Iterator<Item = &Expr> {
    from.joins
        .iter()
        .filter_map(|join| match &join.join_operator {
            JoinOperator::Join(JoinConstraint::On(e))
            | JoinOperator::Inner(JoinConstraint::On(e))
            | JoinOperator::Left(JoinConstraint::On(e))
            | JoinOperator::LeftOuter(JoinConstraint::On(e))
            | JoinOperator::Right(JoinConstraint::On(e))
            | JoinOperator::RightOuter(JoinConstraint::On(e))
            | JoinOperator::FullOuter(JoinConstraint::On(e)) => Some(e),
            _ => None,
        })
}

/// The parts of an `a AND b AND …` chain, parentheses removed, in source order.
pub fn conjuncts(expr: &Expr) -> Vec<&Expr> {
    operands(expr, &BinaryOperator::And)
}

/// The arms of an `a OR b OR …` chain, parentheses removed, in source order.
pub fn disjuncts(expr: &Expr) -> Vec<&Expr> {
    operands(expr, &BinaryOperator::Or)
}

fn operands<'e>(expr: &'e Expr, chained: &BinaryOperator) -> Vec<&'e Expr> {
    let mut out = Vec::new();
    let mut stack = vec![expr];
    while let Some(expr) = stack.pop() {
        match unnest(expr) {
            Expr::BinaryOp { left, op, right } if op == chained => {
                stack.push(right);
                stack.push(left);
            }
            other => out.push(other),
        }
    }
    out
}

/// The shape of a statement, as the Python performance rules need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryShape {
    /// A SELECT that returns a whole table: no `WHERE`, `LIMIT`, `GROUP BY`, and not an
    /// aggregate-only select list. Holds the table's name.
    pub unbounded_table: Option<String>,
    /// `LIMIT`, `FETCH FIRST` or `TOP`.
    pub limited: bool,
    pub ordered: bool,
    /// A query (`SELECT`, `WITH`, `VALUES`).
    pub reads: bool,
    /// `INSERT`, `UPDATE`, `DELETE` or `MERGE`.
    pub writes: bool,
    /// The table read or written is named by an interpolated value (`FROM {table}`): one
    /// statement per table, which no single statement replaces.
    pub table_from_hole: bool,
    /// A SELECT of one table filtered by its `WHERE` alone, with no `LIMIT`.
    pub filtered: Option<super::whole_table::FilteredRead>,
    /// Names a table anywhere, subqueries included: not a `SELECT` of function calls and
    /// values alone (`SELECT load_extension(?)`, `SELECT version()`).
    pub names_table: bool,
    /// Every table it names is a system catalog (`sqlite_master`, `information_schema.…`),
    /// also under an interpolated schema (`FROM {schema}sqlite_master`).
    pub catalogs_only: bool,
    /// `CREATE`, `ALTER` or `DROP` of a table, index, view or schema.
    pub changes_schema: bool,
    /// Its rows describe the database's own schema: it reads only system catalogs, or asks
    /// for the schema (`SHOW TABLES`, `SHOW COLUMNS`, `SHOW CREATE TABLE`, `PRAGMA
    /// table_info(t)`, `DESCRIBE t`).
    pub describes_schema: bool,
}

impl QueryShape {
    /// Whether running the statement once per item of a loop is worth batching: it reads
    /// or writes rows of a table it names. Not a paginated read (`ORDER BY … LIMIT n`), one
    /// statement per table (`FROM {table}`), nor a call of the database's functions that
    /// reads no table, such as loading an extension or a status probe.
    pub fn repeats_per_item(&self) -> bool {
        (self.reads || self.writes)
            && self.names_table
            && !self.table_from_hole
            && !(self.limited && self.ordered)
    }
}

pub fn query_shape(statement: &sqlparser::ast::Statement) -> QueryShape {
    use std::ops::ControlFlow;
    let names_table =
        sqlparser::ast::visit_relations(statement, |_| ControlFlow::Break(())).is_break();
    let other_table = sqlparser::ast::visit_relations(statement, |name| {
        if is_system_catalog(name) || last_name(name).is_some_and(catalog_after_hole) {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    use sqlparser::ast::Statement;
    let changes_schema = matches!(
        statement,
        Statement::CreateTable(_)
            | Statement::CreateIndex(_)
            | Statement::CreateView(_)
            | Statement::CreateSchema { .. }
            | Statement::AlterTable(_)
            | Statement::AlterIndex { .. }
            | Statement::Drop { .. }
    );
    let catalogs_only = names_table && other_table.is_continue();
    QueryShape {
        names_table,
        catalogs_only,
        changes_schema,
        describes_schema: catalogs_only
            || matches!(
                statement,
                Statement::ShowTables { .. }
                    | Statement::ShowColumns { .. }
                    | Statement::ShowCreate { .. }
                    | Statement::ShowDatabases { .. }
                    | Statement::ShowSchemas { .. }
                    | Statement::ShowViews { .. }
                    | Statement::ExplainTable { .. }
                    | Statement::Pragma { .. }
            ),
        ..statement_shape(statement)
    }
}

/// Whether a statement's first token is the keyword `PRAGMA`. sqlparser takes only a
/// literal as a PRAGMA's argument (`PRAGMA table_info(items)` fails), so a PRAGMA it cannot
/// read is known by its first word: a read of one schema object's description, no table's
/// rows.
pub fn is_pragma(statement: &str, dialect: super::Dialect) -> bool {
    use sqlparser::keywords::Keyword;
    use sqlparser::tokenizer::{Token, Tokenizer};
    let Ok(tokens) = Tokenizer::new(dialect.parser_dialect(), statement).tokenize() else {
        return false;
    };
    tokens
        .iter()
        .find(|t| !matches!(t, Token::Whitespace(_)))
        .is_some_and(|t| matches!(t, Token::Word(w) if w.keyword == Keyword::PRAGMA))
}

/// A catalog's name after an interpolated schema prefix (`{schema}sqlite_master`, where
/// the hole holds `main.` or nothing).
fn catalog_after_hole(name: &str) -> bool {
    name.strip_prefix(super::embedded::HOLE_PREFIX)
        .map(|rest| rest.trim_start_matches(|c: char| c.is_ascii_digit()))
        .is_some_and(is_catalog_table)
}

fn statement_shape(statement: &sqlparser::ast::Statement) -> QueryShape {
    use sqlparser::ast::Statement;
    match statement {
        Statement::Query(query) => {
            let limited = query.limit_clause.is_some() || query.fetch.is_some();
            let selects = body_selects(&query.body);
            let limited = limited || selects.iter().any(|s| s.top.is_some());
            let unbounded_table = super::whole_table::read_whole(query);
            let filtered = super::whole_table::filtered_read(query);
            let table_from_hole = selects.iter().any(|s| {
                s.from
                    .first()
                    .is_some_and(|t| relation_from_hole(&t.relation))
            });
            QueryShape {
                unbounded_table,
                limited,
                ordered: query.order_by.is_some(),
                reads: true,
                table_from_hole,
                filtered,
                ..QueryShape::default()
            }
        }
        Statement::Insert(insert) => QueryShape {
            writes: true,
            table_from_hole: matches!(&insert.table, sqlparser::ast::TableObject::TableName(name) if name_from_hole(name)),
            ..QueryShape::default()
        },
        Statement::Update(update) => QueryShape {
            writes: true,
            table_from_hole: relation_from_hole(&update.table.relation),
            ..QueryShape::default()
        },
        Statement::Delete(delete) => {
            let (sqlparser::ast::FromTable::WithFromKeyword(from)
            | sqlparser::ast::FromTable::WithoutKeyword(from)) = &delete.from;
            QueryShape {
                writes: true,
                table_from_hole: from
                    .first()
                    .is_some_and(|t| relation_from_hole(&t.relation)),
                ..QueryShape::default()
            }
        }
        Statement::Merge(_) => QueryShape {
            writes: true,
            ..QueryShape::default()
        },
        _ => QueryShape::default(),
    }
}

/// A table whose name is an interpolated value (`FROM {table}`, `FROM {schema}.{table}`);
/// not a table of a fixed name under an interpolated schema or prefix
/// (`FROM {schema}.sqlite_master`), which is the same table on every call.
fn relation_from_hole(relation: &TableFactor) -> bool {
    matches!(relation, TableFactor::Table { name, .. } if name_from_hole(name))
}

fn name_from_hole(name: &ObjectName) -> bool {
    matches!(name.0.last(), Some(ObjectNamePart::Identifier(ident))
        if ident.value.strip_prefix(super::embedded::HOLE_PREFIX)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}
