//! Which files to check: explicit files always, directories walked with the `ignore`
//! crate (`.gitignore`, `.ignore`, hidden files skipped) minus the `exclude` globs of the
//! closest config.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use ignore::WalkBuilder;

use super::SourceKind;
use crate::settings::{Settings, SettingsCache, SettingsError};

/// A file to check and the settings that govern it.
#[derive(Debug)]
pub struct Target {
    /// As the user should read it: relative to the working directory when under it.
    pub path: PathBuf,
    pub absolute: PathBuf,
    pub settings: Arc<Settings>,
}

/// A path that could not be walked (missing, unreadable directory).
#[derive(Debug)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub message: String,
    /// The path was named on the command line and does not exist: a usage error.
    pub missing: bool,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub targets: Vec<Target>,
    pub problems: Vec<WalkProblem>,
}

pub fn discover(
    paths: &[PathBuf],
    cache: SettingsCache,
    cwd: &Path,
) -> Result<Discovered, SettingsError> {
    let cache = Arc::new(Mutex::new(cache));
    let error: Arc<Mutex<Option<SettingsError>>> = Arc::default();
    let mut out = Discovered::default();
    for path in paths {
        let absolute = absolute(cwd, path);
        if !absolute.exists() && absolute.symlink_metadata().is_err() {
            out.problems.push(WalkProblem {
                path: path.clone(),
                message: "no such file or directory".into(),
                missing: true,
            });
            continue;
        }
        if !absolute.is_dir() {
            let settings = settings_for(&cache, parent(&absolute))?;
            out.targets.push(Target {
                path: display_path(cwd, path),
                absolute,
                settings,
            });
            continue;
        }
        walk_dir(path, cwd, &cache, &error, &mut out)?;
    }
    if let Some(e) = error.lock().unwrap_or_else(PoisonError::into_inner).take() {
        return Err(e);
    }
    out.targets.sort_by(|a, b| a.path.cmp(&b.path));
    out.targets.dedup_by(|a, b| a.absolute == b.absolute);
    Ok(out)
}

fn walk_dir(
    root: &Path,
    cwd: &Path,
    cache: &Arc<Mutex<SettingsCache>>,
    error: &Arc<Mutex<Option<SettingsError>>>,
    out: &mut Discovered,
) -> Result<(), SettingsError> {
    let filter_cache = cache.clone();
    let filter_error = error.clone();
    let filter_cwd = cwd.to_path_buf();
    let walker = WalkBuilder::new(root)
        .require_git(false)
        .add_custom_ignore_filename(".sqlhoundignore")
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let absolute = absolute(&filter_cwd, entry.path());
            match settings_for(&filter_cache, parent(&absolute)) {
                Ok(settings) => !settings.is_excluded(&absolute),
                Err(e) => {
                    filter_error
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .get_or_insert(e);
                    false
                }
            }
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                out.problems.push(WalkProblem {
                    path: problem_path(&e).unwrap_or_else(|| root.to_path_buf()),
                    message: e.to_string(),
                    missing: false,
                });
                continue;
            }
        };
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if !is_file || SourceKind::from_path(entry.path()).is_none() {
            continue;
        }
        let absolute = absolute(cwd, entry.path());
        let settings = settings_for(cache, parent(&absolute))?;
        out.targets.push(Target {
            path: display_path(cwd, entry.path()),
            absolute,
            settings,
        });
    }
    Ok(())
}

fn problem_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            problem_path(err)
        }
        _ => None,
    }
}

fn settings_for(cache: &Mutex<SettingsCache>, dir: &Path) -> Result<Arc<Settings>, SettingsError> {
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .for_dir(dir)
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(path)
}

pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    // Lexical clean-up only: `./a/../b` → `b`, without resolving symlinks.
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

/// Relative to `cwd` when under it, else as given.
pub fn display_path(cwd: &Path, path: &Path) -> PathBuf {
    let absolute = absolute(cwd, path);
    absolute
        .strip_prefix(cwd)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
