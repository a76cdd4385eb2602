//! The clause a piece of SQL text ends in, by its last keywords: `… WHERE `, `ORDER BY `.
//! A value written right after it fills that clause (`WHERE {where}`).

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::Dialect;

/// The clause `text` ends in, named as a parameter filling it would be: `where`, `having`,
/// `select`, `order_by`, `group_by`, and `level` for a transaction's `ISOLATION LEVEL`
/// (Oracle's `ISOLATION_LEVEL=`), which takes keywords.
pub fn trailing_clause(text: &str, dialect: Dialect) -> Option<&'static str> {
    let tokens = Tokenizer::new(dialect.parser_dialect(), text)
        .tokenize()
        .ok()?;
    let mut last = tokens
        .iter()
        .rev()
        .filter(|t| !matches!(t, Token::Whitespace(_)));
    if let (Some(Token::Eq), Some(Token::Word(word))) = (last.next(), last.next())
        && word.quote_style.is_none()
        && word.value.eq_ignore_ascii_case("isolation_level")
    {
        return Some("level");
    }
    let mut keywords = tokens
        .iter()
        .rev()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .map(|t| match t {
            Token::Word(word) if word.quote_style.is_none() => Some(word.keyword),
            _ => None,
        });
    match (keywords.next()??, keywords.next().flatten()) {
        (Keyword::LEVEL, Some(Keyword::ISOLATION)) => Some("level"),
        (Keyword::WHERE, _) => Some("where"),
        (Keyword::HAVING, _) => Some("having"),
        (Keyword::SELECT, _) => Some("select"),
        (Keyword::BY, Some(Keyword::ORDER)) => Some("order_by"),
        (Keyword::BY, Some(Keyword::GROUP)) => Some("group_by"),
        _ => None,
    }
}

/// Where a value written right after some SQL text stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// Where SQL takes a value: after a comparison, an operator, `LIKE`, `BETWEEN`,
    /// `LIMIT`, in an `IN (…)` or `VALUES (…)` list, inside a string literal.
    Value,
    /// Where SQL takes a name or SQL text: after `FROM`, `INTO`, `UPDATE`, `ORDER BY`,
    /// `SELECT`, `WHERE`, `CREATE DATABASE`, a `.`, inside a quoted identifier, first.
    Name,
    /// Either (a function's arguments, after `AND`).
    Unknown,
}

/// The quote a text leaves open: `'` inside a string literal, `"`, `` ` `` or `[` inside a
/// quoted identifier, read with the dialect's tokenizer (so `''`, comments and the other
/// quotes are what they are).
pub fn open_quote(text: &str, dialect: Dialect) -> Option<char> {
    let parses = |text: &str| {
        Tokenizer::new(dialect.parser_dialect(), text)
            .tokenize()
            .is_ok()
    };
    if parses(text) {
        return None;
    }
    ['\'', '"', '`']
        .into_iter()
        .find(|quote| parses(&format!("{text}{quote}")))
        .or_else(|| parses(&format!("{text}]")).then_some('['))
}

