//! A plan node that reads a large table to keep a few of its rows (EXPLAIN): no index
//! serves the filter or join key.

use super::Planned;
use super::index_advice::{count, index_help, proof};
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::explain::plan::CandidateKind;
use crate::explain::{Judged, Outcome};

pub static META: RuleMeta = RuleMeta {
    code: "SH108",
    name: "unindexed-scan",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "the query plan reads a large table to keep a few rows; an index would find them",
    doc: include_str!("../../rules/SH108-unindexed-scan.md"),
};

/// Each scan the plan judged wants an index, at the table's name in the query.
pub fn check(planned: &Planned<'_>, out: &mut Vec<Diagnostic>) {
    let Some(Outcome::Planned { judged, .. }) = planned.outcome else {
        return;
    };
    for judged in judged {
        if !matches!(judged.candidate.kind, CandidateKind::TopN { .. }) {
            out.push(diagnostic(planned, judged));
        }
    }
}

fn diagnostic(planned: &Planned<'_>, judged: &Judged) -> Diagnostic {
    let c = &judged.candidate;
    let filter = c.filter.as_deref().unwrap_or_default();
    let what = match &c.kind {
        CandidateKind::Filter { node_type } if node_type == "Seq Scan" => format!(
            "reads all ~{} rows of `{}` (Seq Scan) to keep ~{} matching `{filter}`",
            count(judged.table_rows),
            c.relation,
            count(c.rows)
        ),
        CandidateKind::Filter { node_type } => match c.fetched {
            Some(fetched) => format!(
                "fetches ~{} rows of `{}` through an index on other columns ({node_type}) to keep ~{} matching `{filter}`",
                count(fetched),
                c.relation,
                count(c.rows)
            ),
            None => format!(
                "reads `{}` through an index on other columns ({node_type}), then keeps ~{} rows matching `{filter}`",
                c.relation,
                count(c.rows)
            ),
        },
        _ => format!(
            "reads all ~{} rows of `{}` (Hash Join) to find the ~{} joined on `{filter}`",
            count(judged.table_rows),
            c.relation,
            count(c.rows)
        ),
    };
    Diagnostic::new(
        &META,
        planned.query.table_span(&c.relation),
        format!("the query plan {what}"),
    )
    .help(index_help(judged, &proof(judged, planned.hypopg)))
}
