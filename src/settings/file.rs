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
    pub(super) dialect: Option<String>,
    pub(super) select: Option<Vec<String>>,
    pub(super) extend_select: Option<Vec<String>>,
    pub(super) ignore: Option<Vec<String>>,
    pub(super) severity: Option<BTreeMap<String, String>>,
    pub(super) exclude: Option<Vec<String>>,
    pub(super) extend_exclude: Option<Vec<String>>,
    pub(super) per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
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

const KNOWN_KEYS: [&str; 17] = [
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

/// Loads a config file. `Ok(None)` for a `pyproject.toml` without `[tool.sqlhound]`.
pub(super) fn load(path: &Path, overrides: &Overrides) -> Result<Option<Settings>, SettingsError> {
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
