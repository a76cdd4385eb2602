//! A plan that sorts a large table to return its first rows (EXPLAIN): an index in the
//! `ORDER BY` order would hand them over without reading the rest.

use super::Planned;
use super::index_advice::{count, index_help, proof};
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::explain::plan::CandidateKind;
use crate::explain::{Judged, Outcome};

pub static META: RuleMeta = RuleMeta {
    code: "SH109",
    name: "unindexed-sort",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "the query plan sorts a large table to return its first rows; an index in that order would not",
    doc: include_str!("../../rules/SH109-unindexed-sort.md"),
};

/// Each top-N sort the plan judged wants an index, at the table's name in the query.
pub fn check(planned: &Planned<'_>, out: &mut Vec<Diagnostic>) {
    let Some(Outcome::Planned { judged, .. }) = planned.outcome else {
        return;
    };
    for judged in judged {
        if let CandidateKind::TopN { keys, input_rows } = &judged.candidate.kind {
            out.push(diagnostic(planned, judged, &keys.join(", "), *input_rows));
        }
    }
}

fn diagnostic(planned: &Planned<'_>, judged: &Judged, keys: &str, input: f64) -> Diagnostic {
    let c = &judged.candidate;
    Diagnostic::new(
        &META,
        planned.query.table_span(&c.relation),
        format!(
            "the query plan sorts ~{} rows of `{}` by `{keys}` to return the first ~{}",
            count(input),
            c.relation,
            count(c.rows)
        ),
    )
    .help(index_help(judged, &proof(judged, planned.hypopg)))
}
