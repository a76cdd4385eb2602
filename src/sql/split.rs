//! Splits SQL text into statements before parsing.
//!
//! sqlparser parses a whole script in one go at about three times the cost of parsing its
//! statements one by one, and one syntax error loses the rest of the file. This scanner finds
//! statement boundaries (`;` outside strings, quoted identifiers, comments, dollar quotes and
//! procedural `BEGIN … END` bodies) in one linear pass, so each statement is parsed alone and
//! an error in one does not hide the next. It also records every comment, for suppressions.
//!
//! Statements come one at a time (`Splitter` is an iterator), so a caller can parse and
//! check each and drop it before the next: memory holds one statement, not a file's worth.

use std::ops::Range;

use super::Dialect;

/// Words that matter to the splitter, seen outside quotes and comments.
#[derive(Default)]
struct StatementState {
    start: Option<usize>,
    first_word: Option<Keyword>,
    /// `CREATE … FUNCTION|PROCEDURE|TRIGGER`: `BEGIN … END` bodies hold `;`.
    routine: bool,
    depth: usize,
    copy_from: bool,
    copy_from_stdin: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Begin,
    Case,
    Copy,
    Create,
    End,
    From,
    Routine,
    Stdin,
    /// `END IF`, `END LOOP`, …: closes a block the splitter never counted.
    EndCompanion,
    Other,
}

fn keyword(word: &[u8]) -> Keyword {
    const ROUTINES: [&[u8]; 3] = [b"FUNCTION", b"PROCEDURE", b"TRIGGER"];
    const COMPANIONS: [&[u8]; 5] = [b"IF", b"LOOP", b"WHILE", b"REPEAT", b"FOR"];
    let is = |k: &[u8]| word.eq_ignore_ascii_case(k);
    if is(b"BEGIN") {
        Keyword::Begin
    } else if is(b"CASE") {
        Keyword::Case
    } else if is(b"COPY") {
        Keyword::Copy
    } else if is(b"CREATE") {
        Keyword::Create
    } else if is(b"END") {
        Keyword::End
    } else if is(b"FROM") {
        Keyword::From
    } else if is(b"STDIN") {
        Keyword::Stdin
    } else if ROUTINES.iter().any(|k| is(k)) {
        Keyword::Routine
    } else if COMPANIONS.iter().any(|k| is(k)) {
        Keyword::EndCompanion
    } else {
        Keyword::Other
    }
}

fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// The statements of `text`, found as the scan reaches them.
pub fn split(text: &str, dialect: Dialect) -> Splitter<'_> {
    Splitter {
        bytes: text.as_bytes(),
        dialect,
        at: 0,
        done: false,
        finished: None,
        comments: Vec::new(),
        unterminated_comment: None,
        state: StatementState::default(),
        delimiter: None,
    }
}

/// Yields byte ranges of statements, from their first token to just before the `;`.
pub struct Splitter<'a> {
    bytes: &'a [u8],
    dialect: Dialect,
    /// Where the scan resumes.
    at: usize,
    done: bool,
    /// A statement the last step ended.
    finished: Option<Range<usize>>,
    comments: Vec<Range<usize>>,
    unterminated_comment: Option<usize>,
    state: StatementState,
    /// What ends a statement instead of `;` since the mysql client's `DELIMITER //`.
    delimiter: Option<Vec<u8>>,
}

impl Iterator for Splitter<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        while self.at < self.bytes.len() {
            self.at = self.step(self.at);
            if let Some(statement) = self.finished.take() {
                return Some(statement);
            }
        }
        if !self.done {
            self.done = true;
            self.finish_statement(self.bytes.len());
        }
        self.finished.take()
    }
}

