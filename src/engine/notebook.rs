//! A notebook's code cells as the Python module the engine checks. IPython's escape
//! commands (`%timeit`, `!pip install`, `?obj`, `obj?`) become `...`, cells of other
//! languages (`%%bash`, `%%html`) nothing; the SQL of `%%sql` cells and `%sql` lines
//! (ipython-sql, JupySQL) becomes a query run by a cursor, so it is checked like SQL a
//! Python sink receives: `{var}` interpolates a Python value (the injection rule follows
//! it), `:var` and `$var` are bound parameters. The module's text maps back to the cells'.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::source::span_map::SpanMap;
use crate::sql::embedded::FoundQuery;

/// The name of the cursor a magic's SQL is run by in the module: a cursor by its name.
const CURSOR: &str = "_sqlhound_magic_cursor";

/// Cell magics whose body is Python (IPython runs it, timed or captured).
const PYTHON_CELL_MAGICS: &[&str] = &[
    "time", "timeit", "capture", "prun", "debug", "pypy", "python", "python3",
];

/// The Python module of a notebook's joined cells.
pub struct PythonView {
    pub text: String,
    /// Offsets in `text` to offsets in the joined cells.
    pub map: SpanMap,
    /// Where a magic's SQL is run in `text`, and the magic as users write it.
    pub sinks: Vec<(Range<usize>, &'static str)>,
    /// The SQL comments of `%%sql` cells, in the joined cells: suppressions may sit there.
    pub sql_comments: Vec<Range<usize>>,
    /// The dialect of the first database a SQL magic connects to (`%sql duckdb://`).
    pub dialect: Option<crate::sql::Dialect>,
}

/// A piece of the module: verbatim text of the cells, or text standing for some of them.
enum Piece {
    Verbatim(Range<usize>),
    Stands {
        text: String,
        for_: Range<usize>,
    },
    /// The start of a magic's query: the cursor's `execute(` standing for the magic.
    Sink {
        magic: &'static str,
        for_: Range<usize>,
    },
}

/// The module for `text`, the joined cells of a notebook whose cells are at `cells`.
pub fn python_view(text: &str, cells: &[Range<usize>], dialect: crate::sql::Dialect) -> PythonView {
    let mut pieces = Vec::new();
    let mut sql_comments = Vec::new();
    let mut connects = None;
    for cell in cells {
        let source = &text[cell.clone()];
        let Some(magic) = cell_magic(source) else {
            line_magics(text, cell.clone(), &mut pieces, &mut connects);
            continue;
        };
        let first_line = source.find('\n').map_or(source.len(), |i| i + 1);
        if magic == "sql" {
            connects = connects.or_else(|| connection_dialect(&source[..first_line]));
        }
        let body = cell.start + first_line..cell.end;
        if PYTHON_CELL_MAGICS.contains(&magic) {
            line_magics(text, body, &mut pieces, &mut connects);
        } else if magic == "sql" {
            let mut splitter = crate::sql::split::split(&text[body.clone()], dialect);
            splitter.by_ref().for_each(drop);
            sql_comments.extend(
                splitter
                    .into_comments()
                    .into_iter()
                    .map(|c| c.start + body.start..c.end + body.start),
            );
            sql_magic(text, cell.start..body.start, body, "%%sql", &mut pieces);
        }
        // Any other cell magic runs another language: nothing of it is Python.
    }
    let mut out = PythonView {
        text: String::with_capacity(text.len()),
        map: SpanMap::default(),
        sinks: Vec::new(),
        sql_comments,
        dialect: connects,
    };
    for piece in pieces {
        let start = out.text.len();
        match piece {
            Piece::Verbatim(range) => {
                out.text.push_str(&text[range.clone()]);
                out.map.push(start..out.text.len(), range);
            }
            Piece::Stands { text: stand, for_ } => {
                out.text.push_str(&stand);
                out.map.push(start..out.text.len(), for_);
            }
            Piece::Sink { magic, for_ } => {
                out.text.push_str(CURSOR);
                out.text.push_str(".execute");
                out.sinks.push((start..out.text.len(), magic));
                out.text.push('(');
                out.map.push(start..out.text.len(), for_);
            }
        }
    }
    out
}

/// The name of the cell magic a cell starts with (`sql` for `%%sql x <<`).
pub fn cell_magic(source: &str) -> Option<&str> {
    let rest = source.strip_prefix("%%")?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The pieces of Python code at `range` of `text`: verbatim, but for IPython's escape
/// commands, found by the parser's IPython mode (only parsed where a line may hold one).
fn line_magics(
    text: &str,
    range: Range<usize>,
    pieces: &mut Vec<Piece>,
    connects: &mut Option<crate::sql::Dialect>,
) {
    let code = &text[range.clone()];
    let may_have = code.lines().any(|line| {
        let line = line.trim();
        line.starts_with(['%', '!', '?'])
            || line.ends_with('?')
            || line.contains("= %")
            || line.contains("= !")
    });
    let commands = if may_have {
        crate::python::parse::escape_commands(code)
    } else {
        Vec::new()
    };
    let mut copied = range.start;
    for command in commands {
        let command = command.start + range.start..command.end + range.start;
        if command.start < copied {
            continue;
        }
        if command.start > copied {
            pieces.push(Piece::Verbatim(copied..command.start));
        }
        let body = &text[command.clone()];
        if body.starts_with("%sql") {
            *connects = connects.or_else(|| connection_dialect(body));
        }
        match sql_of_line_magic(body) {
            Some(sql_start) => {
                let sql = command.start + sql_start..command.end;
                sql_magic(text, command.start..sql.start, sql, "%sql", pieces);
            }
            None => pieces.push(Piece::Stands {
                text: "...".into(),
                for_: command.clone(),
            }),
        }
        copied = command.end;
    }
    if copied < range.end {
        pieces.push(Piece::Verbatim(copied..range.end));
    }
}

/// Where the SQL of a `%sql` line magic starts (`%sql SELECT 1`, `%sql sqlite:// SELECT 1`,
/// `%sql rows << SELECT 1`); `None` for another magic, or one without SQL (options such
/// as `%sql --close x`, a connection alone).
fn sql_of_line_magic(command: &str) -> Option<usize> {
    let rest = command.strip_prefix("%sql")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut at = command.len() - rest.len();
    let mut words = rest.split_whitespace();
    let mut word = words.next()?;
    if word.starts_with('-') {
        return None;
    }
    if word.contains("://") {
        at = command.find(word)? + word.len();
        word = words.next()?;
    }
    if let Some(assign) = command[at..].find("<<") {
        at += assign + 2;
    } else {
        at = command[at..].find(word)? + at;
    }
    let sql = command[at..].trim_start();
    (!sql.is_empty()).then(|| command.len() - sql.len())
}

/// The dialect of the connection string a SQL magic's arguments start with:
/// `postgresql+psycopg2://…` is PostgreSQL, `duckdb:///` DuckDB.
fn connection_dialect(magic: &str) -> Option<crate::sql::Dialect> {
    let url = magic
        .split_whitespace()
        .nth(1)
        .filter(|w| w.contains("://"))?;
    let scheme = url.split("://").next()?.split('+').next()?;
    crate::sql::Dialect::parse(scheme)
}

/// The query a magic runs, as a cursor's `execute` of an f-string: `{var}` and `{{var}}`
/// are interpolated values, `$var` becomes the bound parameter `:var`, other braces are
/// literal. `head` is the magic and what precedes the SQL, `sql` the SQL.
fn sql_magic(
    text: &str,
    head: Range<usize>,
    sql: Range<usize>,
    magic: &'static str,
    pieces: &mut Vec<Piece>,
) {
    let body = &text[sql.clone()];
    let quote = if !body.contains("\"\"\"") {
        "\"\"\""
    } else if !body.contains("'''") {
        "'''"
    } else {
        // No Python string can hold it as it is: not checked.
        pieces.push(Piece::Stands {
            text: "...".into(),
            for_: head.start..sql.end,
        });
        return;
    };
    // A string ending with a backslash would escape its closing quote, even a raw one.
    let closing = if body.ends_with('\\') { " " } else { "" };
    let cell_magic = magic == "%%sql";
    pieces.push(Piece::Sink {
        magic,
        for_: head.clone(),
    });
    pieces.push(Piece::Stands {
        text: format!("rf{quote}"),
        for_: head.end..head.end,
    });
    let bytes = body.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &body[i..];
        let stand = if let Some(len) = double_brace_field(rest) {
            Some((len, format!("{{{}}}", &rest[2..len - 2])))
        } else if let Some(len) = crate::sql::embedded::format_field_len(rest) {
            Some((len, rest[..len].to_string()))
        } else if bytes[i] == b'{' || bytes[i] == b'}' {
            Some((1, rest[..1].repeat(2)))
        } else if bytes[i] == b'$' && rest[1..].starts_with(|c: char| c.is_alphabetic() || c == '_')
        {
            Some((1, ":".into()))
        } else {
            None
        };
        let Some((len, stand)) = stand else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        if i > copied {
            pieces.push(Piece::Verbatim(sql.start + copied..sql.start + i));
        }
        let for_ = sql.start + i..sql.start + i + len;
        if stand == rest[..len] {
            pieces.push(Piece::Verbatim(for_));
        } else {
            pieces.push(Piece::Stands { text: stand, for_ });
        }
        i += len;
        copied = i;
    }
    if copied < body.len() {
        pieces.push(Piece::Verbatim(sql.start + copied..sql.end));
    }
    let end = sql.end..sql.end;
    let tail = if cell_magic { "\n" } else { "" };
    pieces.push(Piece::Stands {
        text: format!("{closing}{quote}){tail}"),
        for_: end,
    });
}

/// The length of a `{{name}}` field at the start of `s` (JupySQL's templates).
fn double_brace_field(s: &str) -> Option<usize> {
    let inner = s.strip_prefix("{{")?;
    let close = inner.find("}}")?;
    let name = inner[..close].trim();
    let is_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    is_name.then_some(close + 4)
}

/// A finding in the module, moved to the joined cells; a fix whose edits do not map
/// exactly (inside text standing for a magic) is dropped.
pub fn to_cells(mut diagnostic: Diagnostic, map: &SpanMap) -> Diagnostic {
    let start = diagnostic.span.start;
    diagnostic.span = map
        .range(diagnostic.span.clone())
        .or_else(|| map.offset(start).map(|at| at..at))
        .unwrap_or(0..0);
    for label in &mut diagnostic.labels {
        label.span = map
            .range(label.span.clone())
            .unwrap_or_else(|| diagnostic.span.clone());
    }
    if let Some(fix) = &mut diagnostic.fix {
        let exact = fix
            .edits
            .iter_mut()
            .all(|edit| match map.range(edit.span.clone()) {
                Some(span) if span.len() == edit.span.len() => {
                    edit.span = span;
                    true
                }
                _ => false,
            });
        if !exact {
            diagnostic.fix = None;
        }
    }
    diagnostic
}

/// A statement found in the module, moved to the joined cells for the explain pass; `None`
/// when it does not map there (text standing for a magic).
pub fn query_to_cells(mut query: FoundQuery, map: &SpanMap) -> Option<FoundQuery> {
    query.span = map.range(query.span.clone())?;
    for (_, span) in &mut query.tables {
        *span = map
            .range(span.clone())
            .unwrap_or_else(|| query.span.clone());
    }
    query.map = composed(&query.map, map, query.sql.len());
    query.read_all = query.read_all.take().and_then(|mut read| {
        read.at = map.range(read.at)?;
        Some(read)
    });
    Some(query)
}

/// `inner` (SQL to module offsets) followed by `outer` (module to cell offsets), for SQL of
/// `len` bytes: a run of bytes each copied from the cell stays a copy; bytes standing for
/// other text (a placeholder, an escape) map as one piece onto what they stand for.
fn composed(inner: &SpanMap, outer: &SpanMap, len: usize) -> SpanMap {
    let mut out = SpanMap::default();
    let mut run: Option<(Range<usize>, Range<usize>)> = None;
    for at in 0..len {
        let Some(file) = inner.range(at..at + 1).and_then(|m| outer.range(m)) else {
            continue;
        };
        run = match run {
            // The next byte of a copy, or another byte of the same piece.
            Some((sql, previous))
                if (file.len() == 1
                    && previous.end == file.start
                    && sql.len() == previous.len())
                    || file == previous =>
            {
                let file = if file == previous {
                    previous
                } else {
                    previous.start..file.end
                };
                Some((sql.start..at + 1, file))
            }
            Some((sql, previous)) => {
                out.push(sql, previous);
                Some((at..at + 1, file))
            }
            None => Some((at..at + 1, file)),
        };
    }
    if let Some((sql, file)) = run {
        out.push(sql, file);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn maps_compose_copies_and_placeholders() {
        // `SELECT $1`: the text copied from the module, `$1` standing for `%(id)s` there.
        let mut inner = SpanMap::default();
        inner.push(0..7, 0..7);
        inner.push(7..9, 20..27);
        // The module's text is in two cells.
        let mut outer = SpanMap::default();
        outer.push(0..10, 100..110);
        outer.push(20..30, 200..210);
        let map = composed(&inner, &outer, 9);
        assert_eq!(map.range(0..6), Some(100..106));
        assert_eq!(map.offset(3), Some(103));
        assert_eq!(map.range(7..9), Some(200..207));
    }
    use crate::sql::Dialect;

    fn view(text: &str) -> PythonView {
        python_view(
            text,
            std::slice::from_ref(&(0..text.len())),
            Dialect::Postgres,
        )
    }

    #[test]
    fn escape_commands_become_ellipses() {
        let text = "!pip install x\n%timeit f()\nx = !ls\nobj?\ns = '%d' % 3\n";
        let view = view(text);
        assert_eq!(view.text, "...\n...\nx = ...\n...\ns = '%d' % 3\n");
        let s = view.text.find("s =").unwrap();
        assert_eq!(view.map.offset(s), text.find("s ="));
    }

    #[test]
    fn a_sql_line_magic_is_a_query_with_holes_and_parameters() {
        let text = "rows = %sql SELECT * FROM t WHERE a = {x} AND b = $y AND c = :z\n";
        let view = view(text);
        assert_eq!(
            view.text,
            "rows = _sqlhound_magic_cursor.execute(rf\"\"\"SELECT * FROM t WHERE a = {x} AND b = :y AND c = :z\"\"\")\n"
        );
        assert_eq!(view.sinks.len(), 1);
        let x = view.text.find("{x}").unwrap();
        assert_eq!(view.map.range(x..x + 3), text.find("{x}").map(|a| a..a + 3));
    }

    #[test]
    fn sql_cells_are_queries_and_other_languages_are_skipped() {
        let text = "%%sql sqlite://\nSELECT '{' FROM t\n%%bash\nls\n";
        let cells = [0..34, 34..text.len()];
        let view = python_view(text, &cells, Dialect::Postgres);
        assert_eq!(
            view.text,
            "_sqlhound_magic_cursor.execute(rf\"\"\"SELECT '{{' FROM t\n\"\"\")\n"
        );
        assert_eq!(view.sinks[0].1, "%%sql");
    }

    #[test]
    fn a_magics_connection_names_the_dialect() {
        let text = "%sql postgresql+psycopg2://u@h/db\n";
        assert_eq!(view(text).dialect, Some(Dialect::Postgres));
        let cells = "%%sql duckdb:///\nSELECT 1\n";
        assert_eq!(view(cells).dialect, Some(Dialect::Duckdb));
        assert_eq!(view("%sql SELECT 1\n").dialect, None);
    }

    #[test]
    fn magics_that_are_not_sql_stay_out() {
        assert_eq!(sql_of_line_magic("%sql --close x"), None);
        assert_eq!(sql_of_line_magic("%sql sqlite://"), None);
        assert_eq!(sql_of_line_magic("%sqlcmd tables"), None);
        assert_eq!(sql_of_line_magic("%sql sqlite:// SELECT 1"), Some(15));
        assert_eq!(sql_of_line_magic("%sql r << SELECT 1"), Some(10));
    }
}
