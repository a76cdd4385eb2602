//! Database connections that switch TLS off or allow it to be skipped.

use super::PyCtx;
use crate::diagnostic::{Category, Confidence, Diagnostic, Fixable, RuleMeta, Severity};
use crate::python::flow::Facts;

pub static META: RuleMeta = RuleMeta {
    code: "SH003",
    name: "tls-disabled",
    category: Category::Security,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "a database connection turns TLS off (sslmode=disable/allow, ssl=False)",
    doc: include_str!("../../rules/SH003-tls-disabled.md"),
};

const HELP: &str = "require TLS: `sslmode=\"require\"` (better `verify-full` with the server's CA) or `ssl=True`; for a local socket-only database, suppress this finding with a comment saying so";

pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    for site in &facts.connects {
        for setting in &site.settings {
            let weak = match (
                setting.name.as_str(),
                setting.literal.as_deref(),
                setting.constant,
            ) {
                ("sslmode" | "ssl_mode", Some(mode), _) => is_weak_mode(mode),
                ("ssl", _, Some("False" | "None")) => true,
                ("ssl_disabled", _, Some("True")) => true,
                _ => false,
            };
            if weak {
                ctx.report(
                    Diagnostic::new(
                        &META,
                        setting.span.clone(),
                        format!(
                            "`{}` turns TLS off for the connection made by `{}`",
                            setting.name, site.function
                        ),
                    )
                    .help(HELP),
                );
                continue;
            }
            if let Some(text) = &setting.literal {
                report_in_string(ctx, text, &setting.span, &site.function);
            }
        }
        for (span, url) in &site.urls {
            report_in_string(ctx, url, span, &site.function);
        }
    }
}

/// `?sslmode=disable` in a URL or `sslmode=disable` in a DSN.
fn report_in_string(
    ctx: &mut PyCtx<'_>,
    text: &str,
    span: &std::ops::Range<usize>,
    function: &str,
) {
    let weak = text
        .split(['?', '&', ' '])
        .filter_map(|pair| pair.split_once('='))
        .any(|(key, value)| {
            matches!(key.to_ascii_lowercase().as_str(), "sslmode" | "ssl_mode")
                && is_weak_mode(value.trim_matches('\''))
        });
    if weak {
        ctx.report(
            Diagnostic::new(
                &META,
                span.clone(),
                format!("connection string passed to `{function}` turns TLS off"),
            )
            .help(HELP),
        );
    }
}

fn is_weak_mode(mode: &str) -> bool {
    matches!(
        mode.to_ascii_lowercase().as_str(),
        "disable" | "disabled" | "allow"
    )
}
