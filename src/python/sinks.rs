//! The catalogue of SQL sinks, as data in one place: which calls take SQL text, in which
//! argument, on which kinds of receivers. Extend it here; the README lists it.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::value::DbKind;

/// How the SQL a sink receives is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SinkKind {
    /// One or more whole statements.
    Statement,
    /// A condition or expression (`extra(where=…)`, `RawSQL`), checked inside a wrapper.
    Fragment,
    /// SQLAlchemy `text()`: a statement or a fragment, whichever parses.
    Text,
    /// `psycopg.sql.SQL(…)`: text the driver will trust as-is; building it is injection.
    Compose,
}

/// A method that executes SQL, and the receivers it counts on.
pub struct MethodSink {
    pub method: &'static str,
    pub receivers: &'static [DbKind],
    pub kind: SinkKind,
    pub arg: SqlArg,
    /// Parameters go positionally second in the driver's marker style, as in DB-API
    /// `execute(sql, params)`: a fix may move interpolated values there.
    pub dbapi: bool,
}

/// Which argument of a method sink holds what the library runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlArg {
    /// SQL text: the first positional argument, else a `SQL_KEYWORDS` keyword. A list or a
    /// dict of statements (Airflow's `run([…])`) is each one a statement.
    Text,
    /// A table name the library writes into its own statement, the first positional
    /// argument or `table=` (Airflow's `insert_rows(table, rows)`).
    TableName,
}

const ANY_DB: &[DbKind] = &[
    DbKind::Cursor,
    DbKind::Connection,
    DbKind::Session,
    DbKind::Engine,
    DbKind::Pool,
];
const CURSOR: &[DbKind] = &[DbKind::Cursor];
const CURSOR_OR_CONNECTION: &[DbKind] = &[DbKind::Cursor, DbKind::Connection, DbKind::Pool];
const ASYNCPG: &[DbKind] = &[DbKind::Connection, DbKind::Pool];
const SQLALCHEMY_CONNECTION: &[DbKind] = &[DbKind::Connection, DbKind::Engine];
const HOOK: &[DbKind] = &[DbKind::Hook];
const QUERY_DB: &[DbKind] = &[DbKind::QueryDb];
const PEEWEE: &[DbKind] = &[DbKind::PeeweeDb];
const TORTOISE: &[DbKind] = &[DbKind::TortoiseClient];
const ASYNC_DATABASE: &[DbKind] = &[DbKind::AsyncDatabase];
const PONY: &[DbKind] = &[DbKind::PonyDb];

/// A DB-API style statement sink; entries set `method` and `receivers`.
const DBAPI: MethodSink = MethodSink {
    method: "",
    receivers: ANY_DB,
    kind: SinkKind::Statement,
    arg: SqlArg::Text,
    dbapi: true,
};

/// A library's statement sink whose parameters are not DB-API's (by keyword, `$name` in
/// the text, or a marker style of the library's own): no fix is offered.
const LIBRARY: MethodSink = MethodSink {
    dbapi: false,
    ..DBAPI
};

