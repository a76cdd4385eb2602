//! Function summaries: what a call of a project function does, as its callers in other
//! modules need to know it — which parameters it executes as SQL, what it returns (a
//! database object, an instance of a project class, SQL built from its parameters, a
//! trusted value), which parameters it validates, and whether it runs a query. Owned data
//! (no spans, no shared pieces), so summaries are shared between checking threads.

use std::sync::Arc;

use ruff_python_ast::{Stmt, StmtFunctionDef};

use super::flow::Analyzer;
use super::module::{Known, Module, Wrapper};
use super::project::{ModuleSource, ProjectIndex};
use super::value::{DbKind, Origin, Piece, StrValue, Trust, Value, Via};
use crate::sql::Dialect;
use crate::sql::facts::{QueryShape, is_pragma, query_shape};
use crate::sql::parse::{Parsed, parse_each};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Parameter names in binding order (`self` included), for keyword arguments.
    pub params: Vec<String>,
    /// The parameters whose default is a literal, by index.
    pub literal_defaults: Vec<usize>,
    /// Parameters executed as SQL, by index: calls to the function are sinks.
    pub executes: Vec<Wrapper>,
    pub returns: Returns,
    /// Parameters the function raises on unless they are valid.
    pub validates: Vec<usize>,
    /// Runs a query that reads rows (a `SELECT`), itself or through what it calls: called
    /// once per item of a loop, that is an N+1. Writes and DDL in a loop are batching
    /// questions, not N+1.
    pub runs_query: bool,
    /// Every such query, its own and through what it calls, is a lookup in the system
    /// catalogs with parameters (`sqlite_master … WHERE name = ?`): given a different
    /// table's name per item of a loop, it inspects a different table each time.
    pub catalog_lookup: bool,
    /// Every such query is of the system catalogs (with parameters or not).
    pub reads_catalogs_only: bool,
    /// It changes the schema (`CREATE`, `ALTER`, `DROP`), itself or through what it calls,
    /// and reads only the catalogs, to decide what to change: schema setup, which called
    /// per item is DDL per item (`create_table(t)` for each table to extract into).
    pub sets_up_schema: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Returns {
    /// Nothing known (or nothing returned).
    #[default]
    Unknown,
    Db(DbKind),
    /// An instance of a project class, `module:Class`.
    Object(String),
    /// One of its parameters, unchanged.
    Param(usize),
    /// A string built from text and parameters.
    Text(Vec<Part>),
    /// A tuple or list, element by element: `return sql, params` keeps the SQL half apart
    /// from its parameters, so a caller's `sql, params = f(…)` unpacks each.
    Tuple(Vec<Returns>),
    /// Some other value, of this trust (`Constant` for numbers, tokens, literals).
    Other(Trust),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Param(usize, Via),
    /// A value of the function's own, of this trust.
    Hole(Trust, Via),
    /// `self.name` of a method, which `__init__` set from its parameter `name` (the
    /// `position`th after `self`): what the instance's construction passed, when the caller
    /// sees it, else a hole of this trust.
    Field {
        position: Option<usize>,
        name: Arc<str>,
        trust: Trust,
        via: Via,
    },
}

/// The summary of the function or method `qualname` of a module; `None` if it has none.
pub fn summarise(
    source: &ModuleSource,
    project: &ProjectIndex,
    (name, package): (&str, bool),
    known: Arc<Known>,
    qualname: &str,
) -> Option<Summary> {
    let body = &source.parsed.module.body;
    let mut module = Module::prepared(&source.text, body, project, name, package, known);
    let function = *module
        .all_functions
        .iter()
        .find(|f| module.qualname(f) == Some(qualname))?;
    // Same-module helpers are read through their own summaries, not found in rounds.
    module.summarising = true;
    module.reach_known = module.known.indexed;
    let mut analyzer = Analyzer::new(&module, true);
    analyzer.function(function);
    Some(summary_of(function, &analyzer))
}

/// What the functions of a module read of the rest of it, for all their summaries.
pub fn prepare(source: &ModuleSource, project: &ProjectIndex, name: &str, package: bool) -> Known {
    let body = &source.parsed.module.body;
    let mut module = Module::in_project(&source.text, body, project, name, package);
    module.summarising = true;
    module.reach_known = project.indexed(name, &source.text);
    module.known_mut().indexed = module.reach_known;
    module.known_mut().instance_attrs = super::module::InstanceAttrs::for_summaries();
    super::prepare(&mut module, body);
    Arc::unwrap_or_clone(module.known)
}

/// The text of a module-level constant that is a plain string literal: a password in a
/// settings module is still a literal where a connection in another module reads it.
pub fn literal_text(value: &Value) -> Option<String> {
    match value {
        Value::Str(text) if !text.built && text.holes().next().is_none() => Some(text.known_text()),
        _ => None,
    }
}

