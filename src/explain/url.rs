//! Connection strings' parameters, read or rewritten in both libpq forms
//! (`postgresql://…?key=value&…` and `key=value key=value`).

/// Every text that could be the password in a connection string, read leniently so it
/// errs towards finding too much: the user part of a URL up to any `@`
/// (`postgres://app:p@ss@db/shop`), any query parameter whose key decodes to `password`
/// (`?pass%77ord=…`), and a `key=value` string's `password` (`password='s e'`), each raw
/// and decoded. Used to scrub messages, never to connect.
pub fn password_candidates(url: &str) -> Vec<String> {
    let url = url.trim();
    let mut found = Vec::new();
    let mut both = |raw: &str| {
        found.push(raw.to_string());
        found.push(decode(raw));
        found.push(decode(&unquoted(raw)));
    };
    if let Some((_, rest)) = url.split_once("://") {
        for (at, _) in rest.match_indices('@') {
            if let Some((_, password)) = rest[..at].split_once(':') {
                both(password);
            }
        }
        if let Some((_, query)) = rest.split_once('?') {
            for pair in query.split(['&', '#']) {
                if let Some((key, value)) = pair.split_once('=')
                    && decode(key).eq_ignore_ascii_case("password")
                {
                    both(value);
                }
            }
        }
    } else {
        rewrite(url, |key, value| {
            if key.eq_ignore_ascii_case("password") {
                both(value);
            }
            Some(value.to_string())
        });
    }
    found
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A `key=value` value without its single quotes and backslash escapes.
fn unquoted(value: &str) -> String {
    match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        Some(inner) => inner.replace("\\'", "'").replace("\\\\", "\\"),
        None => value.to_string(),
    }
}

/// Removes the parameter `key` from the connection string; returns the rest and its value.
pub fn take(url: &str, key: &str) -> (String, Option<String>) {
    let mut found = None;
    let rest = rewrite(url, |k, value| {
        if k == key {
            found = Some(value.to_string());
            None
        } else {
            Some(value.to_string())
        }
    });
    (rest, found)
}

/// Rewrites each parameter's value (`None` drops the parameter).
fn rewrite(url: &str, mut value: impl FnMut(&str, &str) -> Option<String>) -> String {
    if let Some((head, query)) = url.split_once('?').filter(|_| url.contains("://")) {
        let pairs: Vec<String> = query
            .split('&')
            .filter_map(|pair| match pair.split_once('=') {
                Some((key, old)) => value(key, old).map(|new| format!("{key}={new}")),
                None => Some(pair.to_string()),
            })
            .collect();
        return if pairs.is_empty() {
            head.to_string()
        } else {
            format!("{head}?{}", pairs.join("&"))
        };
    }
    if url.contains("://") {
        return url.to_string();
    }
    let mut out: Vec<String> = Vec::new();
    let mut rest = url;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        rest = rest[eq + 1..].trim_start();
        let len = value_length(rest);
        if let Some(new) = value(key, &rest[..len]) {
            out.push(format!("{key}={new}"));
        }
        rest = rest[len..].trim_start();
    }
    out.join(" ")
}

/// The length of a `key=value` string's value: up to a space, or single-quoted with `\'`
/// escapes.
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
    use super::{password_candidates, take};

    #[test]
    fn password_candidates_cover_every_form() {
        let has = |url: &str, secret: &str| password_candidates(url).iter().any(|c| c == secret);
        assert!(has("postgres://app:s3cr%40t@db:5432/shop", "s3cr@t"));
        assert!(has("postgres://app:p@ss:w@rd@db/shop", "p@ss:w@rd"));
        assert!(has("postgres://app:Ab3/xY+zQP9=@db/shop", "Ab3/xY+zQP9="));
        assert!(has(
            "postgresql://app@db/shop?pass%77ord=hunter2",
            "hunter2"
        ));
        assert!(has("postgresql://app@db/shop?PASSWORD=a%20b", "a b"));
        assert!(has(
            "host=db password='s e\\' cret' dbname=shop",
            "s e' cret"
        ));
        assert!(password_candidates("host=/tmp dbname=shop").is_empty());
    }

    #[test]
    fn a_parameter_is_taken_out_of_either_form() {
        assert_eq!(
            take(
                "postgresql://db/shop?sslmode=verify-full&connect_timeout=3",
                "sslmode"
            ),
            (
                "postgresql://db/shop?connect_timeout=3".to_string(),
                Some("verify-full".to_string())
            )
        );
        assert_eq!(
            take("postgresql://db/shop?sslmode=verify-ca", "sslmode"),
            (
                "postgresql://db/shop".to_string(),
                Some("verify-ca".to_string())
            )
        );
        assert_eq!(
            take(
                "host=db sslrootcert='/etc/ca.pem' dbname=shop",
                "sslrootcert"
            ),
            (
                "host=db dbname=shop".to_string(),
                Some("'/etc/ca.pem'".to_string())
            )
        );
        assert_eq!(take("host=db", "sslmode"), ("host=db".to_string(), None));
    }
}
