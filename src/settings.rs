//! `sqlhound.toml`, `.sqlhound.toml` or `[tool.sqlhound]` in `pyproject.toml`: the closest
//! one above a file wins, command-line flags override it. Unknown keys and rule names are
//! errors with a "did you mean" hint, never silently ignored.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::{Category, Severity};
use crate::rules::{self, PythonCheck, RULES, RuleMeta, SqlChecks, tool};
use crate::sql::Dialect;

pub const CONFIG_FILES: [&str; 3] = ["sqlhound.toml", ".sqlhound.toml", "pyproject.toml"];

/// Files above this size are reported as unreadable rather than read (`max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A config file that exists but cannot be read as text (or a resource the run needs).
    /// The reason is a message, not a `source`, so it is printed once.
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path}: invalid TOML: {message}")]
    Toml { path: PathBuf, message: String },
    #[error("{path}: unknown key `{key}`{hint}")]
    UnknownKey {
        path: PathBuf,
        key: String,
        hint: String,
    },
    #[error("{origin}: `{key}`: {message}")]
    InvalidValue {
        origin: String,
        key: String,
        message: String,
    },
}

/// At which severity findings make the run fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FailOn {
    Error,
    #[default]
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Self::Error),
            "warning" => Some(Self::Warning),
            "info" => Some(Self::Info),
            "never" => Some(Self::Never),
            _ => None,
        }
    }

    pub fn fails(self, severity: Severity) -> bool {
        match self {
            Self::Error => severity >= Severity::Error,
            Self::Warning => severity >= Severity::Warning,
            Self::Info => true,
            Self::Never => false,
        }
    }
}

/// The keys a config file may hold, exactly as written there.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct ConfigFile {
    dialect: Option<String>,
    select: Option<Vec<String>>,
    extend_select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    severity: Option<BTreeMap<String, String>>,
    exclude: Option<Vec<String>>,
    extend_exclude: Option<Vec<String>>,
    per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    fail_on: Option<String>,
    max_file_size: Option<u64>,
    coerced_injection_severity: Option<String>,
    small_tables: Option<Vec<String>>,
    schema: Option<Vec<PathBuf>>,
    explain_trusted_functions: Option<Vec<String>>,
}

const KNOWN_KEYS: [&str; 14] = [
    "dialect",
    "select",
    "extend-select",
    "ignore",
    "severity",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "fail-on",
    "max-file-size",
    "coerced-injection-severity",
    "small-tables",
    "schema",
    "explain-trusted-functions",
];

/// Directories never worth checking; `exclude` replaces this list, `extend-exclude` adds.
pub const DEFAULT_EXCLUDE: [&str; 16] = [
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".svn",
    ".tox",
    ".venv",
    "__pypackages__",
    "node_modules",
    "site-packages",
    "venv",
    "vendor",
    "third_party",
];

/// What the command line says; each set field beats the config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub dialect: Option<Dialect>,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub extend_exclude: Vec<String>,
    pub fail_on: Option<FailOn>,
    /// `--config FILE`: use this file for every checked file.
    pub config: Option<PathBuf>,
    /// `--isolated`: read no config file at all.
    pub isolated: bool,
}

/// Resolved settings for the files under one config file.
#[derive(Debug)]
pub struct Settings {
    pub dialect: Dialect,
    /// Whether `dialect` was set (flag or file); if not, Python files use their driver's.
    pub dialect_configured: bool,
    /// Severity of `sql-injection` for values converted with `int()`/`float()`/`%d`.
    pub coerced_injection_severity: Severity,
    /// Tables small enough to read whole (`small-tables`), lower-cased.
    pub small_tables: Vec<String>,
    /// More files and folders to learn the schema and models from (`schema`), absolute.
    pub schema_paths: Vec<PathBuf>,
    /// Database functions the explain pass may let the planner run
    /// (`explain-trusted-functions`: `name` or `schema.name`).
    pub explain_trusted_functions: Vec<String>,
    pub fail_on: FailOn,
    pub max_file_size: u64,
    /// The config file these came from, if any.
    pub config_path: Option<PathBuf>,
    /// Globs are relative to this directory.
    pub root: PathBuf,
    enabled: Vec<bool>,
    severity: Vec<Option<Severity>>,
    exclude: GlobSet,
    per_file_ignores: Vec<(GlobSet, Vec<usize>)>,
    pub sql_checks: SqlChecks,
    pub python_checks: Vec<PythonCheck>,
}

