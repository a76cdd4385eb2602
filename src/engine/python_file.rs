//! A Python file: what the front end found, checked — the SQL each sink receives by every
//! SQL rule (mapped back into the Python file), the facts by the Python rules.

use crate::diagnostic::Diagnostic;
use std::ops::Range;

use crate::python::flow::{Facts, QuerySite};
use crate::python::orm::ModelIndex;
use crate::python::row_reads::whole_reads;
use crate::python::sinks::SinkKind;
use crate::python::{self, extract, looks_like_sql};
use crate::rules::{Known, PyCtx, SQL_BUILT_OUTSIDE_SINK, orm_read_statements, tool};
use crate::schema::Schema;
use crate::settings::Settings;
use crate::source::CommentLayout;
use crate::sql::Dialect;
use crate::sql::embedded::{EmbeddedSql, FoundQuery, ReadAll};
use crate::sql::facts::QueryShape;

use super::check_sql::{SqlCheck, check_sql, check_template};
use super::plans_here;
use crate::sql::SyntaxError;
use crate::sql::template::{self, jinja};

/// Checks a Python file. Returns findings, where its comments and multi-line strings are, and
/// how many statements only the database's parser could read (not analysed). `notebook` is
/// the module of a notebook's cells: its SQL magics' calls, and their connection's dialect.
pub fn check(
    text: &str,
    settings: &Settings,
    models: &ModelIndex,
    schema: &Schema,
    project: python::InProject<'_>,
    mut queries: Option<&mut Vec<FoundQuery>>,
    notebook: Option<&super::notebook::PythonView>,
) -> (Vec<Diagnostic>, CommentLayout, usize) {
    let magics = notebook.map_or(&[][..], |n| &n.sinks[..]);
    let audit = settings.is_enabled(&SQL_BUILT_OUTSIDE_SINK);
    let Some(mut scan) = python::scan(text, models, audit, Some(project)) else {
        return (Vec::new(), CommentLayout::default(), 0);
    };
    for site in &mut scan.facts.queries {
        if let Some((_, magic)) = magics.iter().find(|(call, _)| *call == site.callee) {
            site.sink = (*magic).to_string();
            // A magic takes parameters its own way (`:name`), not as a second argument.
            site.dbapi = false;
        }
    }
    let mut diagnostics = Vec::new();
    if let Some(error) = &scan.syntax_error {
        diagnostics.push(
            Diagnostic::new(
                &tool::PYTHON_SYNTAX_ERROR,
                error.range.clone(),
                error.message.clone(),
            )
            .help("fix the syntax error; sqlhound still checks the code it could parse"),
        );
    }
    // The configured dialect, else the imported driver's; a syntax error is only worth
    // reporting when the dialect is known, not defaulted.
    // A notebook's `%sql duckdb://` names its database, whatever driver it imports.
    let driver = notebook.and_then(|n| n.dialect).or(scan.driver_dialect);
    let dialect = match (settings.dialect_configured, driver) {
        (true, _) | (false, None) => (settings.dialect, settings.dialect_configured),
        (false, Some(driver)) => (driver, true),
    };
    let mut unanalysed = 0;
    // The statements each site gave the explain pass.
    let mut found = Vec::with_capacity(scan.facts.queries.len());
    for site in &mut scan.facts.queries {
        let before = queries.as_deref().map_or(0, Vec::len);
        let (shape, unread) = check_site(
            site,
            dialect,
            settings,
            schema,
            text,
            &mut diagnostics,
            queries.as_deref_mut(),
        );
        found.push(before..queries.as_deref().map_or(0, Vec::len));
        site.shape = shape;
        unanalysed += unread;
    }
    if let Some(queries) = queries {
        mark_read_all(&scan.facts, &found, queries);
        if plans_here(dialect.0) {
            queries.extend(orm_read_statements(&scan.facts.orm, &settings.small_tables));
        }
    }
    let mut ctx = PyCtx::new(
        text,
        &settings.small_tables,
        schema,
        settings.coerced_injection_severity,
        project.test_code,
        &mut diagnostics,
    );
    for check in &settings.python_checks {
        check(&mut ctx, &scan.facts);
    }
    (diagnostics, scan.layout, unanalysed)
}