pub const METHOD_SINKS: &[MethodSink] = &[
    // DB-API (sqlite3, psycopg2, psycopg 3, pymysql, mysql-connector, aiosqlite), SQLAlchemy
    // connections/sessions, asyncpg.
    MethodSink {
        method: "execute",
        ..DBAPI
    },
    MethodSink {
        method: "executemany",
        receivers: CURSOR_OR_CONNECTION,
        ..DBAPI
    },
    MethodSink {
        method: "executescript",
        receivers: CURSOR_OR_CONNECTION,
        ..DBAPI
    },
    MethodSink {
        method: "exec_driver_sql",
        receivers: SQLALCHEMY_CONNECTION,
        ..DBAPI
    },
    // asyncpg
    MethodSink {
        method: "fetch",
        receivers: ASYNCPG,
        ..DBAPI
    },
    MethodSink {
        method: "fetchrow",
        receivers: ASYNCPG,
        ..DBAPI
    },
    MethodSink {
        method: "fetchval",
        receivers: ASYNCPG,
        ..DBAPI
    },
    // psycopg2 / psycopg 3
    MethodSink {
        method: "copy_expert",
        receivers: CURSOR,
        ..DBAPI
    },
    MethodSink {
        method: "copy",
        receivers: CURSOR,
        ..DBAPI
    },
    MethodSink {
        method: "stream",
        receivers: CURSOR,
        ..DBAPI
    },
    MethodSink {
        method: "mogrify",
        receivers: CURSOR,
        ..DBAPI
    },
    // Airflow `DbApiHook`: `sql` is a statement or a list of them; `parameters` (second,
    // except for `run(sql, autocommit, parameters)`) are bound by the driver.
    MethodSink {
        method: "get_records",
        receivers: HOOK,
        ..LIBRARY
    },
    MethodSink {
        method: "get_first",
        receivers: HOOK,
        ..LIBRARY
    },
    MethodSink {
        method: "run",
        receivers: HOOK,
        ..LIBRARY
    },
    MethodSink {
        method: "get_pandas_df",
        receivers: HOOK,
        ..LIBRARY
    },
    MethodSink {
        method: "get_df",
        receivers: HOOK,
        ..LIBRARY
    },
    MethodSink {
        method: "insert_rows",
        receivers: HOOK,
        kind: SinkKind::Compose,
        arg: SqlArg::TableName,
        ..LIBRARY
    },
    // records `query(sql, **params)`, dataset `query(sql, **params)`, sqlite-utils
    // `query(sql, params)`, `execute(sql, params)` and `executescript(sql)`.
    MethodSink {
        method: "query",
        receivers: QUERY_DB,
        ..LIBRARY
    },
    MethodSink {
        method: "execute",
        receivers: QUERY_DB,
        ..LIBRARY
    },
    MethodSink {
        method: "executescript",
        receivers: QUERY_DB,
        ..LIBRARY
    },
    // peewee `execute_sql(sql, params)`.
    MethodSink {
        method: "execute_sql",
        receivers: PEEWEE,
        ..LIBRARY
    },
    // Tortoise ORM clients: `execute_query(sql, values)`, `execute_script(sql)`.
    MethodSink {
        method: "execute_query",
        receivers: TORTOISE,
        ..LIBRARY
    },
    MethodSink {
        method: "execute_query_dict",
        receivers: TORTOISE,
        ..LIBRARY
    },
    MethodSink {
        method: "execute_script",
        receivers: TORTOISE,
        ..LIBRARY
    },
    // encode/databases: `query` is a string (or SQLAlchemy core), `values` a dict bound to
    // its `:name` markers.
    MethodSink {
        method: "fetch_all",
        receivers: ASYNC_DATABASE,
        ..LIBRARY
    },
    MethodSink {
        method: "fetch_one",
        receivers: ASYNC_DATABASE,
        ..LIBRARY
    },
    MethodSink {
        method: "fetch_val",
        receivers: ASYNC_DATABASE,
        ..LIBRARY
    },
    MethodSink {
        method: "execute",
        receivers: ASYNC_DATABASE,
        ..LIBRARY
    },
    MethodSink {
        method: "execute_many",
        receivers: ASYNC_DATABASE,
        ..LIBRARY
    },
    MethodSink {
        method: "iterate",
        receivers: ASYNC_DATABASE,
        ..LIBRARY
    },
    // Pony ORM `Database`: `$name` in the text is bound from the caller's variables.
    MethodSink {
        method: "select",
        receivers: PONY,
        ..LIBRARY
    },
    MethodSink {
        method: "execute",
        receivers: PONY,
        ..LIBRARY
    },
    MethodSink {
        method: "get",
        receivers: PONY,
        ..LIBRARY
    },
    MethodSink {
        method: "exists",
        receivers: PONY,
        ..LIBRARY
    },
];

/// Keywords a sink's SQL may be passed by.
pub const SQL_KEYWORDS: [&str; 5] = ["sql", "query", "operation", "statement", "stmt"];

/// Keywords that carry bound parameters.
pub const PARAM_KEYWORDS: [&str; 5] = ["params", "parameters", "args", "vars", "values"];

/// A function that takes SQL text, by import path.
pub struct FunctionSink {
    pub path: &'static str,
    pub kind: SinkKind,
}

