//! A new database connection opened on every iteration of a loop.

use super::PyCtx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::python::flow::Facts;

pub static META: RuleMeta = RuleMeta {
    code: "SH105",
    name: "connection-in-loop",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "a database connection or engine is created on every iteration of a loop",
    doc: include_str!("../../rules/SH105-connection-in-loop.md"),
};

pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    for site in &facts.connects {
        let Some(in_loop) = &site.in_loop else {
            continue;
        };
        if in_loop.over_constants {
            continue;
        }
        ctx.report(
            Diagnostic::new(
                &META,
                site.callee.clone(),
                format!("`{}` opens a new database connection on every iteration", site.function),
            )
            .label(in_loop.header.clone(), "loop starts here")
            .help("open the connection (or engine) once before the loop and reuse it, or take connections from a pool"),
        );
    }
}
