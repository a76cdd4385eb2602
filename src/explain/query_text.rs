//! The text of the queries the explain pass plans: how identical ones are told apart, and
//! how many parameters each takes.

/// The text explain results are shared by: whitespace runs outside quotes collapsed.
pub fn normalized(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut space = false;
    for c in sql.trim().trim_end_matches(';').trim_end().chars() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c.is_whitespace() => space = true,
            None => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                if c == '\'' || c == '"' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

/// How many `$n` parameters the statement takes: the highest `n` outside quotes.
pub fn parameter_count(sql: &str) -> usize {
    let bytes = sql.as_bytes();
    let mut quote: Option<u8> = None;
    let mut highest = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if b == b'$' && !i.checked_sub(1).is_some_and(|p| is_word(bytes[p])) => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .count();
                let after = bytes.get(i + 1 + digits).copied();
                if digits > 0 && !after.is_some_and(|a| is_word(a) || a == b'$') {
                    let n = sql[i + 1..i + 1 + digits].parse::<usize>().unwrap_or(0);
                    highest = highest.max(n);
                }
                i += digits;
            }
            None => {}
        }
        i += 1;
    }
    highest
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_keeps_quoted_text_as_written() {
        assert_eq!(
            normalized("SELECT  *\n FROM t\tWHERE a = 'x  y' ;"),
            "SELECT * FROM t WHERE a = 'x  y'"
        );
    }

    #[test]
    fn parameters_are_counted_outside_quotes_and_dollar_quotes() {
        assert_eq!(parameter_count("SELECT $1, $12 FROM t WHERE a = '$40'"), 12);
        assert_eq!(parameter_count("SELECT $body$ x $body$, a$1"), 0);
        assert_eq!(parameter_count("SELECT 1"), 0);
    }
}
