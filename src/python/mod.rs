//! Python: SQL embedded in Python code. Parses the module once (ruff's error-recovering
//! parser), follows string building into the sink catalogue, then checks the SQL found
//! with every SQL rule and the string building with the injection rules.

pub mod eval;
pub mod extract;
pub mod flow;
pub mod literal;
pub mod module;
pub mod orm;
pub mod parse;
pub mod sinks;
pub mod value;

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::explain::found::{FoundQuery, found};
use crate::rules::{PyCtx, SqlSource, check_statement, tool};
use crate::schema::Schema;
use crate::settings::Settings;
use crate::sql::facts::{QueryShape, query_shape};
use crate::sql::{Dialect, parse_sql};
use crate::suppress::CommentLayout;
use flow::{Analyzer, Facts, QuerySite};
use module::Module;
use sinks::SinkKind;

/// Wrappers of wrappers are found in a few rounds; more is rare and costs a pass each.
const WRAPPER_ROUNDS: usize = 3;

/// Checks a Python file. Returns findings and where its comments and multi-line strings are.
pub fn check_python_file(
    text: &str,
    settings: &Settings,
    models: &orm::ModelIndex,
    schema: &Schema,
    mut queries: Option<&mut Vec<FoundQuery>>,
) -> (Vec<Diagnostic>, CommentLayout) {
    let audit = settings.is_enabled(&crate::rules::SQL_BUILT_OUTSIDE_SINK);
    let orm_code = orm::may_query(text, models);
    let sql_code = audit || sinks::mentions_sink(text);
    if !orm_code && !sql_code {
        return (Vec::new(), CommentLayout::default());
    }
    let parsed = parse::parse(text);
    let mut diagnostics = Vec::new();
    if let Some(error) = &parsed.error {
        diagnostics.push(
            Diagnostic::new(
                &tool::PYTHON_SYNTAX_ERROR,
                error.range.clone(),
                error.message.clone(),
            )
            .help("fix the syntax error; sqlhound still checks the code it could parse"),
        );
    }
    let body = &parsed.module.body;
    let mut facts = Facts::default();
    // SQL strings and database calls: only where a sink is mentioned at all.
    if sql_code {
        let mut module = Module::new(text, body);
        facts = analyze(&mut module, body, audit);
        facts.marker = driver_marker(&module);
        let dialect = guess_dialect(&module, settings);
        for site in &mut facts.queries {
            let sql = EmbeddedContext {
                dialect,
                settings,
                schema,
            };
            site.shape =
                check_embedded_sql(site, &sql, text, &mut diagnostics, queries.as_deref_mut());
        }
    }
    if orm_code {
        facts.orm = orm::orm_facts(body, models);
    }
    let mut ctx = PyCtx::new(text, settings, &mut diagnostics);
    for check in &settings.python_checks {
        check(&mut ctx, &facts);
    }
    let layout = CommentLayout {
        comments: parsed.comments,
        multiline_strings: parsed.multiline_strings,
    };
    (diagnostics, layout)
}

