//! The table has no column of that name (EXPLAIN): the code and the schema disagree.

use super::Planned;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "SH210",
    name: "unknown-column",
    category: Category::Correctness,
    default_severity: Severity::Error,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "the query names a column the database does not have",
    doc: include_str!("../../rules/SH210-unknown-column.md"),
};

pub fn check(planned: &Planned<'_>, out: &mut Vec<Diagnostic>) {
    super::unknown_table::unknown_name(planned, true, &META, out);
}
