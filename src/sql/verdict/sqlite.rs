//! SQLite's verdict: the statement is prepared (compiled, never run) on an empty in-memory
//! database. SQLite parses a statement before it looks up its names, so "no such table"
//! and the like mean the syntax is fine; only the tokenizer's and parser's errors are
//! syntax errors.

use std::cell::RefCell;

use rusqlite::Connection;

use super::Verdict;

/// How the messages of SQLite's tokenizer and parser begin (`sqlite3RunParser`,
/// `yy_syntax_error`); every other error of `prepare` is about names or types.
const SYNTAX_MESSAGES: [&str; 4] = [
    "near ",
    "unrecognized token",
    "incomplete input",
    "syntax error",
];

thread_local! {
    /// One empty database per checking thread, opened on first use.
    static EMPTY: RefCell<Option<Connection>> = const { RefCell::new(None) };
}

/// `None` when SQLite cannot open an in-memory database (out of memory): no verdict.
pub(super) fn judge(statement: &str) -> Option<Verdict> {
    EMPTY.with_borrow_mut(|empty| {
        if empty.is_none() {
            *empty = Connection::open_in_memory().ok();
        }
        // `prepare` compiles the statement; only stepping it would run it.
        let prepared = empty.as_ref()?.prepare(statement).map(drop);
        Some(match prepared {
            Ok(()) => Verdict::Accepted,
            Err(error) => judge_error(statement, error),
        })
    })
}

fn judge_error(statement: &str, error: rusqlite::Error) -> Verdict {
    let (message, offset) = match error {
        // `sql` is the rest of the statement SQLite was reading (after a first statement).
        rusqlite::Error::SqlInputError {
            msg, offset, sql, ..
        } => {
            let skipped = statement.len().saturating_sub(sql.len());
            (msg, usize::try_from(offset).ok().map(|at| skipped + at))
        }
        rusqlite::Error::SqliteFailure(_, Some(msg)) => (msg, None),
        // SQLite reads a statement up to a NUL byte only.
        rusqlite::Error::NulError(_) => {
            return rejected("unrecognized token: NUL".into(), statement.find('\0'));
        }
        other => (other.to_string(), None),
    };
    if !SYNTAX_MESSAGES
        .iter()
        .any(|start| message.starts_with(start))
    {
        return Verdict::Accepted;
    }
    // SQLite counts bytes, not characters.
    rejected(message, offset.filter(|&at| statement.is_char_boundary(at)))
}

fn rejected(message: String, offset: Option<usize>) -> Verdict {
    Verdict::Rejected {
        database: "SQLite",
        message,
        offset,
    }
}
