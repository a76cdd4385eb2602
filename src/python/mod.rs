//! Python: SQL embedded in Python code. Parses the module once (ruff's error-recovering
//! parser) and follows string building into the sink catalogue; returns what it found (the
//! queries at sinks, connections, string building, ORM use) and runs no rule: the engine
//! checks the SQL found and runs the Python rules on the facts.

pub mod catalogue;
mod closures;
mod constructions;
mod definitions;
use constructions::{constructions, passed_trust};
use rustc_hash::FxHashMap;
pub mod env;
pub mod eval;
pub mod extract;
pub mod flow;
pub mod index;
pub mod literal;
mod mentions;
pub mod module;
mod opt_in;
pub mod orm;
pub mod parse;
mod per_iteration;
pub mod project;
pub mod reach;
pub mod row_reads;
mod schema_editor;
mod self_attributes;
pub mod sinks;
pub mod summary;
mod test_values;
pub mod value;

use std::ops::Range;

use crate::source::CommentLayout;
use crate::sql::Dialect;
use flow::{Analyzer, Facts};
use module::Module;
use ruff_python_ast::{Stmt, StmtFunctionDef};

/// Wrappers of wrappers are found in a few rounds; more is rare and costs a pass each.
const WRAPPER_ROUNDS: usize = 3;

/// What the front end found in a module.
pub struct Scan {
    pub facts: Facts,
    pub layout: CommentLayout,
    /// What the parser could not read (it recovers and the rest is still scanned).
    pub syntax_error: Option<parse::SyntaxError>,
    /// The SQL dialect of the database driver the module imports, if it imports one.
    pub driver_dialect: Option<Dialect>,
}

/// A module of the project being scanned: calls into the rest of the project are
/// followed through its index.
#[derive(Clone, Copy)]
pub struct InProject<'p> {
    pub index: &'p project::ProjectIndex,
    /// Whether the module is test code or test support, worked out the first time a
    /// finding asks (see `rules::PyCtx::test_code`).
    pub test_code: &'p dyn Fn() -> bool,
    /// The module's absolute path.
    pub path: &'p std::path::Path,
}

/// Scans a Python module; `None` when it mentions no database call, no model and no
/// project code (it is then not parsed). `audit` follows SQL-looking strings that reach no
/// sink.
pub fn scan(
    text: &str,
    models: &orm::ModelIndex,
    audit: bool,
    project: Option<InProject<'_>>,
) -> Option<Scan> {
    let project = project.filter(|p| !p.index.is_empty());
    let orm_code = orm::may_query(text, models)
        || project.is_some_and(|p| !models.is_empty() && p.index.imports_rows_helper(p.path));
    // What the index knows this module's code may reach through the project.
    let reaches = project.and_then(|p| p.index.module_reaches(p.path, text));
    // The index judged the module's calls one by one; without it, its words are read.
    let sql_code = audit
        || project.is_some_and(|p| p.index.catalogue.mentioned_in(text))
        || match reaches {
            Some(reaches) => reaches,
            None => {
                sinks::mentions_sink(text)
                    || project.is_some_and(|p| p.index.may_call_project(p.path))
            }
        };
    if !orm_code && !sql_code {
        return None;
    }
    let own;
    let parsed = match project.and_then(|p| p.index.parsed(p.path, text)) {
        Some(source) => &source.parsed,
        None => {
            own = parse::parse(text);
            &own
        }
    };
    let body = &parsed.module.body;
    let mut facts = Facts::default();
    let mut driver = None;
    let (name, package) = project
        .and_then(|p| p.index.module_at(p.path))
        .unwrap_or(("", false));
    let mut module = match project {
        Some(p) => Module::in_project(text, body, p.index, name, package),
        None => Module::new(text, body),
    };
    // SQL strings and database calls: only where a sink is mentioned at all.
    if sql_code {
        module.reach_known = reaches.is_some();
        facts = analyze(&mut module, body, audit);
        facts.row_reads = row_reads::row_reads(&module, body);
        facts.marker = driver_marker(&module);
        driver = driver_dialect(&module);
    }
    if orm_code {
        let definitions = definitions::ModuleDefinitions::new(&module);
        facts.orm = orm::orm_facts(body, models, &definitions);
    }
    Some(Scan {
        facts,
        layout: CommentLayout {
            comments: parsed.comments.clone(),
            multiline_strings: parsed.multiline_strings.clone(),
            multiline_calls: parsed.multiline_calls.clone(),
        },
        syntax_error: parsed.error.clone(),
        driver_dialect: driver,
    })
}

