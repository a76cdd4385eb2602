//! Audit aid, off by default: SQL-looking text built from untrusted values that never
//! reaches a known sink (it may reach an unknown one).

use rustc_hash::FxHashSet;

use super::PyCtx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::python::flow::Facts;
use crate::python::value::Trust;
use crate::python::{label, looks_like_sql};

pub static META: RuleMeta = RuleMeta {
    code: "SH004",
    name: "sql-built-outside-sink",
    category: Category::Security,
    default_severity: Severity::Info,
    confidence: Confidence::Low,
    fixable: Fixable::None,
    default_enabled: false,
    summary: "SQL-looking text is built from untrusted values but reaches no known database call",
    doc: include_str!("../../rules/SH004-sql-built-outside-sink.md"),
};

pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    let consumed: FxHashSet<_> = facts
        .queries
        .iter()
        .filter_map(|q| q.value.as_str())
        .flat_map(|v| v.holes().map(|h| h.span.clone()))
        .collect();
    let mut reported = FxHashSet::default();
    for built in &facts.built {
        let holes: Vec<_> = built
            .value
            .holes()
            .filter(|h| h.trust == Trust::Untrusted)
            .collect();
        if holes.iter().any(|h| consumed.contains(&h.span))
            || !looks_like_sql(&built.value.known_text())
        {
            continue;
        }
        let contains_reported = reported.iter().any(|r: &std::ops::Range<usize>| {
            r.start <= built.span.start && built.span.end <= r.end
        });
        if contains_reported || !reported.insert(built.span.clone()) {
            continue;
        }
        let names: Vec<_> = holes
            .iter()
            .map(|h| format!("`{}`", label(ctx.source, &h.span)))
            .collect();
        ctx.report(
            Diagnostic::new(&META, built.span.clone(), format!("SQL text is built from {} but reaches no known database call", names.join(", ")))
                .help("if this text is executed, pass the values as query parameters; if the call that runs it is a wrapper sqlhound does not know, it is checked once it calls a known sink in this module"),
        );
    }
}
