//! The project index on disk: what each file taught, keyed by its path, size and
//! modification time (and the dialect its DDL was read in), so a run over a few files of
//! a large project reads the rest of it from one file instead of parsing it. Kept in
//! `.sqlhound_cache/` at the project root, which ignores itself in git, as ruff's does.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::learn::Learnt;

/// The cache folder's name at a project root.
pub const CACHE_DIR: &str = ".sqlhound_cache";
/// Changes whenever what is stored changes shape.
const FORMAT: &str = concat!("index-", env!("CARGO_PKG_VERSION"), "-9.json");

/// What identifies one version of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    modified_ns: u128,
    dialect: String,
}

impl Stamp {
    pub fn of(path: &Path, dialect: &str) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Self {
            size: meta.len(),
            modified_ns: modified.as_nanos(),
            dialect: dialect.to_string(),
        })
    }
}

#[derive(Default, Serialize, Deserialize)]
struct Stored {
    entries: FxHashMap<PathBuf, (Stamp, Learnt)>,
}

/// The cache of one run: read at the start, written at the end if anything was learnt.
#[derive(Default)]
pub struct IndexCache {
    /// `None` with `--no-cache`.
    file: Option<PathBuf>,
    stored: Stored,
    changed: bool,
}

impl IndexCache {
    /// The cache in `dir` (`None`: no cache). An unreadable or outdated file is an empty
    /// cache: it only costs the time to learn again.
    pub fn open(dir: Option<PathBuf>) -> Self {
        let file = dir.map(|d| d.join(FORMAT));
        let stored = file
            .as_ref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Self {
            file,
            stored,
            changed: false,
        }
    }

    pub fn get(&self, path: &Path, stamp: &Stamp) -> Option<&Learnt> {
        let (stored, learnt) = self.stored.entries.get(path)?;
        (stored == stamp).then_some(learnt)
    }

    pub fn put(&mut self, path: PathBuf, stamp: Stamp, learnt: Learnt) {
        if self.file.is_some() {
            self.stored.entries.insert(path, (stamp, learnt));
            self.changed = true;
        }
    }

    /// Forgets files that are gone, so the cache does not grow with deleted files.
    pub fn retain(&mut self, keep: impl Fn(&Path) -> bool) {
        let before = self.stored.entries.len();
        self.stored.entries.retain(|path, _| keep(path));
        self.changed |= self.stored.entries.len() != before;
    }

    /// Writes the cache if it changed; failing to is not an error of the run (a read-only
    /// checkout still gets checked).
    pub fn save(&self) {
        let Some(file) = self.file.as_ref().filter(|_| self.changed) else {
            return;
        };
        let Some(dir) = file.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(&ignore, "# Automatically created by sqlhound.\n*\n");
            let _ = std::fs::write(
                dir.join("CACHEDIR.TAG"),
                "Signature: 8a477f597d28d172789f06886806bc55\n",
            );
        }
        let Ok(bytes) = serde_json::to_vec(&self.stored) else {
            return;
        };
        // Written aside and renamed, so a concurrent run never reads half a file.
        let partial = dir.join(format!("{FORMAT}.{}.tmp", std::process::id()));
        if std::fs::write(&partial, bytes).is_ok() && std::fs::rename(&partial, file).is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn entries_survive_a_run_and_a_changed_file_misses() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.py");
        std::fs::write(&file, "x = 1\n").unwrap();
        let stamp = Stamp::of(&file, "postgres").unwrap();
        let mut cache = IndexCache::open(Some(dir.path().join(CACHE_DIR)));
        assert!(cache.get(&file, &stamp).is_none());
        cache.put(file.clone(), stamp.clone(), Learnt::default());
        cache.save();
        let cache = IndexCache::open(Some(dir.path().join(CACHE_DIR)));
        assert!(cache.get(&file, &stamp).is_some());
        assert!(
            cache
                .get(&file, &Stamp::of(&file, "sqlite").unwrap())
                .is_none()
        );
        std::fs::write(&file, "x = 12\n").unwrap();
        assert!(
            cache
                .get(&file, &Stamp::of(&file, "postgres").unwrap())
                .is_none()
        );
        let ignored = std::fs::read_to_string(dir.path().join(CACHE_DIR).join(".gitignore"));
        assert!(ignored.unwrap().contains('*'));
    }
}