impl Settings {
    /// Settings with no config file.
    pub fn defaults(root: &Path, overrides: &Overrides) -> Result<Self, SettingsError> {
        Self::resolve(ConfigFile::default(), None, root, overrides)
    }

    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        rules::index_of(rule).is_some_and(|i| self.enabled[i])
    }

    /// The severity `[severity]` sets for a rule, if any.
    pub fn severity_override(&self, rule: &RuleMeta) -> Option<Severity> {
        rules::index_of(rule).and_then(|i| self.severity[i])
    }

    /// Whether discovery skips this path (relative to `root`, or absolute outside it).
    pub fn is_excluded(&self, path: &Path) -> bool {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        self.exclude.is_match(relative)
    }

    /// Whether `rule` is switched off for `path` by `per-file-ignores`.
    pub fn is_ignored_for(&self, rule: &RuleMeta, path: &Path) -> bool {
        if self.per_file_ignores.is_empty() {
            return false;
        }
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        let Some(index) = rules::index_of(rule) else {
            return false;
        };
        self.per_file_ignores.iter().any(|(globs, rules)| {
            rules.contains(&index)
                && relative
                    .ancestors()
                    .any(|p| !p.as_os_str().is_empty() && globs.is_match(p))
        })
    }

    fn resolve(
        file: ConfigFile,
        path: Option<&Path>,
        root: &Path,
        overrides: &Overrides,
    ) -> Result<Self, SettingsError> {
        let origin = path.map_or_else(|| "command line".to_string(), |p| p.display().to_string());
        let invalid = |key: &str, message: String| SettingsError::InvalidValue {
            origin: origin.clone(),
            key: key.to_string(),
            message,
        };
        let dialect = match (overrides.dialect, &file.dialect) {
            (Some(d), _) => d,
            (None, Some(name)) => Dialect::parse(name).ok_or_else(|| {
                let names = Dialect::ALL
                    .iter()
                    .map(|d| d.name())
                    .collect::<Vec<_>>()
                    .join(", ");
                invalid(
                    "dialect",
                    format!("unknown dialect `{name}`; expected one of {names}"),
                )
            })?,
            (None, None) => Dialect::default(),
        };
        let fail_on = match (overrides.fail_on, &file.fail_on) {
            (Some(f), _) => f,
            (None, Some(text)) => FailOn::parse(text).ok_or_else(|| {
                invalid(
                    "fail-on",
                    format!("`{text}` is not one of error, warning, info, never"),
                )
            })?,
            (None, None) => FailOn::default(),
        };

        let mut enabled: Vec<bool> = match overrides.select.as_ref().or(file.select.as_ref()) {
            Some(selectors) => {
                let selected = select_rules(selectors, "select", &origin)?;
                RULES
                    .iter()
                    .enumerate()
                    .map(|(i, (meta, _))| selected[i] || is_always_on(meta))
                    .collect()
            }
            None => RULES.iter().map(|(meta, _)| meta.default_enabled).collect(),
        };
        let extend = file
            .extend_select
            .iter()
            .flatten()
            .chain(&overrides.extend_select);
        for (i, on) in select_rules(extend, "extend-select", &origin)?
            .into_iter()
            .enumerate()
        {
            enabled[i] |= on;
        }
        let ignore = file.ignore.iter().flatten().chain(&overrides.ignore);
        for (i, off) in select_rules(ignore, "ignore", &origin)?
            .into_iter()
            .enumerate()
        {
            enabled[i] &= !off;
        }

        let mut severity: Vec<Option<Severity>> = vec![None; RULES.len()];
        for (key, level) in file.severity.iter().flatten() {
            let rule = rules::find(key).ok_or_else(|| invalid("severity", unknown_rule(key)))?;
            let level = Severity::parse(level).ok_or_else(|| {
                invalid(
                    "severity",
                    format!("`{level}` for `{key}` is not one of error, warning, info"),
                )
            })?;
            if let Some(slot) = rules::index_of(rule).and_then(|i| severity.get_mut(i)) {
                *slot = Some(level);
            }
        }
        let coerced_injection_severity = match &file.coerced_injection_severity {
            Some(level) => Severity::parse(level).ok_or_else(|| {
                invalid(
                    "coerced-injection-severity",
                    format!("`{level}` is not one of error, warning, info"),
                )
            })?,
            None => Severity::Warning,
        };

        let excludes: Vec<&str> = match &file.exclude {
            Some(list) => list.iter().map(String::as_str).collect(),
            None => DEFAULT_EXCLUDE.to_vec(),
        };
        let excludes = excludes
            .into_iter()
            .chain(file.extend_exclude.iter().flatten().map(String::as_str))
            .chain(overrides.extend_exclude.iter().map(String::as_str));
        let exclude = glob_set(excludes, "exclude", &origin)?;

        let mut per_file_ignores = Vec::new();
        for (pattern, selectors) in file.per_file_ignores.iter().flatten() {
            let globs = glob_set([pattern.as_str()], "per-file-ignores", &origin)?;
            let selected = select_rules(selectors, "per-file-ignores", &origin)?;
            let indexes = selected
                .iter()
                .enumerate()
                .filter(|(_, on)| **on)
                .map(|(i, _)| i)
                .collect();
            per_file_ignores.push((globs, indexes));
        }

        let sql_checks = SqlChecks::new(|i| enabled[i]);
        let python_checks = rules::python_checks(|i| enabled[i]);
        Ok(Self {
            dialect,
            dialect_configured: overrides.dialect.is_some() || file.dialect.is_some(),
            small_tables: file
                .small_tables
                .iter()
                .flatten()
                .map(|t| t.to_ascii_lowercase())
                .collect(),
            schema_paths: file.schema.iter().flatten().map(|p| root.join(p)).collect(),
            explain_trusted_functions: file.explain_trusted_functions.unwrap_or_default(),
            coerced_injection_severity,
            fail_on,
            max_file_size: file.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            config_path: path.map(Path::to_path_buf),
            root: root.to_path_buf(),
            enabled,
            severity,
            exclude,
            per_file_ignores,
            sql_checks,
            python_checks,
        })
    }
}

