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

/// Whether a value written right after `text` stands where SQL takes a value: after a
/// comparison, `LIKE`, `LIMIT` or `OFFSET`, in an `IN (…)` or `VALUES (…)` list, or inside a
/// string literal (`'`); not a name or SQL text (`FROM `, `ORDER BY `, a select list, a
/// quoted identifier).
pub fn takes_value(text: &str, dialect: Dialect) -> bool {
    let Ok(tokens) = Tokenizer::new(dialect.parser_dialect(), text).tokenize() else {
        // A quote left open: the value is inside a string literal, or a quoted name.
        return text
            .rfind(['\'', '"', '`', '['])
            .is_some_and(|at| text[at..].starts_with('\''));
    };
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    match significant.last() {
        Some(
            Token::Eq
            | Token::DoubleEq
            | Token::Neq
            | Token::Lt
            | Token::Gt
            | Token::LtEq
            | Token::GtEq,
        ) => true,
        Some(Token::Word(word)) if word.quote_style.is_none() => matches!(
            word.keyword,
            Keyword::LIKE | Keyword::ILIKE | Keyword::LIMIT | Keyword::OFFSET
        ),
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
            open.and_then(|at| at.checked_sub(1))
                .and_then(|at| significant.get(at))
                .is_some_and(|t| {
                    matches!(t, Token::Word(w) if w.quote_style.is_none()
                        && matches!(w.keyword, Keyword::IN | Keyword::VALUES))
                })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_comparisons_lists_and_quotes() {
        let value = |text| takes_value(text, Dialect::Sqlite);
        assert!(value("SELECT a FROM t WHERE a = "));
        assert!(value("SELECT a FROM t WHERE a >= "));
        assert!(value("SELECT a FROM t WHERE name LIKE "));
        assert!(value("SELECT a FROM t LIMIT "));
        assert!(value("SELECT a FROM t WHERE id IN ("));
        assert!(value("SELECT a FROM t WHERE id IN (1, "));
        assert!(value("INSERT INTO t (a, b) VALUES (1, "));
        assert!(value("SELECT a FROM t WHERE name = '"));
        assert!(value("SELECT a FROM t WHERE f(x) = "));
        assert!(!value("SELECT a FROM "));
        assert!(!value("SELECT "));
        assert!(!value("SELECT a, "));
        assert!(!value("SELECT a FROM t ORDER BY "));
        assert!(!value("SELECT a FROM t WHERE "));
        assert!(!value("INSERT INTO t ("));
        assert!(!value("SELECT count("));
        assert!(!value(
            "SELECT a FROM t WHERE id IN (SELECT id FROM u WHERE g(1, 2) > 0) AND "
        ));
        assert!(!value("SELECT a FROM \""));
        assert!(!value("-- a = \nSELECT a FROM "));
        assert!(!value(""));
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
