//! Relations a template reads once per item of a loop over a view's rows: the finding is in
//! the template, at the read; the view's query, in another file, is named in the message and
//! the help.

use super::META;
use super::orm::relation_words;
use crate::diagnostic::Diagnostic;
use crate::python::orm::Orm;
use crate::python::orm::queries::Through;
use crate::python::orm::templates::TemplateLoad;

/// The finding for a relation a template reads per item; `view` is where the rows' query
/// is, as users read it (`books/views.py:12`).
pub fn template_diagnostic(load: &TemplateLoad, view: &str) -> Diagnostic {
    let (_, help) = relation_words(&load.load, Some(view));
    let (written, per) = (&load.written, &load.per);
    let what = match (load.load.orm, &load.load.bypass) {
        _ if let Some(through) = &load.load.through => {
            let relation = load
                .load
                .path
                .rsplit("__")
                .next()
                .unwrap_or(&load.load.path);
            let owner = &load.load.owner;
            match through {
                Through::Str(_) | Through::Labels { .. } => format!(
                    "`{{{{ {written} }}}}` runs `{owner}.__str__`, which loads `{relation}` with a query once per `{per}` of the loop (N+1)"
                ),
                Through::Property(_) => format!(
                    "`{written}` is a property of `{owner}` that loads `{relation}` with a query once per `{per}` of the loop (N+1)"
                ),
            }
        }
        (Orm::Django, Some(method)) => {
            format!(
                "`{written}.{method}` runs a query once per `{per}` of the loop (N+1), prefetched or not"
            )
        }
        (Orm::SqlAlchemy, _) if load.load.every_access => format!(
            "`{written}` is a `lazy=\"dynamic\"` relationship: every access runs a query, once per `{per}` of the loop (N+1)"
        ),
        (Orm::SqlAlchemy, _) => {
            format!("`{written}` is lazy-loaded with a query once per `{per}` of the loop (N+1)")
        }
        (Orm::Django, None) => {
            format!("`{written}` is loaded with a query once per `{per}` of the loop (N+1)")
        }
    };
    let message = format!("{what}; `{}` is the query of `{view}`", load.name);
    let mut diagnostic = Diagnostic::new(&META, load.load.span.clone(), message).help(help);
    // The loop's tag, when the read is in the same template (not in one it includes).
    if load.loop_file == load.file {
        diagnostic = diagnostic.label(
            load.load.loop_header.clone(),
            format!("loop over `{per}` objects"),
        );
    }
    diagnostic
}
