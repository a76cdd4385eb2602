//! The catalogue of SQL sinks, as data in one place: which calls take SQL text, in which
//! argument, on which kinds of receivers. Extend it here; the README lists it.

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

pub const METHOD_SINKS: &[MethodSink] = &[
    // DB-API (sqlite3, psycopg2, psycopg 3, pymysql, mysql-connector, aiosqlite), SQLAlchemy
    // connections/sessions, asyncpg.
    MethodSink {
        method: "execute",
        receivers: ANY_DB,
        kind: SinkKind::Statement,
    },
    MethodSink {
        method: "executemany",
        receivers: CURSOR_OR_CONNECTION,
        kind: SinkKind::Statement,
    },
    MethodSink {
        method: "executescript",
        receivers: CURSOR_OR_CONNECTION,
        kind: SinkKind::Statement,
    },
    MethodSink {
        method: "exec_driver_sql",
        receivers: SQLALCHEMY_CONNECTION,
        kind: SinkKind::Statement,
    },
    // asyncpg
    MethodSink {
        method: "fetch",
        receivers: ASYNCPG,
        kind: SinkKind::Statement,
    },
    MethodSink {
        method: "fetchrow",
        receivers: ASYNCPG,
        kind: SinkKind::Statement,
    },
    MethodSink {
        method: "fetchval",
        receivers: ASYNCPG,
        kind: SinkKind::Statement,
    },
    // psycopg2 / psycopg 3
    MethodSink {
        method: "copy_expert",
        receivers: CURSOR,
        kind: SinkKind::Statement,
    },
    MethodSink {
        method: "copy",
        receivers: CURSOR,
        kind: SinkKind::Statement,
    },
    MethodSink {
        method: "stream",
        receivers: CURSOR,
        kind: SinkKind::Statement,
    },
    MethodSink {
        method: "mogrify",
        receivers: CURSOR,
        kind: SinkKind::Statement,
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
];

/// Django queryset methods that take SQL: `Model.objects.raw(sql)`, `.extra(where=[…])`.
pub const DJANGO_RAW: &str = "raw";
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

/// Calls whose result is a number (or a bool): not text an attacker controls.
pub const COERCING_FUNCTIONS: [&str; 7] =
    ["int", "float", "bool", "len", "abs", "round", "Decimal"];

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
pub static SINK_WORDS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let methods = METHOD_SINKS.iter().map(|s| s.method);
    let functions = FUNCTION_SINKS
        .iter()
        .map(|s| s.path.rsplit('.').next().unwrap_or(s.path));
    let django = [DJANGO_RAW, DJANGO_EXTRA];
    let calls: Vec<String> = methods
        .chain(functions)
        .chain(django)
        .chain(CONNECT_FUNCTIONS)
        .map(|name| format!("{name}("))
        .chain(["DATABASES".to_string()])
        .collect();
    AhoCorasick::new(calls).ok()
});

/// Whether `text` mentions a sink or connection call.
pub fn mentions_sink(text: &str) -> bool {
    SINK_WORDS.as_ref().is_none_or(|words| words.is_match(text))
}

/// The kind of object a receiver's name suggests (`cur`, `self.conn`, `db_session`).
pub fn kind_from_name(name: &str) -> Option<DbKind> {
    let lower = name.trim_start_matches('_').to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('_').collect();
    let has = |word: &str| parts.contains(&word);
    if lower.contains("cursor") || has("cur") || has("curs") {
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
        "fetchall" | "fetchmany" | "all" | "scalars" => Some(DbKind::Rows),
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
    fn receiver_names() {
        assert_eq!(kind_from_name("cur"), Some(DbKind::Cursor));
        assert_eq!(kind_from_name("_pg_cursor"), Some(DbKind::Cursor));
        assert_eq!(kind_from_name("db"), Some(DbKind::Connection));
        assert_eq!(kind_from_name("db_session"), Some(DbKind::Session));
        assert_eq!(kind_from_name("pattern"), None);
        assert_eq!(kind_from_name("current"), None);
        assert_eq!(kind_from_name("icon"), None);
    }
}