/// Where a value written right after `text` stands.
pub fn position(text: &str, dialect: Dialect) -> Position {
    let Ok(tokens) = Tokenizer::new(dialect.parser_dialect(), text).tokenize() else {
        return match open_quote(text, dialect) {
            Some('\'') => Position::Value,
            Some(_) => Position::Name,
            None => Position::Unknown,
        };
    };
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let keyword = |t: &Token| match t {
        Token::Word(word) if word.quote_style.is_none() => Some(word.keyword),
        _ => None,
    };
    // `SET search_path = …`, `PRAGMA cache_size = …`, `CREATE TABLE … CHECK (a > …)`: these
    // statements take no parameters, whatever stands there.
    if matches!(
        significant.first().and_then(|t| keyword(t)),
        Some(
            Keyword::SET
                | Keyword::SHOW
                | Keyword::PRAGMA
                | Keyword::CREATE
                | Keyword::ALTER
                | Keyword::DROP
        )
    ) {
        return Position::Name;
    }
    match significant.last() {
        None | Some(Token::Period) => Position::Name,
        Some(
            Token::Eq
            | Token::DoubleEq
            | Token::Neq
            | Token::Lt
            | Token::Gt
            | Token::LtEq
            | Token::GtEq
            | Token::Plus
            | Token::Minus
            | Token::Mul
            | Token::Div
            | Token::Mod
            | Token::StringConcat,
        ) => Position::Value,
        Some(Token::LParen | Token::Comma) => {
            // The list's opening parenthesis, and the word before it.
            let mut depth = 0usize;
            let open = significant.iter().rposition(|t| match t {
                Token::RParen => {
                    depth += 1;
                    false
                }
                Token::LParen if depth == 0 => true,
                Token::LParen => {
                    depth -= 1;
                    false
                }
                _ => false,
            });
            let before = open
                .and_then(|at| at.checked_sub(1))
                .and_then(|at| significant.get(at))
                .and_then(|t| keyword(t));
            match before {
                Some(Keyword::IN | Keyword::VALUES) => Position::Value,
                // `WHERE (…`: a condition.
                Some(
                    Keyword::WHERE
                    | Keyword::HAVING
                    | Keyword::ON
                    | Keyword::AND
                    | Keyword::OR
                    | Keyword::NOT
                    | Keyword::SELECT
                    | Keyword::FROM,
                ) => Position::Name,
                // A list outside parentheses: the clause it is in tells (`SELECT a, `).
                _ if open.is_none() => match significant.iter().rev().find_map(|t| {
                    keyword(t).filter(|k| {
                        matches!(
                            k,
                            Keyword::SELECT | Keyword::FROM | Keyword::BY | Keyword::SET
                        )
                    })
                }) {
                    Some(Keyword::SELECT | Keyword::FROM | Keyword::BY) => Position::Name,
                    _ => Position::Unknown,
                },
                _ => Position::Unknown,
            }
        }
        // Right after a word, no space between: the value goes on with that name.
        Some(Token::Word(_)) if !text.ends_with(char::is_whitespace) => Position::Name,
        // `WHERE a AND …` is a condition; `BETWEEN 1 AND …` a value.
        Some(token) if matches!(keyword(token), Some(Keyword::AND | Keyword::OR)) => {
            let between = significant.len() >= 3
                && keyword(significant[significant.len() - 3]) == Some(Keyword::BETWEEN);
            if between {
                Position::Value
            } else {
                Position::Name
            }
        }
        Some(token) => match keyword(token) {
            Some(
                Keyword::LIKE
                | Keyword::ILIKE
                | Keyword::LIMIT
                | Keyword::OFFSET
                | Keyword::BETWEEN
                | Keyword::IS
                | Keyword::IN,
            ) => Position::Value,
            Some(
                Keyword::FROM
                | Keyword::JOIN
                | Keyword::INTO
                | Keyword::UPDATE
                | Keyword::TABLE
                | Keyword::SELECT
                | Keyword::WHERE
                | Keyword::HAVING
                | Keyword::BY
                | Keyword::ON
                | Keyword::AS
                | Keyword::DATABASE
                | Keyword::SCHEMA
                | Keyword::VIEW
                | Keyword::INDEX
                | Keyword::CLOSE
                | Keyword::FETCH
                | Keyword::DEFAULT
                | Keyword::EXISTS
                | Keyword::TO
                | Keyword::EXECUTE
                | Keyword::DEALLOCATE
                | Keyword::EXPLAIN,
            ) => Position::Name,
            _ => Position::Unknown,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_names_and_the_rest() {
        let at = |text| position(text, Dialect::Sqlite);
        for value in [
            "SELECT a FROM t WHERE a = ",
            "SELECT a FROM t WHERE a >= ",
            "SELECT a FROM t WHERE name LIKE ",
            "SELECT a FROM t LIMIT ",
            "SELECT a FROM t WHERE id IN (",
            "SELECT a FROM t WHERE id IN (1, ",
            "SELECT a FROM t WHERE id IN ",
            "INSERT INTO t (a, b) VALUES (1, ",
            "SELECT a FROM t WHERE name = '",
            "SELECT a FROM t WHERE name LIKE 'it''s ",
            "SELECT a FROM t WHERE f(x) = ",
            "SELECT a FROM t WHERE d BETWEEN ",
            "SELECT a FROM t WHERE d BETWEEN 1 AND ",
            "EXPLAIN SELECT a FROM t WHERE a = ",
            "UPDATE t SET n = n + ",
            "SELECT a || ",
            "SELECT a FROM t WHERE b IS ",
            "SELECT a FROM t -- don't\nWHERE a = ",
        ] {
            assert_eq!(at(value), Position::Value, "{value}");
        }
        for name in [
            "",
            "SELECT a FROM ",
            "SELECT ",
            "SELECT a FROM t ORDER BY ",
            "SELECT a FROM t WHERE ",
            "SELECT a FROM s.",
            "SELECT a FROM \"",
            "CREATE DATABASE ",
            "ALTER TABLE t ALTER COLUMN c SET DEFAULT ",
            "-- a = \nSELECT a FROM ",
            "SELECT a FROM t WHERE id IN (SELECT id FROM u WHERE g(1, 2) > 0) AND x IN (SELECT b FROM ",
        ] {
            assert_eq!(at(name), Position::Name, "{name}");
        }
        for name in [
            "SELECT a, ",
            "SELECT a FROM t ORDER BY a, ",
            "SET search_path = ",
            "SET search_path TO ",
            "SHOW ",
            "EXPLAIN ",
            "PRAGMA cache_size=-",
            "CREATE TABLE t (a int CHECK (a > ",
            "EXECUTE ",
            "CLOSE c_",
            "SELECT a FROM t WHERE (",
            "SELECT a FROM t WHERE a = 1 AND ",
        ] {
            assert_eq!(at(name), Position::Name, "{name}");
        }
        for unknown in [
            "UPDATE t SET a = 1, ",
            "SELECT count(",
            "INSERT INTO t (",
            "SELECT a FROM t WHERE x = ANY(",
        ] {
            assert_eq!(at(unknown), Position::Unknown, "{unknown}");
        }
        assert_eq!(open_quote("SELECT 'it''s ", Dialect::Sqlite), Some('\''));
        assert_eq!(open_quote("SELECT 'it''s' ", Dialect::Sqlite), None);
        assert_eq!(open_quote("SELECT \"a", Dialect::Sqlite), Some('"'));
        assert_eq!(open_quote("-- it's\nSELECT ", Dialect::Sqlite), None);
    }

    #[test]
    fn the_last_keywords_name_the_clause() {
        let clause = |text| trailing_clause(text, Dialect::Sqlite);
        assert_eq!(clause("select count(*) from t where "), Some("where"));
        assert_eq!(clause("SELECT a FROM t ORDER  BY "), Some("order_by"));
        assert_eq!(clause("SELECT a FROM t GROUP BY a HAVING "), Some("having"));
        assert_eq!(clause("SELECT "), Some("select"));
        assert_eq!(clause("SELECT a FROM t WHERE a = "), None);
        assert_eq!(clause("SELECT a FROM t WHERE \"where\" "), None);
        assert_eq!(clause("SELECT a FROM t BY "), None);
        assert_eq!(clause("SELECT a FROM t WHERE 'unclosed"), None);
        assert_eq!(clause("SET TRANSACTION ISOLATION LEVEL "), Some("level"));
        assert_eq!(clause("ALTER SESSION SET ISOLATION_LEVEL="), Some("level"));
        assert_eq!(clause("SET lock_timeout = "), None);
        assert_eq!(clause("SELECT level FROM t WHERE x = "), None);
    }
}
