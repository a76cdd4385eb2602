//! `--show-settings`: the settings that govern a file, as resolved, and where they came
//! from.

use std::fmt::Write;

use super::{FailOn, Settings, Severity};
use crate::rules::{self, RULES};

impl Settings {
    /// One `key: value` line per setting, the config files first.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let list = |items: &[String]| {
            if items.is_empty() {
                "[]".to_string()
            } else {
                items.join(", ")
            }
        };
        // Writing to a String cannot fail.
        let mut line = |key: &str, value: String| {
            let _ = writeln!(out, "{key}: {value}");
        };
        line(
            "config file",
            self.config_path
                .as_ref()
                .map_or("none (defaults)".into(), |p| p.display().to_string()),
        );
        if !self.extends.is_empty() {
            let extends: Vec<String> = self
                .extends
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            line("extends", extends.join(", then "));
        }
        let dialect = if self.dialect_configured {
            self.dialect.name().to_string()
        } else {
            format!(
                "{} (not set: Python files use their driver's)",
                self.dialect.name()
            )
        };
        line("dialect", dialect);
        let fail_on = match self.fail_on {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        };
        line("fail-on", fail_on.into());
        let enabled: Vec<String> = rules::all()
            .filter(|r| self.is_enabled(r))
            .map(|r| {
                let severity = self
                    .severity_override(r)
                    .map(|s| format!(" ({})", s.as_str()))
                    .unwrap_or_default();
                format!("{} {}{severity}", r.code, r.name)
            })
            .collect();
        line(
            &format!("rules ({} of {})", enabled.len(), RULES.len()),
            list(&enabled),
        );
        line("exclude", list(&self.exclude_patterns));
        let per_file: Vec<String> = self
            .per_file_ignores
            .iter()
            .map(|(pattern, _, indexes)| {
                let codes: Vec<&str> = indexes.iter().map(|&i| RULES[i].0.code).collect();
                format!("{pattern} = [{}]", codes.join(", "))
            })
            .collect();
        line("per-file-ignores", list(&per_file));
        line("test-paths", list(&self.test_patterns));
        line("max-file-size", self.max_file_size.to_string());
        line(
            "coerced-injection-severity",
            self.coerced_injection_severity
                .map_or("off", Severity::as_str)
                .into(),
        );
        line("small-tables", list(&self.small_tables));
        let schema: Vec<String> = self
            .schema_paths
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        line("schema", list(&schema));
        line(
            "explain-trusted-functions",
            list(&self.explain_trusted_functions),
        );
        let catalogue = &self.catalogue;
        line(
            "sinks, sanitizers, sources",
            format!(
                "{}, {}, {} configured",
                catalogue.sinks.len(),
                catalogue.sanitizers.len(),
                catalogue.sources.len()
            ),
        );
        out
    }
}
