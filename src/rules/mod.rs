//! The rule registry: one `RuleMeta` and one check function per rule, listed once in `RULES`.

mod connection_in_loop;
mod context;
mod delete_without_where;
mod hardcoded_credentials;
mod implicit_cross_join;
mod index_advice;
mod insert_without_columns;
mod leading_wildcard_like;
mod missing_commit;
mod missing_index;
mod n_plus_one;
mod non_sargable_predicate;
mod not_explained;
mod not_in_subquery;
mod null_comparison;
mod order_by_random;
mod python_context;
mod select_star;
mod sql_built_outside_sink;
mod sql_injection;
mod tls_disabled;
pub mod tool;
mod unbounded_fetch;
mod unindexed_scan;
mod unindexed_sort;
mod unknown_column;
mod unknown_table;
mod update_without_where;
mod whole_table;

use sqlparser::ast::{Expr, Query, Statement};

use crate::diagnostic::{Diagnostic, RuleMeta};
use crate::explain::{Hypopg, Outcome, Summary};
use crate::sql::embedded::FoundQuery;

pub use context::{Ctx, Known, SqlChecks, check_statement};
pub use n_plus_one::{META as N_PLUS_ONE, template_diagnostic};
pub use python_context::{PyCtx, PythonCheck, python_checks};
pub use sql_built_outside_sink::META as SQL_BUILT_OUTSIDE_SINK;
pub use unbounded_fetch::orm_read_statements;

