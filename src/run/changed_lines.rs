//! `--changed-since REV`: keep only findings on lines added or changed since REV, as git
//! sees them (committed or not), plus everything in files git does not track yet.

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Report;

#[derive(Debug, thiserror::Error)]
pub enum ChangedLinesError {
    #[error("--changed-since needs git: {0}")]
    Git(String),
    #[error("--changed-since needs a git repository, and {0} is not in one")]
    NotARepository(String),
    #[error("--changed-since {rev}: {message}")]
    Revision { rev: String, message: String },
}

/// Lines changed since a revision, by absolute path.
#[derive(Debug, Default)]
pub struct ChangedLines {
    /// 1-based, inclusive line ranges of added or changed lines.
    lines: FxHashMap<PathBuf, Vec<(usize, usize)>>,
    /// Files git does not track: every line is new.
    untracked: FxHashSet<PathBuf>,
}

impl ChangedLines {
    pub fn since(cwd: &Path, rev: &str) -> Result<Self, ChangedLinesError> {
        let root = git(cwd, &["rev-parse", "--show-toplevel"])
            .map_err(|_| ChangedLinesError::NotARepository(cwd.display().to_string()))?;
        let root = PathBuf::from(root.trim());
        let diff = git(
            &root,
            &[
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                rev,
                "--",
            ],
        )
        .map_err(|message| ChangedLinesError::Revision {
            rev: rev.to_string(),
            message,
        })?;
        let untracked = git(&root, &["ls-files", "--others", "--exclude-standard", "-z"])
            .map_err(ChangedLinesError::Git)?;
        let mut changed = Self::parse(&root, &diff);
        changed.untracked = untracked
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(|p| root.join(p))
            .collect();
        Ok(changed)
    }

    fn parse(root: &Path, diff: &str) -> Self {
        let mut changed = Self::default();
        let mut current: Option<PathBuf> = None;
        for line in diff.lines() {
            if let Some(path) = line.strip_prefix("+++ ") {
                current = path.strip_prefix("b/").map(|p| root.join(p));
            } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current)
                && let Some(range) = added_range(hunk)
            {
                changed.lines.entry(path.clone()).or_default().push(range);
            }
        }
        changed
    }

    /// Whether any of the lines `first..=last` of `path` changed.
    pub fn touches(&self, path: &Path, first: usize, last: usize) -> bool {
        self.untracked.contains(path)
            || self.lines.get(path).is_some_and(|ranges| {
                ranges
                    .iter()
                    .any(|&(start, end)| start <= last && first <= end)
            })
    }

    /// Drops the findings on unchanged lines.
    pub fn filter(&self, report: &mut Report, cwd: &Path) {
        for file in &mut report.files {
            let path = crate::run::discover::absolute(cwd, &file.path);
            let (text, lines) = (&file.text, &file.lines);
            let notebook = file.notebook.as_deref();
            file.diagnostics.retain(|d| {
                // In a notebook, a cell whose source lines changed in the JSON is changed.
                let cell = notebook.and_then(|n| Some(n.json_lines_of(n.cell_at(d.span.start)?)));
                let (first, last) = match cell {
                    Some(json_lines) => (json_lines.start + 1, json_lines.end),
                    None => (
                        lines.line_col(text, d.span.start).line,
                        lines.line_col(text, d.span.end).line,
                    ),
                };
                self.touches(&path, first, last)
            });
        }
        report.files.retain(|f| !f.diagnostics.is_empty());
    }
}

/// `-a,b +c,d @@ …` → the added lines `c..=c+d-1` (none when `d` is 0).
fn added_range(hunk: &str) -> Option<(usize, usize)> {
    let plus = hunk.split_whitespace().find(|part| part.starts_with('+'))?;
    let mut numbers = plus[1..].split(',');
    let start: usize = numbers.next()?.parse().ok()?;
    let count: usize = numbers.next().map_or(Some(1), |c| c.parse().ok())?;
    (count > 0).then(|| (start, start + count - 1))
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_give_added_line_ranges() {
        assert_eq!(added_range("-3,0 +4,2 @@ def f():"), Some((4, 5)));
        assert_eq!(added_range("-3 +3 @@"), Some((3, 3)));
        assert_eq!(added_range("-3,2 +2,0 @@"), None);
    }

    #[test]
    fn a_diff_maps_files_to_lines() {
        let diff = "diff --git a/q.sql b/q.sql\n--- a/q.sql\n+++ b/q.sql\n@@ -1,0 +2,3 @@\n+x\n--- a/gone.sql\n+++ /dev/null\n@@ -1,2 +0,0 @@\n";
        let changed = ChangedLines::parse(Path::new("/repo"), diff);
        assert!(changed.touches(Path::new("/repo/q.sql"), 3, 3));
        assert!(!changed.touches(Path::new("/repo/q.sql"), 1, 1));
        assert!(!changed.touches(Path::new("/repo/gone.sql"), 1, 1));
    }
}
