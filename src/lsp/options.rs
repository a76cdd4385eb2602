//! What an editor may set, from `initializationOptions` or `workspace/didChangeConfiguration`
//! (either the options themselves or `{"sqlhound": {...}}`). They override `sqlhound.toml`
//! the way command-line flags do.

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

use crate::settings::Overrides;
use crate::sql::Dialect;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ClientOptions {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub dialect: Option<String>,
    /// A config file to use instead of discovering one per directory.
    pub config: Option<PathBuf>,
    /// Let "fix all" (`source.fixAll.sqlhound`) apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// A PostgreSQL to plan the queries of a document on when it is saved (the explain
    /// pass); `SQLHOUND_DATABASE_URL` of the server's environment otherwise.
    pub database_url: Option<String>,
}

impl ClientOptions {
    /// Reads options sent by the client; `null` and `{}` mean the defaults.
    pub fn from_value(value: &Value) -> Result<Self, String> {
        let value = value.get("sqlhound").unwrap_or(value);
        if value.is_null() {
            return Ok(Self::default());
        }
        serde_json::from_value(value.clone()).map_err(|e| format!("sqlhound settings: {e}"))
    }

    /// The explain pass's options, when a database is given.
    pub fn explain(&self) -> Option<crate::explain::Options> {
        let url = self
            .database_url
            .clone()
            .or_else(|| std::env::var("SQLHOUND_DATABASE_URL").ok())
            .filter(|url| !url.trim().is_empty())?;
        Some(crate::explain::Options::new(url))
    }

    pub fn overrides(&self) -> Result<Overrides, String> {
        let dialect = match &self.dialect {
            Some(name) => {
                Some(Dialect::parse(name).ok_or_else(|| format!("unknown dialect `{name}`"))?)
            }
            None => None,
        };
        Ok(Overrides {
            dialect,
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            config: self.config.clone(),
            ..Overrides::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn options_may_be_nested_under_sqlhound() {
        let options = ClientOptions::from_value(&json!({"sqlhound": {"ignore": ["select-star"]}}));
        assert_eq!(
            options.map(|o| o.ignore),
            Ok(vec!["select-star".to_string()])
        );
        assert!(ClientOptions::from_value(&Value::Null).is_ok());
    }

    #[test]
    fn unknown_options_and_dialects_are_errors() {
        assert!(ClientOptions::from_value(&json!({"selct": []})).is_err());
        let options = ClientOptions::from_value(&json!({"dialect": "cobol"}));
        assert!(options.is_ok_and(|o| o.overrides().is_err()));
    }
}