pub const FUNCTION_SINKS: &[FunctionSink] = &[
    FunctionSink {
        path: "sqlalchemy.text",
        kind: SinkKind::Text,
    },
    FunctionSink {
        path: "sqlalchemy.sql.text",
        kind: SinkKind::Text,
    },
    FunctionSink {
        path: "sqlalchemy.sql.expression.text",
        kind: SinkKind::Text,
    },
    // SQLModel re-exports SQLAlchemy's `text`.
    FunctionSink {
        path: "sqlmodel.text",
        kind: SinkKind::Text,
    },
    FunctionSink {
        path: "pandas.read_sql",
        kind: SinkKind::Statement,
    },
    FunctionSink {
        path: "pandas.read_sql_query",
        kind: SinkKind::Statement,
    },
    FunctionSink {
        path: "django.db.models.expressions.RawSQL",
        kind: SinkKind::Fragment,
    },
    FunctionSink {
        path: "django.db.models.RawSQL",
        kind: SinkKind::Fragment,
    },
    FunctionSink {
        path: "psycopg2.sql.SQL",
        kind: SinkKind::Compose,
    },
    FunctionSink {
        path: "psycopg.sql.SQL",
        kind: SinkKind::Compose,
    },
    FunctionSink {
        path: "peewee.SQL",
        kind: SinkKind::Fragment,
    },
    // frappe's `frappe.db.sql(query, values)`; `multisql({"mariadb": …, "postgres": …})`
    // takes a dict of statements, one per dialect.
    FunctionSink {
        path: "frappe.db.sql",
        kind: SinkKind::Statement,
    },
    FunctionSink {
        path: "frappe.db.multisql",
        kind: SinkKind::Statement,
    },
];

/// An Airflow operator whose SQL is a templated field: Airflow renders it with Jinja
/// (`{{ ds }}`, `{{ params.day }}`, `{{ macros.ds_add(ds, 1) }}`) before it runs, so the
/// SQL is checked as a Jinja template, and those values — the DAG's, not a caller's — are
/// no injection. `keys` lead to the SQL: a keyword argument, then keys of a dict in it.
pub struct OperatorSink {
    pub path: &'static str,
    pub keys: &'static [&'static str],
}

const SQL: &[&str] = &["sql"];

pub const OPERATOR_SINKS: &[OperatorSink] = &[
    OperatorSink {
        path: "airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.common.sql.operators.sql.SQLCheckOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.common.sql.operators.sql.SQLValueCheckOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.postgres.operators.postgres.PostgresOperator",
        keys: SQL,
    },
    // Airflow 1's module.
    OperatorSink {
        path: "airflow.operators.postgres_operator.PostgresOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.mysql.operators.mysql.MySqlOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.sqlite.operators.sqlite.SqliteOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.microsoft.mssql.operators.mssql.MsSqlOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.snowflake.operators.snowflake.SnowflakeOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.amazon.aws.operators.redshift_sql.RedshiftSQLOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.trino.operators.trino.TrinoOperator",
        keys: SQL,
    },
    OperatorSink {
        path: "airflow.providers.google.cloud.operators.bigquery.BigQueryExecuteQueryOperator",
        keys: SQL,
    },
    // `configuration={"query": {"query": "SELECT …", "useLegacySql": False}}`.
    OperatorSink {
        path: "airflow.providers.google.cloud.operators.bigquery.BigQueryInsertJobOperator",
        keys: &["configuration", "query", "query"],
    },
];

/// A library's constructor or factory of database objects: a callable named `name` (or,
/// written `*Suffix`, any name ending so) in `module` or one of its submodules.
pub struct Factory {
    pub module: &'static str,
    pub name: &'static str,
    pub kind: DbKind,
    /// Words in a matching name that mean another kind of object (`HttpHook`).
    pub unless: &'static [&'static str],
}

/// Airflow hooks that are not SQL hooks but share `run(…)`.
const NOT_SQL_HOOKS: &[&str] = &["Http", "Webhook"];

