//! Which statements may be planned. PostgreSQL's planner evaluates IMMUTABLE and STABLE
//! functions whose arguments are constants (constant folding), inlines SQL functions, and
//! calls operators' estimators, planner support functions and types' input functions: a
//! user function falsely marked IMMUTABLE can write, signal or lock during a plain
//! `EXPLAIN`, and a read-only transaction stops none of it. So a statement is planned only
//! when nothing planning may evaluate is code the user wrote.
//!
//! Trusted: `pg_catalog` and `information_schema` (only a superuser can add to them) minus
//! [`DENIED`]; the functions of the extensions in [`TRUSTED_EXTENSIONS`]; and the
//! functions the user lists (`explain-trusted-functions`). One catalog query at the start
//! (`untrusted.sql`) finds every other function planning may run and every object that
//! leads to one — views and rules that call it, tables whose defaults, policies,
//! constraints, indexes or column types use it, types whose I/O or casts use it,
//! operators backed by it — and foreign tables. A statement naming any of them is not
//! planned. Names match regardless of schema and overload, which errs towards not
//! planning.

use rustc_hash::FxHashMap;

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};
use tokio_postgres::Client;

/// Built-ins with side effects. Volatile functions are never folded, so planning cannot
/// call these on their own; a statement naming one is still not planned (defence in
/// depth), and neither is one naming a built-in that runs a query given as text
/// (`table_to_xml` is STABLE: folded, it reads a view that may call anything).
pub const DENIED: &[&str] = &[
    "pg_terminate_backend",
    "pg_cancel_backend",
    "pg_reload_conf",
    "pg_rotate_logfile",
    "pg_log_backend_memory_contexts",
    "pg_promote",
    "pg_switch_wal",
    "pg_create_restore_point",
    "pg_backup_start",
    "pg_backup_stop",
    "pg_wal_replay_pause",
    "pg_wal_replay_resume",
    "pg_import_system_collations",
    "set_config",
    "pg_notify",
    "loread",
    "lowrite",
    "ts_stat",
    "ts_rewrite",
    "pg_create_physical_replication_slot",
    "pg_create_logical_replication_slot",
    "pg_copy_physical_replication_slot",
    "pg_copy_logical_replication_slot",
    "pg_drop_replication_slot",
    "pg_replication_slot_advance",
    "pg_logical_slot_get_changes",
    "pg_logical_slot_get_binary_changes",
    "pg_logical_emit_message",
];

/// The same, by prefix: advisory locks, large objects, dblink, statistics resets,
/// replication origins, adminpack's file functions and the `*_to_xml` query runners.
pub const DENIED_PREFIXES: &[&str] = &[
    "pg_advisory_",
    "pg_try_advisory_",
    "lo_",
    "dblink",
    "pg_stat_reset",
    "pg_stat_statements_reset",
    "pg_replication_origin_",
    "pg_file_",
    "query_to_xml",
    "table_to_xml",
    "schema_to_xml",
    "database_to_xml",
    "cursor_to_xml",
];

/// Extensions whose functions are trusted: maintained, widely used, and free of side
/// effects when folded. dblink and the foreign data wrappers are not among them.
pub const TRUSTED_EXTENSIONS: &[&str] = &[
    "hypopg",
    "pg_trgm",
    "citext",
    "postgis",
    "postgis_raster",
    "postgis_topology",
    "btree_gin",
    "btree_gist",
    "hstore",
    "ltree",
    "intarray",
    "cube",
    "earthdistance",
    "fuzzystrmatch",
    "unaccent",
    "pgcrypto",
    "uuid-ossp",
    "isn",
    "seg",
    "tablefunc",
    "pg_stat_statements",
    "vector",
    "bloom",
    "tsm_system_rows",
    "tsm_system_time",
    "plpgsql",
];

/// Operators PostgreSQL applies without their symbol being written (`IN`, `BETWEEN`,
/// `LIKE`, `ORDER BY`, `GROUP BY`, `DISTINCT`, joins): a user function behind one of these
/// stops all planning.
const IMPLICIT_OPERATORS: &[&str] = &[
    "=", "<>", "!=", "<", ">", "<=", ">=", "~~", "~~*", "!~~", "!~~*",
];

/// What the database holds that planning may run, by the name a statement would use.
#[derive(Debug, Default)]
pub struct Trust {
    /// Functions, relations and types, by name, and why.
    names: FxHashMap<String, String>,
    /// Operator symbols, and why.
    operators: Vec<(String, String)>,
    /// Why no statement can be planned (a user function behind an implicit operator or cast).
    everything: Option<String>,
}

