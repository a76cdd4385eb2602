//! The explain pass's conversation with PostgreSQL (tokio-postgres on one thread): a few
//! connections plan the distinct queries, each inside `BEGIN READ ONLY … ROLLBACK` with a
//! statement and lock timeout, and never run one. Parameters get a generic plan
//! (`PREPARE` + `plan_cache_mode = force_generic_plan` + `EXPLAIN EXECUTE` with NULLs, the
//! PostgreSQL 15 way); suggested indexes are tried as hypothetical hypopg indexes.

use rustc_hash::FxHashMap;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::time::Duration;

use tokio_postgres::error::{ErrorPosition, SqlState};
use tokio_postgres::types::Json;
use tokio_postgres::{Client, Error};

use super::plan::{Candidate, Explained, Node, Thresholds, Verdict, candidates, worth_an_index};
use super::query_text::parameter_count;
use super::suggest::{Suggestion, suggest};
use super::target::{self, Secrets, Target};
use super::trust::Trust;

/// What the explain pass is told on the command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub url: String,
    /// Connections planning at once.
    pub jobs: usize,
    /// `statement_timeout` of each plan (`lock_timeout` is three quarters of it).
    pub timeout: Duration,
    pub limits: Thresholds,
    /// How much cheaper a plan must get with the suggested index for it to be reported.
    pub min_gain: f64,
    /// Functions planning may run although they are not built-in (`explain-trusted-functions`:
    /// `name` or `schema.name`).
    pub trusted_functions: Vec<String>,
    /// Where the pass counts what it has done, for a progress bar.
    pub progress: Option<std::sync::Arc<super::Progress>>,
}

impl Options {
    /// `--explain-jobs`'s default.
    pub const JOBS: u16 = 4;
    /// `--explain-timeout`'s default, as the command line writes it.
    pub const TIMEOUT: &str = "2s";
    /// `--explain-min-gain`'s default.
    pub const MIN_GAIN: f64 = 2.0;

    /// The command line's defaults.
    pub fn new(url: String) -> Self {
        Self {
            url,
            jobs: usize::from(Self::JOBS),
            timeout: Duration::from_secs(2),
            limits: Thresholds::default(),
            min_gain: Self::MIN_GAIN,
            trusted_functions: Vec::new(),
            progress: None,
        }
    }
}

/// A plan node that wants an index, and the index.
#[derive(Debug, Clone)]
pub struct Judged {
    pub candidate: Candidate,
    /// The table's `reltuples`.
    pub table_rows: f64,
    /// The whole plan's cost, as it is.
    pub cost: f64,
    pub suggestion: Suggestion,
    /// The plan's cost with the index as a hypothetical index, when hypopg could tell.
    pub cost_with_index: Option<f64>,
}

/// What planning one query told.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Planned: the nodes that want an index (often none), and the rows the planner
    /// estimates the statement returns (the root node's `Plan Rows`).
    Planned { judged: Vec<Judged>, rows: f64 },
    /// The database has no such table (or column): the code does not match the schema.
    Unknown {
        column: bool,
        message: String,
        /// Byte offset in the query where the server points.
        at: Option<usize>,
    },
    /// Could not be planned, and why.
    Failed(String),
    /// Not planned: planning may run code from the database, and which.
    Untrusted(String),
    /// The connection was lost before the query was planned.
    Lost,
}

/// Whether suggestions can be proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hypopg {
    Created,
    /// Installed on the server, not created in this database.
    Available,
    Missing,
}

/// The result of the pass: one outcome per query, in order.
#[derive(Debug)]
pub struct Run {
    pub outcomes: Vec<Outcome>,
    /// Why the database could not be used at all.
    pub fatal: Option<String>,
    /// Why some queries were left unplanned (the connection went away).
    pub lost: Option<String>,
    pub hypopg: Hypopg,
    /// The database as `user@host:port/database`, from the parsed configuration.
    pub target: String,
}

