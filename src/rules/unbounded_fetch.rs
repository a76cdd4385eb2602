//! Reading every row of a table into memory at once.

use super::{Fixable, PyCtx, RuleMeta};
use crate::diagnostic::{Category, Confidence, Diagnostic, Severity};
use crate::python::flow::Facts;

pub static META: RuleMeta = RuleMeta {
    code: "SH104",
    name: "unbounded-fetch",
    category: Category::Performance,
    default_severity: Severity::Warning,
    confidence: Confidence::High,
    fixable: Fixable::None,
    default_enabled: true,
    summary: "every row of a table is read at once (fetchall, read_sql) with no WHERE or LIMIT",
    doc: include_str!("../../rules/SH104-unbounded-fetch.md"),
};

pub fn check(ctx: &mut PyCtx<'_>, facts: &Facts) {
    for site in &facts.queries {
        let (Some(fetch), Some(table)) = (
            &site.fetch_all,
            site.shape.as_ref().and_then(|s| s.unbounded_table.as_ref()),
        ) else {
            continue;
        };
        if ctx
            .settings
            .small_tables
            .contains(&table.to_ascii_lowercase())
        {
            continue;
        }
        let reader = ctx
            .text(fetch)
            .split('(')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        ctx.report(
            Diagnostic::new(
                &META,
                fetch.clone(),
                format!("`{reader}` reads every row of `{table}` at once: the query has no `WHERE` and no `LIMIT`"),
            )
            .label(site.arg.clone(), "query")
            .help("bound the result (`WHERE …`, `LIMIT n` with keyset pagination), or stream it: iterate the cursor, `fetchmany(n)`, a server-side cursor, `read_sql(…, chunksize=n)`"),
        );
    }
}
