//! sqlparser behind one function: split, tokenize and parse each statement, keep byte spans.

use std::cell::OnceCell;
use std::ops::Range;

use sqlparser::ast::Statement;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan, Tokenizer};

use super::Dialect;
use super::may_have_ddl;
use super::split::{row_cuts, split};
use crate::source::{LineCol, LineIndex};

/// Nesting deeper than this is reported instead of parsed, so a pathological file can
/// neither overflow the stack nor build an AST that is costly to walk.
const RECURSION_LIMIT: usize = 100;

/// A statement and where it sits in the SQL text.
#[derive(Debug)]
pub struct ParsedStatement {
    pub ast: Statement,
    /// Bytes of the statement in the SQL text, without the `;`.
    pub range: Range<usize>,
    /// Start of the text sqlparser tokenized; its `Location`s are relative to it.
    pub(crate) chunk_start: usize,
    /// More rows of the `INSERT … VALUES` before it, parsed apart (as the `VALUES` query
    /// they are inside the `INSERT`) because the statement is too large to parse whole:
    /// checked by the rules, never planned.
    pub continues: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// Bytes in the SQL text where parsing stopped.
    pub range: Range<usize>,
    /// The statement sqlparser rejected, for a second opinion (the database's parser, or
    /// the statement read as a template); `None` when nothing can overrule the error (a
    /// comment that never ends hides the rest of the text from any parser).
    pub statement: Option<Range<usize>>,
    /// The database whose parser rejects the statement too, when one was asked.
    pub database: Option<&'static str>,
}

impl SyntaxError {
    /// The finding's message: the database's words when it was asked, else sqlparser's.
    pub fn headline(&self) -> String {
        match self.database {
            Some(database) => format!("{database} rejects this statement: {}", self.message),
            None => format!("syntax error: {}", self.message),
        }
    }
}

/// What parsing reaches next in the text: a statement, or the syntax error that stopped it.
#[derive(Debug)]
pub enum Parsed<'a> {
    Statement(&'a ParsedStatement),
    Error(SyntaxError),
}

/// Splits `text` and parses its statements one at a time, handing each (or its syntax error)
/// to `each` before the next is parsed: memory holds one statement's tokens and AST, never a
/// whole file's. Returns the comments, for suppressions.
pub fn parse_each(text: &str, dialect: Dialect, mut each: impl FnMut(Parsed)) -> Vec<Range<usize>> {
    let text = &lone_crs_as_newlines(text);
    let mut statements = split(text, dialect);
    for chunk in statements.by_ref() {
        parse_chunk(text, chunk, dialect, &mut each);
    }
    if let Some(start) = statements.unterminated_comment() {
        each(Parsed::Error(SyntaxError {
            message: "unterminated block comment starting here".into(),
            range: start..start + "/*".len(),
            statement: None,
            database: None,
        }));
    }
    statements.into_comments()
}

/// Hands the DDL statements of a file (`CREATE`, `ALTER`, `DROP`) to `each`, in order;
/// other statements are split off but not parsed, so learning a schema costs little on a
/// file of queries, and no statement is kept.
pub fn parse_ddl(text: &str, dialect: Dialect, mut each: impl FnMut(&Statement)) {
    if !may_have_ddl(text) {
        return;
    }
    let text = &lone_crs_as_newlines(text);
    let mut ddl = |parsed: Parsed<'_>| {
        if let Parsed::Statement(statement) = parsed {
            each(&statement.ast);
        }
    };
    for chunk in split(text, dialect) {
        let first_word: String = without_leading_comments(&text[chunk.clone()])
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        if ["create", "alter", "drop"]
            .iter()
            .any(|k| first_word.eq_ignore_ascii_case(k))
        {
            parse_chunk(text, chunk, dialect, &mut ddl);
        }
    }
}

/// The text as the splitter and sqlparser should read it: they end a `--` comment only at
/// `\n`, but a `\r` alone ends a line too (old Mac files), for PostgreSQL as for editors.
/// The copy has the same length, so every offset into it holds in `text`.
fn lone_crs_as_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    let lone_cr = |(at, _): (usize, &str)| text.as_bytes().get(at + 1) != Some(&b'\n');
    if !text.match_indices('\r').any(lone_cr) {
        return text.into();
    }
    let mut copy = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        copy.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    copy.into()
}

