//! The language server's "suppress on this line / in this file" edits, applied to every
//! finding of every fixture: the finding goes, nothing new appears, and the suppression
//! is neither invalid nor unused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{FixtureHeader, check_fixture, fixture_files, fixture_header};
use sqlhound::diagnostic::{Category, Diagnostic, Edit};
use sqlhound::lsp::{suppress_in_file, suppress_on_line};
use sqlhound::source::SourceKind;

/// How many findings of each (rule, message) a text has.
fn counts(text: &str, path: &str, header: &FixtureHeader) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for (_, d) in check_fixture(text, path, header).diagnostics() {
        *out.entry((d.rule.name.to_string(), d.message.to_string()))
            .or_default() += 1;
    }
    out
}

fn applied(text: &str, edit: &Edit) -> String {
    let mut out = text.to_string();
    out.replace_range(edit.span.clone(), &edit.replacement);
    out
}

#[test]
fn suppression_edits_silence_exactly_their_finding_in_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut files = Vec::new();
    fixture_files(&root.join("sql"), "sql", &mut files);
    fixture_files(&root.join("python"), "py", &mut files);
    let mut problems = Vec::new();
    let mut tried = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let kind = SourceKind::from_path(&file).unwrap();
        let header = fixture_header(&text);
        let before = counts(&text, &name, &header);
        let report = check_fixture(&text, &name, &header);
        let findings: Vec<Diagnostic> = report
            .diagnostics()
            .map(|(_, d)| d.clone())
            .filter(|d| d.rule.category != Category::Tool)
            .collect();
        for finding in findings {
            tried += 1;
            let key = (finding.rule.name.to_string(), finding.message.to_string());
            for (how, edit) in [
                ("line", suppress_on_line(&text, kind, &finding)),
                ("file", suppress_in_file(&text, kind, &finding)),
            ] {
                let after = counts(&applied(&text, &edit), &name, &header);
                let gone = after.get(&key).copied().unwrap_or(0) < before[&key];
                // A file-wide suppression makes line suppressions of the rule redundant,
                // and they are reported as unused: that is right.
                let redundant = |rule: &str| how == "file" && rule == "unused-suppression";
                let grown: Vec<_> = after
                    .iter()
                    .filter(|(k, n)| **n > before.get(*k).copied().unwrap_or(0))
                    .filter(|(k, _)| !redundant(&k.0))
                    .map(|(k, _)| k.clone())
                    .collect();
                if !gone || !grown.is_empty() {
                    problems.push(format!(
                        "{}: {how} suppression of `{}` at byte {}: edit {:?}; still there: {}, new: {grown:?}",
                        file.display(),
                        finding.rule.name,
                        finding.span.start,
                        edit.replacement,
                        !gone
                    ));
                }
            }
        }
    }
    assert!(tried > 100, "only {tried} findings in the fixtures");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
