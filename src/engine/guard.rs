//! The per-file panic guard: a bug that panics while checking one file becomes an
//! `internal-error` finding on that file, and the run goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use super::{Project, check_counted, check_source};
use crate::diagnostic::Diagnostic;
use crate::rules::tool;
use crate::settings::Settings;
use crate::source::SourceFile;

/// Checks one file's text; a panic becomes an `internal-error` finding, so one file (or
/// one editor buffer) never takes the run (or the language server) down with it.
pub fn check_guarded(
    file: &SourceFile,
    absolute: &Path,
    settings: &Settings,
    project: &Project,
) -> Vec<Diagnostic> {
    guard(|| check_source(file, absolute, settings, project))
}

/// `check_guarded`, and how many statements were not analysed by the rules.
pub fn check_guarded_counted(
    file: &SourceFile,
    absolute: &Path,
    settings: &Settings,
    project: &Project,
) -> (Vec<Diagnostic>, usize) {
    catch_unwind(AssertUnwindSafe(|| {
        check_counted(file, absolute, settings, project)
    }))
    .unwrap_or_else(|panic| (vec![internal_error(panic.as_ref())], 0))
}

/// Runs a step of checking a file; a panic becomes the file's `internal-error` finding.
pub fn guard(step: impl FnOnce() -> Vec<Diagnostic>) -> Vec<Diagnostic> {
    catch_unwind(AssertUnwindSafe(step))
        .unwrap_or_else(|panic| vec![internal_error(panic.as_ref())])
}

pub fn internal_error(panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    Diagnostic::new(
        &tool::INTERNAL_ERROR,
        0..0,
        format!(
            "sqlhound crashed while checking this file: {}",
            panic_message(panic)
        ),
    )
    .help("this is a bug in sqlhound; please report it with the file that triggers it")
}

/// The text a panic was raised with, for reporting it.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
