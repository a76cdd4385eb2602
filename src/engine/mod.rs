//! Checks one file's text: front end by kind, every enabled rule, then severities,
//! per-file ignores and suppressions. Pure: no I/O, so the CLI, the language server and the
//! tests share it.

use std::ops::Range;
use std::path::Path;

mod check_sql;
pub mod guard;
pub mod notebook;
mod project;
mod python_file;
pub mod suppress;
pub mod suppress_edit;
mod suppress_removal;

use crate::diagnostic::Diagnostic;
use crate::engine::suppress::Suppressions;
use crate::python::orm::ModelIndex;
use crate::rules::{Known, tool};
use crate::schema::Schema;
use crate::settings::Settings;
use crate::source::span_map::SpanMap;
use crate::source::{CommentLayout, SourceFile, SourceKind};
use crate::sql::Dialect;
use crate::sql::SyntaxError;
use crate::sql::embedded::{EmbeddedSql, FoundQuery};
use crate::sql::template::{self, JinjaError, Macros, jinja};
use check_sql::{SqlCheck, check_sql, check_template};
pub use project::Project;

/// All findings for one file, sorted by position and code. `absolute` is matched against
/// `per-file-ignores`; `project` is what the run knows about the whole repository.
pub fn check_source(
    file: &SourceFile,
    absolute: &Path,
    settings: &Settings,
    project: &Project,
) -> Vec<Diagnostic> {
    check_counted(file, absolute, settings, project).0
}

/// `check_source`, and how many statements were not analysed by the rules (valid SQL that
/// only the database's own parser reads).
pub fn check_counted(
    file: &SourceFile,
    absolute: &Path,
    settings: &Settings,
    project: &Project,
) -> (Vec<Diagnostic>, usize) {
    let analysis = analyze_source(file, absolute, settings, project, false);
    let unanalysed = analysis.unanalysed;
    (
        finish(file, absolute, settings, analysis, false),
        unanalysed,
    )
}

/// What the rules found in one file, before suppressions and filters.
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    pub layout: CommentLayout,
    /// The file's statements, when asked for, for the explain pass.
    pub queries: Vec<FoundQuery>,
    /// Statements sqlparser cannot read and the database's parser accepts: valid, but not
    /// analysed by the rules.
    pub unanalysed: usize,
    /// Test code: under `test-paths`, or test support (see `is_test_code`).
    pub test_code: bool,
}

/// Runs the rules on a file; `collect` keeps its statements for the explain pass.
pub fn analyze_source(
    file: &SourceFile,
    absolute: &Path,
    settings: &Settings,
    project: &Project,
    collect: bool,
) -> Analysis {
    let mut queries = Vec::new();
    let collect = collect.then_some(&mut queries);
    // Migration code runs once: no ORM performance findings there.
    let none = ModelIndex::default();
    let models = if crate::python::orm::in_migrations(&file.path) {
        &none
    } else {
        &project.models
    };
    // Once for the rules and the filters, and only if a finding or suppression asks.
    let test_code = std::cell::OnceCell::new();
    let test_code = || *test_code.get_or_init(|| is_test_code(absolute, settings, &project.python));
    let in_project = crate::python::InProject {
        index: &project.python,
        test_code: &test_code,
        path: absolute,
    };
    let (diagnostics, layout, unanalysed) = match file.kind {
        SourceKind::Sql => check_sql_file(
            &file.text,
            settings,
            &project.schema,
            project.macros_for(absolute),
            collect,
        ),
        SourceKind::Python => python_file::check(
            &file.text,
            settings,
            models,
            &project.schema,
            in_project,
            collect,
            None,
        ),
        // Read alone, a template shows nothing: its findings come from the views that
        // render it (`run::templates`).
        SourceKind::Template => (Vec::new(), CommentLayout::default(), 0),
        SourceKind::Notebook => {
            let cells: Vec<Range<usize>> = file
                .notebook
                .iter()
                .flat_map(|n| n.cells.iter().map(|c| c.range.clone()))
                .collect();
            let view = notebook::python_view(&file.text, &cells, settings.dialect);
            // Statements are found at the module's offsets, and planned at the cells'.
            let mut module_queries = collect.is_some().then(Vec::new);
            let (found, layout, unanalysed) = python_file::check(
                &view.text,
                settings,
                models,
                &project.schema,
                in_project,
                module_queries.as_mut(),
                Some(&view),
            );
            if let (Some(collect), Some(found)) = (collect, module_queries) {
                collect.extend(
                    found
                        .into_iter()
                        .filter_map(|q| notebook::query_to_cells(q, &view.map)),
                );
            }
            let to_cells = |ranges: Vec<Range<usize>>| -> Vec<Range<usize>> {
                ranges
                    .into_iter()
                    .filter_map(|r| view.map.range(r))
                    .collect()
            };
            let mut comments = to_cells(layout.comments);
            comments.extend(view.sql_comments.iter().cloned());
            comments.sort_by_key(|c| c.start);
            let layout = CommentLayout {
                comments,
                multiline_strings: to_cells(layout.multiline_strings),
                multiline_calls: to_cells(layout.multiline_calls),
            };
            let found = found
                .into_iter()
                .map(|d| notebook::to_cells(d, &view.map))
                .collect();
            (found, layout, unanalysed)
        }
    };
    // Worked out only where `finish` reads it.
    let test_code =
        (!diagnostics.is_empty() || has_suppressions(&file.text, &layout)) && test_code();
    Analysis {
        diagnostics,
        layout,
        queries,
        unanalysed,
        test_code,
    }
}

/// Whether a comment of the file carries a suppression.
fn has_suppressions(text: &str, layout: &CommentLayout) -> bool {
    layout.comments.iter().any(|c| {
        text.get(c.clone())
            .is_some_and(|t| t.contains(crate::engine::suppress::MARKER))
    })
}

