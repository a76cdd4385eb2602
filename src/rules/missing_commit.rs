//! Writes on a connection the same function opens and closes without committing: the
//! changes are rolled back when it closes.

use super::PyCtx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::python::flow::Facts;
use crate::python::sinks::SinkKind;

pub static META: RuleMeta = RuleMeta {
    code: "SH208",
    name: "missing-commit",
    category: Category::Correctness,
    default_severity: Severity::Error,
    confidence: Confidence::Medium,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "INSERT/UPDATE/DELETE on a connection that is closed without a commit",
    doc: include_str!("../../rules/SH208-missing-commit.md"),
};

/// Drivers whose connections autocommit by default.
const AUTOCOMMIT_DRIVERS: [&str; 2] = ["asyncpg", "databases"];

pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    for used in facts.transactions.iter().filter(|t| !t.handled) {
        let Some(close) = &used.close else {
            continue;
        };
        let opened_here = facts.connects.iter().find(|c| {
            c.scope == used.function
                && c.function.ends_with("connect")
                && !AUTOCOMMIT_DRIVERS.iter().any(|d| c.function.starts_with(d))
        });
        let Some(opened) = opened_here else {
            continue;
        };
        let write = facts.queries.iter().find(|q| {
            q.function == used.function
                && q.kind == SinkKind::Statement
                && q.shape.as_ref().is_some_and(|s| s.writes)
        });
        let Some(write) = write else {
            continue;
        };
        ctx.report(
            Diagnostic::new(
                &META,
                write.callee.clone(),
                format!("`{}` writes, but the connection is closed without `commit()`: the change is rolled back", write.sink),
            )
            .label(opened.callee.clone(), "connection opened here")
            .label(close.clone(), "closed here without a commit")
            .help("call `conn.commit()` after the writes, or use the connection as a transaction block (`with conn:`)"),
        );
    }
}
