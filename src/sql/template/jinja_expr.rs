//! Jinja expressions, read only as far as sqlhound needs them: tokens up to the tag's closing
//! delimiter (strings and brackets respected, so `'}}'` or `{'a': 1}` do not close it), and
//! what an output tag stands for in the SQL — a table dbt names (`ref('orders')`,
//! `source('shop', 'orders')`), nothing (`config(…)`), or a hole (anything else).

use std::ops::Range;

use super::jinja::ParamDefault;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Name,
    /// A quoted string, quotes included.
    Str,
    Number,
    /// An operator or punctuation: `(`, `,`, `=`, `==`, `|`, `.`.
    Op,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
}

/// An expression that does not end: where it starts, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Unclosed {
    pub at: usize,
    /// A string inside the tag never ends (else the tag itself never does).
    pub in_string: bool,
}

/// The tokens of `text[start..]` up to `close` (`}}`, `%}`) outside strings and brackets,
/// a `-` or `+` whitespace-control mark before it dropped; returns them and where `close`
/// starts.
pub fn scan<'a>(
    text: &'a str,
    start: usize,
    close: &str,
) -> Result<(Vec<Token<'a>>, usize), Unclosed> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        let rest = &text[i..];
        let b = bytes[i];
        if depth == 0 {
            let control = rest
                .strip_prefix(['-', '+'])
                .is_some_and(|r| r.starts_with(close));
            if rest.starts_with(close) || control {
                return Ok((tokens, i + usize::from(control)));
            }
        }
        let len = match b {
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'\'' | b'"' => string_len(rest).ok_or(Unclosed {
                at: i,
                in_string: true,
            })?,
            b if b.is_ascii_digit() => rest
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'_')
                .count(),
            b if b.is_ascii_alphabetic() || b == b'_' => rest
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                .count(),
            _ => {
                match b {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                let two = rest.get(..2).unwrap_or_default();
                if ["==", "!=", "<=", ">=", "//", "**"].contains(&two) {
                    2
                } else {
                    rest.chars().next().map_or(1, char::len_utf8)
                }
            }
        };
        let kind = match b {
            b'\'' | b'"' => Kind::Str,
            b if b.is_ascii_digit() => Kind::Number,
            b if b.is_ascii_alphabetic() || b == b'_' => Kind::Name,
            _ => Kind::Op,
        };
        tokens.push(Token {
            kind,
            text: &text[i..i + len],
        });
        i += len;
    }
    Err(Unclosed {
        at: start,
        in_string: false,
    })
}