/// Test code is what `test-paths` names, and test support: a module that imports from a
/// project module under `test-paths` (a database backend's provisioning hooks registered
/// with the project's own test harness) is run by the tests alone.
fn is_test_code(
    absolute: &Path,
    settings: &Settings,
    python: &crate::python::project::ProjectIndex,
) -> bool {
    settings.is_test_path(absolute) || python.imports_from(absolute, |f| settings.is_test_path(f))
}

/// Applies the file's settings and suppression comments to what was found (the explain
/// pass's findings included), then sorts. Suppressions of rules that need a database are
/// not judged unused when the explain pass did not run.
pub fn finish(
    file: &SourceFile,
    absolute: &Path,
    settings: &Settings,
    analysis: Analysis,
    explained: bool,
) -> Vec<Diagnostic> {
    let Analysis {
        diagnostics,
        layout,
        test_code,
        ..
    } = analysis;
    let diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            settings.is_enabled(d.rule) && !settings.is_ignored_for(d.rule, absolute, test_code)
        })
        .collect();
    if diagnostics.is_empty() && !has_suppressions(&file.text, &layout) {
        return diagnostics;
    }
    let lines = file.lines();
    let suppressions = Suppressions::parse(&file.text, lines, &layout);
    let mut diagnostics = suppressions.apply(&file.text, diagnostics, lines, |rule| {
        settings.is_enabled(rule)
            && !settings.is_ignored_for(rule, absolute, test_code)
            && (explained || !crate::rules::needs_database(rule))
    });
    for diagnostic in &mut diagnostics {
        if let Some(severity) = settings.severity_override(diagnostic.rule) {
            diagnostic.severity = severity;
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule.code).cmp(&(b.span.start, b.span.end, b.rule.code))
    });
    // The same SQL can reach several sinks (a helper called twice): report it once.
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    diagnostics
}

/// Whether SQL of this dialect is planned by the explain pass's PostgreSQL.
fn plans_here(dialect: Dialect) -> bool {
    matches!(dialect, Dialect::Postgres | Dialect::Generic)
}

/// A `.sql` file: every statement, checked by every SQL rule. Returns the findings, the
/// layout of the file's comments and how many statements were not analysed.
fn check_sql_file(
    text: &str,
    settings: &Settings,
    schema: &Schema,
    macros: Option<&Macros>,
    queries: Option<&mut Vec<FoundQuery>>,
) -> (Vec<Diagnostic>, CommentLayout, usize) {
    let start = crate::source::bom_len(text);
    let sql = &text[start..];
    let map = SpanMap::identity(sql.len(), start);
    let source = EmbeddedSql {
        text: sql,
        map: &map,
        fallback: start..start,
        hole_labels: &[],
    };
    let check = SqlCheck {
        dialect: settings.dialect,
        checks: &settings.sql_checks,
        known: Known {
            schema,
            small_tables: &settings.small_tables,
            function: None,
            flags: &[],
        },
        queries: queries.filter(|_| plans_here(settings.dialect)),
        templates: true,
        macro_holes: false,
    };
    let mut diagnostics = Vec::new();
    let error = |error: SyntaxError| {
        Some(syntax_error(
            error.range.clone(),
            error.headline(),
            settings.dialect,
        ))
    };
    let jinja = jinja::may_be_template(sql).then(|| match macros {
        Some(macros) => template::jinja_variants_expanding(sql, &map, &[], macros),
        None => template::jinja_variants(sql, &map, &[]),
    });
    let (checked, comments) = match &jinja {
        Some(Ok(variants)) => {
            let (checked, mut comments) =
                check_template(variants, &(start..start), check, &mut diagnostics, error);
            // A template's own comments (`{# sqlhound: ignore[…] #}`) hold suppressions too.
            if sql.contains("{#") {
                comments.extend(
                    jinja::comments(sql)
                        .into_iter()
                        .filter_map(|c| map.range(c)),
                );
                comments.sort_by_key(|c| (c.start, c.end));
            }
            (checked, comments)
        }
        _ => {
            let checked = check_sql(&source, check, &mut diagnostics, error);
            let comments = checked
                .comments
                .iter()
                .filter_map(|c| map.range(c.clone()))
                .collect();
            (checked, comments)
        }
    };
    // Jinja that does not parse, in SQL that does not either: the template is at fault.
    if let Some(Err(jinja)) = jinja
        && diagnostics
            .iter()
            .any(|d| d.rule.code == tool::SYNTAX_ERROR.code)
    {
        diagnostics.retain(|d| d.rule.code != tool::SYNTAX_ERROR.code);
        diagnostics.push(template_error(&map, jinja));
    }
    let layout = CommentLayout {
        comments,
        multiline_strings: Vec::new(),
        multiline_calls: Vec::new(),
    };
    (diagnostics, layout, checked.unanalysed)
}

/// A Jinja template that does not parse.
fn template_error(map: &SpanMap, error: JinjaError) -> Diagnostic {
    let span = map.range(error.range).unwrap_or_default();
    Diagnostic::new(
        &tool::SYNTAX_ERROR,
        span,
        format!("template syntax error: {}", error.message),
    )
    .help("fix the Jinja tag; in `.sql` files `{{ }}`, `{% %}` and `{# #}` are read as Jinja")
}

/// A statement of a `.sql` file that does not parse.
fn syntax_error(span: Range<usize>, message: String, dialect: Dialect) -> Diagnostic {
    let help = format!(
        "fix the statement, or set `dialect` if it is not {} SQL; the rest of the file is still checked",
        dialect.name()
    );
    Diagnostic::new(&tool::SYNTAX_ERROR, span, message).help(help)
}