pub const FACTORIES: &[Factory] = &[
    // `PostgresHook(…)`, `SnowflakeHook(…)`, `DbApiHook(…)`, `BaseHook.get_hook(…)`.
    Factory {
        module: "airflow.providers",
        name: "*Hook",
        kind: DbKind::Hook,
        unless: NOT_SQL_HOOKS,
    },
    Factory {
        module: "airflow.hooks",
        name: "*Hook",
        kind: DbKind::Hook,
        unless: NOT_SQL_HOOKS,
    },
    Factory {
        module: "airflow",
        name: "get_hook",
        kind: DbKind::Hook,
        unless: &[],
    },
    Factory {
        module: "records",
        name: "Database",
        kind: DbKind::QueryDb,
        unless: &[],
    },
    Factory {
        module: "dataset",
        name: "connect",
        kind: DbKind::QueryDb,
        unless: &[],
    },
    Factory {
        module: "sqlite_utils",
        name: "Database",
        kind: DbKind::QueryDb,
        unless: &[],
    },
    // `SqliteDatabase`, `PostgresqlDatabase`, `MySQLDatabase`, `DatabaseProxy`, playhouse's
    // pooled and extended databases, `playhouse.db_url.connect(url)`.
    Factory {
        module: "peewee",
        name: "*Database",
        kind: DbKind::PeeweeDb,
        unless: &[],
    },
    Factory {
        module: "peewee",
        name: "DatabaseProxy",
        kind: DbKind::PeeweeDb,
        unless: &[],
    },
    Factory {
        module: "playhouse",
        name: "*Database",
        kind: DbKind::PeeweeDb,
        unless: &[],
    },
    Factory {
        module: "playhouse.db_url",
        name: "connect",
        kind: DbKind::PeeweeDb,
        unless: &[],
    },
    Factory {
        module: "tortoise.connections",
        name: "get",
        kind: DbKind::TortoiseClient,
        unless: &[],
    },
    Factory {
        module: "tortoise",
        name: "get_connection",
        kind: DbKind::TortoiseClient,
        unless: &[],
    },
    Factory {
        module: "databases",
        name: "Database",
        kind: DbKind::AsyncDatabase,
        unless: &[],
    },
    Factory {
        module: "pony",
        name: "Database",
        kind: DbKind::PonyDb,
        unless: &[],
    },
];

/// The kind of object a library's constructor or factory makes, by its dotted path
/// (`airflow.providers.postgres.hooks.postgres.PostgresHook` → hook).
pub fn kind_from_factory(path: &str) -> Option<DbKind> {
    let (module, name) = path.rsplit_once('.')?;
    FACTORIES
        .iter()
        .find(|f| {
            let in_module = module
                .strip_prefix(f.module)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'));
            let named = match f.name.strip_prefix('*') {
                Some(suffix) => name.ends_with(suffix),
                None => name == f.name,
            };
            in_module && named && !f.unless.iter().any(|word| name.contains(word))
        })
        .map(|f| f.kind)
}

/// Django queryset methods that take SQL: `Model.objects.raw(sql)`, `.extra(where=[…])`.
pub const DJANGO_RAW: &str = "raw";

/// ORM model bases whose classes run SQL text with `Model.raw(sql, *params)`: peewee's
/// `Model`, Piccolo's `Table`.
pub const RAW_MODEL_BASES: [&str; 2] = ["peewee.Model", "piccolo.table.Table"];
pub const DJANGO_EXTRA: &str = "extra";
pub const DJANGO_EXTRA_KEYWORDS: [&str; 3] = ["where", "select", "tables"];

/// Calls that give safely quoted identifiers or composed SQL: their results are trusted.
pub const QUOTING_FUNCTIONS: [&str; 16] = [
    "quote_name",
    "quote_name_unless_alias",
    "quote_value",
    "quote_literal",
    "escape_literal",
    "quote_ident",
    "quote_identifier",
    "quote_schema",
    "quote",
    "format_table",
    "format_column",
    "escape_identifier",
    "escape_string",
    "Identifier",
    "Literal",
    "Placeholder",
];

/// Whether a function's name says it quotes SQL: one of `QUOTING_FUNCTIONS`, or a
/// variant of a multi-word one (`geo_quote_name`, `_quote_identifier`), or one that says it
/// quotes names (`_quote_free_identifiers`, `quote_table_name`).
pub fn is_quoting_function(name: &str) -> bool {
    let quotes_names = name.trim_start_matches('_').starts_with("quote_")
        && ["identifier", "identifiers", "name", "names"]
            .iter()
            .any(|noun| {
                name.strip_suffix(noun)
                    .is_some_and(|rest| rest.ends_with('_'))
            });
    quotes_names
        || QUOTING_FUNCTIONS.contains(&name)
        || QUOTING_FUNCTIONS
            .iter()
            .filter(|q| q.contains('_'))
            .any(|q| {
                name.strip_suffix(q)
                    .is_some_and(|prefix| prefix.ends_with('_'))
            })
}