/// Plans every query; never fails: problems are in the `Run`.
pub fn explain_all(options: &Options, queries: &[String]) -> Run {
    let mut run = Run {
        outcomes: vec![Outcome::Lost; queries.len()],
        fatal: None,
        lost: None,
        hypopg: Hypopg::Missing,
        target: target::UNREADABLE.to_string(),
    };
    let mut secrets = Secrets::of(&options.url, None);
    match target::resolve(&options.url, &secrets) {
        Err(message) => run.fatal = Some(message),
        Ok(target) => {
            secrets = Secrets::of(&options.url, Some(&target.config));
            run.target = target.shown.clone();
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(plan_all(options, &target, queries, &mut run)),
                Err(error) => {
                    run.fatal = Some(format!("cannot start the database client: {error}"))
                }
            }
        }
    }
    run.scrub(&secrets);
    run
}

impl Run {
    /// Cuts the password out of every message the server or the client library wrote.
    fn scrub(&mut self, secrets: &Secrets) {
        for text in [&mut self.fatal, &mut self.lost].into_iter().flatten() {
            *text = secrets.scrub(text);
        }
        for outcome in &mut self.outcomes {
            match outcome {
                Outcome::Unknown { message, .. }
                | Outcome::Failed(message)
                | Outcome::Untrusted(message) => *message = secrets.scrub(message),
                Outcome::Planned { .. } | Outcome::Lost => {}
            }
        }
    }
}

async fn plan_all(options: &Options, target: &Target, queries: &[String], run: &mut Run) {
    let first = match connect(target).await {
        Ok(client) => client,
        Err(message) => {
            run.fatal = Some(message);
            return;
        }
    };
    run.hypopg = match within(target.setup, hypopg(&first)).await {
        Ok(hypopg) => hypopg,
        Err(message) => {
            run.fatal = Some(message);
            return;
        }
    };
    if queries.is_empty() {
        return;
    }
    let trust = match within(
        target.setup,
        Trust::read(&first, &options.trusted_functions),
    )
    .await
    {
        Ok(Ok(trust)) => trust,
        Ok(Err(error)) => {
            run.fatal = Some(format!(
                "cannot read which functions planning may run: {}",
                connect_error(error)
            ));
            return;
        }
        Err(message) => {
            run.fatal = Some(message);
            return;
        }
    };
    let mut clients = vec![first];
    for _ in 1..options.jobs.clamp(1, queries.len()) {
        match connect(target).await {
            Ok(client) => clients.push(client),
            // The server's connection limit: plan with the connections there are.
            Err(_) => break,
        }
    }
    let shared = Shared {
        options,
        queries,
        trust,
        hypopg: run.hypopg == Hypopg::Created,
        next: Cell::new(0),
        outcomes: RefCell::new(std::mem::take(&mut run.outcomes)),
        lost: RefCell::new(None),
        tables: RefCell::new(FxHashMap::default()),
    };
    let workers = clients
        .iter()
        .enumerate()
        .map(|(worker, client)| shared.work(worker, client));
    futures_util::future::join_all(workers).await;
    run.outcomes = shared.outcomes.into_inner();
    run.lost = shared.lost.into_inner();
}

/// Opens a connection that refuses to write, or says why it could not. The whole setup
/// (TCP, TLS, startup, authentication, the first statement) has one deadline: a server
/// that accepts and never answers, or answers garbage, must not hang the run.
async fn connect(target: &Target) -> Result<Client, String> {
    within(target.setup, async {
        let (client, connection) = target
            .config
            .connect(target.tls.clone())
            .await
            .map_err(connect_error)?;
        tokio::spawn(connection);
        client
            .batch_execute("SET default_transaction_read_only = on")
            .await
            .map_err(connect_error)?;
        Ok(client)
    })
    .await?
}

/// `work`, or a message when the server has not answered within `deadline`.
async fn within<T>(deadline: Duration, work: impl Future<Output = T>) -> Result<T, String> {
    tokio::time::timeout(deadline, work).await.map_err(|_| {
        format!(
            "the database did not answer within {} (connect_timeout)",
            seconds(deadline)
        )
    })
}

fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// One clear sentence for each way a connection fails.
fn connect_error(error: Error) -> String {
    if let Some(db) = error.as_db_error() {
        let code = db.code();
        let hint = if *code == SqlState::INVALID_PASSWORD {
            "check the user name and password"
        } else if db.message().contains("no encryption") {
            "the server accepts only TLS connections: remove sslmode=disable"
        } else if db.message().contains("pg_hba.conf") {
            "the server's pg_hba.conf does not let this user in from here"
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            "check the user name"
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            "check the database name"
        } else if *code == SqlState::TOO_MANY_CONNECTIONS {
            "the server has no connection slot left; lower --explain-jobs"
        } else {
            "the server refused the connection"
        };
        return format!("{} ({hint})", db.message());
    }
    let text = error_text(&error);
    if text.contains("Connection refused") || text.contains("No such file or directory") {
        "connection refused: is PostgreSQL running there?".into()
    } else if text.contains("server does not support TLS") {
        "the server does not accept TLS connections, which sslmode asks for".into()
    } else if text.contains("certificate") || text.contains("Certificate") {
        format!(
            "the server's TLS certificate was refused ({text}); check sslrootcert and the host name"
        )
    } else if text.contains("TLS") || text.contains("tls") {
        format!("the TLS handshake failed: {text}")
    } else if text.contains("timeout") || text.contains("timed out") {
        "the server did not accept the connection in time (connect_timeout)".into()
    } else {
        text
    }
}

async fn hypopg(client: &Client) -> Hypopg {
    let row = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg'), \
                    EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg')",
            &[],
        )
        .await;
    match row {
        Ok(row) if row.get::<_, bool>(0) => Hypopg::Created,
        Ok(row) if row.get::<_, bool>(1) => Hypopg::Available,
        _ => Hypopg::Missing,
    }
}

/// What the connections share: the queue of queries and what is known of each table.
struct Shared<'a> {
    options: &'a Options,
    queries: &'a [String],
    trust: Trust,
    hypopg: bool,
    next: Cell<usize>,
    outcomes: RefCell<Vec<Outcome>>,
    lost: RefCell<Option<String>>,
    /// Schema and `reltuples` of each table, by name.
    tables: RefCell<FxHashMap<String, Option<(String, f64)>>>,
}

/// The connection is gone: the worker stops.
struct Lost(String);