/// Module code first (its final bindings are the module constants), then every function
/// that may reach a sink. Functions that execute their own parameter become wrappers; the
/// code that calls a newly found wrapper is analysed again, a few rounds at most, since
/// wrappers can call wrappers.
fn analyze<'a>(module: &mut Module<'a>, body: &'a [Stmt], audit: bool) -> Facts {
    let mut top_facts = prepare(module, body);
    let functions = module.all_functions.clone();
    let mut facts: Vec<Facts> = Vec::with_capacity(functions.len());
    let mut analyzed = Vec::with_capacity(functions.len());
    let mut found = Vec::new();
    let run = |module: &Module<'a>, function: &'a StmtFunctionDef, found: &mut Vec<_>| {
        let mut analyzer = Analyzer::new(module, true);
        analyzer.function(function);
        found.extend(std::mem::take(&mut analyzer.wrappers));
        std::mem::take(&mut analyzer.facts)
    };
    for function in &functions {
        let relevant = audit || module.may_reach_sink(function);
        analyzed.push(relevant);
        facts.push(if relevant {
            run(module, function, &mut found)
        } else {
            Facts::default()
        });
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
                *slot = run(module, function, &mut found);
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
                *slot = run(module, function, &mut found);
            }
        }
        if body.iter().any(|stmt| {
            !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_))
                && calls_new(module.text(module::range(stmt)))
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

/// What a module offers its functions, before any is analysed: the module constants (the
/// final bindings of its top-level code) and class attributes (instance attributes are
/// worked out when a method of their class is analysed).
/// Returns what the top-level code itself did.
pub(crate) fn prepare<'a>(module: &mut Module<'a>, body: &'a [Stmt]) -> Facts {
    let (constants, top_facts) = {
        let mut top = Analyzer::new(module, true);
        top.stmts(body);
        top.finish();
        (
            std::mem::take(&mut top.env).into_map(),
            std::mem::take(&mut top.facts),
        )
    };
    module.known_mut().constants = constants;
    let class_attrs = class_attributes(module, body);
    module.known_mut().class_attrs = class_attrs;
    top_facts
}

/// `NAME = "…"` in class bodies, reachable as `self.NAME`.
fn class_attributes<'a>(
    module: &Module<'a>,
    body: &'a [ruff_python_ast::Stmt],
) -> FxHashMap<String, value::Value> {
    let mut attrs = FxHashMap::default();
    let mut analyzer = Analyzer::new(module, false);
    for stmt in body {
        if let ruff_python_ast::Stmt::ClassDef(class) = stmt {
            analyzer.stmts(&class.body);
            attrs.extend(std::mem::take(&mut analyzer.env).into_map());
        }
    }
    attrs
}

