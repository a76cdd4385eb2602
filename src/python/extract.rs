//! Turns a string value that reaches a sink into SQL text sqlparser can read: known text
//! as written, each hole replaced by a placeholder, the driver's parameter markers (`%s`,
//! `%(name)s`, `?`, `:name`) rewritten to the dialect's — with a span map back to the file.

use std::ops::Range;

use super::value::{Piece, StrValue};
use crate::source::span_map::SpanMap;
use crate::sql::Dialect;
use crate::sql::embedded::{HOLE_PREFIX, Marker, marker_len, parameter};

/// SQL extracted from Python, ready to parse.
#[derive(Debug)]
pub struct EmbeddedSql {
    pub text: String,
    pub map: SpanMap,
    /// Source text of each interpolation, in placeholder order.
    pub labels: Vec<String>,
}

/// Wraps fragments so they parse: `extra(where=["a = NULL"])` → `SELECT 1 WHERE a = NULL`.
pub const FRAGMENT_PREFIX: &str = "SELECT 1 FROM __sqlhound_fragment WHERE ";

pub fn render(
    value: &StrValue,
    dialect: Dialect,
    params_passed: bool,
    prefix: &str,
    source: &str,
) -> EmbeddedSql {
    let mut sql = Renderer {
        text: String::from(prefix),
        map: SpanMap::default(),
        labels: Vec::new(),
        params: 0,
        dialect,
        params_passed,
        in_quote: false,
    };
    for piece in value.pieces() {
        match &*piece {
            Piece::Text(decoded) => {
                for (segment, file) in &decoded.segments {
                    sql.text_segment(&decoded.text[segment.clone()], file.clone());
                }
            }
            Piece::Hole(hole) => {
                sql.labels.push(super::label(source, &hole.span));
                let placeholder = format!("{HOLE_PREFIX}{}", sql.labels.len());
                sql.push(&placeholder, hole.span.clone());
            }
        }
    }
    EmbeddedSql {
        text: sql.text,
        map: sql.map,
        labels: sql.labels,
    }
}

struct Renderer {
    text: String,
    map: SpanMap,
    labels: Vec<String>,
    params: usize,
    dialect: Dialect,
    params_passed: bool,
    in_quote: bool,
}

impl Renderer {
    fn push(&mut self, text: &str, file: Range<usize>) {
        let start = self.text.len();
        self.text.push_str(text);
        self.map.push(start..self.text.len(), file);
    }

    fn placeholder(&mut self) -> String {
        self.params += 1;
        parameter(self.dialect, self.params)
    }

    /// Copies a verbatim (or escaped) run, rewriting parameter markers outside quotes.
    fn text_segment(&mut self, text: &str, file: Range<usize>) {
        if text.len() != file.len() {
            // An escape sequence: one piece, mapped as a whole.
            for c in text.chars() {
                if c == '\'' {
                    self.in_quote = !self.in_quote;
                }
            }
            self.push(text, file);
            return;
        }
        let bytes = text.as_bytes();
        let mut last = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Markers and quotes are ASCII; other bytes may sit inside a character.
            if !b.is_ascii() {
                i += 1;
                continue;
            }
            if b == b'\'' {
                self.in_quote = !self.in_quote;
                i += 1;
                continue;
            }
            // The driver's `%` substitution runs over the whole text, quotes included.
            let marker = if self.in_quote && !text[i..].starts_with("%%") {
                None
            } else {
                marker_len(&text[i..], i.checked_sub(1).map(|p| bytes[p]))
            };
            match marker {
                Some((len, Marker::Param)) => {
                    self.push(&text[last..i], file.start + last..file.start + i);
                    let placeholder = self.placeholder();
                    self.push(&placeholder, file.start + i..file.start + i + len);
                    i += len;
                    last = i;
                }
                Some((len, Marker::Percent)) if self.params_passed => {
                    self.push(&text[last..i], file.start + last..file.start + i);
                    self.push("%", file.start + i..file.start + i + len);
                    i += len;
                    last = i;
                }
                _ => i += 1,
            }
        }
        self.push(&text[last..], file.start + last..file.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::literal::Decoded;

    fn literal(text: &str) -> StrValue {
        let mut d = Decoded::new();
        d.push(text, 10..10 + text.len());
        StrValue::literal(d)
    }

    #[test]
    fn driver_markers_become_dialect_placeholders() {
        let sql = render(
            &literal(
                "SELECT a FROM t WHERE a = %s AND b = %(b)s AND c = ? AND d = :d AND e::int = 1",
            ),
            Dialect::Postgres,
            true,
            "",
            "",
        );
        assert_eq!(
            sql.text,
            "SELECT a FROM t WHERE a = $1 AND b = $2 AND c = $3 AND d = $4 AND e::int = 1"
        );
        assert_eq!(sql.map.range(26..28), Some(36..38));
    }

    #[test]
    fn markers_inside_quotes_stay() {
        let sql = render(
            &literal("SELECT '%s ?' , x FROM t WHERE y LIKE 'a%%' AND z = %s"),
            Dialect::Mysql,
            true,
            "",
            "",
        );
        assert_eq!(
            sql.text,
            "SELECT '%s ?' , x FROM t WHERE y LIKE 'a%' AND z = ?"
        );
    }

    #[test]
    fn non_ascii_text_is_copied_whole() {
        let sql = render(
            &literal("SELECT 'é' AS a, x FROM t WHERE y = ?"),
            Dialect::Sqlite,
            true,
            "",
            "",
        );
        assert_eq!(sql.text, "SELECT 'é' AS a, x FROM t WHERE y = ?");
    }

    #[test]
    fn double_percent_outside_quotes_collapses_when_parameters_are_passed() {
        let sql = render(
            &literal("SELECT 10 %% 3, %s"),
            Dialect::Postgres,
            true,
            "",
            "",
        );
        assert_eq!(sql.text, "SELECT 10 % 3, $1");
    }
}
