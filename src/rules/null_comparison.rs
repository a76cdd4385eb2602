//! `x = NULL` is never true: comparing with NULL yields NULL.

use std::ops::Range;

use sqlparser::ast::{BinaryOperator, Expr, Spanned};

use super::Ctx;
use crate::diagnostic::{
    Applicability, Category, Confidence, Diagnostic, Edit, Fix, Fixable, RuleMeta, Severity,
};
use crate::sql::facts::is_null;

pub static META: RuleMeta = RuleMeta {
    code: "SH205",
    name: "null-comparison",
    category: Category::Correctness,
    default_severity: Severity::Error,
    confidence: Confidence::High,
    fixable: Fixable::Unsafe,
    default_enabled: true,
    summary: "comparing with NULL using = or <> is never true; use IS [NOT] NULL",
    doc: include_str!("../../rules/SH205-null-comparison.md"),
};

pub fn check(ctx: &mut Ctx<'_>, expr: &Expr) {
    match expr {
        Expr::BinaryOp { left, op, right } => {
            let negated = match op {
                BinaryOperator::Eq => false,
                BinaryOperator::NotEq => true,
                _ => return,
            };
            let (operand, null) = match (is_null(left), is_null(right)) {
                (false, true) => (left, right),
                (true, false) => (right, left),
                _ => return,
            };
            let wanted = if negated { "IS NOT NULL" } else { "IS NULL" };
            let mut diagnostic = Diagnostic::new(
                &META,
                ctx.range(expr),
                format!("`{op} NULL` is never true: any comparison with NULL yields NULL"),
            )
            .label(ctx.range(null.as_ref()), "NULL here")
            .help(format!(
                "write `{} {wanted}`",
                ctx.display(ctx.sql_text(operand.as_ref()).unwrap_or("…"))
            ));
            if let Some(fix) = rewrite(ctx, (left, right), operand, wanted) {
                diagnostic = diagnostic.fix(fix);
            }
            ctx.report(diagnostic);
        }
        Expr::Case {
            operand: Some(_),
            conditions,
            ..
        } => {
            for when in conditions.iter().filter(|when| is_null(&when.condition)) {
                ctx.report(
                    Diagnostic::new(
                        &META,
                        ctx.range(&when.condition),
                        "`CASE x WHEN NULL` never matches: it compares `x = NULL`",
                    )
                    .help("use a searched CASE: `CASE WHEN x IS NULL THEN …`"),
                );
            }
        }
        _ => {}
    }
}

/// Levels of parentheses around `expr`; sqlparser's span of `(x)` leaves them out.
fn nesting(expr: &Expr) -> usize {
    match expr {
        Expr::Nested(inner) => 1 + nesting(inner),
        _ => 0,
    }
}

/// `start..end` widened over `before` opening and `after` closing parentheses (and the
/// spaces next to them), so that replacing it keeps the parentheses balanced.
fn widened(
    sql: &str,
    mut range: Range<usize>,
    before: usize,
    after: usize,
) -> Option<Range<usize>> {
    for _ in 0..before {
        let head = sql.get(..range.start)?.trim_end();
        range.start = head.strip_suffix('(')?.len();
    }
    for _ in 0..after {
        let tail = sql.get(range.end..)?;
        let skipped = tail.len() - tail.trim_start().len();
        range.end += skipped + tail.trim_start().strip_prefix(')').map(|_| 1)?;
    }
    Some(range)
}

fn rewrite(
    ctx: &Ctx<'_>,
    (left, right): (&Expr, &Expr),
    operand: &Expr,
    wanted: &str,
) -> Option<Fix> {
    let spans = ctx.sql_range(left.span())?.start..ctx.sql_range(right.span())?.end;
    let whole = widened(ctx.sql(), spans, nesting(left), nesting(right))?;
    let operand_text = ctx.sql_text(operand)?;
    Some(Fix {
        message: format!("replace with `{operand_text} {wanted}`"),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            span: ctx.edit_range(whole)?,
            replacement: format!("{operand_text} {wanted}"),
        }],
    })
}
