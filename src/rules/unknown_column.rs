//! The table has no column of that name: the code and the schema disagree. The explain
//! pass asks the database; without one, a table whose every column is declared (a dbt
//! model with an enforced contract) is checked against its declaration.

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, Query, SelectItem, Spanned,
    Statement, TableFactor, Visit, Visitor,
};
use sqlparser::tokenizer::Span;

use super::{Ctx, Planned};
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::embedded::HOLE_PREFIX;
use crate::sql::facts::{body_selects, last_name, table_factor_name};

pub static META: RuleMeta = RuleMeta {
    code: "SH210",
    name: "unknown-column",
    category: Category::Correctness,
    default_severity: Severity::Error,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "the query names a column the database does not have",
    doc: include_str!("../../rules/SH210-unknown-column.md"),
};

pub fn check(planned: &Planned<'_>, out: &mut Vec<Diagnostic>) {
    super::unknown_table::unknown_name(planned, true, &META, out);
}

/// Column references of a query to a table whose columns are all declared, when the name
/// is not among them. Only references that cannot mean anything else are judged: `q.c`
/// where `q` names one table in the whole statement (not a CTE, a subquery or a function),
/// and a bare `c` in a statement reading a single table and naming no output `c`; so a
/// correlated reference, a lateral alias (`SELECT a AS b … WHERE b`) or a struct field is
/// never mistaken for a missing column.
pub fn check_declared(ctx: &mut Ctx<'_>, statement: &Statement) {
    if !matches!(statement, Statement::Query(_)) || !ctx.schema.has_complete_columns() {
        return;
    }
    let mut names = Names::default();
    let _ = statement.visit(&mut names);
    let tables: Vec<&str> = names
        .sources
        .values()
        .flatten()
        .flatten()
        .map(String::as_str)
        .collect();
    let single = match (names.sources.len(), tables.as_slice()) {
        (1, [table]) if names.ctes.is_empty() => Some(*table),
        _ => None,
    };
    for (qualifier, column, span) in &names.references {
        let table = match qualifier {
            Some(qualifier) => match names.sources.get(qualifier).map(Vec::as_slice) {
                Some([Some(table)]) => table.as_str(),
                _ => continue,
            },
            None if names.outputs.contains(column)
                || names.sources.contains_key(column)
                || names.arguments.contains(span) =>
            {
                continue;
            }
            None => match single {
                Some(table) => table,
                None => continue,
            },
        };
        if names.ctes.contains(table) {
            continue;
        }
        let Some(known) = ctx.schema.table(table) else {
            continue;
        };
        if known.has_column(column) != Some(false) {
            continue;
        }
        let listed = known
            .columns
            .iter()
            .map(|c| format!("`{}`", c.name))
            .collect::<Vec<_>>()
            .join(", ");
        ctx.report(
            Diagnostic::new(
                &META,
                ctx.range_of(*span),
                format!("`{table}` has no column `{column}`: its declared columns are {listed}"),
            )
            .help(
                "fix the name, or declare the column in the model's properties (its contract \
                 is enforced, so dbt fails the build on columns it does not list)",
            ),
        );
    }
}

/// The names a statement defines and uses, lower-case.
#[derive(Default)]
struct Names {
    /// FROM items by alias or name: each table it stands for (`None`: a subquery, a function).
    sources: FxHashMap<String, Vec<Option<String>>>,
    ctes: FxHashSet<String>,
    /// Output names (`… AS total`), which some dialects let later clauses use.
    outputs: FxHashSet<String>,
    /// Column references: the qualifier when there is one, the column, where it is.
    references: Vec<(Option<String>, String, Span)>,
    /// Bare names passed to a function, which may be a keyword the dialect reads there
    /// (`dateadd(day, 1, at)`, `date_diff(a, b, DAY)`) rather than a column.
    arguments: Vec<Span>,
}

impl Visitor for Names {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if let Some(with) = &query.with {
            self.ctes
                .extend(with.cte_tables.iter().map(|c| lower(&c.alias.name)));
        }
        for select in body_selects(&query.body) {
            for item in &select.projection {
                if let SelectItem::ExprWithAlias { alias, .. } = item {
                    self.outputs.insert(lower(alias));
                }
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        let (key, table) = match factor {
            TableFactor::Table {
                name,
                alias,
                args: None,
                ..
            } => {
                let table = last_name(name).map(str::to_ascii_lowercase);
                let key = alias
                    .as_ref()
                    .map(|a| lower(&a.name))
                    .or_else(|| table.clone());
                (key, table)
            }
            other => (
                table_factor_name(other).map(|n| n.to_ascii_lowercase()),
                None,
            ),
        };
        // An unnamed subquery or join still counts: a bare column may come from it.
        self.sources
            .entry(key.unwrap_or_default())
            .or_default()
            .push(table);
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        match expr {
            Expr::Identifier(ident) if !is_hole(ident) => {
                self.references.push((None, lower(ident), expr.span()));
            }
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 && !parts.iter().any(is_hole) => {
                let qualifier = lower(&parts[parts.len() - 2]);
                if let Some(column) = parts.last() {
                    self.references
                        .push((Some(qualifier), lower(column), expr.span()));
                }
            }
            Expr::Function(function) => {
                if let FunctionArguments::List(list) = &function.args {
                    for arg in &list.args {
                        if let FunctionArg::Unnamed(FunctionArgExpr::Expr(
                            arg @ Expr::Identifier(_),
                        )) = arg
                        {
                            self.arguments.push(arg.span());
                        }
                    }
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

fn lower(ident: &Ident) -> String {
    ident.value.to_ascii_lowercase()
}

fn is_hole(ident: &Ident) -> bool {
    ident.value.starts_with(HOLE_PREFIX)
}
