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

#[cfg(test)]
mod tests {
    use super::*;

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