/// Syntax errors, unreadable files and internal errors are reported whatever `select`
/// says: hiding them would hide that nothing was checked. `ignore` can still drop them.
fn is_always_on(meta: &RuleMeta) -> bool {
    meta == &tool::SYNTAX_ERROR
        || meta == &tool::PYTHON_SYNTAX_ERROR
        || meta == &tool::UNREADABLE_FILE
        || meta == &tool::INTERNAL_ERROR
}

/// Which rules a list of selectors names: `ALL`, a code, a name, a category, or a code
/// prefix such as `SH2`.
fn select_rules<'s>(
    selectors: impl IntoIterator<Item = &'s String>,
    key: &str,
    origin: &str,
) -> Result<Vec<bool>, SettingsError> {
    let mut selected = vec![false; RULES.len()];
    for selector in selectors {
        let mut matched = false;
        for (i, (meta, _)) in RULES.iter().enumerate() {
            if selector_matches(selector, meta) {
                selected[i] = true;
                matched = true;
            }
        }
        if !matched {
            return Err(SettingsError::InvalidValue {
                origin: origin.to_string(),
                key: key.to_string(),
                message: unknown_rule(selector),
            });
        }
    }
    Ok(selected)
}

fn selector_matches(selector: &str, meta: &RuleMeta) -> bool {
    let upper = selector.to_ascii_uppercase();
    upper == "ALL"
        || meta.name == selector
        || meta.category.as_str() == selector
        || (upper.starts_with("SH") && meta.code.starts_with(&upper))
}

fn unknown_rule(selector: &str) -> String {
    let candidates = rules::all()
        .flat_map(|r| [r.name, r.code])
        .chain(Category::ALL.iter().map(|c| c.as_str()));
    let hint = did_you_mean(selector, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    format!("no rule, code prefix or category is named `{selector}`{hint}")
}

/// Globs in config files: a pattern with a `/` is relative to the config's directory; one
/// without matches that name anywhere below it.
fn glob_set<'p>(
    patterns: impl IntoIterator<Item = &'p str>,
    key: &str,
    origin: &str,
) -> Result<GlobSet, SettingsError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
        let full = if trimmed.contains('/') {
            trimmed.to_string()
        } else {
            format!("**/{trimmed}")
        };
        let glob = Glob::new(&full).map_err(|e| SettingsError::InvalidValue {
            origin: origin.to_string(),
            key: key.to_string(),
            message: format!("bad glob `{pattern}`: {e}"),
        })?;
        builder.add(glob);
    }
    builder.build().map_err(|e| SettingsError::InvalidValue {
        origin: origin.to_string(),
        key: key.to_string(),
        message: e.to_string(),
    })
}

