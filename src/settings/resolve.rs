//! A config file's values, with the command line's overrides, turned into `Settings`.

use crate::python::catalogue;
use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::file::ConfigFile;
use super::select::{is_always_on, select_rules, unknown_rule};
use super::{
    DEFAULT_EXCLUDE, DEFAULT_MAX_FILE_SIZE, DEFAULT_TEST_PATHS, FailOn, Overrides, Settings,
    SettingsError,
};
use crate::diagnostic::Severity;
use crate::rules::{self, RULES, SqlChecks};
use crate::sql::Dialect;

impl Settings {
    pub(super) fn resolve(
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
        let targets = |key: &str, entries: &Option<Vec<String>>| {
            entries
                .iter()
                .flatten()
                .map(|e| catalogue::parse_target(e).map_err(|m| invalid(key, m)))
                .collect::<Result<Vec<_>, _>>()
        };
        let catalogue = catalogue::Catalogue {
            sinks: file
                .sinks
                .iter()
                .flatten()
                .map(|e| catalogue::parse_sink(e).map_err(|m| invalid("sinks", m)))
                .collect::<Result<_, _>>()?,
            sanitizers: targets("sanitizers", &file.sanitizers)?,
            sources: targets("sources", &file.sources)?,
        };
        let coerced_injection_severity = match file.coerced_injection_severity.as_deref() {
            None | Some("off") => None,
            Some(level) => Some(Severity::parse(level).ok_or_else(|| {
                invalid(
                    "coerced-injection-severity",
                    format!("`{level}` is not one of off, info, warning, error"),
                )
            })?),
        };

        let excludes: Vec<&str> = match &file.exclude {
            Some(list) => list.iter().map(String::as_str).collect(),
            None => DEFAULT_EXCLUDE.to_vec(),
        };
        let excludes = excludes
            .into_iter()
            .chain(file.extend_exclude.iter().flatten().map(String::as_str))
            .chain(overrides.extend_exclude.iter().map(String::as_str));
        let exclude_patterns: Vec<String> = excludes.map(str::to_string).collect();
        let exclude = glob_set(
            exclude_patterns.iter().map(String::as_str),
            "exclude",
            &origin,
        )?;

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
            per_file_ignores.push((pattern.clone(), globs, indexes));
        }

        let test_patterns: Vec<String> = match file.test_paths {
            Some(list) => list,
            None => DEFAULT_TEST_PATHS.map(str::to_string).to_vec(),
        };
        let test_paths = glob_set(
            test_patterns.iter().map(String::as_str),
            "test-paths",
            &origin,
        )?;

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
            catalogue,
            coerced_injection_severity,
            fail_on,
            max_file_size: file.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            config_path: path.map(Path::to_path_buf),
            extends: file.extended,
            root: root.to_path_buf(),
            enabled,
            severity,
            exclude,
            exclude_patterns,
            per_file_ignores,
            test_patterns,
            test_paths,
            sql_checks,
            python_checks,
        })
    }
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
