//! Reads of every row of a raw SQL result that are no `fetchall()` call: a buffering
//! driver's cursor iterated after `execute` (`for row in cur`), and the results of
//! SQLAlchemy `text()` statements read with `all()`, `fetchall()`, `list()` or iterated.
//! Each read names its query's SQL argument, which the rule matches with the query site
//! there.

use rustc_hash::FxHashMap;
use std::ops::Range;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Comprehension, Expr, ExprCall, Stmt};

use super::flow::{Facts, QuerySite};
use super::module::{Module, range};

/// A read of every row of the query whose SQL argument is at `sql`.
#[derive(Debug, Clone)]
pub struct RowRead {
    pub span: Range<usize>,
    pub sql: Range<usize>,
    /// How the read reads as code: `all`, `list`, or what is iterated (`cur`, `execute(…)`).
    pub reader: String,
    /// A loop over a cursor or result: the driver holds every row before the first.
    pub iterated: bool,
}

/// Drivers whose default cursor holds every row of a result once `execute` returns
/// (libpq's, MySQL's stored results, pg8000's): iterating it reads nothing lazily.
const BUFFERING_DRIVERS: [&str; 6] = [
    "psycopg2", "psycopg", "pymysql", "MySQLdb", "pg8000", "aiopg",
];
/// Drivers whose cursor steps through the rows as it is iterated (SQLite's statements,
/// MySQL Connector's unbuffered cursor by default).
const STREAMING_DRIVERS: [&str; 3] = ["sqlite3", "aiosqlite", "mysql"];
/// SQLAlchemy's `text()`.
const TEXT_PATHS: [&str; 4] = [
    "sqlalchemy.text",
    "sqlalchemy.sql.text",
    "sqlalchemy.sql.expression.text",
    "sqlmodel.text",
];
/// Result methods that keep the same rows.
const SAME_ROWS: [&str; 5] = ["scalars", "mappings", "columns", "unique", "tuples"];
/// Result methods that read every remaining row.
const READ_ALL: [&str; 2] = ["all", "fetchall"];
/// Execution options that stream a result from a server-side cursor.
const STREAM_OPTIONS: [&str; 3] = ["stream_results", "yield_per", "max_row_buffer"];

/// A read of every row of a query's result: a `fetchall()`-like call or a [`RowRead`].
pub struct WholeRead<'f> {
    /// The query's position in [`Facts::queries`].
    pub position: usize,
    pub site: &'f QuerySite,
    pub span: Range<usize>,
    pub reader: &'f str,
    /// A loop over a cursor or result the driver has buffered.
    pub iterated: bool,
}

impl WholeRead<'_> {
    /// The reader as a message names it: `` `cur.fetchall` ``, `` iterating `cur` ``.
    pub fn shown(&self) -> String {
        if self.iterated {
            format!("iterating `{}`", self.reader)
        } else {
            format!("`{}`", self.reader)
        }
    }
}

/// `fetchall()`-like reads, and the cursors and `text()` results read whole otherwise
/// (those of a query already read by `fetchall()` are counted there).
pub fn whole_reads(facts: &Facts) -> impl Iterator<Item = WholeRead<'_>> {
    let fetched = facts
        .queries
        .iter()
        .enumerate()
        .filter_map(|(position, site)| {
            let fetch = site.fetch_all.as_ref()?;
            Some(WholeRead {
                position,
                site,
                span: fetch.span.clone(),
                reader: &fetch.reader,
                iterated: false,
            })
        });
    let others = facts.row_reads.iter().filter_map(|read| {
        let (position, site) = facts
            .queries
            .iter()
            .enumerate()
            .find(|(_, site)| site.arg == read.sql && site.fetch_all.is_none())?;
        Some(WholeRead {
            position,
            site,
            span: read.span.clone(),
            reader: &read.reader,
            iterated: read.iterated,
        })
    });
    fetched.chain(others)
}

pub fn row_reads(module: &Module<'_>, body: &[Stmt]) -> Vec<RowRead> {
    let roots: Vec<&str> = module.imported_roots().collect();
    let imports = |names: &[&str]| roots.iter().any(|r| names.contains(r));
    let mut walker = Walker {
        module,
        buffering: imports(&BUFFERING_DRIVERS) && !imports(&STREAMING_DRIVERS),
        env: FxHashMap::default(),
        reads: Vec::new(),
    };
    walker.visit_body(body);
    walker.reads
}