impl Splitter<'_> {
    /// Byte ranges of the comments scanned, markers included.
    pub fn into_comments(self) -> Vec<Range<usize>> {
        self.comments
    }

    /// Where a `/*` that is never closed starts, once the scan has reached it.
    pub fn unterminated_comment(&self) -> Option<usize> {
        self.unterminated_comment
    }

    /// Scans the token or gap at `i`; returns where the next one starts.
    fn step(&mut self, i: usize) -> usize {
        let b = self.bytes[i];
        if let Some(delimiter) = &self.delimiter
            && self.bytes[i..].starts_with(delimiter)
        {
            let end = i + delimiter.len();
            self.finish_statement(i);
            return end;
        }
        match b {
            b'-' if self.peek(i + 1) == Some(b'-') => self.line_comment(i),
            b'#' if self.dialect.has_hash_comments() => self.line_comment(i),
            b'/' if self.peek(i + 1) == Some(b'*') => self.block_comment(i),
            b'\\' if self.state.start.is_none() && self.at_line_start(i) => {
                // A psql meta-command such as `\connect db` is not SQL.
                self.line_end(i)
            }
            b'D' | b'd' if self.at_client_delimiter(i) => self.set_delimiter(i),
            b';' if self.delimiter.is_none() => self.end_statement(i),
            _ if b.is_ascii_whitespace() => i + 1,
            _ => {
                self.state.start.get_or_insert(i);
                match b {
                    b'\'' => {
                        let escapes =
                            self.dialect.has_backslash_escapes() || self.string_prefix_is_e(i);
                        self.quoted(i, b'\'', escapes)
                    }
                    b'"' => self.quoted(i, b'"', self.dialect.has_backslash_escapes()),
                    b'`' => self.quoted(i, b'`', false),
                    b'[' if self.dialect.has_bracket_identifiers() => self.quoted(i, b']', false),
                    b'$' if self.dialect.has_dollar_quotes() => self.dollar(i),
                    _ if is_word_start(b) => self.word(i),
                    _ => i + 1,
                }
            }
        }
    }

    /// `DELIMITER //` on a line of its own, between statements: a command of the mysql
    /// client (which sends what is between two delimiters as one statement), not SQL.
    fn at_client_delimiter(&self, i: usize) -> bool {
        const DELIMITER: &[u8] = b"DELIMITER";
        self.dialect == Dialect::Mysql
            && self.state.start.is_none()
            && self.at_line_start(i)
            && self.bytes[i..]
                .get(..DELIMITER.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(DELIMITER))
            && self
                .peek(i + DELIMITER.len())
                .is_some_and(|b| b == b' ' || b == b'\t')
    }

    /// Reads the new delimiter of a `DELIMITER` line; returns the line's end.
    fn set_delimiter(&mut self, i: usize) -> usize {
        let end = self.line_end(i);
        let line = &self.bytes[i + "DELIMITER".len()..end];
        let delimiter: Vec<u8> = line
            .iter()
            .copied()
            .skip_while(u8::is_ascii_whitespace)
            .take_while(|b| !b.is_ascii_whitespace())
            .collect();
        self.delimiter = (!delimiter.is_empty() && delimiter != b";").then_some(delimiter);
        end
    }

    fn peek(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    fn at_line_start(&self, i: usize) -> bool {
        self.bytes[..i]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .all(|b| b.is_ascii_whitespace())
    }

    fn line_end(&self, i: usize) -> usize {
        self.bytes[i..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |p| i + p)
    }

    fn line_comment(&mut self, i: usize) -> usize {
        let end = self.line_end(i);
        self.comments.push(i..end);
        end
    }

    fn block_comment(&mut self, start: usize) -> usize {
        let nested = self.dialect.has_nested_comments();
        let mut depth = 0usize;
        let mut i = start;
        while i < self.bytes.len() {
            match (self.bytes[i], self.peek(i + 1)) {
                (b'/', Some(b'*')) if depth == 0 || nested => {
                    depth += 1;
                    i += 2;
                }
                (b'*', Some(b'/')) => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                }
                _ => i += 1,
            }
        }
        let end = i.min(self.bytes.len());
        if depth > 0 {
            // The rest of the text is comment: end the statement before it, so the statement
            // is still checked and the comment is reported once, where it starts.
            self.unterminated_comment = Some(start);
            self.finish_statement(start);
        }
        self.comments.push(start..end);
        end
    }

    /// `E'…'` (PostgreSQL escape string): the quote follows a lone `E`.
    fn string_prefix_is_e(&self, quote: usize) -> bool {
        quote >= 1
            && matches!(self.bytes[quote - 1], b'E' | b'e')
            && (quote < 2 || !is_word_byte(self.bytes[quote - 2]))
    }

    /// A quoted string or identifier; the closing quote doubled stands for itself.
    fn quoted(&self, start: usize, close: u8, backslash_escapes: bool) -> usize {
        let mut i = start + 1;
        while i < self.bytes.len() {
            let b = self.bytes[i];
            if backslash_escapes && b == b'\\' {
                i += 2;
            } else if b == close {
                if self.peek(i + 1) == Some(close) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i += 1;
            }
        }
        self.bytes.len()
    }

    /// `$tag$ … $tag$`; `$1` and a lone `$` are not quotes.
    fn dollar(&self, start: usize) -> usize {
        let tag_len = self.bytes[start + 1..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
            .count();
        let tag_end = start + 1 + tag_len;
        let starts_with_digit = self
            .peek(start + 1)
            .is_some_and(|b| b.is_ascii_digit() && tag_len > 0);
        if self.peek(tag_end) != Some(b'$') || starts_with_digit {
            return start + 1 + tag_len;
        }
        let delimiter = &self.bytes[start..=tag_end];
        let body = tag_end + 1;
        self.bytes[body..]
            .windows(delimiter.len())
            .position(|w| w == delimiter)
            .map_or(self.bytes.len(), |p| body + p + delimiter.len())
    }

    fn word(&mut self, start: usize) -> usize {
        let len = self.bytes[start..]
            .iter()
            .take_while(|&&b| is_word_byte(b))
            .count();
        let end = start + len;
        let kw = keyword(&self.bytes[start..end]);
        let closes_block =
            kw == Keyword::End && keyword(self.next_word(end)) != Keyword::EndCompanion;
        let state = &mut self.state;
        if state.first_word.is_none() {
            state.first_word = Some(kw);
        }
        match kw {
            Keyword::Routine if state.first_word == Some(Keyword::Create) => state.routine = true,
            Keyword::Begin | Keyword::Case if state.routine => state.depth += 1,
            Keyword::End if state.routine && closes_block => {
                state.depth = state.depth.saturating_sub(1);
            }
            Keyword::From if state.first_word == Some(Keyword::Copy) => state.copy_from = true,
            Keyword::Stdin if state.copy_from => state.copy_from_stdin = true,
            _ => {}
        }
        end
    }

    fn next_word(&self, from: usize) -> &[u8] {
        let start = from
            + self.bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let len = self.bytes[start..]
            .iter()
            .take_while(|&&b| is_word_byte(b))
            .count();
        &self.bytes[start..start + len]
    }

    fn end_statement(&mut self, semicolon: usize) -> usize {
        if self.state.depth > 0 {
            return semicolon + 1;
        }
        let copy_data = self.state.copy_from_stdin;
        self.finish_statement(semicolon);
        if copy_data {
            return self.skip_copy_data(semicolon + 1);
        }
        semicolon + 1
    }

    /// `COPY … FROM stdin;` is followed by raw rows up to a line `\.`.
    fn skip_copy_data(&self, from: usize) -> usize {
        let mut line_start = self.line_end(from).saturating_add(1);
        while line_start < self.bytes.len() {
            let line_end = self.line_end(line_start);
            let line = &self.bytes[line_start..line_end];
            if line.strip_suffix(b"\r").unwrap_or(line) == b"\\." {
                return line_end;
            }
            line_start = line_end + 1;
        }
        self.bytes.len()
    }

    fn finish_statement(&mut self, end: usize) {
        let state = std::mem::take(&mut self.state);
        if let Some(start) = state.start {
            let trimmed = start
                + self.bytes[start..end]
                    .iter()
                    .rposition(|b| !b.is_ascii_whitespace())
                    .map_or(0, |p| p + 1);
            self.finished = Some(start..trimmed);
        }
    }
}

