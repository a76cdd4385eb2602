//! The explain pass (`--database-url`): every distinct query the check found is planned by
//! a live PostgreSQL with plain `EXPLAIN`, inside a read-only transaction that is rolled
//! back; plan nodes that read a large table for want of an index become findings with the
//! index, proven with hypopg when the database has it. Runs after the check, before
//! suppressions, so its findings are suppressed and filtered like any other.

pub mod client;
pub mod plan;
mod progress;
mod query_text;
pub mod suggest;
mod target;
mod tls;
mod trust;
mod url;

use rustc_hash::FxHashMap;
use std::time::{Duration, Instant};

use crate::sql::embedded::{FoundQuery, QueryKind};

pub use client::{Hypopg, Judged, Options, Outcome};
pub use progress::Progress;
pub use trust::{DENIED, DENIED_PREFIXES, TRUSTED_EXTENSIONS};

/// What the pass did, for the summary line.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// The database as `user@host:port/database`, from the parsed configuration.
    pub target: String,
    /// Distinct queries planned.
    pub planned: usize,
    /// Distinct queries PostgreSQL could not plan (errors, timeouts, unknown names).
    pub failed: usize,
    /// Distinct queries not planned because planning may run code from the database.
    pub untrusted: usize,
    /// Statements built from strings, not explainable.
    pub built: usize,
    /// DDL and other statements with no plan worth reading.
    pub utility: usize,
    /// Queries left unplanned when the connection was lost.
    pub unplanned: usize,
    pub hypopg: Option<Hypopg>,
    pub elapsed: Duration,
    /// Why the database could not be used at all: nothing was planned.
    pub fatal: Option<String>,
    /// Why the pass stopped early.
    pub lost: Option<String>,
    /// `--explain-min-rows`: more rows than this read whole are worth a finding.
    pub min_rows: f64,
}

/// What planning told of each query of each file (`None`: not asked, such as DDL, or lost
/// with the connection). The rules turn outcomes into findings.
pub struct Explained {
    pub outcomes: Vec<Vec<Option<Outcome>>>,
    pub summary: Summary,
}

/// Plans the queries of each file (one slice per file).
pub fn explain(options: &Options, files: &[&[FoundQuery]]) -> Explained {
    let started = Instant::now();
    let mut summary = Summary {
        min_rows: options.limits.min_rows,
        ..Summary::default()
    };
    // Each distinct plannable text is planned once, whoever wrote it where.
    let mut distinct: FxHashMap<String, usize> = FxHashMap::default();
    let mut texts: Vec<String> = Vec::new();
    let mut slots: Vec<Vec<Option<usize>>> = Vec::with_capacity(files.len());
    let mut first_file: Vec<usize> = Vec::new();
    for (file, queries) in files.iter().enumerate() {
        let mut file_slots = Vec::with_capacity(queries.len());
        for query in *queries {
            let slot = match query.kind {
                QueryKind::Plannable => {
                    let key = query_text::normalized(&query.sql);
                    Some(*distinct.entry(key).or_insert_with(|| {
                        texts.push(query.sql.clone());
                        first_file.push(file);
                        texts.len() - 1
                    }))
                }
                QueryKind::Built(_) => {
                    summary.built += 1;
                    None
                }
                QueryKind::Utility => {
                    summary.utility += 1;
                    None
                }
            };
            file_slots.push(slot);
        }
        slots.push(file_slots);
    }
    if let Some(progress) = &options.progress {
        progress.start(first_file);
    }
    let run = client::explain_all(options, &texts);
    summary.target = run.target.clone();
    summary.fatal = run.fatal.clone();
    summary.lost = run.lost.clone();
    let mut outcomes = Vec::with_capacity(files.len());
    if run.fatal.is_none() {
        summary.hypopg = Some(run.hypopg);
        for outcome in &run.outcomes {
            match outcome {
                Outcome::Planned { .. } => summary.planned += 1,
                Outcome::Lost => summary.unplanned += 1,
                Outcome::Untrusted(_) => summary.untrusted += 1,
                _ => summary.failed += 1,
            }
        }
    }
    for file_slots in &slots {
        let told = file_slots
            .iter()
            .map(|slot| {
                slot.filter(|_| run.fatal.is_none())
                    .and_then(|slot| run.outcomes.get(slot))
                    .cloned()
            })
            .collect();
        outcomes.push(told);
    }
    summary.elapsed = started.elapsed();
    Explained { outcomes, summary }
}
