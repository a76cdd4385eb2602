//! Baselines: record today's findings, then report only new ones. Entries match on
//! (path, rule, fingerprint) — the fingerprint covers the flagged text and its line, not
//! line numbers — so unrelated edits keep old findings hidden, and a new finding of the
//! same rule elsewhere in the file is never hidden by a stale entry.

use rustc_hash::FxHashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Report;
use crate::run::fingerprint::fingerprints;
use crate::source::path_string;

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("baseline {path} is not a sqlhound baseline: {message}")]
    Format { path: String, message: String },
    #[error("cannot write baseline {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Hash, Clone)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
    /// For people reading the file; not used to match.
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

pub fn write(report: &Report, path: &Path) -> Result<usize, BaselineError> {
    let entries = entries(report);
    let count = entries.len();
    let file = BaselineFile {
        version: 1,
        entries,
    };
    let text = serde_json::to_string_pretty(&file).unwrap_or_default() + "\n";
    std::fs::write(path, text).map_err(|source| BaselineError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(count)
}

pub fn read(path: &Path) -> Result<Vec<Entry>, BaselineError> {
    let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|e| BaselineError::Format {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(file.entries)
}

/// Drops findings recorded in the baseline; returns the entries that matched nothing
/// (fixed findings, removable from the baseline).
pub fn filter(report: &mut Report, baseline: &[Entry]) -> Vec<Entry> {
    let known: FxHashSet<(&str, &str, &str)> = baseline
        .iter()
        .map(|e| (e.path.as_str(), e.code.as_str(), e.fingerprint.as_str()))
        .collect();
    let mut used = FxHashSet::default();
    for file in &mut report.files {
        let path = path_string(&file.path);
        let prints = fingerprints(file);
        let mut keep = vec![true; prints.len()];
        for ((d, fingerprint), keep) in file.diagnostics.iter().zip(&prints).zip(&mut keep) {
            let key = (path.as_str(), d.rule.code, fingerprint.as_str());
            if known.contains(&key) {
                *keep = false;
                used.insert((path.clone(), d.rule.code.to_string(), fingerprint.clone()));
            }
        }
        let mut flags = keep.into_iter();
        file.diagnostics.retain(|_| flags.next().unwrap_or(true));
    }
    report.files.retain(|f| !f.diagnostics.is_empty());
    baseline
        .iter()
        .filter(|e| !used.contains(&(e.path.clone(), e.code.clone(), e.fingerprint.clone())))
        .cloned()
        .collect()
}

fn entries(report: &Report) -> Vec<Entry> {
    let mut out = Vec::new();
    for file in &report.files {
        let path = path_string(&file.path);
        for (d, fingerprint) in file.diagnostics.iter().zip(fingerprints(file)) {
            out.push(Entry {
                path: path.clone(),
                code: d.rule.code.to_string(),
                fingerprint,
                message: d.message.to_string(),
            });
        }
    }
    out
}
