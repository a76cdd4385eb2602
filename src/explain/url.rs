//! Connection strings: never printed with their password, and their parameters read or
//! rewritten in both libpq forms (`postgresql://…?key=value&…` and `key=value key=value`).

/// The connection string with any password replaced by `***`: in the user part of a URL
/// (`postgres://app:secret@db/shop`), in a `password=` query parameter, or in a
/// `key=value` string (`host=db password='s e' dbname=shop`).
pub fn redact(url: &str) -> String {
    let url = rewrite(url.trim(), |key, value| {
        Some(if key.eq_ignore_ascii_case("password") {
            "***".to_string()
        } else {
            value.to_string()
        })
    });
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
            let authority = match authority.rsplit_once('@') {
                Some((user, host)) => match user.split_once(':') {
                    Some((name, _)) => format!("{name}:***@{host}"),
                    None => authority.to_string(),
                },
                None => authority.to_string(),
            };
            format!("{scheme}://{authority}{tail}")
        }
        None => url,
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
    use super::{redact, take};

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
