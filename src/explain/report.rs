//! Plan outcomes as findings: where in the file, and what the message and help say.

use super::client::{Hypopg, Judged, Outcome, Run};
use super::found::{FoundQuery, QueryKind};
use super::plan::CandidateKind;
use crate::diagnostic::Diagnostic;
use crate::rules::{tool, unindexed_scan, unindexed_sort, unknown_column, unknown_table};

/// The findings for one query found in a file, given what planning it told.
pub fn diagnostics(query: &FoundQuery, outcome: Option<&Outcome>, run: &Run) -> Vec<Diagnostic> {
    if let QueryKind::Built(labels) = &query.kind {
        let names: Vec<String> = labels.iter().map(|l| format!("`{l}`")).collect();
        return vec![
            Diagnostic::new(
                &tool::NOT_EXPLAINED,
                query.span.clone(),
                format!(
                    "not explained: the query is built at run time from {}",
                    names.join(", ")
                ),
            )
            .help("pass the values as query parameters, so the text is fixed and can be planned"),
        ];
    }
    match outcome {
        Some(Outcome::Planned(judged)) => judged
            .iter()
            .map(|judged| {
                let proof = proof(judged, run.hypopg);
                match judged.candidate.kind {
                    CandidateKind::TopN { .. } => unindexed_sort::diagnostic(query, judged, &proof),
                    _ => unindexed_scan::diagnostic(query, judged, &proof),
                }
            })
            .collect(),
        Some(Outcome::Unknown {
            column,
            message,
            at,
        }) => {
            let rule = if *column {
                &unknown_column::META
            } else {
                &unknown_table::META
            };
            let span = at
                .map(|at| word_span(query, at))
                .unwrap_or_else(|| query.span.clone());
            vec![
                Diagnostic::new(
                    rule,
                    span,
                    format!("{message} in the database {}", run.target),
                )
                .help(
                    "the code does not match the database schema: fix the name, or apply the \
                         migration that creates it to this database",
                ),
            ]
        }
        Some(Outcome::Failed(why)) => vec![
            Diagnostic::new(
                &tool::NOT_EXPLAINED,
                query.span.clone(),
                format!("not explained: {why}"),
            )
            .help("PostgreSQL could not plan this statement; the static checks still ran"),
        ],
        Some(Outcome::Untrusted(why)) => vec![
            Diagnostic::new(
                &tool::NOT_EXPLAINED,
                query.span.clone(),
                format!("not explained: {why}"),
            )
            .help(
                "a database function with no side effects can be listed in \
                 `explain-trusted-functions` (`schema.name`); built-ins with side effects are \
                 never planned",
            ),
        ],
        Some(Outcome::Lost) | None => Vec::new(),
    }
}

/// The identifier the server points at, as a file range.
fn word_span(query: &FoundQuery, at: usize) -> std::ops::Range<usize> {
    let rest = query.sql.get(at..).unwrap_or_default();
    let quoted = rest.starts_with('"');
    let len = if quoted {
        rest[1..].find('"').map_or(rest.len(), |end| end + 2)
    } else {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len())
    };
    let start = query.file_offset(at);
    let end = query.file_offset(at + len.max(1)).max(start);
    start..end
}

/// How sure the suggestion is.
fn proof(judged: &Judged, hypopg: Hypopg) -> String {
    match (judged.cost_with_index, hypopg) {
        (Some(after), _) => format!(
            "with it the plan's estimated cost drops from {} to {} (tried as a hypothetical index with hypopg)",
            cost(judged.cost),
            cost(after)
        ),
        (None, Hypopg::Available) => format!(
            "unverified (plan cost {}): hypopg is installed but not created in this database; \
             `CREATE EXTENSION hypopg` lets sqlhound try the index first",
            cost(judged.cost)
        ),
        (None, _) => format!(
            "unverified (plan cost {}): the hypopg extension is not in this database, so the \
             index could not be tried first",
            cost(judged.cost)
        ),
    }
}

/// The help of an index finding: the statement, then how sure it is.
pub fn index_help(judged: &Judged, proof: &str) -> String {
    format!("create the index `{}`; {proof}", judged.suggestion.create)
}

/// A row estimate for a message: `12`, `4,031`, `1,200,000`.
pub fn count(rows: f64) -> String {
    let rounded = rows.max(0.0).round() as u64;
    let digits = rounded.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A plan cost: whole above 100, else with one decimal.
fn cost(value: f64) -> String {
    if value >= 100.0 {
        count(value)
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(12.4), "12");
        assert_eq!(count(4031.0), "4,031");
        assert_eq!(count(1_200_000.0), "1,200,000");
    }
}