impl Shared<'_> {
    async fn work(&self, worker: usize, client: &Client) {
        // A server that stops answering gets a few timeouts' grace, then the worker stops.
        let patience = self.options.timeout * 4 + Duration::from_secs(5);
        loop {
            let index = self.next.get();
            if index >= self.queries.len() {
                return;
            }
            self.next.set(index + 1);
            let progress = self.options.progress.as_deref();
            if let Some(progress) = progress {
                progress.planning(index);
            }
            if let Some(why) = self.trust.refusal(&self.queries[index]) {
                self.outcomes.borrow_mut()[index] = Outcome::Untrusted(why);
                if let Some(progress) = progress {
                    progress.judged();
                }
                continue;
            }
            let name = format!("sqlhound_{worker}_{index}");
            let planned =
                tokio::time::timeout(patience, self.explain(client, &self.queries[index], &name))
                    .await
                    .unwrap_or_else(|_| {
                        Err(Lost(format!(
                            "the database did not answer within {} s",
                            patience.as_secs()
                        )))
                    });
            match planned {
                Ok(outcome) => {
                    self.outcomes.borrow_mut()[index] = outcome;
                    if let Some(progress) = progress {
                        progress.judged();
                    }
                }
                Err(Lost(why)) => {
                    self.lost.borrow_mut().get_or_insert(why);
                    return;
                }
            }
        }
    }

    /// Plans one query inside a read-only transaction that is always rolled back, then
    /// drops what the session kept (prepared statements, hypothetical indexes).
    async fn explain(&self, client: &Client, sql: &str, name: &str) -> Result<Outcome, Lost> {
        let millis = self.options.timeout.as_millis().max(1);
        // A wait on a lock gives up first, so it is told apart from slow planning.
        let lock_millis = (millis * 3 / 4).max(1);
        let begin = format!(
            "BEGIN READ ONLY; SET LOCAL statement_timeout = {millis}; \
             SET LOCAL lock_timeout = {lock_millis}; SET LOCAL plan_cache_mode = force_generic_plan"
        );
        client
            .batch_execute(&begin)
            .await
            .map_err(|e| lost(client, &e).unwrap_or_else(|| Lost(error_text(&e))))?;
        let mut session = Session {
            client,
            prepared: Vec::new(),
            hypothetical: false,
        };
        let judged = self.judge(&mut session, sql, name).await;
        // Session-level advisory locks outlive the ROLLBACK: release any a trusted function
        // took, so no other session waits on this one.
        let mut cleanup = vec!["ROLLBACK; SELECT pg_advisory_unlock_all()".to_string()];
        cleanup.extend(session.prepared.iter().map(|p| format!("DEALLOCATE {p}")));
        if session.hypothetical {
            cleanup.push("SELECT hypopg_reset()".into());
        }
        for statement in cleanup {
            if let Err(error) = client.batch_execute(&statement).await {
                return Err(lost(client, &error).unwrap_or_else(|| Lost(error_text(&error))));
            }
        }
        match judged {
            Ok((judged, rows)) => Ok(Outcome::Planned { judged, rows }),
            Err(failure) => failure.outcome(client, sql, self.options.timeout),
        }
    }

    /// The plan's nodes that want an index, each proven with hypopg when it can be, and
    /// the rows the plan returns.
    async fn judge(
        &self,
        session: &mut Session<'_>,
        sql: &str,
        name: &str,
    ) -> Result<(Vec<Judged>, f64), Failure> {
        let params = parameter_count(sql);
        let plan = session.plan(sql, params, name).await?;
        let mut judged = Vec::new();
        for (number, candidate) in candidates(&plan).into_iter().enumerate() {
            let Some((schema, table_rows)) =
                self.table(session.client, &candidate.relation).await?
            else {
                continue;
            };
            match worth_an_index(
                &candidate,
                table_rows,
                plan.total_cost,
                &self.options.limits,
            ) {
                Verdict::No => continue,
                Verdict::IfProven if !self.hypopg => continue,
                _ => {}
            }
            let Some(suggestion) = suggest(&candidate, &schema) else {
                continue;
            };
            let cost_with_index = if self.hypopg {
                let after = session
                    .plan_with(&suggestion, sql, params, &format!("{name}_{number}"))
                    .await?;
                if plan.total_cost < after * self.options.min_gain {
                    continue;
                }
                Some(after)
            } else {
                None
            };
            judged.push(Judged {
                candidate,
                table_rows,
                cost: plan.total_cost,
                suggestion,
                cost_with_index,
            });
        }
        Ok((judged, plan.rows))
    }

    /// The schema and `reltuples` of the table the plan names, looked up once.
    async fn table(&self, client: &Client, name: &str) -> Result<Option<(String, f64)>, Failure> {
        if let Some(known) = self.tables.borrow().get(name) {
            return Ok(known.clone());
        }
        let row = client
            .query_opt(
                "SELECT n.nspname::text, c.reltuples::float8 FROM pg_class c \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE c.relname = $1 ORDER BY pg_table_is_visible(c.oid) DESC LIMIT 1",
                &[&name],
            )
            .await
            .map_err(Failure::from)?;
        let known = row.map(|row| (row.get::<_, String>(0), row.get::<_, f64>(1)));
        self.tables
            .borrow_mut()
            .insert(name.to_string(), known.clone());
        Ok(known)
    }
}

/// One transaction's state: what must be dropped after it.
struct Session<'a> {
    client: &'a Client,
    prepared: Vec<String>,
    hypothetical: bool,
}

/// A failed step.
enum Failure {
    /// The server's error, and how many bytes of ours preceded the query in what was sent
    /// (`usize::MAX` when the query was not in it).
    Server { error: Error, prefix: usize },
    /// A plan sqlhound could not read.
    Plan(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Server {
            error,
            prefix: usize::MAX,
        }
    }
}