/// Tells the explain pass which statements the code reads every row of. Only a site of one
/// statement: of several, a fetch reads the last, and the site's shape is the first's.
fn mark_read_all(facts: &Facts, found: &[Range<usize>], queries: &mut [FoundQuery]) {
    for read in whole_reads(facts) {
        let Some(shape) = read.site.shape.as_ref().filter(|s| s.reads) else {
            continue;
        };
        let Some(query) = found
            .get(read.position)
            .filter(|range| range.len() == 1)
            .and_then(|range| queries.get_mut(range.start))
        else {
            continue;
        };
        query.read_all = Some(ReadAll {
            at: read.span.clone(),
            reader: read.shown(),
            limited: shape.limited,
        });
    }
}

/// Runs the SQL rules on the SQL a sink receives, mapped back into the Python file; returns
/// the shape of its statement and how many statements were not analysed.
fn check_site(
    site: &QuerySite,
    (dialect, dialect_known): (Dialect, bool),
    settings: &Settings,
    schema: &Schema,
    text: &str,
    out: &mut Vec<Diagnostic>,
    queries: Option<&mut Vec<FoundQuery>>,
) -> (Option<QueryShape>, usize) {
    let Some(value) = site.value.as_str() else {
        return (None, 0);
    };
    let prefix = match site.kind {
        SinkKind::Statement | SinkKind::Text => "",
        SinkKind::Fragment => extract::FRAGMENT_PREFIX,
        SinkKind::Compose => return (None, 0),
    };
    let sql = extract::render(value, dialect, site.params_passed, prefix, text);
    let report_errors = dialect_known
        && site.kind == SinkKind::Statement
        && sql.labels.is_empty()
        && looks_like_sql(&sql.text);
    let source = EmbeddedSql {
        text: &sql.text,
        map: &sql.map,
        fallback: site.arg.clone(),
        hole_labels: &sql.labels,
    };
    // Fragments are wrapped in a SELECT of our own: their shape says nothing, and the
    // explain pass plans whole statements meant for PostgreSQL only.
    let whole = site.kind != SinkKind::Fragment;
    let check = SqlCheck {
        dialect,
        checks: &settings.sql_checks,
        known: Known {
            schema,
            small_tables: &settings.small_tables,
            function: site.function.as_deref(),
            flags: &site.flags,
        },
        queries: queries.filter(|_| whole && plans_here(dialect)),
        templates: false,
        macro_holes: false,
    };
    let error = |error: SyntaxError| {
        report_errors.then(|| {
            Diagnostic::new(&tool::SYNTAX_ERROR, error.range.clone(), error.headline()).help(
                format!(
                    "fix the SQL passed to `{}`, or set `dialect` if it is not {} SQL",
                    site.sink,
                    dialect.name()
                ),
            )
        })
    };
    // Airflow renders an operator's SQL with Jinja first: its variants are what runs.
    let jinja = (site.jinja && jinja::may_be_template(&sql.text))
        .then(|| template::jinja_variants(&sql.text, &sql.map, &sql.labels));
    let checked = match jinja {
        Some(Ok(variants)) => check_template(&variants, &site.arg, check, out, error).0,
        Some(Err(jinja)) => {
            if report_errors {
                let span = sql.map.range(jinja.range).unwrap_or(site.arg.clone());
                let message = format!("template syntax error: {}", jinja.message);
                out.push(
                    Diagnostic::new(&tool::SYNTAX_ERROR, span, message).help(format!(
                        "fix the Jinja tag in the SQL passed to `{}`",
                        site.sink
                    )),
                );
            }
            return (None, 0);
        }
        None => check_sql(&source, check, out, error),
    };
    (checked.shape.filter(|_| whole), checked.unanalysed)
}