/// Calls whose result is a number (or a bool): not text an attacker controls.
pub const COERCING_FUNCTIONS: [&str; 6] = ["int", "float", "bool", "abs", "round", "Decimal"];

/// Modules that open database connections (for credential and TLS checks, and to guess the
/// driver's parameter style).
pub const DRIVER_MODULES: [&str; 16] = [
    "psycopg2",
    "psycopg",
    "asyncpg",
    "pymysql",
    "MySQLdb",
    "mysql",
    "sqlite3",
    "aiosqlite",
    "sqlalchemy",
    "aiomysql",
    "aiopg",
    "pg8000",
    "oracledb",
    "cx_Oracle",
    "pyodbc",
    "databases",
];

/// Database clients whose only calls sqlhound reads are their connect functions (for the
/// credential and TLS checks): their SQL runs through DB-API cursors like the drivers'.
pub const CONNECT_ONLY_MODULES: [&str; 17] = [
    "snowflake",
    "pymssql",
    "duckdb",
    "clickhouse_driver",
    "clickhouse_connect",
    "trino",
    "prestodb",
    "mariadb",
    "ibm_db",
    "ibm_db_dbi",
    "teradatasql",
    "vertica_python",
    "redshift_connector",
    "databricks",
    "hdbcli",
    "psycopg_pool",
    "pyhive",
];

/// Airflow connection types that are databases: a `Connection(conn_type="aws", …)` holds
/// a cloud key, not a database password.
pub const AIRFLOW_DATABASE_CONN_TYPES: [&str; 14] = [
    "postgres",
    "mysql",
    "sqlite",
    "mssql",
    "oracle",
    "snowflake",
    "redshift",
    "vertica",
    "presto",
    "trino",
    "hiveserver2",
    "jdbc",
    "odbc",
    "exasol",
];

/// Functions that open connections or engines.
pub const CONNECT_FUNCTIONS: [&str; 6] = [
    "connect",
    "create_engine",
    "create_async_engine",
    "create_pool",
    "Connection",
    "connect_async",
];

/// Finds call syntax of any catalogued sink or connection function (`execute(`, `text(`,
/// `create_engine(`, `DATABASES`) in source text. Code without any of them cannot reach a
/// sink, so it is not analysed — most files of a large code base are skipped unparsed.
/// Kinds any DB-API driver or SQLAlchemy makes; the others come from one library each.
const DRIVER_KINDS: &[DbKind] = &[
    DbKind::Cursor,
    DbKind::Connection,
    DbKind::Session,
    DbKind::Engine,
    DbKind::Pool,
];

/// Calls that run SQL on any driver's objects, function sinks and connection calls.
static SINK_WORDS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let methods = METHOD_SINKS
        .iter()
        .filter(|s| s.receivers.iter().any(|k| DRIVER_KINDS.contains(k)))
        .map(|s| s.method);
    let functions = FUNCTION_SINKS
        .iter()
        .map(|s| s.path.rsplit('.').next().unwrap_or(s.path));
    let django = [DJANGO_RAW, DJANGO_EXTRA];
    let operators = OPERATOR_SINKS
        .iter()
        .map(|s| s.path.rsplit('.').next().unwrap_or(s.path));
    let calls: Vec<String> = methods
        .chain(functions)
        .chain(operators)
        .chain(django)
        .chain(CONNECT_FUNCTIONS)
        .map(|name| format!("{name}("))
        .chain(["DATABASES".to_string()])
        .collect();
    AhoCorasick::new(calls).ok()
});

/// Methods only one library's objects run SQL with (`run(`, `query(`, `get(`): common
/// words, worth a look only in a file that also names such a library or a hook.
static LIBRARY_WORDS: LazyLock<Option<(AhoCorasick, AhoCorasick)>> = LazyLock::new(|| {
    let methods = METHOD_SINKS
        .iter()
        .filter(|s| !s.receivers.iter().any(|k| DRIVER_KINDS.contains(k)))
        .map(|s| format!("{}(", s.method));
    let libraries = FACTORIES
        .iter()
        .map(|f| f.module.split('.').next().unwrap_or(f.module))
        .chain(["hook", "Hook"]);
    Some((
        AhoCorasick::new(methods).ok()?,
        AhoCorasick::new(libraries).ok()?,
    ))
});

