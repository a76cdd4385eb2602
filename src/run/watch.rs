//! `--watch`: waiting until a file a run reads changes, with the `notify` crate (inotify,
//! FSEvents, ReadDirectoryChangesW; polling where none is).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{Event, RecursiveMode, Watcher};

use crate::source::SourceKind;

/// Editors save in bursts (write, rename, chmod): changes this close together are one.
const SETTLE: Duration = Duration::from_millis(200);

/// Watches paths (directories recursively) for changes to what a run reads.
pub struct Watch {
    events: Receiver<notify::Result<Event>>,
    // Kept for its lifetime: dropping it stops the events.
    _watcher: notify::RecommendedWatcher,
}

impl Watch {
    pub fn new(paths: &[PathBuf]) -> notify::Result<Self> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        for path in paths {
            watcher.watch(path, RecursiveMode::Recursive)?;
        }
        Ok(Self {
            events,
            _watcher: watcher,
        })
    }

    /// Blocks until a checked kind of file (`.sql`, `.py`, …) or a config file changes,
    /// then until the changes settle; the paths that changed, sorted.
    pub fn changed(&self) -> notify::Result<Vec<PathBuf>> {
        let mut changed = Vec::new();
        while changed.is_empty() {
            let event = self
                .events
                .recv()
                .map_err(|_| notify::Error::generic("the file watcher stopped"))??;
            collect(event, &mut changed);
        }
        loop {
            match self.events.recv_timeout(SETTLE) {
                Ok(event) => collect(event?, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(notify::Error::generic("the file watcher stopped"));
                }
            }
        }
        changed.sort();
        changed.dedup();
        Ok(changed)
    }
}

fn collect(event: Event, changed: &mut Vec<PathBuf>) {
    // Reading a file (an access event) changes nothing.
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    changed.extend(event.paths.into_iter().filter(|p| matters(p)));
}

/// Whether a change to `path` can change a run's findings: a file sqlhound checks or a
/// config file, outside the index cache sqlhound itself writes.
fn matters(path: &Path) -> bool {
    let in_cache = path
        .components()
        .any(|c| c.as_os_str() == super::index_cache::CACHE_DIR);
    let config = path.file_name().is_some_and(|name| {
        ["sqlhound.toml", ".sqlhound.toml", "pyproject.toml"]
            .iter()
            .any(|c| name == *c)
    });
    !in_cache && (config || SourceKind::from_path(path).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_checked_files_and_configs_outside_the_cache_matter() {
        assert!(matters(Path::new("/p/app/q.sql")));
        assert!(matters(Path::new("/p/app/models.py")));
        assert!(matters(Path::new("/p/pyproject.toml")));
        assert!(!matters(Path::new("/p/README.md")));
        assert!(!matters(Path::new("/p/.sqlhound_cache/index.json")));
    }
}
