//! The settings of each directory, found once: the closest config file above it.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::file::load;
use super::{CONFIG_FILES, Overrides, Settings, SettingsError};

/// Finds and caches the settings for each directory: the closest config file above it.
/// A config file that cannot be read is passed over (the next one up applies) and kept
/// in `unreadable`, for the caller to report.
pub struct SettingsCache {
    overrides: Overrides,
    fallback: Arc<Settings>,
    by_dir: FxHashMap<PathBuf, Arc<Settings>>,
    unreadable: Vec<SettingsError>,
}

impl SettingsCache {
    /// `cwd` roots the globs when no config file is found.
    pub fn new(overrides: Overrides, cwd: &Path) -> Result<Self, SettingsError> {
        let fallback = match &overrides.config {
            Some(path) => load(path, &overrides)?.ok_or_else(|| SettingsError::Toml {
                path: path.clone(),
                message: "no `[tool.sqlhound]` section".into(),
            })?,
            None => Settings::defaults(cwd, &overrides)?,
        };
        Ok(Self {
            overrides,
            fallback: Arc::new(fallback),
            by_dir: FxHashMap::default(),
            unreadable: Vec::new(),
        })
    }

    /// Settings for files in `dir` (an absolute path).
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, SettingsError> {
        if self.overrides.config.is_some() || self.overrides.isolated {
            return Ok(self.fallback.clone());
        }
        let mut visited = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(settings) = self.by_dir.get(ancestor) {
                found = Some(settings.clone());
                break;
            }
            visited.push(ancestor.to_path_buf());
            if let Some(settings) = self.load_in(ancestor)? {
                found = Some(Arc::new(settings));
                break;
            }
        }
        let settings = found.unwrap_or_else(|| self.fallback.clone());
        for dir in visited {
            self.by_dir.insert(dir, settings.clone());
        }
        Ok(settings)
    }

    /// The config files found unreadable since last asked, each once.
    pub fn take_unreadable(&mut self) -> Vec<SettingsError> {
        std::mem::take(&mut self.unreadable)
    }

    fn load_in(&mut self, dir: &Path) -> Result<Option<Settings>, SettingsError> {
        for name in CONFIG_FILES {
            let candidate = dir.join(name);
            if !candidate.exists() {
                continue;
            }
            match load(&candidate, &self.overrides) {
                Ok(Some(settings)) => return Ok(Some(settings)),
                Ok(None) => {}
                Err(error @ SettingsError::Unreadable { .. }) => self.unreadable.push(error),
                Err(error) => return Err(error),
            }
        }
        Ok(None)
    }
}
