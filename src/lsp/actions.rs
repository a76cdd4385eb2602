//! Code actions for a finding: its fix, and silencing it on its line or in its file (the
//! edits are the engine's, `engine::suppress_edit`, which `--add-noqa` writes too).

use crate::diagnostic::{Applicability, Diagnostic, Edit};
pub use crate::engine::suppress_edit::{suppress_in_file, suppress_on_line};
use crate::source::SourceKind;

/// A code action before it is put in protocol terms.
pub struct Action {
    pub title: String,
    pub edits: Vec<Edit>,
    /// The one to apply without asking (a safe fix).
    pub preferred: bool,
}

/// Code actions for a finding: its fix (if any) and the two suppressions.
pub fn for_finding(text: &str, kind: SourceKind, finding: &Diagnostic) -> Vec<Action> {
    let mut out = Vec::new();
    if let Some(fix) = &finding.fix
        && fix.edits.iter().all(|e| text.get(e.span.clone()).is_some())
    {
        let safe = fix.applicability == Applicability::Safe;
        let title = if safe {
            fix.message.clone()
        } else {
            format!("{} (unsafe fix: review the change)", fix.message)
        };
        out.push(Action {
            title,
            edits: fix.edits.clone(),
            preferred: safe,
        });
    }
    if super::convert::suppressible(finding.rule) {
        let name = finding.rule.name;
        out.push(Action {
            title: format!("Suppress `{name}` on this line"),
            edits: vec![suppress_on_line(text, kind, finding)],
            preferred: false,
        });
        out.push(Action {
            title: format!("Suppress `{name}` in this file"),
            edits: vec![suppress_in_file(text, kind, finding)],
            preferred: false,
        });
    }
    out
}
