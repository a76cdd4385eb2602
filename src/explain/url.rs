//! Connection strings in messages: never with their password.

/// The connection string with any password replaced by `***`: in the user part of a URL
/// (`postgres://app:secret@db/shop`), in a `password=` query parameter, or in a
/// `key=value` string (`host=db password='s e' dbname=shop`).
pub fn redact(url: &str) -> String {
    let url = url.trim();
    if let Some((scheme, rest)) = url.split_once("://") {
        let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
        let authority = match authority.rsplit_once('@') {
            Some((user, host)) => match user.split_once(':') {
                Some((name, _)) => format!("{name}:***@{host}"),
                None => authority.to_string(),
            },
            None => authority.to_string(),
        };
        let tail = match tail.split_once('?') {
            Some((path, query)) => {
                let query: Vec<String> = query
                    .split('&')
                    .map(|pair| match pair.split_once('=') {
                        Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                            format!("{key}=***")
                        }
                        _ => pair.to_string(),
                    })
                    .collect();
                format!("{path}?{}", query.join("&"))
            }
            None => tail.to_string(),
        };
        return format!("{scheme}://{authority}{tail}");
    }
    redact_key_values(url)
}

/// `key=value` pairs separated by spaces; values may be single-quoted with `\'` escapes.
fn redact_key_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        out.push_str(&rest[..=eq]);
        rest = rest[eq + 1..].trim_start();
        let value_len = value_length(rest);
        if key.eq_ignore_ascii_case("password") {
            out.push_str("***");
        } else {
            out.push_str(&rest[..value_len]);
        }
        rest = &rest[value_len..];
    }
    out.push_str(rest);
    out
}

fn value_length(text: &str) -> usize {
    if let Some(quoted) = text.strip_prefix('\'') {
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '\'' if !escaped => return i + 2,
                _ => escaped = false,
            }
        }
        text.len()
    } else {
        text.find(char::is_whitespace).unwrap_or(text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden_in_every_form() {
        assert_eq!(
            redact("postgres://app:s3cr%40t@db.internal:5432/shop?sslmode=require"),
            "postgres://app:***@db.internal:5432/shop?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://app@db/shop?password=hunter2&sslmode=disable"),
            "postgresql://app@db/shop?password=***&sslmode=disable"
        );
        assert_eq!(
            redact("host=db user=app password='s e\\' cret' dbname=shop"),
            "host=db user=app password=*** dbname=shop"
        );
        assert_eq!(redact("host=/tmp dbname=shop"), "host=/tmp dbname=shop");
    }

    #[test]
    fn a_password_with_at_signs_and_colons_stays_hidden() {
        assert_eq!(
            redact("postgres://app:p@ss:w@rd@db/shop"),
            "postgres://app:***@db/shop"
        );
    }
}