impl Trust {
    /// Reads what planning may run from the catalog: one read-only query.
    pub async fn read(client: &Client, trusted: &[String]) -> Result<Self, tokio_postgres::Error> {
        let extensions: Vec<&str> = TRUSTED_EXTENSIONS.to_vec();
        let rows = client
            .query(include_str!("untrusted.sql"), &[&extensions, &trusted])
            .await?;
        let mut trust = Trust::default();
        for row in rows {
            let (kind, name, label): (String, String, String) =
                (row.get(0), row.get(1), row.get(2));
            let may_run = |how: &str| {
                format!(
                    "planning may run {label}{how}: sqlhound does not run code from the database"
                )
            };
            match kind.as_str() {
                "operator" if IMPLICIT_OPERATORS.contains(&name.as_str()) => {
                    trust.everything.get_or_insert(may_run(&format!(
                        " behind the operator `{name}`, which PostgreSQL applies without it being \
                         written"
                    )));
                }
                "operator" => {
                    let why = may_run(&format!(" behind the operator `{name}`"));
                    trust.operators.push((name, why));
                }
                "everything" => {
                    trust
                        .everything
                        .get_or_insert(may_run(&format!(" in the implicit cast {name}")));
                }
                "direct" => {
                    trust.names.insert(name, may_run(""));
                }
                _ => {
                    let why = may_run(&format!(" through `{name}`"));
                    trust.names.entry(name).or_insert(why);
                }
            }
        }
        Ok(trust)
    }

    /// Why `sql` must not be planned, or `None` when nothing planning it may evaluate is
    /// untrusted.
    pub fn refusal(&self, sql: &str) -> Option<String> {
        if let Some(why) = &self.everything {
            return Some(why.clone());
        }
        let Ok(tokens) = Tokenizer::new(&PostgreSqlDialect {}, sql).tokenize() else {
            return Some("its text could not be read to check what planning it may run".into());
        };
        let mut run = String::new();
        for token in tokens.iter().chain([&Token::EOF]) {
            let text = token.to_string();
            let operator = !matches!(token, Token::Word(_) | Token::Whitespace(_) | Token::EOF)
                && !text.is_empty()
                && text.chars().all(|c| "+-*/<>=~!@#%^&|`?".contains(c));
            if operator {
                run.push_str(&text);
                continue;
            }
            if let Some((_, why)) = self
                .operators
                .iter()
                .find(|(symbol, _)| run.contains(symbol.as_str()))
            {
                return Some(why.clone());
            }
            run.clear();
            if let Token::Word(word) = token {
                // PostgreSQL folds unquoted names to lower case.
                let name = match word.quote_style {
                    Some(_) => word.value.clone(),
                    None => word.value.to_lowercase(),
                };
                if let Some(why) = denied(&name) {
                    return Some(why);
                }
                if let Some(why) = self.names.get(&name) {
                    return Some(why.clone());
                }
            }
        }
        None
    }
}

/// Why a built-in on the deny-list is not planned.
fn denied(name: &str) -> Option<String> {
    let listed = DENIED.contains(&name) || DENIED_PREFIXES.iter().any(|p| name.starts_with(p));
    listed.then(|| {
        format!("it calls `{name}`, a built-in with side effects, which sqlhound never plans")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trust() -> Trust {
        let mut trust = Trust::default();
        trust.names.insert(
            "leak".into(),
            "planning may run `public.leak` (STABLE)".into(),
        );
        trust.names.insert(
            "Mixed".into(),
            "planning may run `public.Mixed` (IMMUTABLE)".into(),
        );
        trust
            .operators
            .push(("@@@".into(), "behind the operator `@@@`".into()));
        trust
    }

    #[test]
    fn names_match_as_postgresql_folds_them() {
        let trust = trust();
        assert!(trust.refusal("SELECT LEAK(1)").is_some());
        assert!(trust.refusal("SELECT public.leak(1)").is_some());
        assert!(trust.refusal(r#"SELECT "Mixed"(1)"#).is_some());
        // Unquoted, `Mixed` is `mixed`; in a string or a comment it is no name at all.
        assert!(trust.refusal("SELECT Mixed(1)").is_none());
        assert!(trust.refusal("SELECT 'leak' -- leak\n").is_none());
        assert!(
            trust
                .refusal("SELECT id FROM orders WHERE id = $1")
                .is_none()
        );
    }

    #[test]
    fn an_operator_is_found_inside_a_run_of_operator_characters() {
        let trust = trust();
        assert!(trust.refusal("SELECT 1 @@@ 2").is_some());
        assert!(trust.refusal("SELECT 1 @@@-2").is_some());
        assert!(trust.refusal("SELECT 1 @@ @ 2").is_none());
    }

    #[test]
    fn side_effect_built_ins_are_refused_in_every_database() {
        let trust = Trust::default();
        for sql in [
            "SELECT pg_advisory_lock(1)",
            "SELECT pg_catalog.pg_terminate_backend(42)",
            "SELECT lo_import('/etc/passwd')",
            "SELECT dblink_exec('x', 'y')",
            "SELECT table_to_xml('t', true, false, '')",
        ] {
            assert!(trust.refusal(sql).is_some(), "{sql}");
        }
        assert!(trust.refusal("SELECT now(), lower(name) FROM t").is_none());
        let everything = Trust {
            everything: Some("the operator `=`".into()),
            ..Trust::default()
        };
        assert!(everything.refusal("SELECT 1").is_some());
    }
}
