//! What a Python rule sees: the facts gathered from one module, and where to report.

use crate::diagnostic::Diagnostic;
use crate::python::flow::Facts;
use crate::settings::Settings;

use super::{Check, RULES};

pub type PythonCheck = fn(&mut PyCtx<'_>, &Facts);

/// The checks of the enabled Python rules, in registry order.
pub fn python_checks(enabled: impl Fn(usize) -> bool) -> Vec<PythonCheck> {
    RULES
        .iter()
        .enumerate()
        .filter(|(i, _)| enabled(*i))
        .filter_map(|(_, (_, check))| match check {
            Check::Python(f) => Some(*f),
            _ => None,
        })
        .collect()
}

pub struct PyCtx<'a> {
    /// The module's source text.
    pub source: &'a str,
    pub settings: &'a Settings,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> PyCtx<'a> {
    pub fn new(source: &'a str, settings: &'a Settings, out: &'a mut Vec<Diagnostic>) -> Self {
        Self {
            source,
            settings,
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
