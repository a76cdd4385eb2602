//! `x = NULL` is never true: comparing with NULL yields NULL.

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
            if let Some(fix) = rewrite(ctx, expr, operand, wanted) {
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

fn rewrite(ctx: &Ctx<'_>, expr: &Expr, operand: &Expr, wanted: &str) -> Option<Fix> {
    let whole = ctx.sql_range(expr.span())?;
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