fn without_leading_comments(mut sql: &str) -> &str {
    loop {
        sql = sql.trim_start();
        if let Some(rest) = sql.strip_prefix("--") {
            sql = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = sql.strip_prefix("/*") {
            sql = rest.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return sql;
        }
    }
}

/// Statements longer than this are parsed in parts of about this size when they are an
/// `INSERT … VALUES` (a dump's rows): tokens and AST take some 60 times the text, so a
/// 10 MB statement parsed whole would hold more than 600 MB.
const PART_SIZE: usize = 256 << 10;

/// Parses the statements of one chunk of the split, a long `INSERT … VALUES` in parts.
fn parse_chunk(
    text: &str,
    chunk: Range<usize>,
    dialect: Dialect,
    out: &mut impl FnMut(Parsed<'_>),
) {
    let cuts = if chunk.len() > PART_SIZE {
        row_cuts(text, chunk.clone(), dialect, PART_SIZE)
    } else {
        Vec::new()
    };
    let Some(&first) = cuts.first() else {
        parse_part(text, (&chunk, chunk.clone()), dialect, false, out);
        return;
    };
    if !parse_part(text, (&chunk, chunk.start..first), dialect, false, out) {
        return;
    }
    let ends = cuts.iter().skip(1).copied().chain([chunk.end]);
    for (&cut, end) in cuts.iter().zip(ends) {
        if !parse_part(text, (&chunk, cut + 1..end), dialect, true, out) {
            return;
        }
    }
}

/// Parses the statements of `chunk` (a part of `statement`, the splitter's), or with `rows`,
/// the rows of a `VALUES` list; returns whether it got to the end without a syntax error.
fn parse_part(
    text: &str,
    (statement, chunk): (&Range<usize>, Range<usize>),
    dialect: Dialect,
    rows: bool,
    out: &mut impl FnMut(Parsed<'_>),
) -> bool {
    let chunk_text = &text[chunk.clone()];
    let locate = |span: Span| span_to_range(chunk_text, chunk.start, span);
    let parser_dialect = dialect.parser_dialect();
    let tokens = match Tokenizer::new(parser_dialect, chunk_text)
        .with_unescape(false)
        .tokenize_with_location()
    {
        Ok(mut tokens) => {
            if rows {
                // The keyword the rows follow in the `INSERT`, placed nowhere in the text.
                tokens.insert(0, TokenWithSpan::wrap(Token::make_keyword("VALUES")));
            }
            tokens
        }
        Err(error) => {
            let at = locate(Span::new(error.location, error.location))
                .unwrap_or(chunk.start..chunk.start);
            out(Parsed::Error(SyntaxError {
                message: error.message,
                range: at.start..next_char_end(text, at.start),
                statement: Some(statement.clone()),
                database: None,
            }));
            return false;
        }
    };
    let mut parser = Parser::new(parser_dialect)
        .with_recursion_limit(RECURSION_LIMIT)
        .with_tokens_with_locations(tokens);
    loop {
        while parser.consume_token(&Token::SemiColon) {}
        let first = parser.peek_token_ref().clone();
        if first.token == Token::EOF {
            return true;
        }
        // Rows start at their first token, not at the `VALUES` put before them.
        let start = if rows {
            parser.peek_nth_token_ref(1).span.start
        } else {
            first.span.start
        };
        let result = parser.parse_statement().and_then(|statement| {
            let next = parser.peek_token_ref();
            if matches!(next.token, Token::SemiColon | Token::EOF) {
                Ok(statement)
            } else {
                Err(ParserError::ParserError(format!(
                    "Expected: end of statement, found: {}{}",
                    next.token, next.span.start
                )))
            }
        });
        match result {
            Ok(ast) => {
                let end = parser.get_current_token().span.end;
                let range = locate(Span::new(start, end)).unwrap_or(chunk.clone());
                out(Parsed::Statement(&ParsedStatement {
                    ast,
                    range,
                    chunk_start: chunk.start,
                    continues: rows,
                }));
            }
            Err(error) => {
                let fallback = parser.get_current_token().span;
                let mut error = syntax_error(text, chunk_text, chunk.start, error, fallback);
                // From the statement's first token to the end of what the splitter gave,
                // or, for rows of a long `INSERT`, the whole `INSERT`.
                error.statement = Some(if rows {
                    statement.clone()
                } else {
                    locate(Span::new(start, start))
                        .map_or(statement.clone(), |at| at.start..statement.end)
                });
                out(Parsed::Error(error));
                return false;
            }
        }
    }
}

fn syntax_error(
    text: &str,
    chunk_text: &str,
    chunk_start: usize,
    error: ParserError,
    fallback: Span,
) -> SyntaxError {
    let (message, location) = match error {
        ParserError::RecursionLimitExceeded => (
            format!(
                "statement nests deeper than {RECURSION_LIMIT} levels; sqlhound does not parse it"
            ),
            None,
        ),
        ParserError::TokenizerError(message) | ParserError::ParserError(message) => {
            split_location(&message)
        }
    };
    let span = location.map_or(fallback, |at| Span::new(at, at));
    // No position (the end of input has none): point just past the statement.
    let end = chunk_start + chunk_text.len();
    let range = span_to_range(chunk_text, chunk_start, span).unwrap_or(end..end);
    let range = if range.is_empty() {
        range.start..next_char_end(text, range.start)
    } else {
        range
    };
    SyntaxError {
        message,
        range,
        statement: None,
        database: None,
    }
}

/// sqlparser ends many messages with ` at Line: L, Column: C`; take the position out of
/// the words, since the report shows it anyway.
fn split_location(message: &str) -> (String, Option<Location>) {
    const MARKER: &str = " at Line: ";
    let Some(at) = message.rfind(MARKER) else {
        return (message.to_string(), None);
    };
    let position = &message[at + MARKER.len()..];
    let mut parts = position.split(", Column: ");
    let line = parts.next().and_then(|l| l.trim().parse().ok());
    let column = parts.next().and_then(|c| c.trim().parse().ok());
    match (line, column) {
        (Some(line), Some(column)) => (message[..at].to_string(), Some(Location { line, column })),
        _ => (message.to_string(), None),
    }
}

pub(crate) fn next_char_end(text: &str, offset: usize) -> usize {
    text[offset.min(text.len())..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8())
}

/// Converts a sqlparser span (1-based lines and character columns, relative to the chunk
/// that was tokenized) to bytes in the whole text. Empty spans (line 0) do not convert.
/// Scans the chunk up to the span: for one span of a statement (`ChunkSpans` for many).
pub(crate) fn span_to_range(
    chunk_text: &str,
    chunk_start: usize,
    span: Span,
) -> Option<Range<usize>> {
    convert(span, chunk_start, |at| location_to_offset(chunk_text, at))
}

/// Converts the many spans of one statement (every finding, every table name): its lines
/// are indexed on first use, so a statement with a finding on each of 100,000 rows is not
/// rescanned for each.
pub(crate) struct ChunkSpans<'a> {
    text: &'a str,
    start: usize,
    lines: OnceCell<LineIndex>,
}

impl<'a> ChunkSpans<'a> {
    /// The spans of `statement`, in `sql` (the text it was parsed from).
    pub(crate) fn new(sql: &'a str, statement: &ParsedStatement) -> Self {
        let start = statement.chunk_start;
        Self {
            text: sql.get(start..statement.range.end).unwrap_or_default(),
            start,
            lines: OnceCell::new(),
        }
    }

    pub(crate) fn range(&self, span: Span) -> Option<Range<usize>> {
        let lines = self.lines.get_or_init(|| LineIndex::new(self.text));
        convert(span, self.start, |at| {
            let line = usize::try_from(at.line).ok()?;
            let column = usize::try_from(at.column).ok()?;
            (at.column > 0 && (1..=lines.line_count()).contains(&line))
                .then(|| lines.offset(self.text, LineCol { line, column }))
        })
    }
}

fn convert(
    span: Span,
    chunk_start: usize,
    offset: impl Fn(Location) -> Option<usize>,
) -> Option<Range<usize>> {
    let start = offset(span.start)?;
    let end = offset(span.end).unwrap_or(start).max(start);
    Some(chunk_start + start..chunk_start + end)
}

fn location_to_offset(text: &str, at: Location) -> Option<usize> {
    if at.line == 0 || at.column == 0 {
        return None;
    }
    let line = usize::try_from(at.line).ok()?;
    let column = usize::try_from(at.column).ok()?;
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &text[line_start..];
    Some(
        line_start
            + rest
                .char_indices()
                .nth(column - 1)
                .map_or(rest.len(), |(i, _)| i),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct ParsedSql {
        /// The statements' ranges.
        statements: Vec<Range<usize>>,
        errors: Vec<SyntaxError>,
    }

    fn parse_sql(text: &str, dialect: Dialect) -> ParsedSql {
        let mut parsed = ParsedSql::default();
        parse_each(text, dialect, |item| match item {
            Parsed::Statement(statement) => parsed.statements.push(statement.range.clone()),
            Parsed::Error(error) => parsed.errors.push(error),
        });
        parsed
    }

    #[test]
    fn an_unterminated_block_comment_is_an_error_where_it_starts() {
        for text in [
            "SELECT 1;\n/* never closed\nSELECT 2;",
            "SELECT 1;\nSELECT 2 /* never closed",
        ] {
            let parsed = parse_sql(text, Dialect::Postgres);
            let start = text.find("/*").unwrap_or_default();
            assert_eq!(parsed.errors.len(), 1, "{text}");
            assert_eq!(parsed.errors[0].range, start..start + 2);
            assert_eq!(
                parsed.errors[0].message,
                "unterminated block comment starting here"
            );
            let first = parsed.statements.first().map(|r| &text[r.clone()]);
            assert_eq!(first, Some("SELECT 1"), "the statements before it are kept");
        }
    }

    #[test]
    fn a_long_insert_is_parsed_in_parts_of_rows() {
        let rows: Vec<String> = (0..30_000).map(|i| format!("({i}, 'a, b')")).collect();
        let text = format!("INSERT INTO t VALUES {}", rows.join(",\n"));
        let mut parts = Vec::new();
        parse_each(&text, Dialect::Postgres, |parsed| match parsed {
            Parsed::Statement(s) => parts.push((s.continues, s.range.clone())),
            Parsed::Error(e) => panic!("{e:?}"),
        });
        assert!(parts.len() > 1, "{} parts", parts.len());
        assert!(!parts[0].0 && parts[1..].iter().all(|(continues, _)| *continues));
        assert!(text[parts[0].1.clone()].starts_with("INSERT INTO t VALUES (0, 'a, b')"));
        assert!(text[parts[1].1.clone()].starts_with('('));
        assert!(text.ends_with(&text[parts[parts.len() - 1].1.clone()]));
    }

    #[test]
    fn indexed_spans_convert_like_scanned_ones() {
        let long = "x".repeat(9000);
        let text =
            format!("SELECT 1;\nSELECT 'é', {long}, ü\n  FROM t WHERE {long} = 'ß'\n  AND b = 1");
        let mut checked = 0;
        parse_each(&text, Dialect::Postgres, |parsed| {
            let Parsed::Statement(statement) = parsed else {
                panic!("{parsed:?}");
            };
            let chunk = &text[statement.chunk_start..statement.range.end];
            let spans = ChunkSpans::new(&text, statement);
            let tokens = Tokenizer::new(Dialect::Postgres.parser_dialect(), chunk)
                .tokenize_with_location()
                .unwrap_or_default();
            for token in tokens {
                let scanned = span_to_range(chunk, statement.chunk_start, token.span);
                assert_eq!(spans.range(token.span), scanned, "{token:?}");
                checked += 1;
            }
        });
        assert!(checked > 20);
    }

    #[test]
    fn ddl_is_handed_over_one_statement_at_a_time() {
        let text = "CREATE TABLE a (id int); SELECT 1; /* x */ ALTER TABLE a ADD COLUMN b int; DROP TABLE a";
        let mut kinds = Vec::new();
        parse_ddl(text, Dialect::Postgres, |statement| {
            kinds.push(
                statement
                    .to_string()
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            );
        });
        assert_eq!(kinds, ["CREATE", "ALTER", "DROP"]);
    }

    #[test]
    fn statements_keep_their_byte_ranges() {
        let text = "SELECT 1;\n  SELECT a\n  FROM t ;";
        let parsed = parse_sql(text, Dialect::Postgres);
        let texts: Vec<_> = parsed.statements.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(texts, ["SELECT 1", "SELECT a\n  FROM t"]);
        assert!(parsed.errors.is_empty());
    }

    #[test]
    fn a_lone_cr_ends_a_line_comment() {
        let text = "-- note\rDELETE FROM t;\r-- more\r\nSELECT 1;\r";
        let parsed = parse_sql(text, Dialect::Postgres);
        let texts: Vec<&str> = parsed.statements.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(texts, ["DELETE FROM t", "SELECT 1"]);
        let mut ddl = 0;
        parse_ddl("-- c\rCREATE TABLE t (a int);", Dialect::Postgres, |_| {
            ddl += 1
        });
        assert_eq!(ddl, 1);
    }

    #[test]
    fn parsing_resumes_after_a_syntax_error() {
        let text = "SELEC 1;\nSELECT * FROM t WHERE;\nSELECT 2;";
        let parsed = parse_sql(text, Dialect::Postgres);
        assert_eq!(parsed.statements.len(), 1);
        assert_eq!(parsed.errors.len(), 2);
        assert_eq!(
            parsed.errors[1].range.start,
            text.find(";\nSELECT 2").unwrap_or_default()
        );
        assert!(!parsed.errors[1].message.contains("Line:"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("SELECT {}1{}", "(".repeat(10_000), ")".repeat(10_000));
        let parsed = parse_sql(&text, Dialect::Postgres);
        assert_eq!(parsed.errors.len(), 1);
        assert!(parsed.errors[0].message.contains("nests deeper"));
    }

    #[test]
    fn tokenizer_errors_point_at_their_place() {
        let text = "SELECT 1;\nSELECT 'open";
        let parsed = parse_sql(text, Dialect::Postgres);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(
            parsed.errors[0].range.start,
            text.find('\'').unwrap_or_default()
        );
    }

    #[test]
    fn columns_count_characters() {
        let text = "SELECT 'é', x FROM";
        let parsed = parse_sql(text, Dialect::Postgres);
        assert_eq!(parsed.errors[0].range.start, text.len());
    }
}
