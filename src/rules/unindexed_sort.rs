//! A plan that sorts a large table to return its first rows (EXPLAIN): an index in the
//! `ORDER BY` order would hand them over without reading the rest.

use super::{Fixable, RuleMeta};
use crate::diagnostic::{Category, Confidence, Diagnostic, Severity};
use crate::explain::client::Judged;
use crate::explain::found::FoundQuery;
use crate::explain::plan::CandidateKind;
use crate::explain::report::{count, index_help};

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

/// The finding, at the table's name in the query.
pub fn diagnostic(found: &FoundQuery, judged: &Judged, proof: &str) -> Diagnostic {
    let c = &judged.candidate;
    let (keys, input) = match &c.kind {
        CandidateKind::TopN { keys, input_rows } => (keys.join(", "), *input_rows),
        _ => (String::new(), judged.table_rows),
    };
    Diagnostic::new(
        &META,
        found.table_span(&c.relation),
        format!(
            "the query plan sorts ~{} rows of `{}` by `{keys}` to return the first ~{}",
            count(input),
            c.relation,
            count(c.rows)
        ),
    )
    .help(index_help(judged, proof))
}
