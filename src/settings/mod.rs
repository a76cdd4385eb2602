//! `sqlhound.toml`, `.sqlhound.toml` or `[tool.sqlhound]` in `pyproject.toml`: the closest
//! one above a file wins, command-line flags override it. Unknown keys and rule names are
//! errors with a "did you mean" hint, never silently ignored.

mod cache;
mod file;
mod resolve;
mod select;
mod show;

use std::path::{Path, PathBuf};

use globset::GlobSet;

use crate::diagnostic::{RuleMeta, Severity};
use crate::rules::{self, PythonCheck, SqlChecks};
use crate::sql::Dialect;

pub use cache::SettingsCache;
use file::ConfigFile;
pub use file::did_you_mean;

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

/// Directories never worth checking; `exclude` replaces this list, `extend-exclude` adds.
/// Where test code lives unless `test-paths` says otherwise: pytest's and unittest's
/// conventions, and folders named like their files (`mycli_test/`, `integration_tests/`).
pub const DEFAULT_TEST_PATHS: [&str; 8] = [
    "tests",
    "test",
    "testing",
    "*_test",
    "*_tests",
    "test_*.py",
    "*_test.py",
    "conftest.py",
];

/// Rules that report fixtures rather than risks in test code (a dummy password, a table
/// read whole to assert on it, one `create()` per fixture row), so they are off there.
pub const OFF_IN_TESTS: [&str; 7] = [
    "hardcoded-credentials",
    "select-star",
    "insert-without-columns",
    "unbounded-fetch",
    "connection-in-loop",
    "missing-index",
    "n-plus-one",
];

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
    /// `--no-cache`: neither read nor write the project index cache.
    pub no_cache: bool,
    /// `--cache-dir`: where the project index cache is kept instead of the project root.
    pub cache_dir: Option<PathBuf>,
}

/// Resolved settings for the files under one config file.
#[derive(Debug)]
pub struct Settings {
    pub dialect: Dialect,
    /// Whether `dialect` was set (flag or file); if not, Python files use their driver's.
    pub dialect_configured: bool,
    /// Severity of `sql-injection` for values converted with `int()`/`float()`/`%d`;
    /// `None` (`"off"`, the default): not reported.
    pub coerced_injection_severity: Option<Severity>,
    /// Tables small enough to read whole (`small-tables`), lower-cased.
    pub small_tables: Vec<String>,
    /// More files and folders to learn the schema and models from (`schema`), absolute.
    pub schema_paths: Vec<PathBuf>,
    /// Database functions the explain pass may let the planner run
    /// (`explain-trusted-functions`: `name` or `schema.name`).
    pub explain_trusted_functions: Vec<String>,
    /// Functions the code reaches that the project index cannot see into (`sinks`,
    /// `sanitizers`, `sources`).
    pub catalogue: crate::python::catalogue::Catalogue,
    pub fail_on: FailOn,
    pub max_file_size: u64,
    /// The config file these came from, if any.
    pub config_path: Option<PathBuf>,
    /// The files it `extend`s, nearest first.
    pub extends: Vec<PathBuf>,
    /// Globs are relative to this directory.
    pub root: PathBuf,
    enabled: Vec<bool>,
    severity: Vec<Option<Severity>>,
    exclude: GlobSet,
    /// `exclude` and `extend-exclude` as written, for `--show-settings`.
    exclude_patterns: Vec<String>,
    /// Each `per-file-ignores` pattern as written, its globs and the rules it ignores.
    per_file_ignores: Vec<(String, GlobSet, Vec<usize>)>,
    /// `test-paths` as written, and their globs.
    test_patterns: Vec<String>,
    test_paths: GlobSet,
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

    /// Whether `path` is test code by `test-paths` (relative to `root`, or absolute outside
    /// it): the path or one of its folders matches.
    pub fn is_test_path(&self, path: &Path) -> bool {
        Self::matches(&self.root, path, &self.test_paths)
    }

    fn matches(root: &Path, path: &Path, globs: &GlobSet) -> bool {
        let relative = path.strip_prefix(root).unwrap_or(path);
        relative
            .ancestors()
            .any(|p| !p.as_os_str().is_empty() && globs.is_match(p))
    }

    /// Whether `rule` is switched off for `path` by `per-file-ignores`, or because the file
    /// is test code (`test_code`: under `test-paths`, or test support) and the rule is one
    /// of `OFF_IN_TESTS`.
    pub fn is_ignored_for(&self, rule: &RuleMeta, path: &Path, test_code: bool) -> bool {
        if test_code && OFF_IN_TESTS.contains(&rule.name) {
            return true;
        }
        if self.per_file_ignores.is_empty() {
            return false;
        }
        let Some(index) = rules::index_of(rule) else {
            return false;
        };
        self.per_file_ignores.iter().any(|(_, globs, rules)| {
            rules.contains(&index) && Self::matches(&self.root, path, globs)
        })
    }
}
