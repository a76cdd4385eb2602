//! The docs in `rules/` cannot rot: their front matter must match the registry, every
//! **Example** block must produce exactly its `expect:` findings, and every **Use instead**
//! block must be silent for its rule. The README's rule table must match the registry.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::Path;

use common::{FixtureHeader, compare, doc_blocks, findings, parse_expectations};
use sqlhound::diagnostic::RuleMeta;
use sqlhound::rules;

fn doc_path(rule: &RuleMeta) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(format!("{}-{}.md", rule.code, rule.name))
}

#[test]
fn every_rule_embeds_its_own_doc_whose_front_matter_matches() {
    for rule in rules::all() {
        // The doc the binary embeds (and `sqlhound rule` prints) must be this rule's own:
        // its front matter, not the file name, says which rule it documents.
        let path = doc_path(rule);
        assert!(path.is_file(), "{} is missing", path.display());
        let text = rule.doc;
        let front = text
            .strip_prefix("+++\n")
            .and_then(|t| t.split_once("\n+++"))
            .map(|(front, _)| front)
            .unwrap_or_else(|| panic!("{}: no +++ front matter", path.display()));
        let front: toml::Table = toml::from_str(front).unwrap();
        let field = |key: &str| {
            front
                .get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let confidence = format!("{:?}", rule.confidence).to_ascii_lowercase();
        assert_eq!(field("code"), rule.code, "{}", path.display());
        assert_eq!(field("name"), rule.name, "{}", path.display());
        assert_eq!(
            field("category"),
            rule.category.as_str(),
            "{}",
            path.display()
        );
        assert_eq!(
            field("default_severity"),
            rule.default_severity.as_str(),
            "{}",
            path.display()
        );
        assert_eq!(field("confidence"), confidence, "{}", path.display());
        assert_eq!(field("fix"), rule.fixable.as_str(), "{}", path.display());
        for heading in ["What it does", "Why is this bad?", "How to fix"] {
            assert!(
                text.contains(&format!("## {heading}\n")),
                "{}: no `## {heading}`",
                path.display()
            );
        }
    }
}

#[test]
fn no_doc_without_a_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let known = rules::all().any(|r| name == format!("{}-{}.md", r.code, r.name));
        assert!(known, "rules/{name} documents no registered rule");
    }
}

#[test]
fn examples_trigger_their_rule_and_good_code_does_not() {
    let mut failures = Vec::new();
    // Rules that need a database run their examples against one in tests/explain.rs.
    for rule in rules::all().filter(|r| !rules::needs_database(r)) {
        let examples = doc_blocks(rule.doc, "Example");
        let good = doc_blocks(rule.doc, "Use instead");
        // Unreadable files and internal errors cannot be shown as SQL.
        if !matches!(rule.code, "SH905" | "SH999") && (examples.is_empty() || good.is_empty()) {
            failures.push(format!(
                "{}: needs sql blocks under Example and Use instead",
                rule.name
            ));
        }
        for (block, path, marker) in examples {
            let expectations = parse_expectations(block, marker);
            if !expectations.expects(rule.name) {
                failures.push(format!(
                    "{}: an Example block expects no `{}`",
                    rule.name, rule.name
                ));
            }
            let header = FixtureHeader {
                extend_select: vec![rule.name.to_string()],
                ..FixtureHeader::default()
            };
            for problem in compare(&expectations, &findings(block, path, &header)) {
                failures.push(format!("{} Example: {problem}", rule.name));
            }
        }
        for (block, path, _) in good {
            let header = FixtureHeader {
                extend_select: vec![rule.name.to_string()],
                ..FixtureHeader::default()
            };
            for found in findings(block, path, &header) {
                if found.rule == rule.name {
                    failures.push(format!(
                        "{} Use instead: line {} triggers the rule",
                        rule.name, found.line
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "rule docs:\n{}", failures.join("\n"));
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = rules::markdown_table();
    let start = "<!-- rules:start -->\n";
    let section = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once("<!-- rules:end -->"))
        .map(|(section, _)| section)
        .expect("README.md needs a <!-- rules:start --> … <!-- rules:end --> section");
    assert_eq!(
        section, table,
        "README rule table is stale; `sqlhound rules --format markdown` prints the new one"
    );
}
