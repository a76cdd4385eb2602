//! Which files to check: explicit files always, directories walked with the `ignore`
//! crate (`.gitignore`, `.ignore`, hidden files skipped) minus the `exclude` globs of the
//! closest config.

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use ignore::{WalkBuilder, WalkState};

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

/// Walks `paths` (directories on several threads) and hands every file to `visit` as soon
/// as it is found, so checking can overlap with walking. Each file is visited once even
/// when two paths reach it. Returns what could not be walked.
pub fn discover_each(
    paths: &[PathBuf],
    cache: &mut SettingsCache,
    cwd: &Path,
    visit: &(dyn Fn(Target) + Sync),
) -> Result<Vec<WalkProblem>, SettingsError> {
    let cache = Mutex::new(cache);
    let error: Mutex<Option<SettingsError>> = Mutex::new(None);
    let problems = Mutex::new(Vec::new());
    let seen = Mutex::new(FxHashSet::default());
    let first_visit = |absolute: &Path| lock(&seen).insert(absolute.to_path_buf());
    let mut files = Vec::new();
    for path in paths {
        let root = absolute(cwd, path);
        if !root.exists() && root.symlink_metadata().is_err() {
            lock(&problems).push(WalkProblem {
                path: path.clone(),
                message: "no such file or directory".into(),
                missing: true,
            });
        } else if !root.is_dir() {
            if first_visit(&root) {
                let settings = lock(&cache).for_dir(parent(&root))?;
                files.push(Target {
                    path: display_path(cwd, path),
                    absolute: root,
                    settings,
                });
            }
        } else {
            let walker = walker(path).build_parallel();
            walker.run(|| {
                Box::new(|entry| {
                    let entry = match entry {
                        Ok(entry) => entry,
                        Err(e) => {
                            lock(&problems).push(WalkProblem {
                                path: problem_path(&e).unwrap_or_else(|| path.clone()),
                                message: e.to_string(),
                                missing: false,
                            });
                            return WalkState::Continue;
                        }
                    };
                    let absolute = absolute(cwd, entry.path());
                    let settings = match lock(&cache).for_dir(parent(&absolute)) {
                        Ok(settings) => settings,
                        Err(e) => {
                            lock(&error).get_or_insert(e);
                            return WalkState::Quit;
                        }
                    };
                    if entry.depth() > 0 && settings.is_excluded(&absolute) {
                        return WalkState::Skip;
                    }
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file
                        && SourceKind::from_path(entry.path()).is_some()
                        && first_visit(&absolute)
                    {
                        visit(Target {
                            path: display_path(cwd, entry.path()),
                            absolute,
                            settings,
                        });
                    }
                    WalkState::Continue
                })
            });
        }
    }
    if let Some(e) = error.into_inner().unwrap_or_else(PoisonError::into_inner) {
        return Err(e);
    }
    files.into_iter().for_each(visit);
    Ok(problems
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner))
}

/// The walk of a directory: `.gitignore` (in a git repository or not), `.ignore`,
/// `.sqlhoundignore`, hidden files skipped.
fn walker(path: &Path) -> WalkBuilder {
    let mut builder = WalkBuilder::new(path);
    builder
        .require_git(false)
        .add_custom_ignore_filename(".sqlhoundignore");
    builder
}

/// A file or directory under the walked directories that is not checked, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub is_dir: bool,
    pub why: String,
}

/// What `--show-files` lists as skipped: each file sqlhound would read (`.sql`, `.py`, …)
/// under the directories of `paths` that the walk does not check, or the directory that
/// holds it, with the reason: an `exclude` glob, a hidden name, or an ignore file.
pub fn skipped(
    paths: &[PathBuf],
    cache: &mut SettingsCache,
    cwd: &Path,
) -> Result<Vec<Skipped>, SettingsError> {
    let mut skipped = Vec::new();
    for root in paths
        .iter()
        .map(|p| absolute(cwd, p))
        .filter(|p| p.is_dir())
    {
        // What the checking walk enters, with its own filters (it does not descend into
        // an excluded directory).
        let mut walked = FxHashSet::default();
        let mut excluded: Vec<PathBuf> = Vec::new();
        for entry in walker(&root).build().flatten() {
            let path = entry.path();
            if excluded.iter().any(|dir| path.starts_with(dir)) {
                continue;
            }
            if entry.depth() > 0 && cache.for_dir(parent(path))?.is_excluded(path) {
                excluded.push(path.to_path_buf());
                continue;
            }
            walked.insert(path.to_path_buf());
        }
        left_out(&root, &walked, cache, cwd, &mut skipped)?;
    }
    Ok(skipped)
}

/// The entries of `dir` the walk did not enter, and those below the ones it did.
fn left_out(
    dir: &Path,
    walked: &FxHashSet<PathBuf>,
    cache: &mut SettingsCache,
    cwd: &Path,
    skipped: &mut Vec<Skipped>,
) -> Result<(), SettingsError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if walked.contains(&path) {
            if is_dir {
                left_out(&path, walked, cache, cwd, skipped)?;
            }
            continue;
        }
        if !is_dir && SourceKind::from_path(&path).is_none() {
            continue;
        }
        let settings = cache.for_dir(dir)?;
        let why = if settings.is_excluded(&path) {
            match &settings.config_path {
                Some(config) => format!("matches `exclude` of {}", config.display()),
                None => "matches sqlhound's default `exclude`".into(),
            }
        } else if entry.file_name().to_string_lossy().starts_with('.') {
            "hidden".into()
        } else {
            "ignored by .gitignore, .ignore or .sqlhoundignore".into()
        };
        skipped.push(Skipped {
            path: display_path(cwd, &path),
            is_dir,
            why,
        });
    }
    Ok(())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
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
