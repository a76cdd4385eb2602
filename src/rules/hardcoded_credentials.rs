//! Database passwords written into the code: in connection calls, URLs, DSNs and Django
//! `DATABASES`.

use super::PyCtx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::python::flow::Facts;

pub static META: RuleMeta = RuleMeta {
    code: "SH002",
    name: "hardcoded-credentials",
    category: Category::Security,
    default_severity: Severity::Error,
    confidence: Confidence::Medium,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "a database password is written in the code instead of read from the environment",
    doc: include_str!("../../rules/SH002-hardcoded-credentials.md"),
};

const PASSWORD_KEYS: [&str; 4] = ["password", "passwd", "pwd", "pass"];
const HELP: &str = "read it from the environment or a secret store, e.g. `os.environ[\"DB_PASSWORD\"]`, and rotate the leaked one";

pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    for site in &facts.connects {
        for setting in &site.settings {
            if PASSWORD_KEYS.contains(&setting.name.as_str())
                && setting.literal.as_deref().is_some_and(is_real_password)
            {
                ctx.report(
                    Diagnostic::new(
                        &META,
                        setting.span.clone(),
                        format!(
                            "database password is written in the code (`{}`)",
                            site.function
                        ),
                    )
                    .help(HELP),
                );
            }
            if let Some(url) = &setting.literal {
                report_embedded(ctx, url, &setting.span, &site.function);
            }
        }
        for (span, url) in &site.urls {
            report_embedded(ctx, url, span, &site.function);
        }
    }
}

/// A password inside a URL (`postgresql://user:secret@host/db`) or a DSN
/// (`host=db password=secret`).
fn report_embedded(ctx: &mut PyCtx<'_>, text: &str, span: &std::ops::Range<usize>, function: &str) {
    let from_url = url_password(text);
    let from_dsn = text
        .split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| PASSWORD_KEYS.contains(&key.to_ascii_lowercase().as_str()))
        .map(|(_, value)| value.trim_matches('\''));
    if from_url.or(from_dsn).is_some_and(is_real_password) {
        ctx.report(
            Diagnostic::new(
                &META,
                span.clone(),
                format!("connection string passed to `{function}` contains a password"),
            )
            .help(HELP),
        );
    }
}

fn url_password(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    Some(password)
}

/// Empty strings, templates (`{password}`, `${DB_PASS}`, `%(pw)s`) and masks (`***`) are
/// not passwords.
fn is_real_password(value: &str) -> bool {
    !value.is_empty()
        && !value.contains(['{', '}', '$', '<', '>'])
        && !value.contains("%(")
        && !value.chars().all(|c| c == '*' || c == 'x' || c == 'X')
}