/// Module code first (its final bindings are the module constants), then every function
/// that may reach a sink. Functions that execute their own parameter become wrappers; the
/// code that calls a newly found wrapper is analysed again, a few rounds at most, since
/// wrappers can call wrappers.
fn analyze<'a>(module: &mut Module<'a>, body: &'a [ruff_python_ast::Stmt], audit: bool) -> Facts {
    let (constants, mut top_facts) = {
        let mut top = Analyzer::new(module, true);
        top.stmts(body);
        top.finish();
        (std::mem::take(&mut top.env), std::mem::take(&mut top.facts))
    };
    module.constants = constants;
    module.class_attrs = class_attributes(module, body);
    let functions = module.all_functions.clone();
    let mut facts: Vec<Facts> = Vec::with_capacity(functions.len());
    let mut analyzed = Vec::with_capacity(functions.len());
    let mut found = Vec::new();
    for function in &functions {
        let relevant = audit || module.may_reach_sink(function);
        analyzed.push(relevant);
        if !relevant {
            facts.push(Facts::default());
            continue;
        }
        let mut analyzer = Analyzer::new(module, true);
        analyzer.function(function);
        found.extend(analyzer.wrappers);
        facts.push(analyzer.facts);
    }
    // Code that calls a function running a query (in a loop, it is N+1) is followed too.
    let query_calls: Vec<String> = facts
        .iter()
        .flat_map(|f| &f.queries)
        .filter_map(|q| q.function.as_ref())
        .map(|name| format!("{name}("))
        .collect();
    if !query_calls.is_empty() {
        for ((function, slot), done) in functions.iter().zip(facts.iter_mut()).zip(&analyzed) {
            let text = module.text(module::range(*function));
            if !done && query_calls.iter().any(|call| text.contains(call.as_str())) {
                let mut analyzer = Analyzer::new(module, true);
                analyzer.function(function);
                found.extend(analyzer.wrappers);
                *slot = analyzer.facts;
            }
        }
    }
    for _ in 0..WRAPPER_ROUNDS {
        let mut new_names = Vec::new();
        for (name, wrapper) in found.drain(..) {
            if !module.wrappers.contains_key(&name) {
                module.wrappers.insert(name.clone(), wrapper);
                new_names.push(format!("{name}("));
            }
        }
        if new_names.is_empty() {
            break;
        }
        let calls_new = |text: &str| new_names.iter().any(|n| text.contains(n.as_str()));
        for (function, slot) in functions.iter().zip(facts.iter_mut()) {
            if calls_new(module.text(module::range(*function))) {
                let mut analyzer = Analyzer::new(module, true);
                analyzer.function(function);
                found.extend(analyzer.wrappers);
                *slot = analyzer.facts;
            }
        }
        if body.iter().any(|stmt| {
            !matches!(
                stmt,
                ruff_python_ast::Stmt::FunctionDef(_) | ruff_python_ast::Stmt::ClassDef(_)
            ) && calls_new(module.text(module::range(stmt)))
        }) {
            let mut again = Analyzer::new(module, true);
            again.stmts(body);
            again.finish();
            top_facts = again.facts;
        }
    }
    let mut all = top_facts;
    for function_facts in facts {
        all.merge(function_facts);
    }
    all
}

/// `NAME = "…"` in class bodies, reachable as `self.NAME`.
fn class_attributes<'a>(
    module: &Module<'a>,
    body: &'a [ruff_python_ast::Stmt],
) -> std::collections::HashMap<String, value::Value> {
    let mut attrs = std::collections::HashMap::new();
    let mut analyzer = Analyzer::new(module, false);
    for stmt in body {
        if let ruff_python_ast::Stmt::ClassDef(class) = stmt {
            analyzer.stmts(&class.body);
            attrs.extend(std::mem::take(&mut analyzer.env));
        }
    }
    attrs
}

/// The SQL dialect of a file's queries: the configured one, else the one of the driver it
/// imports; and whether it is known (configured or from a driver) rather than defaulted.
fn guess_dialect(module: &Module<'_>, settings: &Settings) -> (Dialect, bool) {
    if settings.dialect_configured {
        return (settings.dialect, true);
    }
    let roots: Vec<&str> = module
        .imports
        .values()
        .map(|p| p.split('.').next().unwrap_or(p))
        .collect();
    let has = |names: &[&str]| roots.iter().any(|r| names.contains(r));
    if has(&["sqlite3", "aiosqlite"]) {
        (Dialect::Sqlite, true)
    } else if has(&["pymysql", "MySQLdb", "mysql", "aiomysql"]) {
        (Dialect::Mysql, true)
    } else if has(&["psycopg2", "psycopg", "asyncpg", "aiopg", "pg8000"]) {
        (Dialect::Postgres, true)
    } else {
        (settings.dialect, false)
    }
}

