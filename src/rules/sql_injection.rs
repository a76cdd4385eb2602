//! SQL text built from values that are not known to be constant, reaching a sink.

use rustc_hash::FxHashSet;

use super::PyCtx;
use crate::diagnostic::{
    Applicability, Category, Confidence, Diagnostic, Edit, Fix, Fixable, RuleMeta, Severity,
};
use crate::python::flow::{Facts, QuerySite};
use crate::python::label;
use crate::python::sinks::SinkKind;
use crate::python::value::{Hole, Origin, Trust, Via};
use crate::sql::Dialect;
use crate::sql::clause::{Position, open_quote, position};

pub static META: RuleMeta = RuleMeta {
    code: "SH001",
    name: "sql-injection",
    category: Category::Security,
    default_severity: Severity::Error,
    confidence: Confidence::High,
    fixable: Fixable::Unsafe,
    default_enabled: true,
    summary: "SQL built by formatting a value that is not a constant reaches a database call",
    doc: include_str!("../../rules/SH001-sql-injection.md"),
};

/// One finding per query: the first risky value is the primary span, the others are
/// labelled, so a query built from eight columns is one finding, not eight.
pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    let mut seen = FxHashSet::default();
    // Calls of private helpers carry the values the helpers interpolate.
    let forwarded = facts.forwarded.iter().map(|site| (site, true));
    for (site, passed_to_helper) in facts
        .queries
        .iter()
        .map(|site| (site, false))
        .chain(forwarded)
    {
        let Some(value) = site.value.as_str() else {
            continue;
        };
        let risky: Vec<&Hole> = value
            .holes()
            .filter(|h| h.trust >= Trust::Coerced && !seen.contains(&h.span))
            // Test code's values are the harness's own (fixtures, its config, the test
            // database's names): only input from outside the code is reported there.
            .filter(|h| !(ctx.test_code)() || h.origin.is_input())
            // Converted values are reported only where `coerced-injection-severity` asks.
            .filter(|h| ctx.coerced_injection_severity.is_some() || Risk::of(h) != Risk::Coerced)
            .collect();
        // The riskiest value leads; between equals, the first.
        let Some(first) = risky.iter().min_by_key(|h| std::cmp::Reverse(Risk::of(h))) else {
            continue;
        };
        let fix = fix(ctx, site, &risky, facts.marker);
        // Interpolated by a project function whose SQL text reaches this sink: fixed there.
        let built_in = first
            .built_in
            .as_deref()
            .filter(|f| !passed_to_helper && *f != site.sink);
        let mut diagnostic = Diagnostic::new(
            &META,
            first.span.clone(),
            format!(
                "`{}` ({}) is interpolated into SQL by {}{} and reaches `{}`{}{}",
                label(ctx.source, &first.span),
                first.origin.describe(),
                first.via.describe(),
                built_in.map_or(String::new(), |f| format!(" in `{f}`")),
                site.sink,
                // Templates reach here only when the sink takes them as text.
                if first.via == Via::Template {
                    ", which does not take templates"
                } else {
                    ""
                },
                match risky.len() {
                    1 => String::new(),
                    2 => ", with 1 more value".into(),
                    n => format!(", with {} more values", n - 1),
                }
            ),
        );
        for hole in risky.iter().filter(|h| h.span != first.span) {
            diagnostic = diagnostic.label(
                hole.span.clone(),
                format!("`{}` is interpolated too", label(ctx.source, &hole.span)),
            );
        }
        diagnostic = diagnostic
            .label(site.callee.clone(), "query executed here")
            .help(match built_in {
                _ if passed_to_helper => format!(
                    "`{}` writes it into its SQL text: check it against an allow-list of known values before the call, or change `{}` to pass it as a query parameter",
                    site.sink, site.sink
                ),
                Some(function) => built_in_help(ctx, site, first, function),
                None => help(ctx, site, first, facts.marker),
            });
        let note = match Risk::of(first) {
            Risk::Untrusted => None,
            Risk::SetByOperator => {
                diagnostic.severity = Severity::Warning;
                Some("set by whoever runs the program".to_string())
            }
            Risk::Coerced => {
                if let Some(severity) = ctx.coerced_injection_severity {
                    diagnostic.severity = severity;
                }
                let how = match first.origin {
                    Origin::Uuid => "converted to a UUID first",
                    Origin::DateTime => "converted to a date first",
                    Origin::Parameter(_) => "a parameter annotated as a number",
                    _ => "converted to a number first",
                };
                Some(how.to_string())
            }
        };
        if let Some(note) = note {
            diagnostic.message = format!(
                "{} ({note}, so less likely exploitable)",
                diagnostic.message
            )
            .into();
        }
        if let Some(fix) = fix {
            diagnostic = diagnostic.fix(fix);
        }
        seen.extend(risky.iter().map(|h| h.span.clone()));
        ctx.report(diagnostic);
    }
}

