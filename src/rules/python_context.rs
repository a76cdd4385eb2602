//! What a Python rule sees: the facts gathered from one module, and where to report.

use crate::diagnostic::{Diagnostic, Severity};
use crate::python::flow::Facts;
use crate::schema::Schema;

use super::{Check, RULES};

pub type PythonCheck = fn(&mut PyCtx<'_>, &Facts);

/// The checks of the enabled Python rules, in registry order.
pub fn python_checks(enabled: impl Fn(usize) -> bool) -> Vec<PythonCheck> {
    RULES
        .iter()
        .enumerate()
        .filter(|(i, _)| enabled(*i))
        .filter_map(|(_, (_, check))| match check {
            Check::Python(f) | Check::PythonAndPlan(f, _) => Some(*f),
            _ => None,
        })
        .collect()
}

pub struct PyCtx<'a> {
    /// The module's source text.
    pub source: &'a str,
    /// Tables small enough to read whole (`small-tables`), lower-cased.
    pub small_tables: &'a [String],
    /// The tables, columns and keys the repository declares.
    pub schema: &'a Schema,
    /// Severity of `sql-injection` for values converted to numbers.
    /// `None`: converted values are not reported.
    pub coerced_injection_severity: Option<Severity>,
    /// Whether the module is test code or test support (its values come from the test
    /// harness), worked out the first time a finding asks: telling test support reads every
    /// import of the module, and most modules have no finding.
    pub test_code: &'a dyn Fn() -> bool,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> PyCtx<'a> {
    pub fn new(
        source: &'a str,
        small_tables: &'a [String],
        schema: &'a Schema,
        coerced_injection_severity: Option<Severity>,
        test_code: &'a dyn Fn() -> bool,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Self {
            source,
            small_tables,
            schema,
            coerced_injection_severity,
            test_code,
            out,
        }
    }

    pub fn text(&self, span: &std::ops::Range<usize>) -> &'a str {
        self.source.get(span.clone()).unwrap_or("")
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }
}
