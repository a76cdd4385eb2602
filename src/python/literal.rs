//! Decodes Python string literals from their source text, keeping for every decoded
//! character the bytes of the file it came from — so a finding in SQL inside a string
//! points at the right column, escapes, raw strings and triple quotes included.

use std::ops::Range;

/// A run of decoded text and where it came from in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// (range in `text`, range in the file); ranges of equal length are verbatim copies.
    pub segments: Vec<(Range<usize>, Range<usize>)>,
}

impl Decoded {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `text` that came from `file` bytes, merging verbatim runs.
    pub fn push(&mut self, text: &str, file: Range<usize>) {
        let start = self.text.len();
        self.text.push_str(text);
        let sql = start..self.text.len();
        if let Some((last_sql, last_file)) = self.segments.last_mut() {
            let verbatim = sql.len() == file.len() && last_sql.len() == last_file.len();
            if verbatim && last_sql.end == sql.start && last_file.end == file.start {
                last_sql.end = sql.end;
                last_file.end = file.end;
                return;
            }
        }
        self.segments.push((sql, file));
    }

    pub fn append(&mut self, other: &Decoded) {
        let shift = self.text.len();
        self.text.push_str(&other.text);
        for (sql, file) in &other.segments {
            self.segments
                .push((sql.start + shift..sql.end + shift, file.clone()));
        }
    }
}

/// Prefix, quotes and body of one string token such as `rb'''…'''`.
pub struct StringToken {
    pub raw: bool,
    pub bytes: bool,
    pub format: bool,
    /// Body bytes in the file (between the quotes).
    pub body: Range<usize>,
}

/// Splits a string token (`source[range]`, one part of an implicit concatenation).
pub fn string_token(source: &str, range: Range<usize>) -> Option<StringToken> {
    let token = source.get(range.clone())?;
    let prefix_len = token.find(['\'', '"'])?;
    let prefix = token[..prefix_len].to_ascii_lowercase();
    let rest = &token[prefix_len..];
    let quote = rest.chars().next()?;
    let triple: String = std::iter::repeat_n(quote, 3).collect();
    let quote_len = if rest.starts_with(&triple) && rest.len() >= 6 {
        3
    } else {
        1
    };
    let close = if rest.len() >= 2 * quote_len && rest.ends_with(&rest[..quote_len]) {
        quote_len
    } else {
        0 // unterminated
    };
    let body = range.start + prefix_len + quote_len..range.end - close;
    Some(StringToken {
        raw: prefix.contains('r'),
        bytes: prefix.contains('b'),
        format: prefix.contains('f') || prefix.contains('t'),
        body: body.start..body.end.max(body.start),
    })
}

/// Decodes literal text (a whole string body, or the literal part of an f-string) from
/// `source[range]`. `braces` turns `{{`/`}}` into `{`/`}` as f-strings do.
pub fn decode(source: &str, range: Range<usize>, raw: bool, braces: bool) -> Decoded {
    let mut out = Decoded::new();
    let Some(body) = source.get(range.clone()) else {
        return out;
    };
    let base = range.start;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let start = base + i;
        if braces && (c == '{' || c == '}') && chars.peek().map(|&(_, n)| n) == Some(c) {
            chars.next();
            out.push(&c.to_string(), start..start + 2);
            continue;
        }
        if c != '\\' || raw {
            out.push(&body[i..i + c.len_utf8()], start..start + c.len_utf8());
            continue;
        }
        let Some(&(j, next)) = chars.peek() else {
            out.push("\\", start..start + 1);
            break;
        };
        chars.next();
        let mut end = j + next.len_utf8();
        let decoded: Option<String> = match next {
            '\n' => Some(String::new()),
            '\r' => {
                if chars.peek().map(|&(_, n)| n) == Some('\n') {
                    chars.next();
                    end += 1;
                }
                Some(String::new())
            }
            '\\' | '\'' | '"' => Some(next.to_string()),
            'n' => Some("\n".into()),
            't' => Some("\t".into()),
            'r' => Some("\r".into()),
            'a' => Some("\u{7}".into()),
            'b' => Some("\u{8}".into()),
            'f' => Some("\u{c}".into()),
            'v' => Some("\u{b}".into()),
            '0'..='7' => {
                let mut value = next.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(k, d @ '0'..='7')) => {
                            value = value * 8 + d.to_digit(8).unwrap_or(0);
                            end = k + 1;
                            chars.next();
                        }
                        _ => break,
                    }
                }
                char::from_u32(value).map(String::from)
            }
            'x' | 'u' | 'U' => {
                let digits = match next {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = body[end..].chars().take(digits).collect();
                if hex.len() == digits && hex.chars().all(|h| h.is_ascii_hexdigit()) {
                    for _ in 0..digits {
                        chars.next();
                    }
                    end += digits;
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map(String::from)
                } else {
                    None
                }
            }
            'N' if body[end..].starts_with('{') => match body[end..].find('}') {
                Some(close) => {
                    let name_end = end + close + 1;
                    while chars.peek().is_some_and(|&(k, _)| k < name_end) {
                        chars.next();
                    }
                    end = name_end;
                    // Named characters are rare in SQL; keep a stand-in of the right kind.
                    Some("?".into())
                }
                None => None,
            },
            _ => None,
        };
        match decoded {
            Some(text) => out.push(&text, start..base + end),
            // An unknown escape keeps its backslash, as Python does.
            None => out.push(&body[i..end], start..base + end),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_token(source: &str) -> Decoded {
        let token = string_token(source, 0..source.len()).unwrap_or(StringToken {
            raw: false,
            bytes: false,
            format: false,
            body: 0..0,
        });
        decode(source, token.body, token.raw, token.format)
    }

    #[test]
    fn escapes_decode_and_map_back_to_their_bytes() {
        let source = r#""a\tb\'c\x41\u00e9""#;
        let decoded = decode_token(source);
        assert_eq!(decoded.text, "a\tb'cAé");
        let e_acute = decoded.text.find('é').unwrap_or(0);
        let (_, file) = decoded
            .segments
            .iter()
            .find(|(sql, _)| sql.start == e_acute)
            .cloned()
            .unwrap_or((0..0, 0..0));
        assert_eq!(&source[file], "\\u00e9");
    }

    #[test]
    fn raw_and_triple_quoted_strings_are_verbatim() {
        let source = "r'''SELECT\\n 1'''";
        let decoded = decode_token(source);
        assert_eq!(decoded.text, "SELECT\\n 1");
        assert_eq!(decoded.segments, vec![(0..10, 4..14)]);
    }

    #[test]
    fn line_continuations_vanish() {
        let decoded = decode_token("'SELECT \\\n1'");
        assert_eq!(decoded.text, "SELECT 1");
    }

    #[test]
    fn doubled_braces_in_fstrings() {
        let source = "f'{{x}}'";
        let decoded = decode_token(source);
        assert_eq!(decoded.text, "{x}");
    }

    #[test]
    fn unterminated_strings_do_not_panic() {
        let decoded = decode_token("'abc");
        assert_eq!(decoded.text, "abc");
        let decoded = decode_token("'\\");
        assert_eq!(decoded.text, "\\");
    }
}