/// What a function's analysis left, summarised. `env` holds its variables at the end.
pub fn summary_of(function: &StmtFunctionDef, analyzer: &Analyzer<'_, '_>) -> Summary {
    let params: Vec<String> = super::flow::parameter_names(&function.parameters)
        .map(str::to_string)
        .collect();
    let validates = validated(function, analyzer);
    let executes: Vec<Wrapper> = analyzer.wrappers.iter().map(|(_, w)| w.clone()).collect();
    let uses: Vec<Use> = analyzer
        .facts
        .queries
        .iter()
        .map(|site| use_of(site, analyzer.module))
        .collect();
    let has = |wanted: &[Use]| uses.iter().any(|u| wanted.contains(u));
    let runs_query = has(&[Use::CatalogLookup, Use::CatalogRead, Use::Rows]) || analyzer.runs_query;
    let reads_catalogs_only = !has(&[Use::Rows]) && !analyzer.reads_beyond_catalogs;
    Summary {
        runs_query,
        catalog_lookup: runs_query
            && !analyzer.runs_other_query
            && !has(&[Use::CatalogRead, Use::Rows]),
        reads_catalogs_only: runs_query && reads_catalogs_only,
        sets_up_schema: (has(&[Use::SchemaChange]) || analyzer.changes_schema)
            && reads_catalogs_only,
        executes,
        returns: match analyzer
            .result(function)
            .as_ref()
            .map_or_else(|| never_returns(function, analyzer.module), returns)
        {
            // `def get_store() -> Store:` when the body does not tell.
            Returns::Unknown | Returns::Other(_)
                if let Some(class) = function
                    .returns
                    .as_deref()
                    .and_then(|a| analyzer.module.project_class(a)) =>
            {
                Returns::Object(class)
            }
            known => known,
        },
        validates,
        params,
        literal_defaults: super::flow::literal_defaults(&function.parameters),
    }
}

/// The parameters a function raises on unless they are valid: it raises somewhere, and
/// they end the function trusted (a guard made them so).
pub fn validated(function: &StmtFunctionDef, analyzer: &Analyzer<'_, '_>) -> Vec<usize> {
    if !raises(&function.body) {
        return Vec::new();
    }
    super::flow::parameter_names(&function.parameters)
        .enumerate()
        .filter(|(_, name)| *name != "self" && *name != "cls")
        .filter(|(_, name)| {
            analyzer
                .env
                .get(name)
                .is_some_and(|v| v.trust() == Trust::Constant)
        })
        .map(|(index, _)| index)
        .collect()
}

fn returns(value: &Value) -> Returns {
    match value {
        Value::Opaque {
            kind: Some(kind), ..
        } => Returns::Db(match kind {
            DbKind::Executed(_) | DbKind::ExecutedParam(_) => DbKind::Cursor,
            other => *other,
        }),
        Value::Opaque { origin, .. } if let Some(index) = origin.parameter() => {
            Returns::Param(index)
        }
        Value::Object(instance) => Returns::Object(instance.class.to_string()),
        Value::Str(text) => Returns::Text(parts_of(text)),
        Value::Tuple(items) => Returns::Tuple(items.iter().map(returns).collect()),
        other => Returns::Other(other.trust()),
    }
}

/// A string's text and holes, its parameters named by index.
pub(crate) fn parts_of(text: &StrValue) -> Vec<Part> {
    text.pieces()
        .iter()
        .map(|piece| match piece.as_ref() {
            Piece::Text(decoded) => Part::Text(decoded.text.clone()),
            Piece::Hole(hole) => match &hole.origin {
                origin if let Some(index) = origin.parameter() => Part::Param(index, hole.via),
                Origin::InitArgument { position, name } => Part::Field {
                    position: *position,
                    name: name.clone(),
                    trust: hole.trust,
                    via: hole.via,
                },
                _ => Part::Hole(hole.trust, hole.via),
            },
        })
        .collect()
}

/// Statements that read rows, by their first word, for SQL that does not parse.
const READS: [&str; 3] = ["select", "with", "values"];

/// … and statements that change the schema (`CREATE TABLE {name} ({columns})`).
const SCHEMA_CHANGES: [&str; 3] = ["create", "alter", "drop"];

/// What a query of the function is to its callers' loops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Use {
    /// Reads rows of the system catalogs alone, with parameters.
    CatalogLookup,
    /// … without parameters.
    CatalogRead,
    /// Reads other rows worth batching.
    Rows,
    /// `CREATE`, `ALTER` or `DROP`.
    SchemaChange,
    /// Nothing a loop repeats.
    Other,
}

