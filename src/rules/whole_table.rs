//! Whether a statement without `WHERE` is meant for every row, as the name of the function
//! that runs it says: `clear()`, `truncate_table()`, `delete_all_rows()` empty a whole table
//! by design, where a forgotten `WHERE` hides in a function named for something narrower
//! (`delete_user()`, `mark_paid()`).

/// Words that name emptying a whole table, for `DELETE`.
const EMPTIES: [&str; 8] = [
    "clear", "flush", "truncate", "reset", "wipe", "purge", "empty", "erase",
];

/// Words that name a schema change, during which an `UPDATE` copies or fills a column in
/// every row (`_alter_field_type()`, `backfill_slugs()`).
const SCHEMA_CHANGE: [&str; 4] = ["alter", "migrate", "migration", "backfill"];

/// Objects that mean every row after a verb (`delete_all`, `delete_rows(table)`,
/// `update_all_rows`); a narrower word after them (`delete_rows_for`) does not.
const ALL_ROWS: [&str; 6] = ["all", "rows", "everything", "records", "entries", "table"];

/// Which statement runs without `WHERE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    Delete,
    Update,
}

/// Whether a function of this name runs `write` on every row on purpose: a `DELETE` in a
/// function that clears, flushes, truncates… or deletes all rows; an `UPDATE` in a schema
/// change or a function that updates all rows. A `reset_password()` or `clear_session()`
/// names one row's change and keeps its finding only for `UPDATE`, where the cost of a
/// missing `WHERE` is a rewritten table rather than one emptied on purpose.
pub fn meant_for_every_row(function: &str, write: Write) -> bool {
    let words = words(function);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let of_all_rows = |verbs: &[&str]| {
        words.iter().enumerate().any(|(at, word)| {
            let rest = &words[at + 1..];
            verbs.contains(&word.as_str())
                && !rest.is_empty()
                && rest.iter().all(|w| ALL_ROWS.contains(&w.as_str()))
        })
    };
    match write {
        Write::Delete => has(&EMPTIES) || of_all_rows(&["delete", "remove"]),
        Write::Update => has(&SCHEMA_CHANGE) || of_all_rows(&["update", "set", "reset"]),
    }
}

/// Whether a flag's whole name asks for emptying the table: `truncate`, `clear`; not
/// `reset_password`, which names one row's change.
pub fn flag_empties(flag: &str) -> bool {
    EMPTIES.contains(&flag.to_ascii_lowercase().as_str())
}

/// The lower-case words of a snake_case or camelCase name.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in name.chars() {
        if (c == '_' || c.is_ascii_uppercase()) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c != '_' {
            word.push(c.to_ascii_lowercase());
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::{Write, flag_empties, meant_for_every_row};

    #[test]
    fn names_that_empty_a_table_mean_every_row() {
        for name in [
            "clear",
            "_flush_cache",
            "truncateTable",
            "delete_rows",
            "deleteAll",
            "reset_counters",
        ] {
            assert!(meant_for_every_row(name, Write::Delete), "{name}");
        }
    }

    #[test]
    fn narrower_names_do_not() {
        for name in [
            "delete_user",
            "remove_expired",
            "cleanup",
            "delete_rows_for",
            "delete_all_expired",
            "allocate",
            "clearance_level",
        ] {
            assert!(!meant_for_every_row(name, Write::Delete), "{name}");
        }
        assert!(!meant_for_every_row("_alter_field_type", Write::Delete));
    }

    #[test]
    fn only_a_flag_named_by_one_emptying_word_empties() {
        for flag in ["truncate", "clear", "Reset"] {
            assert!(flag_empties(flag), "{flag}");
        }
        for flag in [
            "reset_password",
            "cache_cleared",
            "truncated_at",
            "delete_all",
        ] {
            assert!(!flag_empties(flag), "{flag}");
        }
    }

    #[test]
    fn a_schema_change_rewrites_every_row() {
        assert!(meant_for_every_row(
            "_alter_field_type_workaround",
            Write::Update
        ));
        assert!(meant_for_every_row("backfillSlugs", Write::Update));
        assert!(!meant_for_every_row("mark_paid", Write::Update));
        assert!(meant_for_every_row("update_all_rows", Write::Update));
        assert!(!meant_for_every_row("reset_password", Write::Update));
        assert!(!meant_for_every_row("clear", Write::Update));
    }
}
