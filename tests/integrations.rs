//! sqlhound's output checked by the real consumers: the official SARIF validator, git, the
//! LSP client, Neovim; and the gating features built on them (baselines, `--changed-since`,
//! formats). How it installs (the wheel, the pre-commit hooks, the GitHub Action) is
//! `tests/install.rs`.
//! `scripts/test` installs the tools into target/tools; without them these tests fail.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::tools::{INJECTION, assert_success, git, root, text, tool, write};

fn sqlhound(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sqlhound"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

#[test]
fn sarif_passes_the_official_validator() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let run = sqlhound(
        root(),
        &[
            "check",
            "examples/shop",
            "testdata",
            "--format",
            "sarif",
            "--output-file",
            sarif.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    let log = dir.path().join("validation.sarif");
    let validation = Command::new(tool("node_modules/.bin/sarif-multitool"))
        .args([
            "validate",
            sarif.to_str().unwrap(),
            "-o",
            log.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stdout = text(&validation.stdout);
    assert!(
        validation.status.success(),
        "{stdout}{}",
        text(&validation.stderr)
    );
    assert!(
        !stdout.contains(": error "),
        "SARIF schema or rule violations:\n{stdout}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
    let problems = report["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert_eq!(
        problems, 0,
        "validator findings: {}",
        report["runs"][0]["results"]
    );
}

#[test]
fn sarif_carries_rules_fingerprints_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.py", INJECTION);
    let run = sqlhound(dir.path(), &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let run0 = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "SH001");
    let rule = &run0["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "SH001");
    assert_eq!(rule["properties"]["security-severity"], "8.0");
    assert!(
        rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## Why is this bad?")
    );
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "app.py");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(location["region"]["startLine"], 5);
    assert!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
            .as_str()
            .unwrap()
            .contains("(name,)")
    );
    // Unrelated edits above the finding keep its fingerprint.
    let before = result["partialFingerprints"]["sqlhound/v1"].clone();
    write(
        dir.path(),
        "app.py",
        &format!("# a new comment\n\n{INJECTION}"),
    );
    let again: serde_json::Value =
        serde_json::from_slice(&sqlhound(dir.path(), &["check", "--format", "sarif"]).stdout)
            .unwrap();
    assert_eq!(
        again["runs"][0]["results"][0]["partialFingerprints"]["sqlhound/v1"],
        before
    );
    assert_eq!(
        again["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
}

#[test]
fn github_annotations_escape_what_actions_requires() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a,b:c.sql",
        "SELECT id FROM t WHERE name LIKE '%x';\n",
    );
    let run = sqlhound(dir.path(), &["check", "--format", "github"]);
    let out = text(&run.stdout);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("::warning file=a%2Cb%3Ac.sql,line=1,col=34,endLine=1,endColumn=38,title=SH101 leading-wildcard-like::`LIKE` pattern starts with `%25`"),
        "{out}"
    );
    assert!(out.contains("%0Ahelp: "), "{out}");
}

#[test]
fn junit_and_gitlab_reports_are_well_formed() {
    let run = sqlhound(root(), &["check", "examples/shop", "--format", "junit"]);
    let xml = text(&run.stdout);
    let parsed = Command::new("python3")
        .args(["-c", "import sys, xml.dom.minidom as m; d = m.parseString(sys.stdin.read()); print(len(d.getElementsByTagName('testcase')), len(d.getElementsByTagName('failure')))"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(xml.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(text(&parsed.stdout).trim(), "12 12", "{xml}");

    let run = sqlhound(root(), &["check", "examples/shop", "--format", "gitlab"]);
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(issues.len(), 12);
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(
        fingerprints.len(),
        issues.len(),
        "fingerprints must be unique"
    );
    for issue in &issues {
        for key in ["description", "check_name", "severity"] {
            assert!(issue[key].is_string(), "{key} in {issue}");
        }
        assert!(issue["location"]["lines"]["begin"].is_u64());
    }
}

#[test]
fn output_file_gets_the_report_and_the_terminal_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let run = sqlhound(
        root(),
        &[
            "check",
            "examples/shop",
            "--format",
            "json",
            "--output-file",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stdout).starts_with("Found 3 errors, 9 warnings"),
        "{}",
        text(&run.stdout)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 12);
}

#[test]
fn baselines_hide_old_findings_but_not_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "q.sql", "DELETE FROM a;\nDELETE FROM b;\n");
    let run = sqlhound(d, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(text(&run.stderr).contains("wrote 2 finding(s)"));
    // Shift the old findings, fix one, add one of the same rule.
    write(
        d,
        "q.sql",
        "-- moved down\n\nDELETE FROM a;\nDELETE FROM c;\n",
    );
    let run = sqlhound(
        d,
        &["check", "--baseline", "baseline.json", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let found: Vec<(u64, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 4);
    assert!(
        text(&run.stderr).contains("1 baseline entry in baseline.json match"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(run.status.code(), Some(1));
    // A broken baseline is a clear error.
    write(d, "broken.json", "{");
    let run = sqlhound(d, &["check", "--baseline", "broken.json"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("broken.json is not a sqlhound baseline"));
}

#[test]
fn changed_since_reports_only_changed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "q.sql", "DELETE FROM a;\nDELETE FROM b;\n");
    write(d, "old.sql", "DELETE FROM old;\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "start"]);
    write(
        d,
        "q.sql",
        "DELETE FROM a;\nDELETE FROM b;\nDELETE FROM c;\n",
    );
    write(d, "new.sql", "DELETE FROM n;\n");
    let run = sqlhound(d, &["check", "--changed-since", "HEAD", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}:{}", d["path"].as_str().unwrap(), d["line"]))
        .collect();
    assert_eq!(found, ["new.sql:1", "q.sql:3"]);

    let run = sqlhound(d, &["check", "--changed-since", "no-such-rev"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("--changed-since no-such-rev:"),
        "{}",
        text(&run.stderr)
    );
    let outside = tempfile::tempdir().unwrap();
    let run = sqlhound(outside.path(), &["check", "--changed-since", "HEAD"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("needs a git repository"),
        "{}",
        text(&run.stderr)
    );
}

/// The language server driven by a real LSP client (pytest-lsp): diagnostics at UTF-16
/// ranges, code actions applied, hovers, rapid edits, config reloads, workspace checks.
/// The cases are in `tests/lsp/test_server.py`.
#[test]
fn language_server_passes_the_lsp_client_tests() {
    let pytest = tool("venv/bin/pytest");
    // A PostgreSQL for the explain-on-save case: one table big enough to want an index, and
    // a role whose password holds every character that splits a connection string.
    let cluster = common::pg::Cluster::start("local all secret scram-sha-256", None);
    let database = cluster.database(
        "lsp",
        "CREATE EXTENSION hypopg;\n\
         CREATE TABLE big AS SELECT i AS id, i % 1000 AS k FROM generate_series(1, 50000) i;\n\
         ANALYZE big;\n\
         CREATE ROLE secret LOGIN PASSWORD 'Zq7/?#@:%+= ''\"kw';",
    );
    let output = Command::new(pytest)
        .args(["-q", "-p", "no:cacheprovider", "tests/lsp"])
        .current_dir(root())
        .env("SQLHOUND_BIN", env!("CARGO_BIN_EXE_sqlhound"))
        .env("SQLHOUND_TEST_DATABASE_URL", &database)
        .env("SQLHOUND_TEST_SOCKET_DIR", cluster.socket_dir())
        .output()
        .unwrap();
    assert_success("pytest tests/lsp", &output);
}

/// A real Neovim (Debian's, headless) with `editors/neovim` attaches to a `.sql` buffer and
/// shows sqlhound's diagnostic at the right place.
#[test]
fn neovim_client_attaches_and_shows_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "wipe.sql", "-- é\nDELETE FROM sessions;\n");
    let out = dir.path().join("diagnostics.txt");
    let output = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!(
            "luafile {}",
            root().join("tests/neovim/attach.lua").display()
        ))
        .current_dir(dir.path())
        .env("SQLHOUND_NVIM_RTP", root().join("editors/neovim"))
        .env("SQLHOUND_BIN", env!("CARGO_BIN_EXE_sqlhound"))
        .env("SQLHOUND_FILE", dir.path().join("wipe.sql"))
        .env("SQLHOUND_OUT", &out)
        .output()
        .expect("nvim is missing: run scripts/test, which installs it");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let shown = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        shown.starts_with("1:0 sqlhound SH203 `DELETE` from `sessions` has no `WHERE` clause"),
        "{shown}"
    );
}
