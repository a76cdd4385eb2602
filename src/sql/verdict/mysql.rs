//! MySQL: sqlhound has no parser of MySQL's own, and sqlparser does not read the compound
//! statements of stored routines (`CREATE PROCEDURE … BEGIN DECLARE …; WHILE … END WHILE;
//! END`). Such a routine is recognised from its tokens — `CREATE`, then `PROCEDURE`,
//! `FUNCTION`, `TRIGGER` or `EVENT` before any parenthesis, and a body from `BEGIN` to a
//! final `END` (and label) — and left unjudged; any other statement keeps sqlparser's verdict.

use sqlparser::dialect::MySqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::Verdict;

pub(super) fn judge(statement: &str) -> Option<Verdict> {
    let tokens = Tokenizer::new(&MySqlDialect {}, statement)
        .tokenize()
        .ok()?;
    let mut code = tokens.iter().filter(|t| !matches!(t, Token::Whitespace(_)));
    let keyword = |t: &Token| match t {
        Token::Word(word) if word.quote_style.is_none() => Some(word.keyword),
        _ => None,
    };
    if keyword(code.next()?) != Some(Keyword::CREATE) {
        return None;
    }
    let routine = code.by_ref().take_while(|t| **t != Token::LParen).any(|t| {
        matches!(
            keyword(t),
            Some(Keyword::PROCEDURE | Keyword::FUNCTION | Keyword::TRIGGER | Keyword::EVENT)
        )
    });
    let words: Vec<Option<Keyword>> = code.map(keyword).collect();
    let has_body = words.contains(&Some(Keyword::BEGIN));
    // The body's `END`, maybe followed by the block's label.
    let ends = matches!(
        words.as_slice(),
        [.., Some(Keyword::END)] | [.., Some(Keyword::END), Some(_)]
    );
    (routine && has_body && ends).then_some(Verdict::Procedural)
}