/// How risky an interpolated value is, least first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Risk {
    /// A number (or date, UUID) made from an untrusted value.
    Coerced,
    /// Environment variables and command-line arguments: whoever sets them already runs
    /// the program, so they are reported as warnings.
    SetByOperator,
    Untrusted,
}

impl Risk {
    fn of(hole: &Hole) -> Self {
        match (hole.trust, &hole.origin) {
            (Trust::Untrusted, Origin::Environment | Origin::CommandLine) => Self::SetByOperator,
            (Trust::Untrusted, _) => Self::Untrusted,
            _ => Self::Coerced,
        }
    }
}

/// The fix for a value a project function writes into the SQL text it returns.
fn built_in_help(ctx: &PyCtx<'_>, site: &QuerySite, hole: &Hole, function: &str) -> String {
    if hole.origin == Origin::Call {
        return format!(
            "`{function}` writes a value it does not check into the SQL text it returns: have it write placeholders and return the values as parameters, or check them against an allow-list in it"
        );
    }
    let name = label(ctx.source, &hole.span);
    if names_sql(site, hole) {
        return format!(
            "`{function}` writes `{name}` into its SQL text where a query parameter cannot stand (a name, SQL text, or a value of a statement that takes none): check `{name}` against an allow-list of known values before the call, or quote it as an identifier in `{function}`"
        );
    }
    format!(
        "`{function}` writes `{name}` into the SQL text it returns: have it write a placeholder and return `{name}` among its parameters, or check `{name}` against an allow-list of known values before the call"
    )
}

fn help(ctx: &PyCtx<'_>, site: &QuerySite, hole: &Hole, marker: &str) -> String {
    let name = &label(ctx.source, &hole.span);
    match site.kind {
        SinkKind::Compose => format!(
            "build the statement with `sql.SQL(\"… {{}} …\").format(sql.Identifier({name}))` or `sql.Literal({name})`; text given to `sql.SQL()` is trusted as-is"
        ),
        SinkKind::Fragment => {
            format!("write a `{marker}` placeholder and pass `{name}` in the `params` list")
        }
        SinkKind::Text => format!(
            "write `:{}` in the text and bind it: `text(\"… = :value\").bindparams(value={name})`",
            "value"
        ),
        SinkKind::Statement if hole.via == Via::Join && names_sql(site, hole) => format!(
            "the items of `{name}` stand where query parameters cannot (names or SQL text): check each against an allow-list of known names, or quote each as an identifier with the driver"
        ),
        SinkKind::Statement if names_sql(site, hole) => format!(
            "`{name}` stands where a query parameter cannot (a name, SQL text, or a value of a statement that takes none): check it against an allow-list of known values (`if {name} not in ALLOWED: raise ValueError(…)`), or quote it as an identifier with the driver"
        ),
        SinkKind::Statement if hole.via == Via::Join => {
            format!("build one `{marker}` placeholder per item and pass the items as parameters")
        }
        SinkKind::Statement if site.dbapi => {
            // Inside a quoted pattern (`LIKE '{prefix}%'`) the parameter is the whole text.
            let (operator, value) = match quoted_text(site, hole) {
                Some((before, after, operator)) => {
                    (operator, format!("f\"{before}{{{name}}}{after}\""))
                }
                None => ("=", name.clone()),
            };
            format!(
                "write a `{marker}` placeholder and pass `{value}` as a query parameter: `{}(\"… {operator} {marker}\", ({value},))`",
                site.sink
            )
        }
        // Libraries and wrappers take parameters their own way.
        SinkKind::Statement => format!(
            "write a placeholder and pass `{name}` as a bound parameter of `{}`, in the form it takes them",
            site.sink
        ),
    }
}