/// `self.NAME = …` in `class`'s `__init__` and other methods, as its other methods read
/// it: what every assignment may hold, so a value checked against an allow-list where it is
/// set stays trusted. A bare parameter is an attribute to them, not one of their own
/// parameters.
pub(crate) fn instance_attributes(
    module: &Module<'_>,
    class: &str,
) -> FxHashMap<String, value::Value> {
    let methods: Vec<&StmtFunctionDef> = module
        .all_functions
        .iter()
        .filter(|f| {
            module
                .known
                .method_class
                .get(&module::range(*f).start)
                .map(String::as_str)
                == Some(class)
        })
        .copied()
        .collect();
    // Attributes set outside `__init__` are read only for classes with a method that may
    // reach the database: analysing every method that sets one took a fifth of a run.
    let reaching = methods.iter().any(|f| module.may_reach_sink(f));
    let mut out: FxHashMap<String, value::Value> = FxHashMap::default();
    for function in methods
        .into_iter()
        .filter(|f| f.name.id == "__init__" || (reaching && self_attributes::assigns(f)))
    {
        let mut analyzer = Analyzer::new(module, false);
        analyzer.self_attrs = Some(FxHashMap::default());
        analyzer.function(function);
        let attrs = analyzer.self_attrs.take().unwrap_or_default();
        let is_init = function.name.id == "__init__" && reaching;
        let mut passed = None;
        for (name, value) in attrs {
            let value = match value {
                value::Value::Opaque {
                    origin: value::Origin::Parameter(index),
                    trust,
                    kind,
                } => {
                    // What the class's constructions pass, when they are all in sight.
                    let trust = match passed.get_or_insert_with(|| {
                        is_init.then(|| constructions(module, class)).flatten()
                    }) {
                        Some(calls) => passed_trust(function, index, calls),
                        None => trust,
                    };
                    value::Value::Opaque {
                        trust,
                        origin: attribute_origin(function, index),
                        kind,
                    }
                }
                other => other,
            };
            let merged = match out.remove(&name) {
                Some(earlier) if earlier != value => plain_attribute(earlier.merge(value)),
                Some(earlier) => earlier,
                None => value,
            };
            out.insert(name, merged);
        }
    }
    out
}

/// An attribute set in more than one way is no longer just what the construction passed.
fn plain_attribute(value: value::Value) -> value::Value {
    match value {
        value::Value::Opaque {
            trust,
            origin: value::Origin::InitArgument { .. },
            kind,
        } => value::Value::Opaque {
            trust,
            origin: value::Origin::Attribute,
            kind,
        },
        other => other,
    }
}

/// Where an attribute a method set from its parameter `index` comes from: `__init__`'s
/// argument, which a construction in sight tells, or just an attribute.
fn attribute_origin(method: &StmtFunctionDef, index: usize) -> value::Origin {
    let parameters = &method.parameters;
    match flow::parameters_in_order(parameters).nth(index) {
        Some(parameter) if method.name.id == "__init__" => {
            let positional = parameters.posonlyargs.len() + parameters.args.len();
            value::Origin::InitArgument {
                position: (index < positional).then(|| index.checked_sub(1)).flatten(),
                name: parameter.name.id.as_str().into(),
            }
        }
        _ => value::Origin::Attribute,
    }
}

/// The SQL dialect of the driver the module imports.
pub(crate) fn driver_dialect(module: &Module<'_>) -> Option<Dialect> {
    let roots: Vec<&str> = module.imported_roots().collect();
    let has = |names: &[&str]| roots.iter().any(|r| names.contains(r));
    if has(&["sqlite3", "aiosqlite"]) {
        Some(Dialect::Sqlite)
    } else if has(&["pymysql", "MySQLdb", "mysql", "aiomysql"]) {
        Some(Dialect::Mysql)
    } else if has(&["psycopg2", "psycopg", "asyncpg", "aiopg", "pg8000"]) {
        Some(Dialect::Postgres)
    } else {
        None
    }
}

/// The parameter marker the module's driver expects.
fn driver_marker(module: &Module<'_>) -> &'static str {
    let roots: Vec<&str> = module.imported_roots().collect();
    if roots.iter().any(|r| matches!(*r, "sqlite3" | "aiosqlite")) {
        "?"
    } else if roots.contains(&"asyncpg") {
        "$1"
    } else {
        "%s"
    }
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