/// Whether a query reads rows worth batching, judged as the same query written in the
/// caller's loop would be: not one per table (`PRAGMA table_info({table})`, `FROM
/// {table}`), not a call that reads no table (`SELECT load_extension(?)`), not a status
/// read (`SHOW STATUS`), not a page (`ORDER BY … LIMIT n`); and whether it changes the
/// schema.
fn use_of(site: &super::flow::QuerySite, module: &Module<'_>) -> Use {
    let Some(value) = site.value.as_str() else {
        return Use::Other;
    };
    // A query a sink executed was parsed there already.
    match site.shape.clone().or_else(|| shape_of(site, module)) {
        Some(shape) if shape.reads && shape.repeats_per_item() => {
            match (shape.catalogs_only, site.params_passed) {
                (true, true) => Use::CatalogLookup,
                (true, false) => Use::CatalogRead,
                (false, _) => Use::Rows,
            }
        }
        Some(shape) if shape.changes_schema => Use::SchemaChange,
        Some(_) => Use::Other,
        None => {
            let text = value.known_text();
            let first = text.split_whitespace().next().unwrap_or("");
            let is = |words: &[&str]| words.iter().any(|w| first.eq_ignore_ascii_case(w));
            if is(&READS) {
                Use::Rows
            } else if is(&SCHEMA_CHANGES) {
                Use::SchemaChange
            } else {
                Use::Other
            }
        }
    }
}

/// The shape of a query site's first statement, as the module's driver renders it.
pub(crate) fn shape_of(site: &super::flow::QuerySite, module: &Module<'_>) -> Option<QueryShape> {
    let value = site.value.as_str()?;
    let dialect = super::driver_dialect(module).unwrap_or(Dialect::Generic);
    let sql = super::extract::render(value, dialect, site.params_passed, "", module.source);
    let mut shape = None;
    parse_each(&sql.text, dialect, |parsed| {
        if let Parsed::Statement(statement) = parsed {
            shape.get_or_insert_with(|| query_shape(&statement.ast));
        }
    });
    shape
}

/// Whether a query site's rows describe the database's own schema (`describes_schema`),
/// its shape already parsed; a `PRAGMA` sqlparser does not read does too (`is_pragma`).
pub(crate) fn describes_schema(site: &super::flow::QuerySite, module: &Module<'_>) -> bool {
    match &site.shape {
        Some(shape) => shape.describes_schema,
        None => site.value.as_str().is_some_and(|value| {
            let dialect = super::driver_dialect(module).unwrap_or(Dialect::Generic);
            is_pragma(&value.known_text(), dialect)
        }),
    }
}

/// What a function returns that returns nothing: a function that only raises (an
/// abstract hook, `raise NotImplementedError`) never gives its caller a value to
/// interpolate; of others nothing is known.
fn never_returns(function: &StmtFunctionDef, module: &Module<'_>) -> Returns {
    if only_raises(function, module) {
        Returns::Other(Trust::Constant)
    } else {
        Returns::Unknown
    }
}

/// Whether the body, past its docstring, is one `raise`, and that body is what runs: a
/// hook a subclass overrides runs the override, which is out of this function's sight.
pub fn only_raises(function: &StmtFunctionDef, module: &Module<'_>) -> bool {
    let body = match function.body.split_first() {
        Some((Stmt::Expr(docstring), rest))
            if matches!(
                docstring.value.as_ref(),
                ruff_python_ast::Expr::StringLiteral(_)
            ) =>
        {
            rest
        }
        _ => &function.body[..],
    };
    matches!(body, [Stmt::Raise(_)]) && !may_be_overridden(function, module)
}

/// Whether a subclass may define the method again: one in its module does, or its class
/// is imported elsewhere, where subclasses are out of sight.
fn may_be_overridden(function: &StmtFunctionDef, module: &Module<'_>) -> bool {
    let class_of = |f: &StmtFunctionDef| {
        module
            .known
            .method_class
            .get(&super::module::range(f).start)
    };
    let Some(class) = class_of(function) else {
        return false;
    };
    module
        .project
        .is_some_and(|project| project.imported_elsewhere(module.name, class))
        || module.all_functions.iter().any(|other| {
            other.name.id == function.name.id
                && class_of(other)
                    .is_some_and(|sub| sub != class && module.class_inherits(sub, class))
        })
}

/// Whether the body raises anywhere: a validator raises on what it rejects.
fn raises(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Raise(_) => true,
        Stmt::If(s) => raises(&s.body) || s.elif_else_clauses.iter().any(|c| raises(&c.body)),
        Stmt::For(s) => raises(&s.body),
        Stmt::While(s) => raises(&s.body),
        Stmt::With(s) => raises(&s.body),
        Stmt::Try(s) => raises(&s.body) || raises(&s.orelse),
        Stmt::Match(s) => s.cases.iter().any(|c| raises(&c.body)),
        _ => false,
    })
}
