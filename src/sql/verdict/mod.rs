//! Syntax verdicts from the database's own parser, for the statements sqlparser rejects.
//!
//! sqlparser covers most of each dialect, not all of it: `DO $$ … $$`, `ALTER COLUMN … TYPE
//! text COLLATE "C"`, `UNIQUE (…) ON CONFLICT REPLACE` are valid, and reporting them as
//! syntax errors teaches users to ignore the finding. So a statement sqlparser rejects is
//! handed to the database's parser where sqlhound has it (PostgreSQL's, as libpg_query, and
//! SQLite's): when the database accepts it, the statement is valid but not analysed by the
//! rules; when it rejects it too, the finding quotes the database. Only rejected statements
//! get here, so the cost of a second parser is paid on a few statements, not on every one.

mod mysql;
mod postgres;
mod sqlite;

use super::Dialect;

/// What the database's parser says of a statement sqlparser rejects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Valid SQL of the database: sqlparser's error is a gap of sqlparser's.
    Accepted,
    /// The database rejects it too, in its own words.
    Rejected {
        /// The database's name, for the message (`PostgreSQL`).
        database: &'static str,
        message: String,
        /// Where the database stopped: a byte offset into the statement.
        offset: Option<usize>,
    },
    /// A stored routine whose body is the database's procedural language (MySQL's
    /// `BEGIN … END` with `DECLARE`, loops, handlers), which sqlhound has no parser of:
    /// not a syntax error, not analysed.
    Procedural,
}

/// The verdict of the dialect's database on `statement` (one statement, without its `;`);
/// `None` when sqlhound has no parser of that database, and sqlparser's error stands.
pub fn judge(statement: &str, dialect: Dialect) -> Option<Verdict> {
    match dialect {
        Dialect::Postgres => Some(postgres::judge(statement)),
        Dialect::Sqlite => sqlite::judge(statement),
        Dialect::Mysql => mysql::judge(statement),
        _ => None,
    }
}

/// The byte offset of the `position`-th character (1-based, as both databases count), or the
/// end of the text for a position past it ("at end of input").
fn char_offset(text: &str, position: usize) -> Option<usize> {
    let index = position.checked_sub(1)?;
    Some(
        text.char_indices()
            .nth(index)
            .map_or(text.len(), |(at, _)| at),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly on purpose

    use super::*;

    fn rejected(statement: &str, dialect: Dialect) -> (String, Option<usize>) {
        match judge(statement, dialect) {
            Some(Verdict::Rejected {
                message, offset, ..
            }) => (message, offset),
            other => panic!("{statement}: {other:?}"),
        }
    }

    /// Asserts that each statement gets `verdict` in `dialect`.
    fn each_is(verdict: Option<Verdict>, dialect: Dialect, statements: &[&str]) {
        for statement in statements {
            assert_eq!(judge(statement, dialect), verdict, "{statement}");
        }
    }

    #[test]
    fn postgres_accepts_what_sqlparser_does_not() {
        each_is(
            Some(Verdict::Accepted),
            Dialect::Postgres,
            &[
                r#"ALTER TABLE t ALTER COLUMN c TYPE text COLLATE "C""#,
                "DO $$ BEGIN RAISE NOTICE 'x;y'; END $$",
                "DO LANGUAGE plpgsql $body$ BEGIN PERFORM 1; END $body$",
                "SELECT $1, __sqlhound_hole_1 FROM t",
            ],
        );
    }

    #[test]
    fn postgres_rejects_with_its_message_and_position() {
        assert_eq!(
            rejected("SELEC 1", Dialect::Postgres),
            ("syntax error at or near \"SELEC\"".into(), Some(0))
        );
        let statement = "SELECT 'é' FROM WHERE";
        assert_eq!(
            rejected(statement, Dialect::Postgres),
            (
                "syntax error at or near \"WHERE\"".into(),
                statement.find("WHERE")
            )
        );
        let (message, offset) = rejected("SELECT * FROM", Dialect::Postgres);
        assert_eq!(message, "syntax error at end of input");
        assert_eq!(offset, Some("SELECT * FROM".len()));
    }

    #[test]
    fn a_nul_byte_is_rejected_not_a_crash() {
        let (message, _) = rejected("SELECT '\0'", Dialect::Postgres);
        assert!(message.contains("NUL"), "{message}");
    }

    #[test]
    fn sqlite_accepts_valid_sql_on_tables_it_does_not_have() {
        each_is(
            Some(Verdict::Accepted),
            Dialect::Sqlite,
            &[
                "CREATE TABLE t (a int, b int, UNIQUE (a, b) ON CONFLICT REPLACE)",
                "INSERT OR REPLACE INTO missing (a) VALUES (?)",
                "SELECT nope FROM missing WHERE x = $1",
                "CREATE INDEX i ON missing (a) WHERE a IS NOT NULL",
            ],
        );
    }

    #[test]
    fn sqlite_rejects_with_its_message_and_position() {
        let statement = "SELECT 1 FROMM t";
        let (message, offset) = rejected(statement, Dialect::Sqlite);
        assert_eq!(message, "near \"t\": syntax error");
        assert_eq!(offset, statement.find(" t").map(|at| at + 1));
        let (message, _) = rejected("SELECT (1", Dialect::Sqlite);
        assert_eq!(message, "incomplete input");
    }

    #[test]
    fn preparing_runs_nothing() {
        // Run, these would create files; prepared only, they are judged and never run.
        let dir = tempfile::tempdir().unwrap();
        let attached = dir.path().join("attached.db");
        let copy = dir.path().join("copy.db");
        for statement in [
            format!("ATTACH DATABASE '{}' AS x", attached.display()),
            format!("VACUUM INTO '{}'", copy.display()),
        ] {
            assert_eq!(
                judge(&statement, Dialect::Sqlite),
                Some(Verdict::Accepted),
                "{statement}"
            );
        }
        assert!(!attached.exists() && !copy.exists());
    }

    #[test]
    fn mysql_routines_with_compound_bodies_are_procedural() {
        each_is(
            Some(Verdict::Procedural),
            Dialect::Mysql,
            &[
                "CREATE PROCEDURE p(IN n INT)\nBEGIN\n  DECLARE i INT DEFAULT 0;\n  WHILE i < n DO SET i = i + 1; END WHILE;\nEND",
                "CREATE DEFINER=`admin`@`%` FUNCTION f() RETURNS INT DETERMINISTIC BEGIN RETURN 1; END",
                "create trigger tr before insert on t for each row begin set new.a = 1; end",
                "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; END",
                "CREATE PROCEDURE p() main: BEGIN LEAVE main; END main",
            ],
        );
        each_is(
            None,
            Dialect::Mysql,
            &[
                "SELEC 1",
                "CREATE TABLE procedure_log (a int)",
                "CREATE PROCEDURE p() SELECT 1 FROMM t",
                "BEGIN; SELECT 1; END",
            ],
        );
    }

    #[test]
    fn other_dialects_have_no_verdict() {
        assert_eq!(judge("SELEC 1", Dialect::Mssql), None);
    }
}
