//! `LIKE '%term'` cannot use a b-tree index: the scan reads every row.

use sqlparser::ast::{BinaryOperator, Expr};

use super::Ctx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::sql::facts::{function_args, function_name, string_literal, unnest};

pub static META: RuleMeta = RuleMeta {
    code: "SH101",
    name: "leading-wildcard-like",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "LIKE with a pattern that starts with a wildcard cannot use a b-tree index",
    doc: include_str!("../../rules/SH101-leading-wildcard-like.md"),
};

pub fn check(ctx: &mut Ctx<'_>, expr: &Expr) {
    let (operator, pattern, escape) = match expr {
        Expr::Like {
            pattern,
            escape_char,
            any: false,
            ..
        } => ("LIKE", pattern, escape_char),
        Expr::ILike {
            pattern,
            escape_char,
            any: false,
            ..
        } => ("ILIKE", pattern, escape_char),
        _ => return,
    };
    let escape = match escape.as_deref().map(string_literal) {
        None => '\\',
        Some(Some(text)) => text.chars().next().unwrap_or('\\'),
        // An escape character we cannot read: say nothing rather than guess.
        Some(None) => return,
    };
    let Some(head) = leading_literal(pattern) else {
        return;
    };
    // `f"… LIKE '{prefix}%'"`: what the pattern starts with is known only at run time.
    if head.starts_with(crate::sql::embedded::HOLE_PREFIX) {
        return;
    }
    let Some(first) = head.chars().next() else {
        return;
    };
    // `LIKE '%'` alone matches everything and needs no index; `'\%x'` starts with a literal `%`.
    let matches_everything = string_literal(pattern).is_some() && head.chars().all(|c| c == '%');
    if first == escape || !matches!(first, '%' | '_') || matches_everything {
        return;
    }
    ctx.report(
        Diagnostic::new(
            &META,
            ctx.range(pattern.as_ref()),
            format!("`{operator}` pattern starts with `{first}`, so no b-tree index on the column can serve it"),
        )
        .help("anchor the pattern at the start (`'term%'`), or index the column for substring search (PostgreSQL: `CREATE INDEX … USING gin (col gin_trgm_ops)` with pg_trgm), or use full-text search"),
    );
}

/// The literal text a pattern starts with: a string literal, or the first piece of a
/// `'%' || $1` concatenation or a `CONCAT('%', ?)` call.
fn leading_literal(pattern: &Expr) -> Option<&str> {
    match unnest(pattern) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            ..
        } => leading_literal(left),
        Expr::Function(function) if function_name(function).as_deref() == Some("concat") => {
            function_args(function)
                .first()
                .and_then(|first| leading_literal(first))
        }
        other => string_literal(other),
    }
}