/// The SQL string literal a value is written inside, when it holds more text
/// (`LIKE '{prefix}%'`): the text before and after the value in it, and the comparison
/// it is the operand of (`LIKE` or `=`). `None` for a literal holding another value, a
/// quote, a line break or what an f-string would read differently.
fn quoted_text(site: &QuerySite, hole: &Hole) -> Option<(String, String, &'static str)> {
    let value = site.value.as_str()?;
    // Other values written as a character no SQL text holds: a literal holding one is left alone.
    const OTHER: char = '\u{1}';
    let before = value.text_before(hole, OTHER)?;
    let after = value.text_after(hole, OTHER)?;
    if open_quote(&before, Dialect::Sqlite) != Some('\'') {
        return None;
    }
    // The literal's opening quote; a literal holding a doubled quote is left alone.
    let open = before.rfind('\'')?;
    let (inside_before, operand_of) = (&before[open + 1..], &before[..open]);
    let close = after.find('\'')?;
    let inside_after = &after[..close];
    let inside = format!("{inside_before}{inside_after}");
    if inside.is_empty()
        || after[close + 1..].starts_with('\'')
        || operand_of.ends_with('\'')
        || inside.contains(['\'', '"', '{', '}', '\\', '\n', '\r', OTHER])
        || open_quote(operand_of, Dialect::Sqlite).is_some()
    {
        return None;
    }
    let operator = if operand_of.trim_end().to_ascii_uppercase().ends_with("LIKE") {
        "LIKE"
    } else {
        "="
    };
    Some((
        inside_before.to_string(),
        inside_after.to_string(),
        operator,
    ))
}

/// Whether a value stands where SQL expects a name or SQL text (`FROM {t}`,
/// `ORDER BY {c}`, a whole clause) rather than a value, read from the SQL before it. An
/// f-string field is one unless it clearly is a value; a value formatted in otherwise only
/// where it clearly is a name.
fn names_sql(site: &QuerySite, hole: &Hole) -> bool {
    let Some(before) = site.value.as_str().and_then(|v| v.text_before(hole, 'x')) else {
        return false;
    };
    match (hole.via, position(&before, Dialect::Sqlite)) {
        (Via::FString, at) => at != Position::Value,
        (_, at) => at == Position::Name,
    }
}

