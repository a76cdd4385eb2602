//! The formats whose consumers publish a JSON schema are validated against it: reviewdog's
//! Diagnostic Format (`rdjson`) and GitLab's Code Quality issue (`gitlab`), with the
//! schemas copied into `testdata/schemas/` (see its README for their sources).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shop example and a file with a fix and non-ASCII text, in `format`.
fn report(format: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("é.sql"),
        "SELECT 'ü' AS x FROM t WHERE a = NULL;\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sqlhound"))
        .args(["check", "examples/shop", "--output-format", format])
        .arg(dir.path().join("é.sql"))
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("testdata/schemas").join(name)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, instance: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{instance:#}");
}

#[test]
fn rdjson_is_a_reviewdog_diagnostic_result() {
    let validator = schema("rdjson-DiagnosticResult.json");
    let result = report("rdjson");
    assert_valid(&validator, &result);
    let diagnostics = result["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 13);
    // The schema is open (`additionalProperties`): a wrong shape must still fail it.
    let mut broken = result.clone();
    broken["diagnostics"][0]["location"]["range"]["start"]["line"] = "1".into();
    assert!(!validator.is_valid(&broken));
    // Columns count UTF-8 bytes, as the format says: `ü` is 2 bytes, 1 character.
    let null = diagnostics
        .iter()
        .find(|d| d["location"]["path"].as_str().unwrap().ends_with("é.sql"))
        .unwrap();
    assert_eq!(null["location"]["range"]["start"]["column"], 31);
    assert_eq!(null["suggestions"][0]["text"], "a IS NULL");
}

#[test]
fn gitlab_issues_are_what_gitlab_validates() {
    let validator = schema("gitlab-codeclimate.json");
    let issues = report("gitlab");
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 13);
    for issue in issues {
        assert_valid(&validator, issue);
        // GitLab's documentation lists the severities it reads.
        let severity = issue["severity"].as_str().unwrap();
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&severity),
            "{issue:#}"
        );
    }
    let mut broken = issues[0].clone();
    broken.as_object_mut().unwrap().remove("fingerprint");
    assert!(!validator.is_valid(&broken));
}
