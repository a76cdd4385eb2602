//! Calls that open database connections, and Django's `DATABASES` setting: their keywords
//! and URLs, for the credential and TLS checks.

use ruff_python_ast::{Expr, ExprCall, ExprDict};

use super::calls::Call;
use crate::python::flow::{Analyzer, ConnectSite, Setting};
use crate::python::module::{range, root_package};
use crate::python::sinks::{AIRFLOW_DATABASE_CONN_TYPES, CONNECT_FUNCTIONS, CONNECT_ONLY_MODULES};

impl<'a> Analyzer<'_, 'a> {
    /// `psycopg2.connect(…)`, `create_engine(…)`: a driver's or a database client's
    /// connect function, or one called by its bare name that no other library exports
    /// (a project's `connect()` wrapper); Airflow's `Connection` of a database type.
    pub(super) fn connect(&mut self, call: &Call<'a>) {
        let Some(path) = call.path.as_deref() else {
            return;
        };
        if !CONNECT_FUNCTIONS.contains(&call.last.as_str()) {
            return;
        }
        let root = root_package(path);
        let database = if root == "airflow" {
            self.airflow_database_connection(call.expr)
        } else {
            self.module.is_driver_path(path)
                || CONNECT_ONLY_MODULES.contains(&root)
                || match call.func {
                    Expr::Name(name) => !self.module.imported_from_dependency(name.id.as_str()),
                    _ => false,
                }
        };
        if database {
            self.connect_site(call.expr, path);
        }
    }

    /// `Connection(conn_type="postgres", …)`: a database's, unless its type says it is not.
    fn airflow_database_connection(&self, call: &ExprCall) -> bool {
        let conn_type = call
            .arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "conn_type"))
            .and_then(|k| self.literal_text(&k.value));
        conn_type.is_none_or(|t| AIRFLOW_DATABASE_CONN_TYPES.contains(&t.as_str()))
    }

    fn connect_site(&mut self, call: &'a ExprCall, path: &str) {
        if !self.record || self.depth > 0 {
            return;
        }
        let mut settings = Vec::new();
        for keyword in &call.arguments.keywords {
            let Some(name) = &keyword.arg else {
                continue;
            };
            if let Expr::Dict(dict) = &keyword.value {
                settings.extend(dict_settings(self, dict));
            }
            settings.push(setting(self, name.id.as_str(), &keyword.value));
        }
        let urls = call
            .arguments
            .args
            .iter()
            .filter_map(|a| self.literal_text(a).map(|t| (range(a), t)))
            .collect();
        self.facts.connects.push(ConnectSite {
            function: path.to_string(),
            callee: range(call.func.as_ref()),
            settings,
            urls,
            in_loop: self.loops.last().cloned(),
            scope: self.function.clone(),
        });
    }

    /// Django's `DATABASES = {"default": {"PASSWORD": …, "OPTIONS": {…}}}`: each entry is
    /// checked like a connection call.
    pub(crate) fn databases_setting(&mut self, dict: &'a ExprDict) {
        if !self.record || self.depth > 0 {
            return;
        }
        for item in &dict.items {
            if let Expr::Dict(entry) = &item.value {
                let settings = dict_settings(self, entry);
                self.facts.connects.push(ConnectSite {
                    function: "DATABASES".into(),
                    callee: range(&item.value),
                    settings,
                    urls: Vec::new(),
                    in_loop: None,
                    scope: self.function.clone(),
                });
            }
        }
    }
}

fn setting(analyzer: &Analyzer<'_, '_>, name: &str, value: &Expr) -> Setting {
    Setting {
        name: name.to_ascii_lowercase(),
        span: range(value),
        literal: analyzer.literal_text(value),
        constant: match value {
            Expr::BooleanLiteral(b) if b.value => Some("True"),
            Expr::BooleanLiteral(_) => Some("False"),
            Expr::NoneLiteral(_) => Some("None"),
            _ => None,
        },
    }
}

/// Entries of a literal dict (`connect_args={"sslmode": "disable"}`), nested dicts flattened.
fn dict_settings(analyzer: &Analyzer<'_, '_>, dict: &ExprDict) -> Vec<Setting> {
    let mut out = Vec::new();
    for item in &dict.items {
        let Some(Expr::StringLiteral(key)) = &item.key else {
            continue;
        };
        if let Expr::Dict(inner) = &item.value {
            out.extend(dict_settings(analyzer, inner));
        }
        out.push(setting(analyzer, key.value.to_str(), &item.value));
    }
    out
}