/// What a name holds.
#[derive(Debug, Clone)]
enum Held {
    /// A cursor; `streams` for a server-side one.
    Cursor { streams: bool },
    /// A cursor that executed the query at `sql`.
    Executed { sql: Range<usize>, streams: bool },
    /// A `text()` statement.
    Statement { sql: Range<usize>, streams: bool },
    /// The result of executing one.
    Result { sql: Range<usize>, streams: bool },
    /// A connection made with a streaming cursor class (`cursorclass=SSCursor`).
    StreamingConnection,
}

struct Walker<'m, 'a> {
    module: &'m Module<'a>,
    buffering: bool,
    env: FxHashMap<String, Held>,
    reads: Vec<RowRead>,
}

impl<'a> Visitor<'a> for Walker<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(function) => {
                let outer = std::mem::take(&mut self.env);
                self.visit_body(&function.body);
                self.env = outer;
            }
            Stmt::Assign(assign) => {
                self.visit_expr(&assign.value);
                let held = self.eval(&assign.value);
                for target in &assign.targets {
                    self.bind(target, held.clone());
                }
            }
            Stmt::With(with) => {
                for item in &with.items {
                    self.visit_expr(&item.context_expr);
                    if let Some(target) = &item.optional_vars {
                        let held = self.eval(&item.context_expr);
                        self.bind(target, held);
                    }
                }
                self.visit_body(&with.body);
            }
            // `cur.execute(sql)` on its own leaves `cur` holding the result.
            Stmt::Expr(statement) => {
                self.visit_expr(&statement.value);
                self.eval(&statement.value);
            }
            Stmt::For(for_stmt) => {
                self.visit_expr(&for_stmt.iter);
                self.iterated(&for_stmt.iter);
                self.bind(&for_stmt.target, None);
                self.visit_body(&for_stmt.body);
                self.visit_body(&for_stmt.orelse);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::ListComp(c) => self.comprehension(&c.generators),
            Expr::SetComp(c) => self.comprehension(&c.generators),
            Expr::DictComp(c) => self.comprehension(&c.generators),
            Expr::Generator(c) => self.comprehension(&c.generators),
            Expr::Call(call) => self.call(call),
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

impl Walker<'_, '_> {
    fn comprehension(&mut self, generators: &[Comprehension]) {
        for generator in generators {
            self.iterated(&generator.iter);
        }
    }

    /// A loop over a cursor of a buffering driver or over a result that is not streamed.
    fn iterated(&mut self, iter: &Expr) {
        let (sql, buffered) = match self.eval(iter) {
            Some(Held::Executed { sql, streams }) => (sql, self.buffering && !streams),
            Some(Held::Result { sql, streams }) => (sql, !streams),
            _ => return,
        };
        if buffered {
            let reader = match iter {
                Expr::Call(call) => last_name(&call.func).map(|m| format!("{m}(…)")),
                other => self.module.source.get(range(other)).map(str::to_string),
            };
            self.reads.push(RowRead {
                span: range(iter),
                sql,
                reader: reader.unwrap_or_default(),
                iterated: true,
            });
        }
    }

    /// `result.all()`, `list(result)`; `cur.itersize = n` is an assignment, seen in `bind`.
    fn call(&mut self, call: &ExprCall) {
        let (read, reader) = match &*call.func {
            Expr::Attribute(method) if READ_ALL.contains(&method.attr.id.as_str()) => {
                (&*method.value, method.attr.id.to_string())
            }
            Expr::Name(name) if name.id.as_str() == "list" && !call.arguments.args.is_empty() => {
                (&call.arguments.args[0], "list".to_string())
            }
            _ => return,
        };
        if let Some(Held::Result { sql, .. }) = self.eval(read) {
            self.reads.push(RowRead {
                span: range(call),
                sql,
                reader,
                iterated: false,
            });
        }
    }

    fn bind(&mut self, target: &Expr, held: Option<Held>) {
        match (target, held) {
            (Expr::Name(name), Some(held)) => {
                self.env.insert(name.id.to_string(), held);
            }
            (Expr::Name(name), None) => {
                self.env.remove(name.id.as_str());
            }
            // psycopg2's `cur.itersize = 2000` sets how many rows a server-side cursor
            // brings at a time: the cursor is meant to stream.
            (Expr::Attribute(attr), _) if attr.attr.id.as_str() == "itersize" => {
                if let Expr::Name(name) = &*attr.value {
                    match self.env.get_mut(name.id.as_str()) {
                        Some(Held::Cursor { streams } | Held::Executed { streams, .. }) => {
                            *streams = true;
                        }
                        _ => {
                            let cursor = Held::Cursor { streams: true };
                            self.env.insert(name.id.to_string(), cursor);
                        }
                    }
                }
            }
            (Expr::Tuple(tuple), _) => {
                for element in &tuple.elts {
                    self.bind(element, None);
                }
            }
            _ => {}
        }
    }

    /// What an expression holds; `cur.execute(sql)` also leaves `cur` holding its result.
    fn eval(&mut self, expr: &Expr) -> Option<Held> {
        match expr {
            Expr::Name(name) => self.env.get(name.id.as_str()).cloned(),
            Expr::Await(awaited) => self.eval(&awaited.value),
            Expr::Call(call) => self.eval_call(call),
            _ => None,
        }
    }

    fn eval_call(&mut self, call: &ExprCall) -> Option<Held> {
        let args = &call.arguments.args;
        if self
            .module
            .dotted(&call.func)
            .is_some_and(|path| TEXT_PATHS.contains(&path.as_str()))
        {
            return Some(Held::Statement {
                sql: range(args.first()?),
                streams: false,
            });
        }
        if last_name(&call.func) == Some("connect") && streaming_keyword(call) {
            return Some(Held::StreamingConnection);
        }
        let Expr::Attribute(method) = &*call.func else {
            return None;
        };
        let name = method.attr.id.as_str();
        let receiver = self.eval(&method.value);
        let receiver_streams = matches!(
            receiver,
            Some(
                Held::Cursor { streams: true }
                    | Held::Executed { streams: true, .. }
                    | Held::StreamingConnection
            )
        );
        if name == "cursor" {
            return Some(Held::Cursor {
                streams: receiver_streams || server_side(call),
            });
        }
        match (name, receiver) {
            ("execute" | "scalars", _) if !args.is_empty() => {
                let executed = match self.eval(&args[0]) {
                    Some(Held::Statement { sql, streams }) => Held::Result {
                        sql,
                        streams: streams || streams_results(&method.value),
                    },
                    Some(_) => return None,
                    None if name == "execute" => Held::Executed {
                        sql: range(&args[0]),
                        streams: receiver_streams,
                    },
                    None => return None,
                };
                if let (Held::Executed { .. }, Expr::Name(cursor)) = (&executed, &*method.value) {
                    self.env.insert(cursor.id.to_string(), executed.clone());
                }
                Some(executed)
            }
            ("execution_options", Some(Held::Statement { sql, streams })) => {
                Some(Held::Statement {
                    sql,
                    streams: streams || stream_options(call),
                })
            }
            ("bindparams" | "columns", Some(statement @ Held::Statement { .. })) => Some(statement),
            ("yield_per" | "partitions", Some(Held::Result { sql, .. })) => {
                Some(Held::Result { sql, streams: true })
            }
            (_, Some(result @ Held::Result { .. })) if SAME_ROWS.contains(&name) => Some(result),
            _ => None,
        }
    }
}

/// A server-side cursor: psycopg's `cursor("name")` / `cursor(name=…)`, or a streaming
/// cursor class (`pymysql.cursors.SSCursor`, `MySQLdb.cursors.SSDictCursor`).
fn server_side(call: &ExprCall) -> bool {
    // psycopg's first argument is the name; MySQL drivers' is a cursor class.
    let named = |e: &Expr| match e {
        Expr::StringLiteral(_) | Expr::FString(_) => true,
        Expr::Name(_) | Expr::Attribute(_) => last_name(e).is_some_and(|n| !n.ends_with("Cursor")),
        _ => false,
    };
    call.arguments
        .args
        .first()
        .is_some_and(|first| named(first) || streaming_class(first))
        || call
            .arguments
            .keywords
            .iter()
            .any(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "name"))
        || streaming_keyword(call)
}

/// A connection whose cursors stream: `connect(…, cursorclass=SSCursor)`.
fn streaming_keyword(call: &ExprCall) -> bool {
    call.arguments
        .keywords
        .iter()
        .any(|k| streaming_class(&k.value))
}

fn streaming_class(expr: &Expr) -> bool {
    last_name(expr).is_some_and(|n| n.starts_with("SS") && n.ends_with("Cursor"))
}

fn last_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attr) => Some(attr.attr.id.as_str()),
        _ => None,
    }
}

/// `execution_options(stream_results=True)` (or `yield_per=n`).
fn stream_options(call: &ExprCall) -> bool {
    last_name(&call.func) == Some("execution_options")
        && call.arguments.keywords.iter().any(|k| {
            k.arg
                .as_ref()
                .is_some_and(|a| STREAM_OPTIONS.contains(&a.id.as_str()))
        })
}

/// `conn.execution_options(stream_results=True)` somewhere in a receiver's chain.
fn streams_results(expr: &Expr) -> bool {
    match expr {
        Expr::Call(call) => stream_options(call) || streams_results(&call.func),
        Expr::Attribute(attr) => streams_results(&attr.value),
        _ => false,
    }
}