/// What a called name may be, for telling from a call alone whether it may reach the
/// database (`python::reach`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallWord {
    /// A method any DB-API driver or SQLAlchemy object runs SQL with (`execute`).
    Driver,
    /// A method only one library's objects run SQL with (`query`, `run`, `get`).
    Library,
    /// A connection call (`connect`, `create_engine`).
    Connect,
    /// A sink function, operator or ORM raw-SQL method (`read_sql`, `text`, `raw`).
    Function,
}

static CALL_WORDS: LazyLock<FxHashMap<&'static str, CallWord>> = LazyLock::new(|| {
    let mut words = FxHashMap::default();
    let last = |path: &'static str| path.rsplit('.').next().unwrap_or(path);
    let functions = FUNCTION_SINKS.iter().map(|s| last(s.path));
    let operators = OPERATOR_SINKS.iter().map(|s| last(s.path));
    for name in functions.chain(operators).chain([DJANGO_RAW, DJANGO_EXTRA]) {
        words.insert(name, CallWord::Function);
    }
    for name in CONNECT_FUNCTIONS {
        words.insert(name, CallWord::Connect);
    }
    for sink in METHOD_SINKS {
        let driver = sink.receivers.iter().any(|k| DRIVER_KINDS.contains(k));
        let word = if driver {
            CallWord::Driver
        } else {
            CallWord::Library
        };
        let entry = words.entry(sink.method).or_insert(word);
        if driver {
            *entry = CallWord::Driver;
        }
    }
    words
});

/// What a called name (`execute`, `connect`, `get`) may be; `None` for a name no sink has.
pub fn call_word(name: &str) -> Option<CallWord> {
    CALL_WORDS.get(name).copied()
}

/// Whether a dotted import path is in a database driver or in a library module the
/// catalogue knows (`sqlite3.dbapi2`, `sqlalchemy.orm.Session`, `django.db.connection`).
pub fn is_database_module(path: &str) -> bool {
    let within = |module: &str| {
        path.strip_prefix(module)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    };
    let sink_modules = FUNCTION_SINKS
        .iter()
        .filter_map(|s| s.path.rsplit_once('.').map(|(module, _)| module));
    DRIVER_MODULES
        .iter()
        .chain(CONNECT_ONLY_MODULES.iter())
        .copied()
        .chain(FACTORIES.iter().map(|f| f.module))
        .chain(sink_modules)
        .any(within)
}

/// Whether a module's `text` mentions a sink or connection call (a library's only
/// where it names the library).
pub fn mentions_sink(text: &str) -> bool {
    SINK_WORDS.as_ref().is_none_or(|words| words.is_match(text))
        || LIBRARY_WORDS
            .as_ref()
            .is_none_or(|(methods, libraries)| methods.is_match(text) && libraries.is_match(text))
}

/// Whether a function of a module that mentions a sink may call one itself.
pub fn mentions_sink_call(text: &str) -> bool {
    SINK_WORDS.as_ref().is_none_or(|words| words.is_match(text))
        || LIBRARY_WORDS
            .as_ref()
            .is_none_or(|(methods, _)| methods.is_match(text))
}

/// The kind of object a receiver's name suggests (`cur`, `self.conn`, `db_session`).
pub fn kind_from_name(name: &str) -> Option<DbKind> {
    let lower = name.trim_start_matches('_').to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('_').collect();
    let has = |word: &str| parts.contains(&word);
    // `hook`, `self.pg_hook`; not `webhook` or `http_hook`.
    if parts.last() == Some(&"hook") && !has("http") {
        Some(DbKind::Hook)
    } else if lower.contains("cursor") || has("cur") || has("curs") {
        Some(DbKind::Cursor)
    } else if lower.contains("session") || has("sess") {
        Some(DbKind::Session)
    } else if lower.contains("engine") {
        Some(DbKind::Engine)
    } else if lower.contains("pool") {
        Some(DbKind::Pool)
    } else if lower.contains("conn")
        || has("con")
        || has("cnx")
        || has("db")
        || has("database")
        || has("tx")
        || has("txn")
        || lower.contains("transaction")
    {
        Some(DbKind::Connection)
    } else {
        None
    }
}