/// The length of the quoted string at the start of `s`, backslash escapes respected.
fn string_len(s: &str) -> Option<usize> {
    let quote = s.as_bytes().first().copied()?;
    let mut escaped = false;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            _ if b == quote => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// What an output tag (`{{ … }}`) puts into the SQL.
#[derive(Debug, PartialEq, Eq)]
pub enum Output {
    /// `config(…)`: settings for dbt, no SQL.
    Nothing,
    /// `ref('orders')`, `source('shop', 'orders')`: the table, as SQL names it.
    Table(String),
    /// Anything else: a value or an identifier sqlhound does not know.
    Hole,
}

/// What the output tag with these tokens stands for.
pub fn output(tokens: &[Token<'_>]) -> Output {
    let Some((name, arguments)) = call(tokens) else {
        return Output::Hole;
    };
    let strings = || -> Option<Vec<&str>> {
        arguments
            .iter()
            .filter(|argument| !is_keyword_argument(argument))
            .map(|argument| match argument {
                [token] if token.kind == Kind::Str => Some(unquoted(token.text)),
                _ => None,
            })
            .collect()
    };
    let table = |parts: &[&str]| {
        if parts.iter().all(|p| is_identifier(p)) {
            Output::Table(parts.join("."))
        } else {
            Output::Hole
        }
    };
    match name {
        "config" => Output::Nothing,
        // `ref('orders')`, `ref('package', 'orders')`, `ref('orders', v=2)`: the model.
        "ref" => match strings().as_deref() {
            Some([.., model]) => table(&[model]),
            _ => Output::Hole,
        },
        "source" => match strings().as_deref() {
            Some([source, table_name]) => table(&[source, table_name]),
            _ => Output::Hole,
        },
        _ => Output::Hole,
    }
}

/// A macro's name and parameters from the tokens after `macro`: `name(a, b=2)`.
pub fn signature(tokens: &[Token<'_>]) -> Option<(String, Vec<(String, ParamDefault)>)> {
    let (name, arguments) = call(tokens)?;
    let params = arguments
        .iter()
        .map(|argument| match argument {
            [param] if param.kind == Kind::Name => {
                Some((param.text.to_string(), ParamDefault::Required))
            }
            [param, equals, default @ ..] if param.kind == Kind::Name && equals.text == "=" => {
                let default = literal(default).map_or(ParamDefault::Other, ParamDefault::Literal);
                Some((param.text.to_string(), default))
            }
            _ => None,
        })
        .collect::<Option<_>>()?;
    Some((name.to_string(), params))
}

/// The text a string or number literal renders: `'day'` renders `day`, `2` renders `2`;
/// `None` for anything else, and for a string with escapes.
pub fn literal(tokens: &[Token<'_>]) -> Option<String> {
    match tokens {
        [token] if token.kind == Kind::Str && !token.text.contains('\\') => {
            Some(unquoted(token.text).to_string())
        }
        [token] if token.kind == Kind::Number => Some(token.text.to_string()),
        _ => None,
    }
}

/// `name(arguments)` spanning all the tokens: the name and each top-level argument's tokens.
pub fn call<'t, 'a>(tokens: &'t [Token<'a>]) -> Option<(&'a str, Vec<&'t [Token<'a>]>)> {
    let [name, open, inner @ .., close] = tokens else {
        return None;
    };
    if name.kind != Kind::Name || open.text != "(" || close.text != ")" {
        return None;
    }
    let mut arguments = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, token) in inner.iter().enumerate() {
        match token.text {
            "(" | "[" | "{" => depth += 1,
            // A `)` closing the call before the end: `ref('a') ~ ref('b')` is no call.
            ")" if depth == 0 => return None,
            ")" | "]" | "}" => depth -= 1,
            "," if depth == 0 => {
                arguments.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < inner.len() {
        arguments.push(&inner[start..]);
    }
    Some((name.text, arguments))
}

pub fn is_keyword_argument(argument: &[Token<'_>]) -> bool {
    matches!(argument, [name, equals, ..] if name.kind == Kind::Name && equals.text == "=")
}

fn unquoted(text: &str) -> &str {
    text.get(1..text.len().saturating_sub(1))
        .unwrap_or_default()
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The first token's text when it is a name: a statement tag's keyword (`if`, `endfor`).
pub fn keyword<'a>(tokens: &[Token<'a>]) -> Option<&'a str> {
    tokens
        .first()
        .filter(|t| t.kind == Kind::Name)
        .map(|t| t.text)
}

/// Whether a `{% set … %}` assigns in the tag (`set x = 1`) rather than opening a block.
pub fn assigns(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| t.kind == Kind::Op && t.text == "=")
}

/// The value of a condition on where a loop is — `loop.first`, `not loop.last` — in a loop
/// of one item, which is how a `for` body is rendered; `None` for any other condition.
pub fn loop_condition(tokens: &[Token<'_>]) -> Option<bool> {
    let (negated, rest) = match tokens {
        [not, rest @ ..] if not.text == "not" => (true, rest),
        _ => (false, tokens),
    };
    match rest {
        [object, dot, field] if object.text == "loop" && dot.text == "." => {
            matches!(field.text, "first" | "last").then_some(!negated)
        }
        _ => None,
    }
}

/// The byte range of `tokens` in the text they were scanned from (`text`).
pub fn extent(text: &str, tokens: &[Token<'_>]) -> Option<Range<usize>> {
    let start = offset_in(text, tokens.first()?.text)?;
    let last = tokens.last()?.text;
    Some(start..offset_in(text, last)? + last.len())
}

fn offset_in(text: &str, part: &str) -> Option<usize> {
    (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn tokens(inner: &str) -> Vec<Token<'static>> {
        // Tokens borrow their text: a leaked copy lives as long as the test.
        let text: &'static str = Box::leak(format!("{inner}}}}}").into_boxed_str());
        scan(text, 0, "}}").unwrap().0
    }

    #[test]
    fn strings_and_brackets_do_not_close_a_tag() {
        let text = "ref('}}') ~ {'a': {'b': 1}} -}} rest";
        let (found, end) = scan(text, 0, "}}").unwrap();
        assert_eq!(&text[end..end + 2], "}}");
        assert_eq!(found[0].text, "ref");
        assert_eq!(found[2].text, "'}}'");
        assert_eq!(
            scan("'open", 0, "}}"),
            Err(Unclosed {
                at: 0,
                in_string: true
            })
        );
        assert!(scan("x + 1", 0, "}}").is_err());
    }

    #[test]
    fn refs_and_sources_name_tables() {
        let table = |t: &str| Output::Table(t.into());
        assert_eq!(output(&tokens(" ref('orders') ")), table("orders"));
        assert_eq!(output(&tokens("ref(\"pkg\", \"orders\")")), table("orders"));
        assert_eq!(output(&tokens("ref('orders', v=2)")), table("orders"));
        assert_eq!(
            output(&tokens("source('shop', 'orders')")),
            table("shop.orders")
        );
        assert_eq!(
            output(&tokens("config(materialized='table')")),
            Output::Nothing
        );
        for hole in [
            "this",
            "var('start')",
            "ref(model_name)",
            "ref('my-model')",
            "ref('a') ~ ref('b')",
            "ref('a') | trim",
            "source('shop')",
            "dbt_utils.star(from=ref('orders'))",
        ] {
            assert_eq!(output(&tokens(hole)), Output::Hole, "{hole}");
        }
    }

    #[test]
    fn set_tags_that_assign() {
        assert!(assigns(&tokens("set x = 1")));
        assert!(!assigns(&tokens("set x")));
        assert!(!assigns(&tokens("if a == b")));
        assert_eq!(keyword(&tokens("endif")), Some("endif"));
    }
}
