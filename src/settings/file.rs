//! Reading a config file: TOML, `[tool.sqlhound]` of `pyproject.toml`, known keys only
//! (an unknown key is an error with a "did you mean" hint).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Overrides, Settings, SettingsError};

/// The keys a config file may hold, exactly as written there.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(super) struct ConfigFile {
    /// Another config file whose settings this one starts from (relative to this file).
    pub(super) extend: Option<PathBuf>,
    /// The files `extend` reached, nearest first (not a key).
    #[serde(skip)]
    pub(super) extended: Vec<PathBuf>,
    pub(super) dialect: Option<String>,
    pub(super) select: Option<Vec<String>>,
    pub(super) extend_select: Option<Vec<String>>,
    pub(super) ignore: Option<Vec<String>>,
    pub(super) severity: Option<BTreeMap<String, String>>,
    pub(super) exclude: Option<Vec<String>>,
    pub(super) extend_exclude: Option<Vec<String>>,
    pub(super) per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    pub(super) test_paths: Option<Vec<String>>,
    pub(super) fail_on: Option<String>,
    pub(super) max_file_size: Option<u64>,
    pub(super) coerced_injection_severity: Option<String>,
    pub(super) small_tables: Option<Vec<String>>,
    pub(super) schema: Option<Vec<PathBuf>>,
    pub(super) explain_trusted_functions: Option<Vec<String>>,
    pub(super) sinks: Option<Vec<String>>,
    pub(super) sanitizers: Option<Vec<String>>,
    pub(super) sources: Option<Vec<String>>,
}

const KNOWN_KEYS: [&str; 19] = [
    "extend",
    "dialect",
    "select",
    "extend-select",
    "ignore",
    "severity",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "test-paths",
    "fail-on",
    "max-file-size",
    "coerced-injection-severity",
    "small-tables",
    "schema",
    "explain-trusted-functions",
    "sinks",
    "sanitizers",
    "sources",
];

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

/// Loads a config file, with what it `extend`s. `Ok(None)` for a `pyproject.toml` without
/// `[tool.sqlhound]`.
pub(super) fn load(path: &Path, overrides: &Overrides) -> Result<Option<Settings>, SettingsError> {
    let Some(file) = read_extended(path, &mut Vec::new())? else {
        return Ok(None);
    };
    let root = path.parent().unwrap_or(Path::new("."));
    Settings::resolve(file, Some(path), root, overrides).map(Some)
}

/// A config file's keys over those of the file it extends (and so on), with each file's
/// `schema` paths relative to the file that names them. `chain` holds the files being
/// read, to report a cycle.
fn read_extended(
    path: &Path,
    chain: &mut Vec<PathBuf>,
) -> Result<Option<ConfigFile>, SettingsError> {
    let Some(mut file) = read_file(path)? else {
        return Ok(None);
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let Some(extend) = file.extend.take() else {
        return Ok(Some(file));
    };
    let base_path = dir.join(&extend);
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    chain.push(key);
    let base_key = std::fs::canonicalize(&base_path).unwrap_or_else(|_| base_path.clone());
    if chain.contains(&base_key) {
        let cycle: Vec<String> = chain
            .iter()
            .chain([&base_key])
            .map(|p| p.display().to_string())
            .collect();
        return Err(SettingsError::InvalidValue {
            origin: path.display().to_string(),
            key: "extend".into(),
            message: format!(
                "config files extend each other in a cycle: {}",
                cycle.join(" → ")
            ),
        });
    }
    let mut base =
        read_extended(&base_path, chain)?.ok_or_else(|| SettingsError::InvalidValue {
            origin: path.display().to_string(),
            key: "extend".into(),
            message: format!(
                "{} has no `[tool.sqlhound]` section to extend",
                base_path.display()
            ),
        })?;
    chain.pop();
    file.extended = std::iter::once(base_path.clone())
        .chain(std::mem::take(&mut base.extended))
        .collect();
    // The base's paths are its own: anchored where it is, not where this file is.
    let base_dir = base_path.parent().unwrap_or(Path::new("."));
    for entry in base.schema.iter_mut().flatten() {
        *entry =
            std::path::absolute(base_dir.join(&*entry)).unwrap_or_else(|_| base_dir.join(&*entry));
    }
    Ok(Some(file.over(base)))
}

/// One config file's keys. `Ok(None)` for a `pyproject.toml` without `[tool.sqlhound]`.
fn read_file(path: &Path) -> Result<Option<ConfigFile>, SettingsError> {
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
    toml::Value::Table(table)
        .try_into()
        .map(Some)
        .map_err(toml_error)
}

impl ConfigFile {
    /// These keys, and `base`'s where this file does not set them: as in ruff, a key
    /// replaces the inherited value (`extend-select` and `extend-exclude` included).
    fn over(self, base: Self) -> Self {
        Self {
            extend: None,
            extended: self.extended,
            dialect: self.dialect.or(base.dialect),
            select: self.select.or(base.select),
            extend_select: self.extend_select.or(base.extend_select),
            ignore: self.ignore.or(base.ignore),
            severity: self.severity.or(base.severity),
            exclude: self.exclude.or(base.exclude),
            extend_exclude: self.extend_exclude.or(base.extend_exclude),
            per_file_ignores: self.per_file_ignores.or(base.per_file_ignores),
            test_paths: self.test_paths.or(base.test_paths),
            fail_on: self.fail_on.or(base.fail_on),
            max_file_size: self.max_file_size.or(base.max_file_size),
            coerced_injection_severity: self
                .coerced_injection_severity
                .or(base.coerced_injection_severity),
            small_tables: self.small_tables.or(base.small_tables),
            schema: self.schema.or(base.schema),
            explain_trusted_functions: self
                .explain_trusted_functions
                .or(base.explain_trusted_functions),
            sinks: self.sinks.or(base.sinks),
            sanitizers: self.sanitizers.or(base.sanitizers),
            sources: self.sources.or(base.sources),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_close_names() {
        assert_eq!(did_you_mean("dialcet", KNOWN_KEYS), Some("dialect"));
        assert_eq!(did_you_mean("zzzzzz", KNOWN_KEYS), None);
    }
}