/// Where a long `INSERT … VALUES (…), (…), …` can be cut between rows, so each part is
/// parsed alone: commas between rows, about `every` bytes apart. Empty for any other
/// statement, and for an `INSERT` with more after its rows (`ON CONFLICT`, `RETURNING`).
pub fn row_cuts(text: &str, statement: Range<usize>, dialect: Dialect, every: usize) -> Vec<usize> {
    let mut scan = split(&text[..statement.end], dialect);
    let mut cuts = Vec::new();
    let (mut depth, mut rows, mut last) = (0usize, false, statement.start);
    let mut i = statement.start;
    while i < statement.end {
        let b = scan.bytes[i];
        let next = scan.step(i);
        let word = is_word_start(b).then(|| &scan.bytes[i..next]);
        if i == statement.start && !word.is_some_and(|w| w.eq_ignore_ascii_case(b"INSERT")) {
            return Vec::new();
        }
        if let Some(word) = word.filter(|_| depth == 0) {
            if rows {
                return Vec::new();
            }
            rows = word.eq_ignore_ascii_case(b"VALUES");
        }
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 && rows && i - last >= every => {
                cuts.push(i);
                last = i;
            }
            _ => {}
        }
        i = next;
    }
    cuts
}

/// The runs of `text` outside strings, quoted identifiers and comments, in order: where a
/// template's parameter markers and format fields can be (a `%s` in a string is text).
pub fn code_runs(text: &str, dialect: Dialect) -> Vec<Range<usize>> {
    let mut scan = split(text, dialect);
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let next = scan.step(i).max(i + 1);
        let b = scan.bytes[i];
        let opaque = match b {
            b'\'' | b'"' | b'`' => true,
            b'[' => dialect.has_bracket_identifiers(),
            b'-' | b'/' | b'#' => scan.comments.last().is_some_and(|c| c.start == i),
            b'\\' => next > i + 1,
            // `$tag$ … $tag$`, not `$1`.
            b'$' => next > i + 1 && scan.bytes[next - 1] == b'$',
            _ => false,
        };
        if !opaque {
            match runs.last_mut() {
                Some(run) if run.end == i => run.end = next,
                _ => runs.push(i..next),
            }
        }
        i = next;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statements(text: &str, dialect: Dialect) -> Vec<&str> {
        split(text, dialect).map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        let text = "SELECT ';' AS a; -- x; y\nSELECT \"a;b\" /* ; */ FROM t;\n\nSELECT 3";
        assert_eq!(
            statements(text, Dialect::Postgres),
            [
                "SELECT ';' AS a",
                "SELECT \"a;b\" /* ; */ FROM t",
                "SELECT 3"
            ]
        );
    }

    #[test]
    fn records_comments() {
        let text = "-- one\nSELECT 1; /* two */";
        let mut split = split(text, Dialect::Postgres);
        split.by_ref().for_each(drop);
        let comments: Vec<_> = split
            .into_comments()
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(comments, ["-- one", "/* two */"]);
    }

    #[test]
    fn dollar_quoted_bodies_keep_their_semicolons() {
        let text = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql; SELECT $1";
        assert_eq!(statements(text, Dialect::Postgres).len(), 2);
    }

    #[test]
    fn trigger_bodies_keep_their_semicolons() {
        let text = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = CASE WHEN 1 THEN 2 END; DELETE FROM c; END; SELECT 1;";
        assert_eq!(
            statements(text, Dialect::Sqlite),
            [
                "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = CASE WHEN 1 THEN 2 END; DELETE FROM c; END",
                "SELECT 1"
            ]
        );
    }

    #[test]
    fn transaction_begin_is_not_a_block() {
        let text = "BEGIN; UPDATE t SET a = 1 WHERE id = 2; COMMIT;";
        assert_eq!(statements(text, Dialect::Postgres).len(), 3);
    }

    #[test]
    fn escape_strings_and_doubled_quotes() {
        let text = "SELECT E'it\\'s;', 'a''b;'; SELECT 2";
        assert_eq!(statements(text, Dialect::Postgres).len(), 2);
        let mysql = "SELECT 'a\\';b'; SELECT 2";
        assert_eq!(statements(mysql, Dialect::Mysql).len(), 2);
    }

    #[test]
    fn copy_data_and_meta_commands_are_skipped() {
        let text = "\\connect db\nCOPY t (a) FROM stdin;\n1;2\n3;4\n\\.\nSELECT 1;";
        assert_eq!(
            statements(text, Dialect::Postgres),
            ["COPY t (a) FROM stdin", "SELECT 1"]
        );
    }

    #[test]
    fn unterminated_quotes_run_to_the_end() {
        assert_eq!(
            statements("SELECT 'abc; SELECT 1", Dialect::Postgres).len(),
            1
        );
        assert_eq!(
            statements("SELECT $x$ abc; SELECT 1", Dialect::Postgres).len(),
            1
        );
        assert_eq!(
            statements("/* never closed; SELECT 1", Dialect::Postgres).len(),
            0
        );
    }

    #[test]
    fn an_unterminated_comment_ends_the_statement_before_it() {
        let text = "SELECT 1; SELECT 2 /* never closed; SELECT 3";
        let mut split = split(text, Dialect::Postgres);
        let found: Vec<_> = split.by_ref().map(|r| &text[r]).collect();
        assert_eq!(found, ["SELECT 1", "SELECT 2"]);
        assert_eq!(split.unterminated_comment(), text.find("/*"));
        assert_eq!(split.into_comments().len(), 1);
    }

    #[test]
    fn closed_and_nested_comments_are_terminated() {
        let mut closed = split("SELECT 1 /* a /* b */ c */; /* done */", Dialect::Postgres);
        assert_eq!(closed.by_ref().count(), 1);
        assert_eq!(closed.unterminated_comment(), None);
        let mut open = split("/* a /* b */", Dialect::Postgres);
        assert_eq!(open.by_ref().count(), 0);
        assert_eq!(open.unterminated_comment(), Some(0));
    }

    #[test]
    fn long_inserts_are_cut_between_rows() {
        let text = "INSERT INTO t (a, b) VALUES (1, 'x,y'), (f(2, 3), ')'), /* , */ (4, 5), (6, 7)";
        let cuts = row_cuts(text, 0..text.len(), Dialect::Postgres, 10);
        let parts: Vec<_> = cuts.iter().map(|&c| &text[c..]).collect();
        assert_eq!(
            parts,
            [
                ", (f(2, 3), ')'), /* , */ (4, 5), (6, 7)",
                ", /* , */ (4, 5), (6, 7)",
                ", (6, 7)"
            ]
        );
        for other in [
            "INSERT INTO t VALUES (1), (2) ON CONFLICT DO NOTHING",
            "INSERT INTO t SELECT * FROM (VALUES (1), (2)) v",
            "SELECT 1, 2, 3, 4",
            "(SELECT 1) UNION VALUES (1), (2)",
        ] {
            assert!(
                row_cuts(other, 0..other.len(), Dialect::Postgres, 1).is_empty(),
                "{other}"
            );
        }
    }

    #[test]
    fn the_mysql_clients_delimiter_ends_statements() {
        let text = "DELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 'a//b';\nEND //\ndelimiter ;\nSELECT 2;";
        assert_eq!(
            statements(text, Dialect::Mysql),
            [
                "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 'a//b';\nEND",
                "SELECT 2"
            ]
        );
        // Other dialects have no such command.
        assert_eq!(
            statements("DELIMITER //", Dialect::Postgres),
            ["DELIMITER //"]
        );
    }

    #[test]
    fn code_runs_leave_out_strings_identifiers_and_comments() {
        let text = "SELECT '%s', \"{a}\", $q$ ? $q$, $1 -- :x\nFROM t /* {b} */ WHERE c = %s";
        let runs: Vec<&str> = code_runs(text, Dialect::Postgres)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            runs,
            ["SELECT ", ", ", ", ", ", $1 ", "\nFROM t ", " WHERE c = %s"]
        );
    }

    #[test]
    fn non_ascii_text_is_handled() {
        let text = "SELECT 'é;ü' AS «x»; SELECT 2";
        assert_eq!(statements(text, Dialect::Postgres).len(), 2);
    }
}
