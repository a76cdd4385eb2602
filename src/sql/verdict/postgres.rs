//! PostgreSQL's verdict, from libpg_query (the server's parser as a library, built by the
//! `pg_query` crate). The crate's functions drop the error position, so this module calls
//! the library's `pg_query_split_with_parser` itself: it runs the raw parser, as the server
//! does on receiving the statement, without building the protobuf tree that
//! `pg_query::parse` costs about a second per megabyte for.

use std::ffi::{CStr, CString, c_char, c_int};

use super::{Verdict, char_offset};

// The structs of `pg_query.h` in pg_query 18.1.0 (pinned in Cargo.toml for this reason).
#[repr(C)]
struct PgQueryError {
    message: *mut c_char,
    funcname: *mut c_char,
    filename: *mut c_char,
    lineno: c_int,
    /// 1-based character position in the query, 0 when there is none.
    cursorpos: c_int,
    context: *mut c_char,
}

#[repr(C)]
struct PgQuerySplitStmt {
    stmt_location: c_int,
    stmt_len: c_int,
}

#[repr(C)]
struct PgQuerySplitResult {
    stmts: *mut *mut PgQuerySplitStmt,
    n_stmts: c_int,
    stderr_buffer: *mut c_char,
    error: *mut PgQueryError,
}

// From the static library the `pg_query` crate builds: naming the crate links it in.
use pg_query as _;

unsafe extern "C" {
    fn pg_query_split_with_parser(input: *const c_char) -> PgQuerySplitResult;
    fn pg_query_free_split_result(result: PgQuerySplitResult);
}

pub(super) fn judge(statement: &str) -> Verdict {
    let Ok(input) = CString::new(statement) else {
        // PostgreSQL reads no further than a NUL byte, and rejects one in a statement.
        return Verdict::Rejected {
            database: "PostgreSQL",
            message: "invalid byte sequence: a NUL byte in the statement".into(),
            offset: statement.find('\0'),
        };
    };
    // SAFETY: `input` is a valid NUL-terminated string that outlives the call; the result is
    // read only while it is alive, every pointer checked for NULL first, then freed once by
    // the library's own function. libpg_query keeps its state per thread, so calls from
    // several threads at once are safe.
    unsafe {
        let result = pg_query_split_with_parser(input.as_ptr());
        let verdict = if result.error.is_null() {
            Verdict::Accepted
        } else {
            let error = &*result.error;
            let message = if error.message.is_null() {
                "syntax error".to_string()
            } else {
                CStr::from_ptr(error.message).to_string_lossy().into_owned()
            };
            let offset = usize::try_from(error.cursorpos)
                .ok()
                .and_then(|position| char_offset(statement, position));
            Verdict::Rejected {
                database: "PostgreSQL",
                message,
                offset,
            }
        };
        pg_query_free_split_result(result);
        verdict
    }
}
