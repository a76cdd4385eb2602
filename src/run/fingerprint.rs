//! Fingerprints that identify a finding across unrelated edits: the rule, the path, the
//! flagged text and its line (whitespace folded), and which occurrence of that same triple
//! it is — never the line number. Baselines, SARIF `partialFingerprints` and GitLab reports
//! use them.

use rustc_hash::FxHashMap;

use crate::FileReport;
use crate::source::path_string;

/// Fingerprints of a file's findings, in the order of `file.diagnostics`.
pub fn fingerprints(file: &FileReport) -> Vec<String> {
    let path = path_string(&file.path);
    let mut seen: FxHashMap<u64, usize> = FxHashMap::default();
    file.diagnostics
        .iter()
        .map(|d| {
            let flagged = file.text.get(d.span.clone()).unwrap_or(&d.message);
            let line = file.lines.line_of(d.span.start.min(file.text.len()));
            let context = file
                .text
                .get(file.lines.line_range(&file.text, line))
                .unwrap_or("");
            let mut key = Fnv::new();
            for part in [d.rule.code, path.as_str(), &fold(flagged), &fold(context)] {
                key.write(part.as_bytes());
                key.write(&[0]);
            }
            let occurrence = seen.entry(key.finish()).or_default();
            key.write(&occurrence.to_le_bytes());
            *occurrence += 1;
            format!("{:016x}", key.finish())
        })
        .collect()
}

/// Whitespace runs folded to one space, ends trimmed.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a, 64 bit: stable across versions and platforms, unlike `DefaultHasher`.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::rules::tool;
    use crate::source::{LineIndex, SourceKind};

    fn file(text: &str, spans: &[(usize, usize)]) -> FileReport {
        FileReport {
            path: "q.sql".into(),
            absolute: None,
            kind: SourceKind::Sql,
            text: text.into(),
            encoding: Default::default(),
            lines: LineIndex::new(text),
            notebook: None,
            diagnostics: spans
                .iter()
                .map(|&(start, end)| Diagnostic::new(&tool::SYNTAX_ERROR, start..end, "x"))
                .collect(),
            fail_on: crate::settings::FailOn::Warning,
            unanalysed: 0,
        }
    }

    #[test]
    fn line_shifts_do_not_change_fingerprints() {
        let before = fingerprints(&file("SELEC 1;\n", &[(0, 5)]));
        let after = fingerprints(&file("-- new comment\n\n  SELEC   1;\n", &[(18, 23)]));
        assert_eq!(before, after);
    }

    #[test]
    fn repeated_findings_get_distinct_fingerprints() {
        let prints = fingerprints(&file("SELEC 1;\nSELEC 1;\n", &[(0, 5), (9, 14)]));
        assert_ne!(prints[0], prints[1]);
    }
}
