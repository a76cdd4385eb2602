//! `FROM a, b` with nothing linking `a` and `b` is a cartesian product, rarely on purpose.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Query, Select, SetExpr, TableFactor, TableWithJoins, visit_expressions,
};

use super::Ctx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::facts::{
    body_selects, conjuncts, function_name, is_aggregate_name, join_conditions, last_name,
    table_factor_name, unnest,
};

pub static META: RuleMeta = RuleMeta {
    code: "SH207",
    name: "implicit-cross-join",
    category: Category::Correctness,
    default_severity: Severity::Warning,
    confidence: Confidence::Medium,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "tables listed with commas and no join condition pair every row with every row",
    doc: include_str!("../../rules/SH207-implicit-cross-join.md"),
};

pub fn check(ctx: &mut Ctx<'_>, query: &Query) {
    for select in body_selects(&query.body) {
        if select.from.len() >= 2 {
            check_select(ctx, select, query);
        }
    }
}

fn check_select(ctx: &mut Ctx<'_>, select: &Select, query: &Query) {
    let groups: Vec<Group> = select
        .from
        .iter()
        .map(|from| Group::new(from, query))
        .collect();
    let mut components = UnionFind::new(groups.len());
    for (i, group) in groups.iter().enumerate() {
        if group.always_connected {
            for j in 0..groups.len() {
                components.union(i, j);
            }
        }
    }
    let conditions = select
        .selection
        .iter()
        .chain(select.from.iter().flat_map(join_conditions));
    for condition in conditions {
        for conjunct in conjuncts(condition) {
            connect(&groups, &mut components, conjunct);
        }
    }
    let Some(first) = groups.iter().position(|g| !g.always_connected) else {
        return;
    };
    let Some(loose) = (0..groups.len()).find(|&i| !components.same(first, i)) else {
        return;
    };
    let (loose_group, first_group) = (&select.from[loose], &select.from[first]);
    let name = |from: &TableWithJoins| {
        table_factor_name(&from.relation).map_or_else(|| "this table".into(), |n| ctx.display(&n))
    };
    ctx.report(
        Diagnostic::new(
            &META,
            ctx.range(&loose_group.relation),
            format!(
                "`{}` is joined to `{}` by a comma with no join condition, pairing every row with every row",
                name(loose_group),
                name(first_group)
            ),
        )
        .label(ctx.range(&first_group.relation), "listed with this table")
        .help("add the join condition (`JOIN … ON a.id = b.a_id`); write `CROSS JOIN` if the cartesian product is intended"),
    );
}

/// One comma-separated FROM item: the names it answers to, or whether it is exempt.
struct Group {
    names: Vec<String>,
    /// Table functions, LATERAL subqueries and one-row CTEs or subqueries are cross-joined
    /// on purpose: they never count as loose.
    always_connected: bool,
}

impl Group {
    fn new(from: &TableWithJoins, query: &Query) -> Self {
        let mut names = Vec::new();
        let factors = std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation));
        for factor in factors {
            names.extend(table_factor_name(factor).map(|n| n.to_ascii_lowercase()));
            if let TableFactor::Table { name, .. } = factor {
                names.extend(last_name(name).map(str::to_ascii_lowercase));
            }
        }
        let always_connected = match &from.relation {
            TableFactor::Table {
                name, args: None, ..
            } => last_name(name).is_some_and(|n| is_single_row_cte(query, n)),
            TableFactor::Derived {
                lateral, subquery, ..
            } => *lateral || is_single_row(subquery),
            _ => true,
        };
        Self {
            names,
            always_connected,
        }
    }
}

fn is_single_row_cte(query: &Query, name: &str) -> bool {
    query.with.as_ref().is_some_and(|with| {
        with.cte_tables
            .iter()
            .any(|cte| cte.alias.name.value.eq_ignore_ascii_case(name) && is_single_row(&cte.query))
    })
}

/// `SELECT 1 AS x`, `VALUES (…)` with one row, or an aggregate without GROUP BY.
fn is_single_row(query: &Query) -> bool {
    match query.body.as_ref() {
        SetExpr::Values(values) => values.rows.len() == 1,
        SetExpr::Select(select) => {
            let no_group_by = matches!(&select.group_by, sqlparser::ast::GroupByExpr::Expressions(e, _) if e.is_empty());
            select.from.is_empty()
                || (no_group_by
                    && !select.projection.is_empty()
                    && select.projection.iter().all(|item| match item {
                        sqlparser::ast::SelectItem::UnnamedExpr(e)
                        | sqlparser::ast::SelectItem::ExprWithAlias { expr: e, .. } => {
                            matches!(unnest(e), Expr::Function(f) if function_name(f).is_some_and(|n| is_aggregate_name(&n)))
                        }
                        _ => false,
                    }))
        }
        _ => false,
    }
}

/// Links the FROM items one condition mentions. A condition over two or more columns that
/// are not all qualified might link anything, so it links everything: silence beats noise.
fn connect(groups: &[Group], components: &mut UnionFind, conjunct: &Expr) {
    let mut touched = Vec::new();
    let mut columns = 0usize;
    let mut unqualified = false;
    let _ = visit_expressions(conjunct, |expr| {
        match expr {
            Expr::Identifier(_) => {
                columns += 1;
                unqualified = true;
            }
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                columns += 1;
                let qualifier = parts[parts.len() - 2].value.to_ascii_lowercase();
                match groups.iter().position(|g| g.names.contains(&qualifier)) {
                    Some(index) => touched.push(index),
                    // An outer query's table: correlated, not ours to judge.
                    None => unqualified = true,
                }
            }
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    if unqualified && columns >= 2 {
        touched = (0..groups.len()).collect();
    }
    for pair in touched.windows(2) {
        components.union(pair[0], pair[1]);
    }
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(len: usize) -> Self {
        Self {
            parent: (0..len).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.parent[a] = b;
    }

    fn same(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }
}