/// The part of the parsed input a rule looks at. The runner walks each statement once and
/// hands every node of a kind to the rules that asked for it (nested statements, queries in
/// subqueries and CTEs included).
#[derive(Clone, Copy)]
pub enum Check {
    Statement(fn(&mut Ctx<'_>, &Statement)),
    Query(fn(&mut Ctx<'_>, &Query)),
    Expr(fn(&mut Ctx<'_>, &Expr)),
    /// Facts gathered from a Python module: queries at sinks, connections, string building.
    Python(PythonCheck),
    /// What the explain pass told of one query (`--database-url`): plans, names the
    /// database does not have, queries it could not plan.
    Plan(fn(&Planned<'_>, &mut Vec<Diagnostic>)),
    /// Both: a statement checked against what the repository declares (a dbt contract's
    /// columns), and what the explain pass told when it runs.
    StatementAndPlan(
        fn(&mut Ctx<'_>, &Statement),
        fn(&Planned<'_>, &mut Vec<Diagnostic>),
    ),
    /// Both: facts gathered from a Python module, and what the explain pass told of the
    /// statements found there (a whole read judged by the planner's row estimate).
    PythonAndPlan(PythonCheck, fn(&Planned<'_>, &mut Vec<Diagnostic>)),
    /// Reported by the engine itself (syntax errors, suppressions, unreadable files).
    Engine,
}

/// A query the explain pass was asked about, and what planning it told.
pub struct Planned<'a> {
    pub query: &'a FoundQuery,
    /// `None` when it was not asked (DDL, text built at run time) or the connection was lost.
    pub outcome: Option<&'a Outcome>,
    pub hypopg: Hypopg,
    /// The database as `user@host:port/database`.
    pub database: &'a str,
    /// `--explain-min-rows`.
    pub min_rows: f64,
}

/// Every rule, sorted by code.
pub const RULES: &[(&RuleMeta, Check)] = &[
    (&sql_injection::META, Check::Python(sql_injection::check)),
    (
        &hardcoded_credentials::META,
        Check::Python(hardcoded_credentials::check),
    ),
    (&tls_disabled::META, Check::Python(tls_disabled::check)),
    (
        &sql_built_outside_sink::META,
        Check::Python(sql_built_outside_sink::check),
    ),
    (
        &leading_wildcard_like::META,
        Check::Statement(leading_wildcard_like::check),
    ),
    (&order_by_random::META, Check::Query(order_by_random::check)),
    (&n_plus_one::META, Check::Python(n_plus_one::check)),
    (
        &unbounded_fetch::META,
        Check::PythonAndPlan(unbounded_fetch::check, unbounded_fetch::check_plan),
    ),
    (
        &connection_in_loop::META,
        Check::Python(connection_in_loop::check),
    ),
    (&missing_index::META, Check::Statement(missing_index::check)),
    (
        &non_sargable_predicate::META,
        Check::Query(non_sargable_predicate::check),
    ),
    (&unindexed_scan::META, Check::Plan(unindexed_scan::check)),
    (&unindexed_sort::META, Check::Plan(unindexed_sort::check)),
    (&select_star::META, Check::Query(select_star::check)),
    (
        &update_without_where::META,
        Check::Statement(update_without_where::check),
    ),
    (
        &delete_without_where::META,
        Check::Statement(delete_without_where::check),
    ),
    (&not_in_subquery::META, Check::Expr(not_in_subquery::check)),
    (&null_comparison::META, Check::Expr(null_comparison::check)),
    (
        &insert_without_columns::META,
        Check::Statement(insert_without_columns::check),
    ),
    (
        &implicit_cross_join::META,
        Check::Query(implicit_cross_join::check),
    ),
    (&missing_commit::META, Check::Python(missing_commit::check)),
    (&unknown_table::META, Check::Plan(unknown_table::check)),
    (
        &unknown_column::META,
        Check::StatementAndPlan(unknown_column::check_declared, unknown_column::check),
    ),
    (&tool::SYNTAX_ERROR, Check::Engine),
    (&tool::INVALID_SUPPRESSION, Check::Engine),
    (&tool::UNKNOWN_SUPPRESSION, Check::Engine),
    (&tool::UNUSED_SUPPRESSION, Check::Engine),
    (&tool::UNREADABLE_FILE, Check::Engine),
    (&tool::PYTHON_SYNTAX_ERROR, Check::Engine),
    (&tool::NOT_EXPLAINED, Check::Plan(not_explained::check)),
    (&tool::INTERNAL_ERROR, Check::Engine),
];

pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|(meta, _)| *meta)
}

/// A rule by code (`SH201`, any case) or name (`select-star`).
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    all().find(|meta| meta.code.eq_ignore_ascii_case(key) || meta.name == key)
}

/// Whether the explain pass (`--database-url`) reports the rule: a suppression of it is
/// judged unused only when that pass ran. (`unknown-column` also reports what a dbt contract
/// declares, without a database. `unbounded-fetch` is no such rule: it reports without a
/// database, and the planner only replaces its findings.)
pub fn needs_database(meta: &RuleMeta) -> bool {
    RULES.iter().any(|(m, check)| {
        *m == meta && matches!(check, Check::Plan(_) | Check::StatementAndPlan(..))
    })
}

/// The findings of the rules that read plans, for the queries of one file and what
/// planning told of each; none when the database could not be used at all.
pub fn plan_findings(
    queries: &[FoundQuery],
    outcomes: &[Option<Outcome>],
    summary: &Summary,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if summary.fatal.is_some() {
        return out;
    }
    let hypopg = summary.hypopg.unwrap_or(Hypopg::Missing);
    for (query, outcome) in queries.iter().zip(outcomes) {
        let planned = Planned {
            query,
            outcome: outcome.as_ref(),
            hypopg,
            database: &summary.target,
            min_rows: summary.min_rows,
        };
        for (_, check) in RULES {
            // A statement sqlhound wrote for an ORM read is judged by its row estimate
            // alone: the rest of its plan is the ORM's SQL, not text in the file, and a
            // table the database lacks may be a name the model index guessed.
            if query.orm.is_some() && !matches!(check, Check::PythonAndPlan(..)) {
                continue;
            }
            if let Check::Plan(check)
            | Check::StatementAndPlan(_, check)
            | Check::PythonAndPlan(_, check) = check
            {
                check(&planned, &mut out);
            }
        }
    }
    out
}

/// Whether a static finding gives way to what the planner told of the file's statements:
/// a `missing-index` guess inside a statement it planned, and an `unbounded-fetch` at the
/// read of every row of one, which the planner's row estimate judges instead.
pub fn replaced_by_plan(
    diagnostic: &Diagnostic,
    queries: &[FoundQuery],
    outcomes: &[Option<Outcome>],
) -> bool {
    let mut planned = queries
        .iter()
        .zip(outcomes)
        .filter(|(_, outcome)| matches!(outcome, Some(Outcome::Planned { .. })))
        .map(|(query, _)| query);
    let span = &diagnostic.span;
    if diagnostic.rule == &missing_index::META {
        planned.any(|query| query.span.start <= span.start && span.end <= query.span.end)
    } else if diagnostic.rule == &unbounded_fetch::META {
        planned.any(|query| query.read_all.as_ref().is_some_and(|read| read.at == *span))
    } else {
        false
    }
}

/// Position of a rule in `RULES`, used as a compact id in rule sets; `None` for a rule
/// missing from the table, which is then off everywhere rather than another rule's twin.
pub fn index_of(meta: &RuleMeta) -> Option<usize> {
    RULES.iter().position(|(m, _)| *m == meta)
}

/// The rule table of the README, as Markdown (`sqlhound rules --format markdown`).
pub fn markdown_table() -> String {
    let mut table = String::from(
        "| code | name | category | severity | fix | what it finds |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for r in all() {
        table.push_str(&format!(
            "| {code} | [`{name}`](rules/{code}-{name}.md) | {} | {} | {} | {} |\n",
            r.category.as_str(),
            r.default_severity.as_str(),
            r.fixable.as_str(),
            r.summary,
            code = r.code,
            name = r.name,
        ));
    }
    table
}

/// Where sqlhound is published; the rule docs live under it.
pub const HOME: &str = "https://github.com/sqlhound/sqlhound";

/// The published documentation of a rule (its file in `rules/`).
pub fn doc_url(rule: &RuleMeta) -> String {
    format!("{HOME}/blob/main/rules/{}-{}.md", rule.code, rule.name)
}

/// A rule doc without its TOML front matter.
pub fn doc_body(doc: &str) -> &str {
    doc.strip_prefix("+++")
        .and_then(|rest| rest.split_once("\n+++"))
        .map_or(doc, |(_, body)| body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Category, Confidence, Fixable, Severity};

    #[test]
    fn codes_and_names_are_unique_and_sorted() {
        let codes: Vec<_> = all().map(|m| m.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "RULES must be sorted by code, codes unique");
        let mut names: Vec<_> = all().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn a_rule_missing_from_the_table_has_no_index() {
        static STRAY: RuleMeta = RuleMeta {
            code: "SH998",
            name: "stray",
            category: Category::Tool,
            default_severity: Severity::Error,
            confidence: Confidence::High,
            fixable: Fixable::None,
            default_enabled: true,
            summary: "",
            doc: "",
        };
        assert_eq!(index_of(&STRAY), None);
        assert_eq!(
            index_of(&tool::SYNTAX_ERROR).map(|i| RULES[i].0.code),
            Some("SH901")
        );
    }

    #[test]
    fn codes_follow_the_category_ranges() {
        for meta in all() {
            let expected = match meta.category {
                Category::Security => "SH0",
                Category::Performance => "SH1",
                Category::AntiPattern | Category::Correctness => "SH2",
                Category::Syntax | Category::Tool => "SH9",
            };
            assert!(
                meta.code.starts_with(expected),
                "{} in {:?}",
                meta.code,
                meta.category
            );
        }
    }
}