/// The parameterized call for a single f-string passed straight to a DB-API `execute`
/// with no parameters yet: `cur.execute(f"… {x}")` → `cur.execute("… %s", (x,))`.
fn fix(ctx: &PyCtx<'_>, site: &QuerySite, risky: &[&Hole], marker: &str) -> Option<Fix> {
    let value = site.value.as_str()?;
    let holes: Vec<&Hole> = value.holes().collect();
    if !site.dbapi
        || site.params_passed
        || site.kind != SinkKind::Statement
        || risky.is_empty()
        || holes.len() != risky.len()
    {
        return None;
    }
    if holes.iter().any(|h| {
        h.via != Via::FString || h.span.start < site.arg.start || h.span.end > site.arg.end
    }) {
        return None;
    }
    // A keyword argument (`query=f"…"`) cannot be followed by a positional tuple.
    if ctx.text(&(0..site.arg.start)).trim_end().ends_with('=') {
        return None;
    }
    let source = ctx.text(&site.arg);
    let quote_at = source.find(['\'', '"'])?;
    let prefix = &source[..quote_at];
    if !prefix.eq_ignore_ascii_case("f") {
        return None; // raw, bytes or implicitly concatenated strings: leave to a human
    }
    let base = site.arg.start;
    let mut literal = String::new();
    let mut cursor = quote_at;
    let mut params = Vec::new();
    for hole in &holes {
        let open = base + source[..hole.span.start - base].rfind('{')?;
        let close = hole.span.end + ctx.text(&(hole.span.end..site.arg.end)).find('}')?;
        // Conversions, format specs and `=` debugging change the text: no mechanical fix.
        if !ctx.text(&(open + 1..hole.span.start)).trim().is_empty()
            || !ctx.text(&(hole.span.end..close)).trim().is_empty()
        {
            return None;
        }
        let (mut start, mut end) = (open, close + 1);
        // The quote before must be this field's, not the end of the last one's text.
        let quoted = start > base + cursor
            && ctx.text(&(start - 1..start)) == "'"
            && ctx.text(&(end..end + 1)) == "'";
        if quoted {
            start -= 1;
            end += 1;
        }
        // Only values can become parameters: not table names, keywords or whole clauses.
        let before = value.text_before(hole, 'x')?;
        let text = if quoted {
            before.strip_suffix('\'').unwrap_or(&before)
        } else {
            &before
        };
        if position(text, Dialect::Sqlite) != Position::Value {
            return None;
        }
        let mut param = ctx.text(&hole.span).to_string();
        // Part of a longer SQL string (`LIKE '{prefix}%'`): the whole string becomes the
        // parameter (`f"{prefix}%"`), since a placeholder inside quotes would be text.
        if !quoted && open_quote(&before, Dialect::Sqlite) == Some('\'') {
            quoted_text(site, hole)?;
            let (from, to) = enclosing_literal(source, (open - base, close + 1 - base))?;
            (start, end) = (base + from, base + to);
            param = format!("f\"{}\"", &source[from + 1..to - 1]);
        }
        if start - base < cursor {
            return None;
        }
        literal.push_str(&plain_text(&source[cursor..start - base], marker)?);
        literal.push_str(marker.trim_end_matches('1'));
        if marker == "$1" {
            literal.push_str(&(params.len() + 1).to_string());
        }
        params.push(param);
        cursor = end - base;
    }
    literal.push_str(&plain_text(&source[cursor..], marker)?);
    let tuple = if params.len() == 1 {
        format!("({},)", params[0])
    } else {
        format!("({})", params.join(", "))
    };
    let replacement = format!("{literal}, {tuple}");
    Some(Fix {
        message: format!(
            "pass {} as query parameters",
            params
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            span: site.arg.clone(),
            replacement,
        }],
    })
}

/// The SQL string literal (its quotes included) around the f-string field at `field` of an
/// f-string's `source` written with double quotes, when the field is its only one and it
/// holds nothing an f-string would read differently.
fn enclosing_literal(source: &str, (open, close): (usize, usize)) -> Option<(usize, usize)> {
    if !source[..open]
        .trim_start_matches(['f', 'F'])
        .starts_with('"')
    {
        return None;
    }
    let from = source[..open].rfind('\'')?;
    let to = close + source[close..].find('\'')? + 1;
    let rest = format!("{}{}", &source[from + 1..open], &source[close..to - 1]);
    (!rest.contains(['{', '}', '"', '\\', '\n', '\r'])).then_some((from, to))
}

/// f-string text between the holes as a plain string; `None` when it holds a field that
/// is no hole (a nested f-string: `f"… {f'a = {x}'}"`), which a plain string would print.
fn plain_text(text: &str, marker: &str) -> Option<String> {
    let fields = text.replace("{{", "").replace("}}", "");
    (!fields.contains(['{', '}'])).then(|| literal_text(text, marker))
}

/// f-string literal text as a plain string: `{{` → `{`; `%` doubled for `%s` drivers.
fn literal_text(text: &str, marker: &str) -> String {
    let text = text.replace("{{", "{").replace("}}", "}");
    if marker == "%s" {
        text.replace('%', "%%")
    } else {
        text
    }
}
