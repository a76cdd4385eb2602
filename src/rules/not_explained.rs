//! Why the explain pass did not plan a query: built at run time, refused because planning
//! may run code from the database, or not plannable (timeout, lock, error).

use super::Planned;
use super::tool::NOT_EXPLAINED;
use crate::diagnostic::Diagnostic;
use crate::explain::Outcome;
use crate::sql::embedded::QueryKind;

pub fn check(planned: &Planned<'_>, out: &mut Vec<Diagnostic>) {
    let query = planned.query;
    if let QueryKind::Built(labels) = &query.kind {
        let names: Vec<String> = labels.iter().map(|l| format!("`{l}`")).collect();
        out.push(
            Diagnostic::new(
                &NOT_EXPLAINED,
                query.span.clone(),
                format!(
                    "not explained: the query is built at run time from {}",
                    names.join(", ")
                ),
            )
            .help("pass the values as query parameters, so the text is fixed and can be planned"),
        );
        return;
    }
    let (why, help) = match planned.outcome {
        Some(Outcome::Failed(why)) => (
            why,
            "PostgreSQL could not plan this statement; the static checks still ran",
        ),
        Some(Outcome::Untrusted(why)) => (
            why,
            "a database function with no side effects can be listed in \
             `explain-trusted-functions` (`schema.name`); built-ins with side effects are \
             never planned",
        ),
        _ => return,
    };
    out.push(
        Diagnostic::new(
            &NOT_EXPLAINED,
            query.span.clone(),
            format!("not explained: {why}"),
        )
        .help(help),
    );
}