/// The parameter marker the module's driver expects.
fn driver_marker(module: &Module<'_>) -> &'static str {
    let roots: Vec<&str> = module
        .imports
        .values()
        .map(|p| p.split('.').next().unwrap_or(p))
        .collect();
    if roots.iter().any(|r| matches!(*r, "sqlite3" | "aiosqlite")) {
        "?"
    } else if roots.contains(&"asyncpg") {
        "$1"
    } else {
        "%s"
    }
}

/// Runs the SQL rules on the SQL a sink receives, mapped back into the Python file.
/// What the SQL found in a module is checked with.
struct EmbeddedContext<'a> {
    /// The dialect, and whether config or an imported driver says so (not a default).
    dialect: (Dialect, bool),
    settings: &'a Settings,
    schema: &'a Schema,
}

fn check_embedded_sql(
    site: &QuerySite,
    context: &EmbeddedContext<'_>,
    source: &str,
    out: &mut Vec<Diagnostic>,
    mut queries: Option<&mut Vec<FoundQuery>>,
) -> Option<QueryShape> {
    let ((dialect, dialect_known), settings) = (context.dialect, context.settings);
    let value = site.value.as_str()?;
    let prefix = match site.kind {
        SinkKind::Statement | SinkKind::Text => "",
        SinkKind::Fragment => extract::FRAGMENT_PREFIX,
        SinkKind::Compose => return None,
    };
    let sql = extract::render(value, dialect, site.params_passed, prefix, source);
    let parsed = parse_sql(&sql.text, dialect);
    // A syntax error is only worth reporting when the dialect is known, not guessed.
    if dialect_known
        && site.kind == SinkKind::Statement
        && sql.labels.is_empty()
        && looks_like_sql(&sql.text)
    {
        for error in &parsed.errors {
            let span = sql
                .map
                .range(error.range.clone())
                .unwrap_or_else(|| site.arg.clone());
            out.push(
                Diagnostic::new(
                    &tool::SYNTAX_ERROR,
                    span,
                    format!("syntax error: {}", error.message),
                )
                .help(format!(
                    "fix the SQL passed to `{}`, or set `dialect` if it is not {} SQL",
                    site.sink,
                    dialect.name()
                )),
            );
        }
    }
    for statement in &parsed.statements {
        let source = SqlSource {
            text: &sql.text,
            map: &sql.map,
            fallback: site.arg.clone(),
            hole_labels: &sql.labels,
            schema: context.schema,
            small_tables: &settings.small_tables,
        };
        check_statement(&settings.sql_checks, &source, statement, out);
        // What the explain pass plans: whole statements (not fragments) meant for PostgreSQL.
        if let Some(queries) = queries
            .as_deref_mut()
            .filter(|_| site.kind != SinkKind::Fragment && crate::engine::plans_here(dialect))
        {
            queries.push(found(&source, statement));
        }
    }
    // Fragments are wrapped in a SELECT of our own: their shape says nothing.
    (site.kind != SinkKind::Fragment)
        .then(|| parsed.statements.first().map(|s| query_shape(&s.ast)))
        .flatten()
}

/// Starts with a statement keyword: guards syntax errors on strings that are not SQL.
pub(crate) fn looks_like_sql(text: &str) -> bool {
    const KEYWORDS: [&str; 12] = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "CREATE", "DROP", "ALTER", "MERGE",
        "REPLACE", "TRUNCATE", "UPSERT",
    ];
    let first: String = text
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_uppercase();
    KEYWORDS.contains(&first.as_str())
}

/// The source text at `span`, on one line and shortened, to name a value in a message.
pub fn label(source: &str, span: &Range<usize>) -> String {
    let text = source.get(span.clone()).unwrap_or("");
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 40 {
        let mut short: String = one_line.chars().take(37).collect();
        short.push('…');
        short
    } else {
        one_line
    }
}
