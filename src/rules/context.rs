//! What a rule sees (`Ctx`) and the single walk that feeds every SQL rule.

use std::collections::HashSet;
use std::ops::{ControlFlow, Range};

use sqlparser::ast::{Expr, Query, SetExpr, Spanned, Statement, Visit, Visitor};
use sqlparser::tokenizer::Span;

use super::{Check, RULES};
use crate::diagnostic::Diagnostic;
use crate::source::span_map::SpanMap;
use crate::sql::ParsedStatement;
use crate::sql::parse::span_to_range;

/// The checks of the enabled rules, grouped by the node they look at. Built once per
/// settings, used for every statement.
#[derive(Default, Clone)]
pub struct SqlChecks {
    statement: Vec<fn(&mut Ctx<'_>, &Statement)>,
    query: Vec<fn(&mut Ctx<'_>, &Query)>,
    expr: Vec<fn(&mut Ctx<'_>, &Expr)>,
}

impl std::fmt::Debug for SqlChecks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self.statement.len() + self.query.len() + self.expr.len();
        write!(f, "SqlChecks({count} checks)")
    }
}

impl SqlChecks {
    pub fn new(enabled: impl Fn(usize) -> bool) -> Self {
        let mut checks = Self::default();
        for (index, (_, check)) in RULES.iter().enumerate() {
            if !enabled(index) {
                continue;
            }
            match *check {
                Check::Statement(f) => checks.statement.push(f),
                Check::Query(f) => checks.query.push(f),
                Check::Expr(f) => checks.expr.push(f),
                Check::Python(_) | Check::Engine => {}
            }
        }
        checks
    }
}

/// A rule's view of one statement: where its pieces are in the file, and where to report.
pub struct Ctx<'a> {
    sql: &'a str,
    map: &'a SpanMap,
    statement: &'a ParsedStatement,
    /// Where to point when a node does not map into the file (the string holding the SQL).
    fallback: Range<usize>,
    /// Addresses of queries that are the body of an `EXISTS (…)`.
    exists_bodies: HashSet<usize>,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    /// The file range of a node; falls back to the whole statement when sqlparser has no
    /// span for it or the span does not map into the file.
    pub fn range(&self, node: &impl Spanned) -> Range<usize> {
        self.range_of(node.span())
    }

    pub fn range_of(&self, span: Span) -> Range<usize> {
        self.sql_range(span)
            .and_then(|r| self.map.range(r))
            .unwrap_or_else(|| self.statement_range())
    }

    /// The file range of the whole statement.
    pub fn statement_range(&self) -> Range<usize> {
        self.map
            .range(self.statement.range.clone())
            .unwrap_or_else(|| self.fallback.clone())
    }

    /// Bytes of a node in the SQL text (not the file).
    pub fn sql_range(&self, span: Span) -> Option<Range<usize>> {
        let chunk = self.statement.chunk_start;
        span_to_range(&self.sql[chunk..], chunk, span)
    }

    /// The SQL text of a node, as written.
    pub fn sql_text(&self, node: &impl Spanned) -> Option<&'a str> {
        self.sql_range(node.span()).and_then(|r| self.sql.get(r))
    }

    /// The file range for an edit replacing SQL bytes; `None` unless the SQL there is copied
    /// verbatim from the file, so a fix never rewrites escapes or interpolations.
    pub fn edit_range(&self, sql: Range<usize>) -> Option<Range<usize>> {
        let file = self.map.range(sql.clone())?;
        (file.len() == sql.len()).then_some(file)
    }

    /// Whether `query` is the subquery of an `EXISTS (…)`, whose select list is never read.
    pub fn is_exists_body(&self, query: &Query) -> bool {
        self.exists_bodies
            .contains(&(std::ptr::from_ref(query) as usize))
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }
}

/// Runs every enabled SQL rule over one statement in a single walk.
pub fn check_statement(
    checks: &SqlChecks,
    sql: &str,
    map: &SpanMap,
    statement: &ParsedStatement,
    fallback: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let mut walker = Walker {
        checks,
        ctx: Ctx {
            sql,
            map,
            statement,
            fallback,
            exists_bodies: HashSet::new(),
            out,
        },
    };
    let _ = statement.ast.visit(&mut walker);
}

struct Walker<'a, 'c> {
    checks: &'c SqlChecks,
    ctx: Ctx<'a>,
}

impl Visitor for Walker<'_, '_> {
    type Break = ();

    fn pre_visit_statement(&mut self, statement: &Statement) -> ControlFlow<()> {
        for check in &self.checks.statement {
            check(&mut self.ctx, statement);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        for check in &self.checks.query {
            check(&mut self.ctx, query);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if let Expr::Exists { subquery, .. } = expr {
            self.ctx
                .exists_bodies
                .insert(std::ptr::from_ref::<Query>(subquery) as usize);
            if let SetExpr::Query(inner) = subquery.body.as_ref() {
                self.ctx
                    .exists_bodies
                    .insert(std::ptr::from_ref::<Query>(inner) as usize);
            }
        }
        for check in &self.checks.expr {
            check(&mut self.ctx, expr);
        }
        ControlFlow::Continue(())
    }
}
