//! What a rule sees (`Ctx`) and the single walk that feeds every SQL rule.

use rustc_hash::FxHashSet;
use std::ops::{ControlFlow, Range};

use sqlparser::ast::{Expr, Query, SetExpr, Spanned, Statement, TableFactor, Visit, Visitor};
use sqlparser::tokenizer::Span;

use super::{Check, RULES};
use crate::diagnostic::Diagnostic;
use crate::schema::Schema;
use crate::source::span_map::SpanMap;
use crate::sql::ParsedStatement;
use crate::sql::embedded::{EmbeddedSql, HOLE_PREFIX};
use crate::sql::parse::ChunkSpans;

/// The checks of the enabled rules, grouped by the node they look at. Built once per
/// settings, used for every statement.
#[derive(Debug, Default, Clone)]
pub struct SqlChecks {
    statement: Vec<fn(&mut Ctx<'_>, &Statement)>,
    query: Vec<fn(&mut Ctx<'_>, &Query)>,
    expr: Vec<fn(&mut Ctx<'_>, &Expr)>,
}

impl SqlChecks {
    pub fn new(enabled: impl Fn(usize) -> bool) -> Self {
        let mut checks = Self::default();
        for (index, (_, check)) in RULES.iter().enumerate() {
            if !enabled(index) {
                continue;
            }
            match *check {
                Check::Statement(f) | Check::StatementAndPlan(f, _) => checks.statement.push(f),
                Check::Query(f) => checks.query.push(f),
                Check::Expr(f) => checks.expr.push(f),
                Check::Python(_) | Check::PythonAndPlan(..) | Check::Engine | Check::Plan(_) => {}
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
    spans: ChunkSpans<'a>,
    /// Where to point when a node does not map into the file (the string holding the SQL).
    fallback: Range<usize>,
    hole_labels: &'a [String],
    pub schema: &'a Schema,
    pub small_tables: &'a [String],
    /// The Python function that runs the statement, when it is embedded in one.
    pub function: Option<&'a str>,
    /// The flags of the `if` tests the statement runs under in Python (`if truncate:`).
    pub flags: &'a [String],
    /// Addresses of queries that are the body of an `EXISTS (…)`.
    exists_bodies: FxHashSet<usize>,
    /// Addresses of queries that feed another query: derived tables and CTE bodies.
    inner_bodies: FxHashSet<usize>,
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

    /// Where a statement's finding points: its keyword and the table's name (`INSERT INTO
    /// orders`), or the keyword alone where the name is not written next to it (interpolated
    /// from a constant defined elsewhere, whose definition is no place for the finding).
    pub fn statement_head(&self, keyword: Span, table: &impl Spanned) -> Range<usize> {
        let (head, name) = (self.range_of(keyword), self.range(table));
        let written_together = self
            .sql_range(keyword)
            .zip(self.sql_range(table.span()))
            .is_some_and(|(k, t)| {
                name.start >= head.start
                    && name.start - head.start == t.start.saturating_sub(k.start)
            });
        if written_together {
            head.start..name.end
        } else {
            head
        }
    }

    /// The file range of the whole statement.
    pub fn statement_range(&self) -> Range<usize> {
        self.map
            .range(self.statement.range.clone())
            .unwrap_or_else(|| self.fallback.clone())
    }

    /// Bytes of a node in the SQL text (not the file).
    pub fn sql_range(&self, span: Span) -> Option<Range<usize>> {
        self.spans.range(span)
    }

    /// The SQL text the statement's ranges index into.
    pub fn sql(&self) -> &'a str {
        self.sql
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

    /// Whether `statement` is the whole statement, not one nested in it (`EXPLAIN …`).
    pub fn is_whole_statement(&self, statement: &Statement) -> bool {
        std::ptr::eq(statement, &self.statement.ast)
    }

    /// Whether `query` is the subquery of an `EXISTS (…)`, whose select list is never read.
    pub fn is_exists_body(&self, query: &Query) -> bool {
        self.exists_bodies.contains(&address(query))
    }

    /// Whether `query` is the rows of a `CREATE TABLE … AS`: a copy of them, not a read.
    pub fn is_table_copy(&self, query: &Query) -> bool {
        matches!(&self.statement.ast, Statement::CreateTable(create)
            if create.query.as_deref().is_some_and(|q| address(q) == address(query)))
    }

    /// Whether `query` is a derived table or CTE body, read by another query rather than
    /// returned to the caller.
    pub fn is_inner_query(&self, query: &Query) -> bool {
        self.inner_bodies.contains(&address(query))
    }

    /// SQL text for a message, interpolation placeholders shown as `{expr}`.
    pub fn display(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(HOLE_PREFIX) {
            out.push_str(&rest[..at]);
            let digits: String = rest[at + HOLE_PREFIX.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let label = digits
                .parse::<usize>()
                .ok()
                .and_then(|n| self.hole_labels.get(n.wrapping_sub(1)));
            match label {
                Some(label) => out.push_str(&format!("{{{label}}}")),
                None => out.push_str(HOLE_PREFIX),
            }
            rest = &rest[at + HOLE_PREFIX.len() + digits.len()..];
        }
        out.push_str(rest);
        out
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }
}

/// What the repository teaches the SQL rules, the same for every statement of a run.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    /// The tables and indexes of the repository.
    pub schema: &'a Schema,
    /// Tables that stay small (`small-tables`): scanning them is fine.
    pub small_tables: &'a [String],
    /// The Python function that runs the statement, when it is embedded in one.
    pub function: Option<&'a str>,
    /// The flags of the `if` tests the statement runs under in Python (`if truncate:`).
    pub flags: &'a [String],
}

/// Runs every enabled SQL rule over one statement in a single walk.
pub fn check_statement(
    checks: &SqlChecks,
    source: &EmbeddedSql<'_>,
    known: &Known<'_>,
    statement: &ParsedStatement,
    out: &mut Vec<Diagnostic>,
) {
    let mut walker = Walker {
        checks,
        ctx: Ctx {
            sql: source.text,
            map: source.map,
            statement,
            spans: ChunkSpans::new(source.text, statement),
            fallback: source.fallback.clone(),
            hole_labels: source.hole_labels,
            schema: known.schema,
            small_tables: known.small_tables,
            function: known.function,
            flags: known.flags,
            exists_bodies: FxHashSet::default(),
            inner_bodies: FxHashSet::default(),
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

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        if let TableFactor::Derived { subquery, .. } = factor {
            self.ctx.inner_bodies.insert(address(subquery));
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                self.ctx.inner_bodies.insert(address(&cte.query));
            }
        }
        for check in &self.checks.query {
            check(&mut self.ctx, query);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if let Expr::Exists { subquery, .. } = expr {
            self.ctx.exists_bodies.insert(address(subquery));
            if let SetExpr::Query(inner) = subquery.body.as_ref() {
                self.ctx.exists_bodies.insert(address(inner));
            }
        }
        for check in &self.checks.expr {
            check(&mut self.ctx, expr);
        }
        ControlFlow::Continue(())
    }
}

/// A node's address, to recognise it again later in the same walk.
fn address(query: &Query) -> usize {
    std::ptr::from_ref(query) as usize
}