/// The kind of object a method call returns (`conn.cursor()` → cursor).
pub fn kind_from_method(method: &str, receiver: Option<DbKind>) -> Option<DbKind> {
    match method {
        "cursor" => Some(DbKind::Cursor),
        "connect" | "acquire" | "begin" | "getconn" | "get_connection" | "raw_connection" => {
            Some(DbKind::Connection)
        }
        "execute" if receiver == Some(DbKind::Cursor) => Some(DbKind::Cursor),
        // Airflow's `BaseHook.get_connection(…).get_hook()`.
        "get_hook" if receiver == Some(DbKind::Connection) => Some(DbKind::Hook),
        "fetchall" | "fetchmany" => Some(DbKind::Rows),
        // `connections.all()`, `registry.all()` are no query results.
        "all" | "scalars" if receiver.is_some() => Some(DbKind::Rows),
        _ => None,
    }
}

/// The kind of object a plain function call returns (`psycopg2.connect()` → connection).
pub fn kind_from_function(path: &str) -> Option<DbKind> {
    let last = path.rsplit('.').next().unwrap_or(path);
    match last {
        "connect" | "connect_async" | "Connection" => Some(DbKind::Connection),
        "create_engine" | "create_async_engine" => Some(DbKind::Engine),
        "create_pool" => Some(DbKind::Pool),
        "Session" | "AsyncSession" | "SessionLocal" | "scoped_session" => Some(DbKind::Session),
        _ if last.ends_with("Session") || last.ends_with("session") => Some(DbKind::Session),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_functions_by_name() {
        assert!(is_quoting_function("quote_name"));
        assert!(is_quoting_function("geo_quote_name"));
        assert!(is_quoting_function("_quote_identifier"));
        assert!(!is_quoting_function("unquote_name"));
        assert!(!is_quoting_function("my_quote"));
        assert!(!is_quoting_function("requote"));
    }

    #[test]
    fn receiver_names() {
        assert_eq!(kind_from_name("cur"), Some(DbKind::Cursor));
        assert_eq!(kind_from_name("_pg_cursor"), Some(DbKind::Cursor));
        assert_eq!(kind_from_name("db"), Some(DbKind::Connection));
        assert_eq!(kind_from_name("db_session"), Some(DbKind::Session));
        assert_eq!(kind_from_name("pattern"), None);
        assert_eq!(kind_from_name("current"), None);
        assert_eq!(kind_from_name("icon"), None);
        assert_eq!(kind_from_name("_pg_hook"), Some(DbKind::Hook));
        assert_eq!(kind_from_name("db_hook"), Some(DbKind::Hook));
        assert_eq!(kind_from_name("webhook"), None);
        assert_eq!(kind_from_name("http_hook"), None);
        assert_eq!(kind_from_name("hooks"), None);
    }

    #[test]
    fn factories() {
        let kind = kind_from_factory;
        assert_eq!(
            kind("airflow.providers.postgres.hooks.postgres.PostgresHook"),
            Some(DbKind::Hook)
        );
        assert_eq!(
            kind("airflow.hooks.base.BaseHook.get_hook"),
            Some(DbKind::Hook)
        );
        assert_eq!(kind("airflow.providers.http.hooks.http.HttpHook"), None);
        assert_eq!(kind("airflowish.hooks.PostgresHook"), None);
        assert_eq!(kind("peewee.SqliteDatabase"), Some(DbKind::PeeweeDb));
        assert_eq!(
            kind("playhouse.pool.PooledPostgresqlDatabase"),
            Some(DbKind::PeeweeDb)
        );
        assert_eq!(
            kind("tortoise.Tortoise.get_connection"),
            Some(DbKind::TortoiseClient)
        );
        assert_eq!(
            kind("tortoise.connections.get"),
            Some(DbKind::TortoiseClient)
        );
        assert_eq!(kind("databases.Database"), Some(DbKind::AsyncDatabase));
        assert_eq!(kind("pony.orm.Database"), Some(DbKind::PonyDb));
        assert_eq!(kind("dataset.connect"), Some(DbKind::QueryDb));
        assert_eq!(kind("Database"), None);
        assert_eq!(kind("app.db.Database"), None);
    }
}