/// The closest candidate within a small edit distance.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.len() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| {
            (
                edit_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// A config file's text; not a regular file (a FIFO would block) is unreadable too.
fn read_config(path: &Path) -> Result<String, SettingsError> {
    let unreadable = |reason: String| SettingsError::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if metadata.is_dir() {
        return Err(unreadable("it is a directory".into()));
    }
    if !metadata.is_file() {
        return Err(unreadable("it is not a regular file".into()));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        unreadable(format!(
            "it is not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Loads a config file. `Ok(None)` for a `pyproject.toml` without `[tool.sqlhound]`.
fn load(path: &Path, overrides: &Overrides) -> Result<Option<Settings>, SettingsError> {
    let text = read_config(path)?;
    let toml_error = |e: toml::de::Error| SettingsError::Toml {
        path: path.to_path_buf(),
        message: e.to_string().trim_end().to_string(),
    };
    let mut table: toml::Table = toml::from_str(&text).map_err(toml_error)?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    if is_pyproject {
        let tool = table.remove("tool").and_then(|t| match t {
            toml::Value::Table(mut t) => t.remove("sqlhound"),
            _ => None,
        });
        match tool {
            Some(toml::Value::Table(section)) => table = section,
            Some(_) => {
                return Err(SettingsError::Toml {
                    path: path.to_path_buf(),
                    message: "`tool.sqlhound` must be a table".into(),
                });
            }
            None => return Ok(None),
        }
    }
    if let Some(key) = table.keys().find(|k| !KNOWN_KEYS.contains(&k.as_str())) {
        let hint = did_you_mean(key, KNOWN_KEYS)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        let key = if is_pyproject {
            format!("tool.sqlhound.{key}")
        } else {
            key.clone()
        };
        return Err(SettingsError::UnknownKey {
            path: path.to_path_buf(),
            key,
            hint,
        });
    }
    let file: ConfigFile = toml::Value::Table(table).try_into().map_err(toml_error)?;
    let root = path.parent().unwrap_or(Path::new("."));
    Settings::resolve(file, Some(path), root, overrides).map(Some)
}

/// Finds and caches the settings for each directory: the closest config file above it.
/// A config file that cannot be read is passed over (the next one up applies) and kept
/// in `unreadable`, for the caller to report.
pub struct SettingsCache {
    overrides: Overrides,
    fallback: Arc<Settings>,
    by_dir: HashMap<PathBuf, Arc<Settings>>,
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
            by_dir: HashMap::new(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_close_names() {
        assert_eq!(did_you_mean("dialcet", KNOWN_KEYS), Some("dialect"));
        assert_eq!(did_you_mean("zzzzzz", KNOWN_KEYS), None);
    }

    #[test]
    fn selectors_match_codes_names_categories_and_prefixes() {
        let select = |s: &str| select_rules([&s.to_string()], "select", "test");
        let count = |v: Vec<bool>| v.into_iter().filter(|b| *b).count();
        assert_eq!(count(select("select-star").unwrap_or_default()), 1);
        assert_eq!(count(select("sh201").unwrap_or_default()), 1);
        assert!(count(select("SH2").unwrap_or_default()) >= 7);
        assert!(count(select("performance").unwrap_or_default()) >= 2);
        assert!(select("selct-star").is_err());
    }

    #[test]
    fn select_keeps_syntax_errors_on() {
        let overrides = Overrides {
            select: Some(vec!["select-star".into()]),
            ..Overrides::default()
        };
        let settings = Settings::defaults(Path::new("/"), &overrides).ok();
        let settings = settings.as_ref();
        assert!(settings.is_some_and(|s| s.is_enabled(&tool::SYNTAX_ERROR)));
        assert!(settings.is_some_and(|s| !s.is_enabled(&tool::UNUSED_SUPPRESSION)));
    }
}