impl Session<'_> {
    /// The plan of the query: with its own values, or generic for its parameters.
    async fn plan(&mut self, sql: &str, params: usize, name: &str) -> Result<Node, Failure> {
        let explain = if params == 0 {
            let prefix = "EXPLAIN (FORMAT JSON) ";
            return self.explain(&format!("{prefix}{sql}"), prefix.len()).await;
        } else {
            let prefix = format!("PREPARE {name} AS ");
            self.client
                .execute(&format!("{prefix}{sql}"), &[])
                .await
                .map_err(|error| Failure::Server {
                    error,
                    prefix: prefix.len(),
                })?;
            self.prepared.push(name.to_string());
            let nulls = vec!["NULL"; params].join(", ");
            format!("EXPLAIN (FORMAT JSON) EXECUTE {name}({nulls})")
        };
        self.explain(&explain, usize::MAX).await
    }

    async fn explain(&self, text: &str, prefix: usize) -> Result<Node, Failure> {
        let row = self
            .client
            .query_one(text, &[])
            .await
            .map_err(|error| Failure::Server { error, prefix })?;
        let Json(plans): Json<Vec<Explained>> = row.try_get(0)?;
        plans
            .into_iter()
            .next()
            .map(|explained| explained.plan)
            .ok_or_else(|| Failure::Plan("EXPLAIN returned no plan".into()))
    }

    /// The plan's cost with the suggested index as a hypothetical index.
    async fn plan_with(
        &mut self,
        suggestion: &Suggestion,
        sql: &str,
        params: usize,
        name: &str,
    ) -> Result<f64, Failure> {
        self.hypothetical = true;
        self.client
            .query_one(
                "SELECT indexrelid FROM hypopg_create_index($1)",
                &[&suggestion.create],
            )
            .await?;
        // A new name: a prepared statement keeps the generic plan it was first given.
        let cost = self.plan(sql, params, name).await?.total_cost;
        self.client.execute("SELECT hypopg_reset()", &[]).await?;
        Ok(cost)
    }
}

impl Failure {
    fn outcome(self, client: &Client, sql: &str, timeout: Duration) -> Result<Outcome, Lost> {
        let (error, prefix) = match self {
            Failure::Server { error, prefix } => (error, prefix),
            Failure::Plan(message) => return Ok(Outcome::Failed(message)),
        };
        if let Some(gone) = lost(client, &error) {
            return Err(gone);
        }
        let Some(db) = error.as_db_error() else {
            return Ok(Outcome::Failed(error_text(&error)));
        };
        let code = db.code();
        let unknown_column = *code == SqlState::UNDEFINED_COLUMN;
        if *code == SqlState::UNDEFINED_TABLE || unknown_column {
            let at = match db.position() {
                // 1-based, in characters; our prefix is ASCII.
                Some(ErrorPosition::Original(position)) => (*position as usize)
                    .checked_sub(1)
                    .and_then(|chars| chars.checked_sub(prefix))
                    .and_then(|chars| sql.char_indices().nth(chars).map(|(byte, _)| byte)),
                _ => None,
            };
            return Ok(Outcome::Unknown {
                column: unknown_column,
                message: db.message().to_string(),
                at,
            });
        }
        Ok(Outcome::Failed(if *code == SqlState::QUERY_CANCELED {
            format!(
                "planning took longer than {} ms (--explain-timeout)",
                timeout.as_millis()
            )
        } else if *code == SqlState::LOCK_NOT_AVAILABLE {
            lock_wait(db.where_())
        } else {
            db.message().to_string()
        }))
    }
}

/// What planning waited for until `lock_timeout`: a table it reads (no context), or a lock
/// a function it ran asked for — an advisory lock, or another — as the context says.
fn lock_wait(context: Option<&str>) -> String {
    match context {
        Some(context) if context.contains("advisory") => {
            "a function planning ran waits for an advisory lock another session holds (lock_timeout)"
                .into()
        }
        Some(_) => {
            "a function planning ran waits for a lock another session holds (lock_timeout)".into()
        }
        None => "a table it reads is locked by another session (lock_timeout)".into(),
    }
}

/// What went wrong, in words: the server's message for a database error (tokio-postgres
/// says only "db error"), else the error with its causes ("error connecting to server:
/// Connection refused").
fn error_text(error: &Error) -> String {
    if let Some(db) = error.as_db_error() {
        return db.message().to_string();
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

/// `Some` when the error means the connection is gone.
fn lost(client: &Client, error: &Error) -> Option<Lost> {
    let shutdown = error.code().is_some_and(|code| {
        *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
    });
    (shutdown || error.is_closed() || client.is_closed()).then(|| {
        Lost(format!(
            "the database connection was lost: {}",
            error_text(error)
        ))
    })
}
